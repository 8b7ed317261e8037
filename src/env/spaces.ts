// The spaces every agent of a scenario shares, from its manifest alone (no SUMO): what the env hands controllers.
import type { AgentSpaces } from '../agents/controller.js';
import type { ScenarioManifest } from '../scenarios/manifest.js';
import { createObservation } from './observations/registry.js';

export function spacesOf(manifest: Pick<ScenarioManifest, 'observation' | 'action'>): AgentSpaces {
  return { obsDim: createObservation(manifest.observation).size, actionBounds: { low: [manifest.action.low], high: [manifest.action.high] } };
}
