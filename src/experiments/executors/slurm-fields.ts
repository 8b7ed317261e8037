// What may reach sbatch from an experiment file or the command line (issue 14): Slurm names, times, memory sizes
// and extra `--option=value` arguments, each from a small character set, so no newline, quote, space or shell
// metacharacter ever becomes part of a batch script. One line naming the field and the value otherwise.
import { ExperimentFileError } from '../errors.js';

/** Partition, account, QOS: Slurm names (a partition may be a comma-separated list). */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._,-]*$/;
/** sbatch --time: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS. */
const TIME = /^(\d+-)?\d+(:\d+){0,2}$/;
/** sbatch --mem: a number with an optional K/M/G/T unit. */
const MEMORY = /^\d+[KMGT]?$/;
/** An extra sbatch option: `--name` or `--name=value`, value without spaces, quotes or shell metacharacters. */
const OPTION = /^--?[A-Za-z][A-Za-z0-9-]*(=[A-Za-z0-9._:,=+@%/-]+)?$/;

export type SlurmField = 'partition' | 'account' | 'qos' | 'time' | 'memory' | 'sbatch-arg';

const RULES: Readonly<Record<SlurmField, { readonly pattern: RegExp; readonly expected: string }>> = {
  partition: { pattern: NAME, expected: 'a Slurm name (letters, digits, ".", "_", "-", "," between names)' },
  account: { pattern: NAME, expected: 'a Slurm name (letters, digits, ".", "_", "-")' },
  qos: { pattern: NAME, expected: 'a Slurm name (letters, digits, ".", "_", "-")' },
  time: { pattern: TIME, expected: 'like "12:00:00" or "2-00:00:00"' },
  memory: { pattern: MEMORY, expected: 'like "4G"' },
  'sbatch-arg': { pattern: OPTION, expected: 'one sbatch option like --gres=gpu:1 (no spaces, quotes or shell characters)' },
};

/** Whether `value` is a valid `field`; for schemas. */
export function isSlurmValue(field: SlurmField, value: string): boolean {
  return RULES[field].pattern.test(value);
}

export function slurmExpected(field: SlurmField): string {
  return RULES[field].expected;
}

/** Checks one value; `source` names where it came from (a file, or "command line"). */
export function checkSlurmValue(field: SlurmField, value: string, source: string, path: string = field): string {
  if (!isSlurmValue(field, value)) throw new ExperimentFileError(source, path, `must be ${RULES[field].expected}, got ${JSON.stringify(value)}`);
  return value;
}
