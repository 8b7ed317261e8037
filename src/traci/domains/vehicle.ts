import * as C from '../constants.js';
import type { Variable } from '../command.js';
import type { Color } from '../values.js';
import { domainIds, getterOf, idCommands, read, setterOf, variable, withDouble } from './common.js';

export const VEHICLE = domainIds('vehicle', C.CMD_GET_VEHICLE_VARIABLE);
const get = getterOf(VEHICLE);
const set = setterOf(VEHICLE);

/** Variables of a vehicle; `leader`/`follower` take a look-ahead/behind distance in m (0 = SUMO's default). */
export const vehicleVariables = {
  /** m/s */
  speed: variable(C.VAR_SPEED, read.double),
  /** m/s² */
  acceleration: variable(C.VAR_ACCELERATION, read.double),
  /** Front bumper, m. */
  position: variable(C.VAR_POSITION, read.position2D),
  position3D: variable(C.VAR_POSITION3D, read.position3D),
  /** Degrees, 0 = north, clockwise. */
  angle: variable(C.VAR_ANGLE, read.double),
  /** Offset of the front bumper from the lane start, m. */
  lanePosition: variable(C.VAR_LANEPOSITION, read.double),
  roadId: variable(C.VAR_ROAD_ID, read.string),
  laneId: variable(C.VAR_LANE_ID, read.string),
  laneIndex: variable(C.VAR_LANE_INDEX, read.int),
  routeId: variable(C.VAR_ROUTE_ID, read.string),
  route: variable(C.VAR_EDGES, read.stringList),
  typeId: variable(C.VAR_TYPE, read.string),
  /** Distance driven since departure, m. */
  distance: variable(C.VAR_DISTANCE, read.double),
  /** m/s */
  maxSpeed: variable(C.VAR_MAXSPEED, read.double),
  speedMode: variable(C.VAR_SPEEDSETMODE, read.int),
  color: variable(C.VAR_COLOR, read.color),
  /** Gap from this front + minGap to the leader's back, m; id "" when none. */
  leader: (dist = 0): Variable<{ id: string; gap: number }> => withDouble(C.VAR_LEADER, read.neighbour, dist),
  /** Gap from the follower's front + minGap to this back, m; id "" when none. */
  follower: (dist = 0): Variable<{ id: string; gap: number }> => withDouble(C.VAR_FOLLOWER, read.neighbour, dist),
} as const;

const v = vehicleVariables;

/** Vehicle getters and setters with Python traci's names and argument order. */
export const vehicleCommands = {
  ...idCommands(VEHICLE),
  /** m/s */
  getSpeed: (vehId: string) => get(v.speed, vehId, 'getSpeed'),
  /** m/s² */
  getAcceleration: (vehId: string) => get(v.acceleration, vehId, 'getAcceleration'),
  /** m */
  getPosition: (vehId: string) => get(v.position, vehId, 'getPosition'),
  getPosition3D: (vehId: string) => get(v.position3D, vehId, 'getPosition3D'),
  /** degrees */
  getAngle: (vehId: string) => get(v.angle, vehId, 'getAngle'),
  /** m */
  getLanePosition: (vehId: string) => get(v.lanePosition, vehId, 'getLanePosition'),
  getRoadID: (vehId: string) => get(v.roadId, vehId, 'getRoadID'),
  getLaneID: (vehId: string) => get(v.laneId, vehId, 'getLaneID'),
  getLaneIndex: (vehId: string) => get(v.laneIndex, vehId, 'getLaneIndex'),
  getRouteID: (vehId: string) => get(v.routeId, vehId, 'getRouteID'),
  getRoute: (vehId: string) => get(v.route, vehId, 'getRoute'),
  getTypeID: (vehId: string) => get(v.typeId, vehId, 'getTypeID'),
  /** m */
  getDistance: (vehId: string) => get(v.distance, vehId, 'getDistance'),
  /** m/s */
  getMaxSpeed: (vehId: string) => get(v.maxSpeed, vehId, 'getMaxSpeed'),
  getSpeedMode: (vehId: string) => get(v.speedMode, vehId, 'getSpeedMode'),
  getColor: (vehId: string) => get(v.color, vehId, 'getColor'),
  /** Leader and gap in m within at least `dist` m ahead; id "" when there is none. */
  getLeader: (vehId: string, dist = 0) => get(v.leader(dist), vehId, 'getLeader'),
  /** Critical follower and gap in m within at least `dist` m behind; id "" when there is none. */
  getFollower: (vehId: string, dist = 0) => get(v.follower(dist), vehId, 'getFollower'),

  /** Speed in m/s for the next step; -1 gives control back to SUMO. */
  setSpeed: (vehId: string, speed: number) => set(C.VAR_SPEED, vehId, 'setSpeed', (w) => w.typedDouble(speed)),
  /** Reach `speed` (m/s) linearly within `duration` (s). */
  slowDown: (vehId: string, speed: number, duration: number) =>
    set(C.CMD_SLOWDOWN, vehId, 'slowDown', (w) => w.compound(2).typedDouble(speed).typedDouble(duration)),
  /** Bitset of the checks SUMO applies to commanded speeds (SUMO docs: "speed mode"). */
  setSpeedMode: (vehId: string, mode: number) => set(C.VAR_SPEEDSETMODE, vehId, 'setSpeedMode', (w) => w.typedInt(mode)),
  /** m/s */
  setMaxSpeed: (vehId: string, speed: number) => set(C.VAR_MAXSPEED, vehId, 'setMaxSpeed', (w) => w.typedDouble(speed)),
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
