// `cavlab run experiments/pr/digital.json`: Policy Reciprocity's tabular Digital experiment (no SUMO). Like a
// SUMO run it writes manifest.json (config, versions, status) and says on stderr when each (seed, algorithm)
// run is done, since the whole experiment takes seconds to minutes without other output.
import { mkdir } from 'node:fs/promises';
import type { JsonValue, RunManifest } from '../metrics/manifest.js';
import { readGitSha, runtimeVersions, updateManifest, writeManifest } from '../metrics/manifest.js';
import { PACKAGE_ROOT } from '../paths.js';
import { insideRoot } from '../runner/run-path.js';
import { openDigitalCsvSink, openGridCsvSink } from '../tabular/csv-sink.js';
import { parseDigitalExperiment, parseGridExperiment } from '../tabular/experiment.js';
import { runGrid } from '../tabular/run-grid.js';
import type { DigitalSink } from '../tabular/run-digital.js';
import { digitalRuns, runDigital } from '../tabular/run-digital.js';

/** No neural network is involved: the manifest's backend field says so. */
const TABULAR_BACKEND = 'none (tabular)';

/** Runs `body` in <out>/<name>/ with a manifest that says running, then finished or failed (one line). */
async function tabularRun(file: string, data: unknown, name: string, seed: number, out: string, body: (dir: string) => Promise<void>): Promise<string> {
  const dir = insideRoot(out, [{ value: name, what: `${file}: name` }]);
  await mkdir(dir, { recursive: true });
  const manifest: RunManifest = {
    schemaVersion: 1, status: 'running', config: JSON.parse(JSON.stringify(data)) as JsonValue, seed,
    gitSha: await readGitSha(PACKAGE_ROOT), versions: runtimeVersions(TABULAR_BACKEND), policyParameters: null,
    startedAt: new Date().toISOString(), endedAt: null, error: null,
  };
  await writeManifest(dir, manifest);
  try {
    await body(dir);
    await updateManifest(dir, { status: 'finished', endedAt: new Date().toISOString() });
  } catch (error) {
    await updateManifest(dir, { status: 'failed', endedAt: new Date().toISOString(), error: (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '' }).catch(() => undefined);
    throw error;
  }
  return dir;
}

/** PR's Digital environment (`kind: "tabular-digital"`), with a progress line per (seed, algorithm) run. */
export async function runTabular(file: string, data: unknown, out: string, stderr: NodeJS.WritableStream = process.stderr): Promise<string> {
  const experiment = parseDigitalExperiment(data, file);
  return tabularRun(file, data, experiment.name, experiment.seeds[0] ?? 0, out, async (dir) => {
    const sink = await openDigitalCsvSink(dir);
    const total = experiment.seeds.length * digitalRuns(experiment.config).length;
    let done = 0;
    let current = '';
    const reporting: DigitalSink = {
      episode: (row) => {
        current = `seed ${String(row.seed)} ${String(row.algorithm)}${row.kappa === null ? '' : ` κ=${String(row.kappa)}`}`;
        return sink.episode(row);
      },
      policy: (rows) => sink.policy(rows),
      endRun: async () => {
        await sink.endRun?.();
        stderr.write(`digital: ${current} done (${++done}/${total})\n`);
      },
    };
    try {
      await runDigital(experiment.config, reporting, experiment.seeds);
    } finally {
      await sink.close();
    }
  });
}

/** PR's Landmarks and Blocker environments (`kind: "tabular-grid"`, PR Fig. 4). */
export async function runGridTabular(file: string, data: unknown, out: string): Promise<string> {
  const experiment = parseGridExperiment(data, file);
  return tabularRun(file, data, experiment.name, experiment.seeds[0] ?? 0, out, async (dir) => {
    const sink = await openGridCsvSink(dir);
    try {
      await runGrid(experiment.config, sink, experiment.seeds);
    } finally {
      await sink.close();
    }
  });
}
