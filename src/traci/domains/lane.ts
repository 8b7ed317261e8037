import * as C from '../constants.js';
import { doubleSetter, domainIds, gettable, gettersOf, idCommands, read } from './common.js';

export const LANE = domainIds('lane', C.CMD_GET_LANE_VARIABLE);

export const laneVariables = {
  /** m */
  length: gettable('getLength', C.VAR_LENGTH, read.double),
  /** m/s */
  maxSpeed: gettable('getMaxSpeed', C.VAR_MAXSPEED, read.double),
  /** m */
  width: gettable('getWidth', C.VAR_WIDTH, read.double),
  /** Centre line, m. */
  shape: gettable('getShape', C.VAR_SHAPE, read.polygon),
  edgeId: gettable('getEdgeID', C.LANE_EDGE_ID, read.string),
  vehicleIds: gettable('getLastStepVehicleIDs', C.LAST_STEP_VEHICLE_ID_LIST, read.stringList),
} as const;

export const laneCommands = {
  ...idCommands(LANE),
  ...gettersOf(LANE, laneVariables),
  /** m/s */
  setMaxSpeed: doubleSetter(LANE, C.VAR_MAXSPEED, 'setMaxSpeed'),
};
