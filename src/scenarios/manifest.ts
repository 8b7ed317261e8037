// The schema of `sumo-scenarios/<name>/scenario.json` (ARCHITECTURE.md, "Scenario manifest"): which SUMO
// files to load, how long an episode is, which vehicles learn, and what they observe, do and get.
// `parse-manifest.ts` turns unknown JSON into this type; `RSM_MASAC_COMMON` holds the papers' shared values.

export const SCENARIO_FILE = 'scenario.json';
export const SCHEMA_VERSION = 1;

/** Which vehicles are learners. */
export type LearnerSelection =
  /** These vehicle ids, whenever they are in the network. */
  | { readonly kind: 'ids'; readonly ids: readonly string[] }
  /** Every vehicle of this vType. */
  | { readonly kind: 'vehType'; readonly vehType: string }
  /** Every vehicle whose id matches this regular expression (JavaScript syntax, anchored by the author). */
  | { readonly kind: 'idPattern'; readonly pattern: string }
  /**
   * Chosen as they enter (merge): candidates (optionally only of `vehType` / matching `idPattern`) in order of
   * entry become learners with probability `fraction`, drawn from an RNG seeded with `seed`, until `count`
   * learners were chosen in the episode (null: no cap). See `learners.ts`. Decision: "entering" means
   * departing after the warm-up, so learners are picked while the episode runs (scenarios.md, merge).
   */
  | {
      readonly kind: 'entering';
      readonly count: number | null;
      readonly fraction: number;
      readonly seed: number;
      readonly vehType: string | null;
      readonly idPattern: string | null;
    };

export const LEARNER_KINDS = ['ids', 'vehType', 'idPattern', 'entering'] as const;

/** What a learner's action means. */
export interface ActionSpec {
  /**
   * acceleration (m/s²): applied as the target speed v + a·dt for one step (Flow's way, scenarios.md);
   * targetSpeed (m/s): the speed to reach within one step.
   */
  readonly kind: 'acceleration' | 'targetSpeed';
  readonly low: number;
  readonly high: number;
}

export const ACTION_KINDS = ['acceleration', 'targetSpeed'] as const;

/** An observation or reward function by registry id, with its parameters (the function's defaults fill the rest). */
export interface FunctionRef {
  readonly id: string;
  readonly params: Readonly<Record<string, number>>;
}

/**
 * What a collision does: end the episode (RSM-MASAC paper: "terminated once a collision occurs"); 'count' it and
 * take the vehicles out; or 'teleport': SUMO's default action moves the colliding vehicles on and the episode goes on
 * (public RSM-MASAC code on Flow: `done` ignores crashes, the step's reward is 0).
 */
export type CollisionHandling = 'endEpisode' | 'count' | 'teleport';
export const COLLISION_HANDLINGS = ['endEpisode', 'count', 'teleport'] as const;

/** SUMO inputs, relative to the scenario folder: a .sumocfg, or a net plus route (and additional) files. */
export interface SumoFiles {
  readonly config: string | null;
  readonly net: string | null;
  readonly routes: readonly string[];
  readonly additional: readonly string[];
}

/**
 * The road along which positions are measured (observations give "position along the loop / loop length"):
 * edge ids in driving order; `loop` when the last edge leads back to the first.
 */
export interface ReferencePath {
  readonly edges: readonly string[];
  readonly loop: boolean;
}

export interface ScenarioManifest {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  readonly name: string;
  readonly description: string;
  /** The paper (and table) the defaults come from, or null for a plugged-in map. */
  readonly source: string | null;
  readonly sumo: SumoFiles;
  /** Simulation step (s). */
  readonly stepLength: number;
  /** Steps per episode after warm-up (RSM-MASAC: T). */
  readonly horizon: number;
  /** Steps simulated before learners act (merge: fill the road). */
  readonly warmupSteps: number;
  readonly learners: LearnerSelection;
  readonly action: ActionSpec;
  readonly observation: FunctionRef;
  readonly reward: FunctionRef;
  /** V2V range (m). */
  readonly communicationRange: number;
  /** Speed limit (m/s), used to normalise speeds. */
  readonly speedLimit: number;
  /** Desired speed (m/s) of the reward's normalisation; null means the speed limit. */
  readonly desiredSpeed: number | null;
  /** SUMO speed mode bitset for learners while they are controlled (TraCI vehicle.setSpeedMode). */
  readonly learnerSpeedMode: number;
  /**
   * Speed mode sent to EVERY vehicle as it departs (humans, and learners before they are controlled); absent or
   * null leaves SUMO's default. Flow sets each vehicle type's speed mode at insertion (RSM-MASAC code: 1, "obey_safe_speed").
   */
  readonly vehicleSpeedMode?: number | null;
  readonly collision: CollisionHandling;
  readonly path: ReferencePath | null;
}

/** Keys a manifest may have; anything else is reported as unknown. */
export const MANIFEST_KEYS = [
  'schemaVersion', 'name', 'description', 'source', 'sumo', 'stepLength', 'horizon', 'warmupSteps', 'learners',
  'action', 'observation', 'reward', 'communicationRange', 'speedLimit', 'desiredSpeed', 'learnerSpeedMode',
  'vehicleSpeedMode', 'collision', 'path',
] as const satisfies readonly (keyof ScenarioManifest)[];

/**
 * SUMO speed mode bits (TraCI docs, "speed mode"): 1 safe speed, 2 max acceleration, 4 max deceleration,
 * 8 right of way at junctions, 16 brake hard at red lights. 31 = all checks; 25 = Flow's "right_of_way"
 * (safe speed and right of way, commanded accelerations not capped by the vType). Measured (scenarios.md):
 * on figure8, learners driven by slowDown under 31 caused rear-end collisions within 150 s; under 25 none.
 * 23 = everything but right of way: the crossing of intersection8 is unprotected for learners.
 */
export const SPEED_MODE_ALL_CHECKS = 31;
export const SPEED_MODE_RIGHT_OF_WAY = 25;
export const SPEED_MODE_NO_RIGHT_OF_WAY = 23;
/** Flow's "obey_safe_speed": only the safe-speed check (no right of way, accelerations not capped by the vType). */
export const SPEED_MODE_OBEY_SAFE_SPEED = 1;

/** Values shared by the RSM-MASAC scenarios (paper Sec. V, scenarios.md). */
export const RSM_MASAC_COMMON = {
  stepLength: 0.1,
  collision: 'endEpisode',
  learnerSpeedMode: SPEED_MODE_RIGHT_OF_WAY,
} as const satisfies Partial<ScenarioManifest>;

/** Defaults for the fields a plugged-in map may leave out (`scenario init` writes them all). */
export const MANIFEST_DEFAULTS = {
  description: '',
  source: null,
  stepLength: 0.1,
  warmupSteps: 0,
  communicationRange: 100,
  desiredSpeed: null,
  learnerSpeedMode: SPEED_MODE_RIGHT_OF_WAY,
  collision: 'endEpisode',
  path: null,
} as const satisfies Partial<ScenarioManifest>;
