// Shared pieces of the domain modules: typed readers, variable declarations (with their plain getters), the id sets
// and the getter/setter builders bound to one domain.
import type { TraciReader, TraciWriter } from '../codec.js';
import { ID_COUNT, TRACI_ID_LIST } from '../constants.js';
import { getCommand, setCommand } from '../command.js';
import type { Command, DomainIds, Variable } from '../command.js';
import type { Color, Neighbour, Polygon, Position2D, Position3D } from '../values.js';

/** Typed readers for variable answers. */
export const read = {
  ubyte: (r: TraciReader): number => r.typedUbyte(),
  int: (r: TraciReader): number => r.typedInt(),
  double: (r: TraciReader): number => r.typedDouble(),
  string: (r: TraciReader): string => r.typedString(),
  stringList: (r: TraciReader): string[] => r.typedStringList(),
  doubleList: (r: TraciReader): number[] => r.typedDoubleList(),
  position2D: (r: TraciReader): Position2D => r.typedPosition2D(),
  position3D: (r: TraciReader): Position3D => r.typedPosition3D(),
  color: (r: TraciReader): Color => r.typedColor(),
  polygon: (r: TraciReader): Polygon => r.typedPolygon(),
  neighbour: (r: TraciReader): Neighbour => r.typedNeighbour(),
} as const;

export function variable<T>(id: number, reader: (r: TraciReader) => T): Variable<T> {
  return { id, read: reader };
}

/** A variable that a plain getter reads; `getter` is Python traci's name of it (e.g. 'getSpeed'). */
export interface GetterVariable<T, G extends string = string> extends Variable<T> {
  readonly getter: G;
}

/** A variable and its plain getter `(objectId) => Command<T>` in one declaration; `gettersOf` builds the getters. */
export function gettable<const G extends string, T>(getter: G, id: number, reader: (r: TraciReader) => T): GetterVariable<T, G> {
  return { id, read: reader, getter };
}

/** The getters a variable table declares: one per GetterVariable, under its getter's name. */
export type GettersOf<V> = {
  readonly [K in keyof V as V[K] extends GetterVariable<unknown, infer G> ? G : never]: (
    objectId: string,
  ) => Command<V[K] extends Variable<infer T> ? T : never>;
};

function isGetterVariable(entry: unknown): entry is GetterVariable<unknown> {
  return typeof entry === 'object' && entry !== null && 'getter' in entry && typeof entry.getter === 'string';
}

/** The plain getters of `variables` (see `gettable`) bound to `domain`. */
export function gettersOf<V extends Readonly<Record<string, unknown>>>(domain: DomainIds, variables: V): GettersOf<V> {
  const get = getterOf(domain);
  const getters: Record<string, (objectId: string) => Command<unknown>> = {};
  for (const entry of Object.values(variables)) {
    if (isGetterVariable(entry)) getters[entry.getter] = (objectId) => get(entry, objectId, entry.getter);
  }
  // One entry per GetterVariable of `variables`, under its getter's name: GettersOf<V> spelled out.
  return getters as GettersOf<V>;
}

/** A variable that takes a double parameter (look-ahead distance, time, …). */
export function withDouble<T>(id: number, reader: (r: TraciReader) => T, value: number): Variable<T> {
  return { id, read: reader, param: (w: TraciWriter) => w.typedDouble(value) };
}

/** The id set of a domain from its get command id (SUMO keeps the offsets regular). */
export function domainIds(name: string, get: number): DomainIds {
  return { name, get, set: get + 0x20, subscribe: get + 0x30, subscribeResponse: get + 0x40, context: get - 0x20, contextResponse: get - 0x10 };
}

/** `get(domain, variable, id, name)` bound to one domain. */
export function getterOf(domain: DomainIds) {
  return <T>(variable: Variable<T>, objectId: string, method: string): Command<T> => getCommand(domain, variable, objectId, method);
}

/** getIDList / getIDCount, which every domain has (object id ""). */
export function idCommands(domain: DomainIds) {
  const get = getterOf(domain);
  const list = variable(TRACI_ID_LIST, read.stringList);
  const count = variable(ID_COUNT, read.int);
  return {
    getIDList: () => get(list, '', 'getIDList'),
    getIDCount: () => get(count, '', 'getIDCount'),
  };
}

/** `set(varId, id, name, value)` bound to one domain. */
export function setterOf(domain: DomainIds) {
  return (varId: number, objectId: string, method: string, value: (w: TraciWriter) => void): Command<void> =>
    setCommand(domain, varId, objectId, method, value);
}

/** The setter `method(objectId, value)` of a double variable (speed limit, length, …) of `domain`. */
export function doubleSetter(domain: DomainIds, varId: number, method: string) {
  return (objectId: string, value: number): Command<void> => setCommand(domain, varId, objectId, method, (w) => w.typedDouble(value));
}
