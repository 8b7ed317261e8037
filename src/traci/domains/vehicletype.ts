import * as C from '../constants.js';
import { doubleSetter, domainIds, gettable, gettersOf, idCommands, read } from './common.js';

export const VEHICLETYPE = domainIds('vehicletype', C.CMD_GET_VEHICLETYPE_VARIABLE);

export const vehicletypeVariables = {
  /** m */
  length: gettable('getLength', C.VAR_LENGTH, read.double),
  /** m/s */
  maxSpeed: gettable('getMaxSpeed', C.VAR_MAXSPEED, read.double),
  /** m/s² */
  accel: gettable('getAccel', C.VAR_ACCEL, read.double),
  /** m/s² */
  decel: gettable('getDecel', C.VAR_DECEL, read.double),
  /** Desired time headway, s. */
  tau: gettable('getTau', C.VAR_TAU, read.double),
  /** m */
  minGap: gettable('getMinGap', C.VAR_MINGAP, read.double),
  /** Driver imperfection σ in [0, 1]. */
  imperfection: gettable('getImperfection', C.VAR_IMPERFECTION, read.double),
  vehicleClass: gettable('getVehicleClass', C.VAR_VEHICLECLASS, read.string),
} as const;

const double = (varId: number, method: string) => doubleSetter(VEHICLETYPE, varId, method);

export const vehicletypeCommands = {
  ...idCommands(VEHICLETYPE),
  ...gettersOf(VEHICLETYPE, vehicletypeVariables),
  setLength: double(C.VAR_LENGTH, 'setLength'),
  setMaxSpeed: double(C.VAR_MAXSPEED, 'setMaxSpeed'),
  setAccel: double(C.VAR_ACCEL, 'setAccel'),
  setDecel: double(C.VAR_DECEL, 'setDecel'),
  setTau: double(C.VAR_TAU, 'setTau'),
  setMinGap: double(C.VAR_MINGAP, 'setMinGap'),
  setImperfection: double(C.VAR_IMPERFECTION, 'setImperfection'),
};
