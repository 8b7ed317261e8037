// A command is a value: how to encode it, and how to read its answer after the status block.
// Commands are built without a connection, so any number of them can share one message.
import { RTYPE_ERR, RTYPE_NOTIMPLEMENTED, RTYPE_OK } from './constants.js';
import { TraciReader } from './codec.js';
import type { TraciWriter } from './codec.js';
import { TraciCommandError, TraciConnectionError } from './errors.js';

export interface Command<T> {
  /** Command id; the status block of the answer must carry the same id. */
  readonly id: number;
  /** Human-readable form for errors, e.g. `vehicle.getSpeed("v0")`; built only on failure. */
  describe(): string;
  encode(w: TraciWriter): void;
  /** Reads what follows the OK status (a response command, step results, or nothing). */
  decode(r: TraciReader): T;
}

/** The result types of a tuple of commands, in order. */
export type ResultsOf<C extends readonly Command<unknown>[]> = { -readonly [K in keyof C]: C[K] extends Command<infer T> ? T : never };

/** How a get/set/subscribe family is addressed (SUMO's Domain: one id set per object kind). */
export interface DomainIds {
  readonly name: string;
  readonly get: number;
  readonly set: number;
  readonly subscribe: number;
  readonly subscribeResponse: number;
  readonly context: number;
  readonly contextResponse: number;
}

/** A variable of a domain: its id, how to read its typed value, and an optional parameter. */
export interface Variable<T> {
  readonly id: number;
  readonly read: (r: TraciReader) => T;
  /** Writes the parameter of a parameterised variable (e.g. the look-ahead of VAR_LEADER). */
  readonly param?: (w: TraciWriter) => void;
}

function quote(s: string): string {
  return JSON.stringify(s);
}

/**
 * Reads one status block and checks it belongs to `command`.
 * Returns the error for a non-OK status; throws TraciConnectionError when the answer is for another command.
 */
export function readStatus(r: TraciReader, command: Command<unknown>): TraciCommandError | undefined {
  const start = r.offset;
  const length = r.commandLength();
  const id = r.ubyte();
  const result = r.ubyte();
  const description = r.string();
  if (id !== command.id) {
    throw new TraciConnectionError(
      `answer for command 0x${id.toString(16)} received while waiting for ${command.describe()} (0x${command.id.toString(16)}); the link is out of sync`,
    );
  }
  const read = r.offset - start;
  if (read < length) r.skip(length - read);
  if (result === RTYPE_OK) return undefined;
  const status = result === RTYPE_NOTIMPLEMENTED ? 'not implemented' : result === RTYPE_ERR ? 'error' : 'error';
  return new TraciCommandError(command.id, status, description, command.describe());
}

/** Reads the header of a get/subscribe response and checks response id, variable and object. */
function readResponseHeader(r: TraciReader, expectedResponse: number, varId: number, objectId: string, command: Command<unknown>): void {
  r.commandLength();
  const response = r.ubyte();
  const gotVar = r.ubyte();
  const gotObject = r.string();
  if (response !== expectedResponse || gotVar !== varId || gotObject !== objectId) {
    throw new TraciConnectionError(
      `answer (0x${response.toString(16)}, var 0x${gotVar.toString(16)}, ${quote(gotObject)}) does not match ${command.describe()}; the link is out of sync`,
    );
  }
}

/** A get command for one variable of one object. */
export function getCommand<T>(domain: DomainIds, variable: Variable<T>, objectId: string, method: string): Command<T> {
  const command: Command<T> = {
    id: domain.get,
    describe: () => `${domain.name}.${method}(${quote(objectId)})`,
    encode(w) {
      const mark = w.beginCommand(domain.get);
      w.ubyte(variable.id);
      w.string(objectId);
      variable.param?.(w);
      w.endCommand(mark);
    },
    decode(r) {
      readResponseHeader(r, domain.get + 0x10, variable.id, objectId, command);
      return variable.read(r);
    },
  };
  return command;
}

/** A set command: variable id, object id, then the typed value written by `value`. */
export function setCommand(domain: DomainIds, varId: number, objectId: string, method: string, value: (w: TraciWriter) => void): Command<void> {
  return {
    id: domain.set,
    describe: () => `${domain.name}.${method}(${quote(objectId)})`,
    encode(w) {
      const mark = w.beginCommand(domain.set);
      w.ubyte(varId);
      w.string(objectId);
      value(w);
      w.endCommand(mark);
    },
    decode() {
      return undefined;
    },
  };
}

/** A command with a bare body and no response command (close, setOrder, load). */
export function plainCommand(id: number, name: string, body?: (w: TraciWriter) => void): Command<void> {
  return {
    id,
    describe: () => name,
    encode(w) {
      const mark = w.beginCommand(id);
      body?.(w);
      w.endCommand(mark);
    },
    decode() {
      return undefined;
    },
  };
}
