import * as C from '../constants.js';
import { doubleSetter, domainIds, gettable, gettersOf, idCommands, read } from './common.js';
import { laneCommands } from './lane.js';

export const EDGE = domainIds('edge', C.CMD_GET_EDGE_VARIABLE);

// TraCI API 20 has no edge length, shape or speed-limit variable: those getters read the edge's first
// lane (`<edge>_0`, SUMO's lane naming), which carries the edge's length and, on one-lane roads, its shape.
export const edgeVariables = {
  laneNumber: gettable('getLaneNumber', C.VAR_LANE_INDEX, read.int),
  vehicleIds: gettable('getLastStepVehicleIDs', C.LAST_STEP_VEHICLE_ID_LIST, read.stringList),
  /** m/s */
  meanSpeed: gettable('getLastStepMeanSpeed', C.LAST_STEP_MEAN_SPEED, read.double),
  vehicleNumber: gettable('getLastStepVehicleNumber', C.LAST_STEP_VEHICLE_NUMBER, read.int),
  /** s */
  travelTime: gettable('getTraveltime', C.VAR_CURRENT_TRAVELTIME, read.double),
} as const;

export const edgeCommands = {
  ...idCommands(EDGE),
  ...gettersOf(EDGE, edgeVariables),
  /** m (length of lane 0) */
  getLength: (edgeId: string) => laneCommands.getLength(`${edgeId}_0`),
  /** m/s (speed limit of lane 0) */
  getMaxSpeed: (edgeId: string) => laneCommands.getMaxSpeed(`${edgeId}_0`),
  /** Centre line of lane 0, m. */
  getShape: (edgeId: string) => laneCommands.getShape(`${edgeId}_0`),
  /** Speed limit of every lane of the edge, m/s. */
  setMaxSpeed: doubleSetter(EDGE, C.VAR_MAXSPEED, 'setMaxSpeed'),
};
