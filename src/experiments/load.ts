// Experiment files for `cavlab sweep` and `cavlab plot`: found by path or by name under experiments/, read as
// JSON or YAML, checked against the sweep schema. A run experiment (kind "run") is a sweep without a grid.
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { ZodIssue } from 'zod';
import { PACKAGE_ROOT } from '../paths.js';
import { EXPERIMENT_KIND } from '../runner/config.js';
import { ExperimentFileError, ExperimentNotFoundError } from './errors.js';
import { SWEEP_KIND, sweepFileSchema } from './schema.js';
import type { SweepFile } from './schema.js';
import { isRecord } from '../util/records.js';

export const EXPERIMENTS_ROOT = join(PACKAGE_ROOT, 'experiments');
const EXTENSIONS = ['.json', '.yaml', '.yml'] as const;

const isFile = (path: string): boolean => existsSync(path) && statSync(path).isFile();

/** `experiment` as a file, or a name under experiments/ with or without its extension ("rsm-masac/sweeps/fig5"). */
export function resolveExperimentPath(experiment: string, root: string = EXPERIMENTS_ROOT): string {
  const candidates = [experiment, ...EXTENSIONS.map((e) => `${experiment}${e}`), join(root, experiment), ...EXTENSIONS.map((e) => join(root, `${experiment}${e}`))];
  for (const candidate of candidates) {
    if (isFile(candidate) && EXTENSIONS.some((e) => candidate.endsWith(e))) return resolve(candidate);
  }
  throw new ExperimentNotFoundError(`experiment "${experiment}" is neither a .json/.yaml file nor a name under ${root}`);
}

/** The file's content as plain data (YAML for .yaml/.yml). */
export async function readExperimentData(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ExperimentFileError(file, '(file)', `cannot be read (${firstLine(error)})`);
  }
  try {
    return file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ExperimentFileError(file, '(file)', `is not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'} (${firstLine(error)})`);
  }
}

/** Checks a sweep (or run) experiment; the first problem is thrown as one line with its JSON path. */
export function parseSweepFile(input: unknown, file: string): SweepFile {
  const data = isRecord(input) && input['kind'] === EXPERIMENT_KIND ? runAsSweep(input) : input;
  const parsed = sweepFileSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const [first] = parsed.error.issues;
  if (first === undefined) throw new ExperimentFileError(file, '(file)', 'is not a sweep experiment');
  const more = parsed.error.issues.length - 1;
  const { path, problem } = describeIssue(first, data);
  throw new ExperimentFileError(file, path, `${problem}${more > 0 ? ` (and ${more} more problem${more > 1 ? 's' : ''})` : ''}`);
}

/** A sweep file read and checked, with the path it came from. */
export interface LoadedSweep {
  readonly file: string;
  readonly sweep: SweepFile;
}

export async function loadSweepFile(experiment: string): Promise<LoadedSweep> {
  const file = resolveExperimentPath(experiment);
  return { file, sweep: parseSweepFile(await readExperimentData(file), file) };
}

/** A kind "run" file has the sweep's base fields and seeds; it becomes a sweep with no grid. */
function runAsSweep(input: Record<string, unknown>): Record<string, unknown> {
  return { ...input, kind: SWEEP_KIND };
}

/** `grid["algoConfig.segments"][1]`-style path and a problem text that shows the bad value. */
export function describeIssue(issue: ZodIssue, root: unknown): { path: string; problem: string } {
  if (issue.code === 'unrecognized_keys') {
    const base = formatPath(issue.path);
    const key = issue.keys[0] ?? '';
    return { path: base === '(file)' ? formatPath([key]) : formatPath([...issue.path, key]), problem: `is not a field here${issue.keys.length > 1 ? ` (nor ${issue.keys.slice(1).join(', ')})` : ''}` };
  }
  const value = valueAt(root, issue.path);
  const got = value === undefined ? 'nothing' : show(value);
  const path = formatPath(issue.path);
  switch (issue.code) {
    case 'invalid_type':
      return { path, problem: value === undefined ? 'is required' : `must be ${article(issue.expected)}, got ${got}` };
    case 'invalid_literal':
      return { path, problem: `must be ${JSON.stringify(issue.expected)}, got ${got}` };
    case 'too_small':
      return { path, problem: issue.type === 'array' ? `must not be empty, got ${got}` : `must be ≥ ${String(issue.minimum)}, got ${got}` };
    case 'too_big':
      return { path, problem: `must be ≤ ${String(issue.maximum)}, got ${got}` };
    default:
      return { path, problem: `${issue.message}${value === undefined ? '' : `, got ${got}`}` };
  }
}

export function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(file)';
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let node = root;
  for (const part of path) {
    if (Array.isArray(node) && typeof part === 'number') node = node[part];
    else if (isRecord(node) && typeof part === 'string') node = node[part];
    else return undefined;
  }
  return node;
}

function article(expected: string): string {
  return expected === 'integer' || expected === 'object' || expected === 'array' ? `an ${expected}` : `a ${expected}`;
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}


function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
