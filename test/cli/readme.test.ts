// The README's commands and the README test's plan agree: every command has a plan, every plan a command.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PLANS, README, readmeCommands } from './readme-commands.js';

describe('README commands', () => {
  it('are all planned (run, substituted or skipped with a reason) and none is planned twice', () => {
    const commands = readmeCommands();
    expect(commands.length).toBeGreaterThan(20);
    expect(commands.filter((c) => PLANS[c] === undefined)).toEqual([]);
    expect(Object.keys(PLANS).filter((c) => !commands.includes(c))).toEqual([]);
  });

  it('keeps the first two commands a newcomer types', () => {
    const first = /```bash\n([\s\S]*?)```/.exec(readFileSync(README, 'utf8'));
    expect(first?.[1]?.trim().split('\n')).toEqual(['npm install && npm run quickstart', 'npm test']);
  });

  it('splits `a && b` and strips comments', () => {
    expect(readmeCommands('```bash\ncavlab run x && cavlab plot y   # why\nnpm test\n```\n')).toEqual(['cavlab run x', 'cavlab plot y']);
  });
});
