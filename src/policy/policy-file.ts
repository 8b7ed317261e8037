// The exported policy format (`cavlab export <run> --out policy.json`) and its loader for inference: every
// learner's deterministic actor (flat float32 weights, base64) with the observation and action spaces it was
// trained on. Loading needs no tfjs and no training code: BatchedPolicy runs the forward pass.
import { BatchedPolicy } from '../nn/batched-policy.js';
import { readJsonFile } from '../util/json-file.js';
import { PolicyFileError } from './errors.js';
import { isRecord } from '../util/records.js';

export const POLICY_FORMAT = 'cavlab-policy';
export const POLICY_VERSION = 1;

export interface PolicyFile {
  readonly format: typeof POLICY_FORMAT;
  readonly version: typeof POLICY_VERSION;
  /** Where it came from: run folder, checkpoint (best | latest), its last episode index, controller, seed. */
  readonly source: { readonly run: string; readonly checkpoint: string; readonly episode: number | null; readonly algo: string; readonly seed: number; readonly scenario: string };
  /** The observation function (scenario.json `observation`) and the vector length it produces. */
  readonly observation: { readonly id: string; readonly params: Readonly<Record<string, number>>; readonly size: number; readonly description: string };
  /** What one action value means, its unit and bounds (scenario.json `action`). */
  readonly action: { readonly kind: string; readonly unit: string; readonly low: readonly number[]; readonly high: readonly number[] };
  /** Actor layer widths [obs, hidden…, 2|A|]: ReLU hidden layers; head = [mean, pre-softplus σ]; a = scale·tanh(mean) + offset. */
  readonly network: { readonly sizes: readonly number[] };
  /** Vehicle id → index into `policies` (the learner slot that vehicle trained). */
  readonly agents: Readonly<Record<string, number>>;
  /** One actor per learner slot: its flat parameters (W0 row-major [in, out], b0, W1, b1, …), float32 little-endian, base64. */
  readonly policies: readonly string[];
}

/** Float32Array ⇄ base64 of its little-endian bytes. */
export function encodeFloats(values: Float32Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

export function decodeFloats(text: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  const out = new Float32Array(bytes.length / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** A loaded policy file: deterministic actions for one agent's observation. */
export class ExportedPolicy {
  readonly file: PolicyFile;
  private readonly actors: BatchedPolicy[];

  constructor(file: PolicyFile) {
    this.file = file;
    const bounds = { low: [...file.action.low], high: [...file.action.high] };
    this.actors = file.policies.map((text) => {
      const actor = new BatchedPolicy(file.network.sizes, 1, bounds, { native: false });
      actor.setParams(0, decodeFloats(text));
      return actor;
    });
  }

  get obsDim(): number {
    return this.file.observation.size;
  }

  /** Number of learner policies in the file. */
  get count(): number {
    return this.actors.length;
  }

  /** Policy index of a vehicle id, or undefined for an id the run never saw. */
  indexOf(agentId: string): number | undefined {
    return this.file.agents[agentId];
  }

  /**
   * The deterministic action (the policy's mean, squashed into the bounds) for one observation of length
   * `obsDim`. `policy`: an index into the file's policies or a vehicle id it knows (default: the first).
   */
  act(obs: Float32Array, policy: number | string = 0): Float32Array {
    const index = typeof policy === 'string' ? this.indexOf(policy) : policy;
    const actor = index === undefined ? undefined : this.actors[index];
    if (actor === undefined) {
      throw new RangeError(`policy ${JSON.stringify(policy)} is not in this file (indices 0…${this.actors.length - 1}, or one of its ${Object.keys(this.file.agents).length} vehicle ids)`);
    }
    if (obs.length !== this.obsDim) throw new RangeError(`observation has ${obs.length} values, the policy takes ${this.obsDim} (${this.file.observation.id})`);
    return actor.act(obs, null).slice();
  }
}


const numbers = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x));

/** Checks a parsed policy.json (one line naming the file and the first bad field). */
export function parsePolicyFile(value: unknown, file: string): PolicyFile {
  const bad = (field: string, problem: string): PolicyFileError => new PolicyFileError(file, `${field}: ${problem}`);
  if (!isRecord(value) || value.format !== POLICY_FORMAT) throw bad('format', `is not a ${POLICY_FORMAT} file`);
  if (value.version !== POLICY_VERSION) throw bad('version', `must be ${POLICY_VERSION}, got ${JSON.stringify(value.version)}`);
  const { observation: o, action: a, network: n, agents, policies, source: s } = value;
  if (!isRecord(s) || typeof s.run !== 'string' || typeof s.checkpoint !== 'string' || typeof s.algo !== 'string' || typeof s.seed !== 'number' || typeof s.scenario !== 'string') {
    throw bad('source', 'needs run, checkpoint, algo, seed and scenario');
  }
  if (!isRecord(o) || typeof o.id !== 'string' || typeof o.size !== 'number' || !isRecord(o.params)) throw bad('observation', 'needs id, params and size');
  if (!isRecord(a) || typeof a.kind !== 'string' || !numbers(a.low) || !numbers(a.high) || a.low.length !== a.high.length) throw bad('action', 'needs kind, and low and high of equal length');
  if (!isRecord(n) || !numbers(n.sizes)) throw bad('network.sizes', 'must be a list of layer widths');
  if (!isRecord(agents)) throw bad('agents', 'must map vehicle ids to policy indices');
  const agentIndex: Record<string, number> = {};
  for (const [id, k] of Object.entries(agents)) {
    if (typeof k !== 'number') throw bad(`agents.${id}`, 'must be a policy index');
    agentIndex[id] = k;
  }
  if (!Array.isArray(policies) || policies.length === 0) throw bad('policies', 'must be a non-empty list of base64 weight strings');
  const weights = policies.map((p, k) => {
    if (typeof p !== 'string') throw bad(`policies[${k}]`, 'must be a base64 string');
    return p;
  });
  const params: Record<string, number> = {};
  for (const [key, v] of Object.entries(o.params)) if (typeof v === 'number') params[key] = v;
  return {
    format: POLICY_FORMAT, version: POLICY_VERSION,
    source: { run: s.run, checkpoint: s.checkpoint, episode: typeof s.episode === 'number' ? s.episode : null, algo: s.algo, seed: s.seed, scenario: s.scenario },
    observation: { id: o.id, params, size: o.size, description: typeof o.description === 'string' ? o.description : '' },
    action: { kind: a.kind, unit: typeof a.unit === 'string' ? a.unit : '', low: a.low, high: a.high },
    network: { sizes: n.sizes }, agents: agentIndex, policies: weights,
  };
}

/** Reads a policy file written by `cavlab export` for inference. */
export async function loadPolicy(file: string): Promise<ExportedPolicy> {
  const value = await readJsonFile(file, (problem, cause) => new PolicyFileError(file, problem, { cause }));
  try {
    return new ExportedPolicy(parsePolicyFile(value, file));
  } catch (error) {
    if (error instanceof PolicyFileError) throw error;
    throw new PolicyFileError(file, error instanceof Error ? error.message : String(error), { cause: error });
  }
}
