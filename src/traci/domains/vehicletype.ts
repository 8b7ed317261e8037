import * as C from '../constants.js';
import { domainIds, getterOf, idCommands, read, setterOf, variable } from './common.js';

export const VEHICLETYPE = domainIds('vehicletype', C.CMD_GET_VEHICLETYPE_VARIABLE);
const get = getterOf(VEHICLETYPE);
const set = setterOf(VEHICLETYPE);

export const vehicletypeVariables = {
  /** m */
  length: variable(C.VAR_LENGTH, read.double),
  /** m/s */
  maxSpeed: variable(C.VAR_MAXSPEED, read.double),
  /** m/s² */
  accel: variable(C.VAR_ACCEL, read.double),
  /** m/s² */
  decel: variable(C.VAR_DECEL, read.double),
  /** Desired time headway, s. */
  tau: variable(C.VAR_TAU, read.double),
  /** m */
  minGap: variable(C.VAR_MINGAP, read.double),
  /** Driver imperfection σ in [0, 1]. */
  imperfection: variable(C.VAR_IMPERFECTION, read.double),
  vehicleClass: variable(C.VAR_VEHICLECLASS, read.string),
} as const;

const v = vehicletypeVariables;
const double = (varId: number, method: string) => (typeId: string, value: number) =>
  set(varId, typeId, method, (w) => w.typedDouble(value));

export const vehicletypeCommands = {
  ...idCommands(VEHICLETYPE),
  getLength: (typeId: string) => get(v.length, typeId, 'getLength'),
  getMaxSpeed: (typeId: string) => get(v.maxSpeed, typeId, 'getMaxSpeed'),
  getAccel: (typeId: string) => get(v.accel, typeId, 'getAccel'),
  getDecel: (typeId: string) => get(v.decel, typeId, 'getDecel'),
  getTau: (typeId: string) => get(v.tau, typeId, 'getTau'),
  getMinGap: (typeId: string) => get(v.minGap, typeId, 'getMinGap'),
  getImperfection: (typeId: string) => get(v.imperfection, typeId, 'getImperfection'),
  getVehicleClass: (typeId: string) => get(v.vehicleClass, typeId, 'getVehicleClass'),
  setLength: double(C.VAR_LENGTH, 'setLength'),
  setMaxSpeed: double(C.VAR_MAXSPEED, 'setMaxSpeed'),
  setAccel: double(C.VAR_ACCEL, 'setAccel'),
  setDecel: double(C.VAR_DECEL, 'setDecel'),
  setTau: double(C.VAR_TAU, 'setTau'),
  setMinGap: double(C.VAR_MINGAP, 'setMinGap'),
  setImperfection: double(C.VAR_IMPERFECTION, 'setImperfection'),
};
