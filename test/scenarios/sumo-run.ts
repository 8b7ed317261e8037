// Runs SUMO tools for the scenario integration tests and makes sure none outlives its test.
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { findSumo } from '../../src/sumo/binary.js';
import { sumoToolEnv } from '../../src/scenarios/build.js';

const TIMEOUT = 120_000;

/** Runs `tool args` in `cwd` with SUMO_HOME set; the process is SIGKILLed in `finally` if still alive. */
export async function runTool(tool: string, args: readonly string[], cwd: string): Promise<{ stdout: string; stderr: string; exitCode: number | undefined }> {
  const binary = tool === 'sumo' ? findSumo() : tool;
  const child = execa(binary, args, { cwd, env: sumoToolEnv(findSumo()), extendEnv: false, reject: false, timeout: TIMEOUT, stdin: 'ignore' });
  try {
    const result = await child;
    return { stdout: String(result.stdout), stderr: String(result.stderr), exitCode: result.exitCode };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `cavlab-${prefix}-`));
}

export async function removeDir(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}

export async function copyDir(from: string, to: string): Promise<void> {
  await cp(from, to, { recursive: true });
}

/** Attributes of every `<tag …>` in an XML text. */
export function elements(xml: string, tag: string): Map<string, string>[] {
  return [...xml.matchAll(new RegExp(`<${tag}\\s([^>]*?)/?>`, 'g'))].map((m) => new Map([...(m[1] ?? '').matchAll(/([\w.:-]+)="([^"]*)"/g)].map((a) => [a[1] ?? '', a[2] ?? ''])));
}

/** SUMO's --statistic-output: loaded/inserted/running vehicles, teleports, collisions. */
export async function readStatistics(file: string): Promise<{ loaded: number; inserted: number; running: number; teleports: number; collisions: number }> {
  const xml = await readFile(file, 'utf8');
  const one = (tag: string): Map<string, string> => elements(xml, tag)[0] ?? new Map();
  const vehicles = one('vehicles');
  return {
    loaded: Number(vehicles.get('loaded')), inserted: Number(vehicles.get('inserted')), running: Number(vehicles.get('running')),
    teleports: Number(one('teleports').get('total')), collisions: Number(one('safety').get('collisions')),
  };
}

/** One vehicle in one time step of --fcd-output. */
export interface FcdRecord {
  readonly time: number;
  readonly id: string;
  readonly type: string;
  readonly lane: string;
  readonly pos: number;
  readonly speed: number;
  readonly x: number;
  readonly y: number;
}

export function parseFcd(xml: string): FcdRecord[] {
  const out: FcdRecord[] = [];
  for (const step of xml.matchAll(/<timestep time="([\d.]+)"[^/]*?>([\s\S]*?)<\/timestep>/g)) {
    const time = Number(step[1]);
    for (const v of elements(step[2] ?? '', 'vehicle')) {
      out.push({
        time, id: v.get('id') ?? '', type: v.get('type') ?? '', lane: v.get('lane') ?? '', pos: Number(v.get('pos')),
        speed: Number(v.get('speed')), x: Number(v.get('x')), y: Number(v.get('y')),
      });
    }
  }
  return out;
}
