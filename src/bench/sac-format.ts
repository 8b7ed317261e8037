// The text table of `cavlab bench sac` (--json prints SacSuiteResult as it is).
import type { PaperEpochResult } from './paper-epoch.js';
import type { SacSuiteResult } from './sac.js';

const fixed = (x: number | null | undefined, digits = 1): string => (x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(digits));
const ratio = (a: number | null | undefined, b: number | null | undefined): string =>
  a === null || a === undefined || b === null || b === undefined || !(b > 0) ? 'n/a' : `${(a / b).toFixed(2)}×`;

export function formatSacBench(r: SacSuiteResult): string {
  const o = r.options;
  const torch = r.pytorch;
  const measured = r.paths.filter((p) => p.learnerRate !== null);
  const best = measured.reduce<(typeof measured)[number] | null>((b, p) => (b === null || (p.learnerRate ?? 0) > (b.learnerRate ?? 0) ? p : b), null);
  const lines = [
    `SAC benchmark: batch ${o.batchSize}, actor ${o.obsDim}→256→256→${2 * o.actionDim}, critics ${o.obsDim + o.actionDim}→256→256→1 ×2 + targets, Adam;`
      + ` ${o.learners} learners; median of ${o.updates} updates, ${o.rounds} rounds, ${o.repetitions} interleaved passes`,
    `  ${'path'.padEnd(34)}${'ms/update'.padStart(10)}${'CPU ms'.padStart(8)}${`${o.learners}-learner updates/s`.padStart(24)}${'vs PyTorch seq.'.padStart(17)}`,
    ...r.paths.map((p) =>
      p.skipped !== null
        ? `  ${p.label.padEnd(34)}${`skipped: ${p.skipped}`.padStart(10)}`
        : `  ${p.label.padEnd(34)}${fixed(p.msPerUpdate).padStart(10)}${fixed(p.cpuMsPerUpdate).padStart(8)}${fixed(p.learnerRate, 0).padStart(24)}${ratio(p.learnerRate, torch?.sequentialRate).padStart(17)}`,
    ),
  ];
  const w = r.workers;
  if (w !== null) {
    const label = `${w.path ?? 'wasm'} ×2 workers (${w.split.join('+')})`;
    lines.push(w.rate === null
      ? `  ${label.padEnd(34)}skipped: ${w.skipped ?? 'not measured'}`
      : `  ${label.padEnd(34)}${''.padStart(18)}${fixed(w.rate, 0).padStart(24)}${ratio(w.rate, torch?.sequentialRate).padStart(17)}`);
  }
  const pool = r.pool;
  if (pool !== null) {
    const row = (label: string, rate: number | null, note: string): string =>
      `  ${label.padEnd(34)}${''.padStart(18)}${(rate === null ? note : fixed(rate, 0)).padStart(24)}${ratio(rate, torch?.sequentialRate).padStart(17)}`;
    lines.push(
      row('AgentPool, 1 thread', pool.oneThread, ''),
      row('AgentPool, learnerWorkers 2', pool.twoWorkers, `skipped: ${pool.skipped ?? 'not measured'}`),
    );
  }
  if (torch !== null) {
    lines.push(
      `  ${`PyTorch ${torch.torch}, 1 thread`.padEnd(34)}${fixed(torch.singleMs).padStart(10)}${fixed(torch.singleCpuMs).padStart(8)}${fixed(torch.sequentialRate, 0).padStart(24)}${'1.00×'.padStart(17)}`,
      `  ${`PyTorch, 2 processes (${torch.split.join('+')})`.padEnd(34)}${''.padStart(18)}${fixed(torch.twoProcessRate, 0).padStart(24)}${ratio(torch.twoProcessRate, torch.sequentialRate).padStart(17)}`,
      `  best cavlab (${best?.label ?? 'none'}) / PyTorch sequential = ${ratio(best?.learnerRate, torch.sequentialRate)}`,
      `  best cavlab / PyTorch two processes = ${ratio(best?.learnerRate, torch.twoProcessRate)}`,
      `  CPU time per update, PyTorch / ${r.paths[0]?.label ?? 'first path'} = ${ratio(torch.singleCpuMs, r.paths[0]?.cpuMsPerUpdate)} (less sensitive to other load than wall time)`,
    );
  }
  const a = r.act;
  if (a !== null) {
    const row = (name: string, ms: number, note = ''): string => `  ${name.padEnd(42)}${fixed(ms, 3).padStart(8)}   ${ratio(ms, a.single).padStart(7)} one learner${note}`;
    lines.push(
      `Action selection, ${a.learners} learners with one observation each (ms per env step, median)`,
      row('one learner alone (SacCore.act)', a.single),
      row('one SacCore.act per learner', a.perLearner),
      row('one tfjs pass over the actors', a.tfjsGroups),
      row(`BatchedPolicy (${a.engine})`, a.batched),
      row('BatchedPolicy + refresh of every actor', a.batchedWithRefresh),
    );
  }
  lines.push(...r.notes.map((n) => `  note: ${n}`));
  return lines.join('\n');
}

/** The paper-epoch case's table: seconds per figure-eight epoch, each row against PyTorch's best. */
export function formatPaperEpoch(r: PaperEpochResult): string {
  const o = r.options;
  const torch = r.pytorch;
  const scale = o.epochSteps / o.steps;
  const best = r.paperEpoch.pytorchSeconds;
  const row = (label: string, seconds: number | null, note = ''): string =>
    `  ${label.padEnd(40)}${(seconds === null ? note : fixed(seconds)).padStart(10)}${(seconds === null ? '' : ratio(best, seconds)).padStart(16)}`;
  const lines = [
    `Paper epoch (RSM-MASAC Alg. 1 schedule): ${o.learners} learners × ${o.epochSteps} env steps, a critic update per step each,`
      + ` actor/α/targets every 10; batch ${o.batchSize}, 256-256 nets; ${r.path ?? 'wasm'}`
      + (scale === 1 ? '' : `; ${o.steps} steps timed, scaled ×${fixed(scale, 2)}`),
    `  ${'layout'.padEnd(40)}${'s/epoch'.padStart(10)}${'PyTorch best ÷'.padStart(16)}`,
    ...r.layouts.map((l) => row(`cavlab, ${l.label}`, l.seconds, `skipped: ${l.skipped ?? 'not measured'}`)),
  ];
  if (torch !== null) {
    lines.push(
      row(`PyTorch ${torch.torch}, one process`, scale * torch.sequentialSeconds),
      row(`PyTorch, two processes (${torch.split.join('+')})`, scale * torch.twoProcessSeconds),
    );
  }
  const s = r.paperEpoch;
  lines.push(
    `  paper epoch: cavlab best ${fixed(s.cavlabSeconds)} s, PyTorch best ${fixed(s.pytorchSeconds)} s, ratio ${fixed(s.ratio, 2)} (goal ≥ 1.2)`,
    `  load average (1 min) ${fixed(r.loadAverage[0], 2)} before, ${fixed(r.loadAverage[1], 2)} after`,
    ...r.notes.map((n) => `  note: ${n}`),
  );
  return lines.join('\n');
}
