import * as C from '../constants.js';
import { domainIds, getterOf, idCommands, read, setterOf, variable } from './common.js';

export const LANE = domainIds('lane', C.CMD_GET_LANE_VARIABLE);
const get = getterOf(LANE);
const set = setterOf(LANE);

export const laneVariables = {
  /** m */
  length: variable(C.VAR_LENGTH, read.double),
  /** m/s */
  maxSpeed: variable(C.VAR_MAXSPEED, read.double),
  /** m */
  width: variable(C.VAR_WIDTH, read.double),
  /** Centre line, m. */
  shape: variable(C.VAR_SHAPE, read.polygon),
  edgeId: variable(C.LANE_EDGE_ID, read.string),
  vehicleIds: variable(C.LAST_STEP_VEHICLE_ID_LIST, read.stringList),
} as const;

const v = laneVariables;

export const laneCommands = {
  ...idCommands(LANE),
  /** m */
  getLength: (laneId: string) => get(v.length, laneId, 'getLength'),
  /** m/s */
  getMaxSpeed: (laneId: string) => get(v.maxSpeed, laneId, 'getMaxSpeed'),
  /** m */
  getWidth: (laneId: string) => get(v.width, laneId, 'getWidth'),
  getShape: (laneId: string) => get(v.shape, laneId, 'getShape'),
  getEdgeID: (laneId: string) => get(v.edgeId, laneId, 'getEdgeID'),
  getLastStepVehicleIDs: (laneId: string) => get(v.vehicleIds, laneId, 'getLastStepVehicleIDs'),
  /** m/s */
  setMaxSpeed: (laneId: string, speed: number) => set(C.VAR_MAXSPEED, laneId, 'setMaxSpeed', (w) => w.typedDouble(speed)),
};
