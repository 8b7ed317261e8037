// The spaces every agent of a scenario shares, from its manifest alone (no SUMO): what the env hands controllers.
import type { ScenarioManifest } from '../scenarios/manifest.js';
import { createObservation } from './observations/registry.js';

/** What a controller needs to size its networks: observation length and per-dimension action bounds (m/s² or m/s). */
export interface AgentSpaces {
  readonly obsDim: number;
  readonly actionBounds: { readonly low: readonly number[]; readonly high: readonly number[] };
}

export function spacesOf(manifest: Pick<ScenarioManifest, 'observation' | 'action'>): AgentSpaces {
  return { obsDim: createObservation(manifest.observation).size, actionBounds: { low: [manifest.action.low], high: [manifest.action.high] } };
}
