// MA-PETS's hyper-parameters (Wen et al., IEEE TVT 2024, MA-PMBRL's ref. [28]): PETS per CAV (Chua et al. 2018) —
// a probabilistic ensemble, CEM over action sequences with TS-∞ particles — trained on its own transitions and those
// of the CAVs within range d (MA-PMBRL's end-of-episode exchange). The model and buffer settings follow MA-PMBRL's
// Table 2 where MA-PETS is silent; the planner has PETS's published values as the preset 'pets' and a CPU-affordable
// default 'cpu' (Decision, README.md).
import { MODEL_BASED_DEFAULTS } from '../../models/model-based-config.js';
import type { ModelBasedConfig } from '../../models/model-based-config.js';
import { GAUSSIAN_MODEL_DEFAULTS } from '../../models/model-config.js';
import type { GaussianModelConfig } from '../../models/model-config.js';
import { either, listOf, nonNegativeInt, nullValue, numberIn, oneOf, oneOfNumbers, parseFields, positiveInt, positiveNumber } from '../../config-fields.js';
import type { FieldParsers } from '../../config-fields.js';
import { ControllerConfigError } from '../../errors.js';
import type { PlannerSettings } from './planner.js';

export const PLANNER_PRESETS = ['cpu', 'pets'] as const;
export type PlannerPreset = (typeof PLANNER_PRESETS)[number];

export interface MaPetsConfig extends PlannerSettings {
  /** Which planner values the defaults come from ('pets': Chua et al.'s published ones; 'cpu': README.md). */
  readonly plannerPreset: PlannerPreset;
  /** d, communication range in m (MA-PMBRL Fig. 3: 100); null = the scenario's communicationRange. */
  readonly range: number | null;
  /** Packet reception rate of each exchange message. Decision: reliable links, as MA-PMBRL's; 1. */
  readonly prr: number;
  /** B, probabilistic networks per CAV (PETS: 5); all of them carry particles. */
  readonly ensembleSize: number;
  /** Hidden widths of each network (MA-PMBRL Table 2: 3 × 256). */
  readonly modelHidden: readonly number[];
  /** Adam rate of the model fit (Table 2 gives none; 1e-3 as PETS and MBPO). */
  readonly modelLr: number;
  /** Rows per model gradient step (Table 2 "training batch size": 1,000). */
  readonly modelBatchSize: number;
  /** Adam steps per network per fit, once per episode. Decision: MA-PMBRL's 200 (README.md). */
  readonly modelFitSteps: number;
  /** Share of D_E held out to report the model loss. Decision: 0.1 (as MA-PMBRL). */
  readonly heldOutFraction: number;
  /** |D_E|, real buffer per CAV (Table 2: 20,000). */
  readonly replayCapacity: number;
  /** Training episodes acted uniformly at random before the first model (MA-PMBRL Alg. 1: the initial episode). */
  readonly randomEpisodes: number;
  /**
   * Worker threads the planner's stacked model passes run in (cavlab's placement, not the paper's): 2 computes half
   * of the CAVs' networks in each of two threads (stacked-nets.ts), with the same numbers as 1, the default.
   */
  readonly learnerWorkers: 1 | 2;
  /** Threads the CAVs' ensemble fits run on at each episode's end (as mbpo's and ma-pmbrl's fitWorkers); default 1. */
  readonly fitWorkers: 1 | 2;
}

/** PETS's published planner (Chua et al. 2018; handful-of-trials configs: plan_hor 30, popsize 500, 50 elites, 5 iterations, α 0.1, 20 particles). */
export const PETS_PLANNER: PlannerSettings = { horizon: 30, population: 500, elites: 50, iterations: 5, alpha: 0.1, epsilon: 0.001, particles: 20 };

/**
 * Decision (README.md): a planner this machine can run for 8 CAVs × 1,500 steps × 21 episodes × 5 seeds (PETS's
 * costs ~380× more per step). H = 8 = Table 2's L_rollout, the look-ahead MA-PMBRL trusts its model for (0.8 s at
 * τ = 0.1 s); N = 30 with K = 3 keeps PETS's 10 % elite share; I = 3; P = 5 = one particle per network (TS-∞ with
 * every network used); α and ε as PETS.
 */
export const CPU_PLANNER: PlannerSettings = { horizon: 8, population: 30, elites: 3, iterations: 3, alpha: 0.1, epsilon: 0.001, particles: 5 };

const PRESETS: Readonly<Record<PlannerPreset, PlannerSettings>> = { cpu: CPU_PLANNER, pets: PETS_PLANNER };

export const MA_PETS_DEFAULTS: MaPetsConfig = {
  plannerPreset: 'cpu',
  ...CPU_PLANNER,
  range: null,
  prr: 1,
  ensembleSize: 5,
  modelHidden: GAUSSIAN_MODEL_DEFAULTS.hidden,
  modelLr: GAUSSIAN_MODEL_DEFAULTS.lr,
  modelBatchSize: GAUSSIAN_MODEL_DEFAULTS.batchSize,
  modelFitSteps: GAUSSIAN_MODEL_DEFAULTS.fitSteps,
  heldOutFraction: GAUSSIAN_MODEL_DEFAULTS.heldOutFraction,
  replayCapacity: MODEL_BASED_DEFAULTS.replayCapacity,
  randomEpisodes: 1,
  learnerWorkers: 1,
  fitWorkers: 1,
};

const FIELDS: FieldParsers<MaPetsConfig> = {
  plannerPreset: oneOf(PLANNER_PRESETS),
  horizon: positiveInt,
  population: positiveInt,
  elites: positiveInt,
  iterations: positiveInt,
  alpha: numberIn(0, 1),
  epsilon: numberIn(0, Number.MAX_VALUE),
  particles: positiveInt,
  range: either(numberIn(0, Number.MAX_VALUE), nullValue, 'a range ≥ 0 m or null (= the scenario\'s)'),
  prr: numberIn(0, 1),
  ensembleSize: positiveInt,
  modelHidden: listOf(positiveInt, true),
  modelLr: positiveNumber,
  modelBatchSize: positiveInt,
  modelFitSteps: positiveInt,
  heldOutFraction: numberIn(0, 0.9),
  replayCapacity: positiveInt,
  randomEpisodes: nonNegativeInt,
  learnerWorkers: oneOfNumbers([1, 2] as const),
  fitWorkers: oneOfNumbers([1, 2] as const),
};

/** The preset named in `raw` (default 'cpu') sets the planner's defaults; every field given overrides it. */
export function parseMaPetsConfig(raw: unknown, where: string): MaPetsConfig {
  const named = typeof raw === 'object' && raw !== null && !Array.isArray(raw) && 'plannerPreset' in raw ? raw.plannerPreset : undefined;
  const preset = named === undefined ? MA_PETS_DEFAULTS.plannerPreset : oneOf(PLANNER_PRESETS)(named, `${where}.plannerPreset`);
  const config = parseFields(raw, where, { ...MA_PETS_DEFAULTS, ...PRESETS[preset], plannerPreset: preset }, FIELDS);
  if (config.elites > config.population) throw new ControllerConfigError(`${where}.elites`, `must not exceed population (${config.population})`, config.elites);
  if (config.particles % config.ensembleSize !== 0) throw new ControllerConfigError(`${where}.particles`, `must be a multiple of ensembleSize (${config.ensembleSize}): each network carries the same number of particles`, config.particles);
  return config;
}

/** Each network's settings (the Gaussian model's clamps and kernels stay the shared defaults). */
export function maPetsModelConfig(config: MaPetsConfig): GaussianModelConfig {
  return { ...GAUSSIAN_MODEL_DEFAULTS, hidden: config.modelHidden, lr: config.modelLr, batchSize: config.modelBatchSize, fitSteps: config.modelFitSteps, heldOutFraction: config.heldOutFraction };
}

/**
 * The settings ModelBasedAgents (slots, D_E, episode records, model fits, checkpoints) reads. MA-PETS has no
 * policy: the SAC part of each slot stays at the shared defaults and is never trained (it only supplies Alg. 1's
 * uniform random actions of the first episode).
 */
export function maPetsLearnerConfig(config: MaPetsConfig): ModelBasedConfig {
  return {
    ...MODEL_BASED_DEFAULTS,
    replayCapacity: config.replayCapacity,
    randomEpisodes: config.randomEpisodes,
    modelHidden: config.modelHidden,
    modelLr: config.modelLr,
    modelBatchSize: config.modelBatchSize,
    modelFitSteps: config.modelFitSteps,
    heldOutFraction: config.heldOutFraction,
    fitWorkers: config.fitWorkers,
    // The learners' threads also serve the planner (its SAC cores never step: they would stay in this thread).
    learnerWorkers: config.learnerWorkers,
  };
}
