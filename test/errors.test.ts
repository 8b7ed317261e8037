// The error bases: every class is named after itself without a line of its own, and the interrupted errors
// keep their messages and exit codes (130 SIGINT, 143 SIGTERM).
import { describe, expect, it } from 'vitest';
import { CavlabError, CavlabUsageError, signalExitCode } from '../src/errors.js';
import { PoolError } from '../src/agents/errors.js';
import { SweepInterruptedError } from '../src/experiments/errors.js';
import { EvalInterruptedError, RunInterruptedError } from '../src/runner/errors.js';
import { TraciCommandError, TraciConnectionError, TraciError } from '../src/traci/errors.js';
import { SumoInputError } from '../src/sumo/errors.js';

describe('CavlabError', () => {
  it('takes the name of the class that was constructed', () => {
    expect(new CavlabError('x').name).toBe('CavlabError');
    expect(new CavlabUsageError('x').name).toBe('CavlabUsageError');
    expect(new PoolError('x').name).toBe('PoolError');
    expect(new TraciConnectionError('x').name).toBe('TraciConnectionError');
    const command = new TraciCommandError(0xa4, 'error', 'no vehicle', 'vehicle.getSpeed("v")');
    expect(command.name).toBe('TraciCommandError');
    expect(command).toBeInstanceOf(TraciError);
    expect(String(command)).toBe('TraciCommandError: vehicle.getSpeed("v") failed (command 0xa4, error): no vehicle');
  });

  it('keeps exit codes: 1 failed, 2 bad usage', () => {
    expect(new PoolError('x').exitCode).toBe(1);
    expect(new SumoInputError('a.sumocfg', 'missing').exitCode).toBe(2);
    expect(new SumoInputError('a.sumocfg', 'missing').message).toBe('a.sumocfg: missing');
  });
});

describe('interrupted errors', () => {
  it('exit 130 on SIGINT and 143 on SIGTERM, with their messages', () => {
    expect(signalExitCode('SIGINT')).toBe(130);
    expect(signalExitCode('SIGTERM')).toBe(143);
    const run = new RunInterruptedError('results/x/run', 'SIGTERM');
    expect([run.name, run.exitCode, run.signal, run.dir]).toEqual(['RunInterruptedError', 143, 'SIGTERM', 'results/x/run']);
    expect(run.message).toBe('results/x/run: interrupted by SIGTERM; finished episodes are kept, --resume continues after them');
    const evaluation = new EvalInterruptedError('eval.csv', 'SIGINT');
    expect([evaluation.exitCode, evaluation.file]).toEqual([130, 'eval.csv']);
    expect(evaluation.message).toBe('interrupted by SIGINT; finished evaluation episodes are in eval.csv');
    const sweep = new SweepInterruptedError('SIGINT', 3);
    expect([sweep.name, sweep.exitCode, sweep.interrupted]).toEqual(['SweepInterruptedError', 130, 3]);
    expect(sweep.message).toBe('interrupted by SIGINT (3 run(s) interrupted); run the sweep again to resume them');
  });
});
