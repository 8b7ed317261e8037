import * as C from '../constants.js';
import type { Variable } from '../command.js';
import type { Color } from '../values.js';
import { doubleSetter, domainIds, gettable, getterOf, gettersOf, idCommands, read, setterOf, withDouble } from './common.js';

export const VEHICLE = domainIds('vehicle', C.CMD_GET_VEHICLE_VARIABLE);
const get = getterOf(VEHICLE);
const set = setterOf(VEHICLE);

/** Variables of a vehicle; `leader`/`follower` take a look-ahead/behind distance in m (0 = SUMO's default). */
export const vehicleVariables = {
  /** m/s */
  speed: gettable('getSpeed', C.VAR_SPEED, read.double),
  /** m/s² */
  acceleration: gettable('getAcceleration', C.VAR_ACCELERATION, read.double),
  /** Front bumper, m. */
  position: gettable('getPosition', C.VAR_POSITION, read.position2D),
  position3D: gettable('getPosition3D', C.VAR_POSITION3D, read.position3D),
  /** Degrees, 0 = north, clockwise. */
  angle: gettable('getAngle', C.VAR_ANGLE, read.double),
  /** Offset of the front bumper from the lane start, m. */
  lanePosition: gettable('getLanePosition', C.VAR_LANEPOSITION, read.double),
  roadId: gettable('getRoadID', C.VAR_ROAD_ID, read.string),
  laneId: gettable('getLaneID', C.VAR_LANE_ID, read.string),
  laneIndex: gettable('getLaneIndex', C.VAR_LANE_INDEX, read.int),
  routeId: gettable('getRouteID', C.VAR_ROUTE_ID, read.string),
  route: gettable('getRoute', C.VAR_EDGES, read.stringList),
  typeId: gettable('getTypeID', C.VAR_TYPE, read.string),
  /** Distance driven since departure, m. */
  distance: gettable('getDistance', C.VAR_DISTANCE, read.double),
  /** m/s */
  maxSpeed: gettable('getMaxSpeed', C.VAR_MAXSPEED, read.double),
  speedMode: gettable('getSpeedMode', C.VAR_SPEEDSETMODE, read.int),
  color: gettable('getColor', C.VAR_COLOR, read.color),
  /** Gap from this front + minGap to the leader's back, m; id "" when none. */
  leader: (dist = 0): Variable<{ id: string; gap: number }> => withDouble(C.VAR_LEADER, read.neighbour, dist),
  /** Gap from the follower's front + minGap to this back, m; id "" when none. */
  follower: (dist = 0): Variable<{ id: string; gap: number }> => withDouble(C.VAR_FOLLOWER, read.neighbour, dist),
} as const;

const v = vehicleVariables;

/** Vehicle getters and setters with Python traci's names and argument order. */
export const vehicleCommands = {
  ...idCommands(VEHICLE),
  ...gettersOf(VEHICLE, vehicleVariables),
  /** Leader and gap in m within at least `dist` m ahead; id "" when there is none. */
  getLeader: (vehId: string, dist = 0) => get(v.leader(dist), vehId, 'getLeader'),
  /** Critical follower and gap in m within at least `dist` m behind; id "" when there is none. */
  getFollower: (vehId: string, dist = 0) => get(v.follower(dist), vehId, 'getFollower'),

  /** Speed in m/s for the next step; -1 gives control back to SUMO. */
  setSpeed: doubleSetter(VEHICLE, C.VAR_SPEED, 'setSpeed'),
  /** Reach `speed` (m/s) linearly within `duration` (s). */
  slowDown: (vehId: string, speed: number, duration: number) =>
    set(C.CMD_SLOWDOWN, vehId, 'slowDown', (w) => w.compound(2).typedDouble(speed).typedDouble(duration)),
  /** Bitset of the checks SUMO applies to commanded speeds (SUMO docs: "speed mode"). */
  setSpeedMode: (vehId: string, mode: number) => set(C.VAR_SPEEDSETMODE, vehId, 'setSpeedMode', (w) => w.typedInt(mode)),
  /** m/s */
  setMaxSpeed: doubleSetter(VEHICLE, C.VAR_MAXSPEED, 'setMaxSpeed'),
  setColor: (vehId: string, color: Color) => set(C.VAR_COLOR, vehId, 'setColor', (w) => w.typedColor(color)),
  /** Keep lane `laneIndex` for `duration` s. */
  changeLane: (vehId: string, laneIndex: number, duration: number) =>
    set(C.CMD_CHANGELANE, vehId, 'changeLane', (w) => w.compound(2).typedByte(laneIndex).typedDouble(duration)),
  /** Move to `pos` m on `laneId` along the current route. */
  moveTo: (vehId: string, laneId: string, pos: number, reason: number = C.MOVE_AUTOMATIC) =>
    set(C.VAR_MOVE_TO, vehId, 'moveTo', (w) => w.compound(3).typedString(laneId).typedDouble(pos).typedInt(reason)),
  remove: (vehId: string, reason: number = C.REMOVE_VAPORIZED) => set(C.REMOVE, vehId, 'remove', (w) => w.typedByte(reason)),
  /** Insert a vehicle; depart attributes are strings as in route files ("now", "free", "max", …). */
  add: (vehId: string, routeId: string, options: VehicleAddOptions = {}) =>
    set(C.ADD_FULL, vehId, 'add', (w) => {
      const o = { ...ADD_DEFAULTS, ...options };
      w.compound(14)
        .typedString(routeId).typedString(o.typeId).typedString(o.depart).typedString(o.departLane)
        .typedString(o.departPos).typedString(o.departSpeed).typedString(o.arrivalLane).typedString(o.arrivalPos)
        .typedString(o.arrivalSpeed).typedString(o.fromTaz).typedString(o.toTaz).typedString(o.line)
        .typedInt(o.personCapacity).typedInt(o.personNumber);
    }),
};

export interface VehicleAddOptions {
  readonly typeId?: string;
  readonly depart?: string;
  readonly departLane?: string;
  readonly departPos?: string;
  readonly departSpeed?: string;
  readonly arrivalLane?: string;
  readonly arrivalPos?: string;
  readonly arrivalSpeed?: string;
  readonly fromTaz?: string;
  readonly toTaz?: string;
  readonly line?: string;
  readonly personCapacity?: number;
  readonly personNumber?: number;
}

// SUMO's defaults for vehicle.add (Python traci's keyword defaults).
const ADD_DEFAULTS: Required<VehicleAddOptions> = {
  typeId: 'DEFAULT_VEHTYPE', depart: 'now', departLane: 'first', departPos: 'base', departSpeed: '0',
  arrivalLane: 'current', arrivalPos: 'max', arrivalSpeed: 'current', fromTaz: '', toTaz: '', line: '',
  personCapacity: 0, personNumber: 0,
};
