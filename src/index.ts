// cavlab's public API.
export { launch, connect } from './sumo/launch.js';
export type { LaunchOptions, ConnectOptions } from './sumo/launch.js';
export { TraciClient, commands, SUPPORTED_API_VERSIONS } from './traci/client.js';
export type { VersionInfo, DomainApi, ServerHandle } from './traci/client.js';
export type { Command, ResultsOf, DomainIds, Variable } from './traci/command.js';
export { SubscriptionGroup } from './traci/subscriptions.js';
export type { VariableSpec, ValuesOf } from './traci/subscriptions.js';
export { SIMULATION, simulationVariables } from './traci/domains/simulation.js';
export { VEHICLE, vehicleVariables } from './traci/domains/vehicle.js';
export { LANE, laneVariables } from './traci/domains/lane.js';
export { EDGE, edgeVariables } from './traci/domains/edge.js';
export { ROUTE, routeVariables } from './traci/domains/route.js';
export { VEHICLETYPE, vehicletypeVariables } from './traci/domains/vehicletype.js';
export * as constants from './traci/constants.js';
export type * from './traci/values.js';
export { TraciError, TraciCommandError, TraciConnectionError, TraciProtocolError, TraciVersionError } from './traci/errors.js';
export { SumoNotFoundError, SumoInputError, SumoStartError, SumoExitedError } from './sumo/errors.js';
export { CavlabError, CavlabUsageError } from './errors.js';
export { VehicleTracker } from './kernel/vehicle-tracker.js';
export { SimulationKernel } from './kernel/simulation.js';
export { recordTrace } from './trace/record.js';

// Scenarios and the multi-agent environment.
export { loadScenario, scenarioSumoOptions } from './scenarios/sumo-options.js';
export type { LoadedScenario } from './scenarios/sumo-options.js';
export { listScenarios, resolveScenario, loadManifest, SCENARIO_ROOT } from './scenarios/registry.js';
export type { ScenarioManifest, LearnerSelection, ActionSpec } from './scenarios/manifest.js';
export { MultiAgentEnv } from './env/multi-agent-env.js';
export type { EnvOptions, StepResult, ResetResult, StepInfos, AgentInfo } from './env/multi-agent-env.js';
export type { Snapshot, VehicleSnapshot } from './env/snapshot.js';
export { OBSERVATIONS, createObservation } from './env/observations/registry.js';
export { REWARDS, createReward } from './env/rewards/registry.js';
/** The observation and reward ids to check a manifest against: loadScenario(name, knownFunctions()). */
export { knownFunctions } from './env/functions.js';

// Learning: backends, the SAC core, controllers, runs.
export { selectBackend } from './nn/backend.js';
export type { BackendChoice, BackendSelection } from './nn/backend.js';
export { SacCore } from './agents/sac/sac.js';
export { SAC_DEFAULTS } from './agents/sac/config.js';
export type { SacConfig } from './agents/sac/config.js';
export { ReplayBuffer } from './agents/replay.js';
export { AgentPool } from './agents/pool.js';
export type { Controller, StepContext, Transition, CommRecord, AgentSpaces, Phase } from './agents/controller.js';
export { CONTROLLERS, controllerSpec, createController, registerController } from './agents/controllers/registry.js';
export type { ControllerSpec } from './agents/controllers/registry.js';
export { PolicyExchangeController } from './agents/exchange/policy-exchange.js';
export type { MixingRule, ExchangeRound, ExchangeOutcome } from './agents/exchange/policy-exchange.js';
export { AVG_MASAC_DEFAULTS, ActorAveraging } from './agents/controllers/avg-masac/controller.js';
export type { AvgMasacConfig } from './agents/controllers/avg-masac/controller.js';
export { RSM_MASAC_DEFAULTS } from './agents/controllers/rsm-masac/config.js';
export type { RsmMasacConfig } from './agents/controllers/rsm-masac/config.js';
export { RegulatedSegmentMixture } from './agents/controllers/rsm-masac/controller.js';
export { segmentBounds } from './agents/controllers/rsm-masac/segmentation.js';
export { mixingWeight } from './agents/controllers/rsm-masac/mixing.js';
export { psiGigabytes } from './comm/channel.js';
export { runEpisode } from './runner/episode.js';
export { executeRun, runDir } from './runner/run.js';
export type { RunConfig } from './runner/config.js';
export { Rng } from './util/rng.js';

// Trained policies: `cavlab export` writes them, loadPolicy reads them for inference (no training code).
export { loadPolicy, ExportedPolicy, parsePolicyFile } from './policy/policy-file.js';
export type { PolicyFile } from './policy/policy-file.js';
export { PolicyFileError, NoPolicyError } from './policy/errors.js';
