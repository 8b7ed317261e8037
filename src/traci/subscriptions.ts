// Variable subscriptions: SUMO sends the subscribed values of every object with each simulationStep
// answer. A SubscriptionGroup decodes them into typed objects (one per subscribed object), refreshed
// every step; subscription results never outlive the step that produced them (as in SUMO's client).
import { INVALID_DOUBLE_VALUE } from './constants.js';
import type { TraciReader } from './codec.js';
import type { Command, DomainIds, Variable } from './command.js';
import { TraciConnectionError } from './errors.js';

/** Names → variables; the keys become the fields of each decoded result. */
export type VariableSpec = Readonly<Record<string, Variable<unknown>>>;
export type ValuesOf<S extends VariableSpec> = { -readonly [K in keyof S]: S[K] extends Variable<infer T> ? T : never };

/** Whatever decodes the variables of one object in a subscription response. */
interface SubscriptionSink {
  /** Clears the previous step's results. */
  reset(): void;
  /** Reads `count` (varId, status, value) triples of `objectId` and keeps them. */
  read(r: TraciReader, objectId: string, count: number): void;
}

/** Which sink decodes which (response id, object id); shared by all groups of one client. */
export class SubscriptionRegistry {
  private readonly byResponse = new Map<number, Map<string, SubscriptionSink>>();
  private readonly sinks = new Set<SubscriptionSink>();
  /** Values of context subscriptions: response id → ego object → other object → varId → value. */
  readonly context = new Map<number, Map<string, Map<string, Map<number, unknown>>>>();

  register(responseId: number, objectId: string, sink: SubscriptionSink): void {
    let objects = this.byResponse.get(responseId);
    if (!objects) this.byResponse.set(responseId, (objects = new Map()));
    objects.set(objectId, sink);
    this.sinks.add(sink);
  }

  unregister(responseId: number, objectId: string): void {
    this.byResponse.get(responseId)?.delete(objectId);
  }

  /** Called before the results of a new step are read. */
  resetAll(): void {
    for (const sink of this.sinks) sink.reset();
    this.context.clear();
  }

  /** Reads one subscription response command (variable or context) at the reader's position. */
  readResponse(r: TraciReader): { responseId: number; objectId: string } {
    const start = r.offset;
    const length = r.commandLength();
    const responseId = r.ubyte();
    const objectId = r.string();
    if (isContextResponse(responseId)) {
      this.readContext(r, responseId, objectId);
    } else {
      const count = r.ubyte();
      const sink = this.byResponse.get(responseId)?.get(objectId);
      if (sink) sink.read(r, objectId, count);
      else skipVariables(r, count);
    }
    const read = r.offset - start;
    if (read !== length) r.fail(`subscription response 0x${responseId.toString(16)} for "${objectId}" is ${length} bytes but ${read} were read`, start);
    return { responseId, objectId };
  }

  private readContext(r: TraciReader, responseId: number, egoId: string): void {
    r.ubyte(); // domain of the surrounding objects
    const varCount = r.ubyte();
    const objectCount = r.listCount('context object', 4);
    const objects = new Map<string, Map<number, unknown>>();
    for (let i = 0; i < objectCount; i++) {
      const id = r.string();
      const values = new Map<number, unknown>();
      for (let v = 0; v < varCount; v++) {
        const varId = r.ubyte();
        const status = r.ubyte();
        const value = r.typedValue();
        if (status === 0) values.set(varId, value.value);
      }
      objects.set(id, values);
    }
    let egos = this.context.get(responseId);
    if (!egos) this.context.set(responseId, (egos = new Map()));
    egos.set(egoId, objects);
  }
}

// Context subscription responses are 0x90–0x9f (and 0x9x-like ids of newer domains stay below 0xe0).
function isContextResponse(responseId: number): boolean {
  return responseId >= 0x90 && responseId <= 0x9f;
}

function skipVariables(r: TraciReader, count: number): void {
  for (let i = 0; i < count; i++) {
    r.ubyte();
    r.ubyte();
    r.typedValue();
  }
}

/** Encodes a variable subscription command (begin, end, object, variables with their parameters). */
function subscribeCommand<T>(
  domain: DomainIds,
  objectId: string,
  variables: readonly Variable<unknown>[],
  registry: SubscriptionRegistry,
  begin: number,
  end: number,
  result: () => T,
): Command<T> {
  const command: Command<T> = {
    id: domain.subscribe,
    describe: () => `${domain.name}.subscribe(${JSON.stringify(objectId)})`,
    encode(w) {
      const mark = w.beginCommand(domain.subscribe);
      w.double(begin).double(end).string(objectId).ubyte(variables.length);
      for (const v of variables) {
        w.ubyte(v.id);
        v.param?.(w);
      }
      w.endCommand(mark);
    },
    decode(r) {
      // SUMO answers a subscription with the current values, unless the variable list is empty (unsubscribe).
      if (variables.length === 0) {
        registry.unregister(domain.subscribeResponse, objectId);
        return result();
      }
      const answer = registry.readResponse(r);
      if (answer.responseId !== domain.subscribeResponse || answer.objectId !== objectId) {
        throw new TraciConnectionError(`answer for subscription 0x${answer.responseId.toString(16)} "${answer.objectId}" received for ${command.describe()}`);
      }
      return result();
    },
  };
  return command;
}

/**
 * A typed subscription: the same variables for every object added to it. After each simulationStep,
 * `results` holds one decoded object per subscribed object that SUMO reported in that step.
 */
export class SubscriptionGroup<S extends VariableSpec> implements SubscriptionSink {
  readonly results = new Map<string, ValuesOf<S>>();
  /** SUMO's message for variables that could not be read this step, by object id (the value is left out of `results`). */
  readonly errors = new Map<string, string>();
  private readonly keys: readonly string[];
  private readonly variables: readonly Variable<unknown>[];

  constructor(readonly domain: DomainIds, readonly spec: S, private readonly registry: SubscriptionRegistry) {
    this.keys = Object.keys(spec);
    this.variables = this.keys.map((k) => spec[k] as Variable<unknown>);
  }

  /** Subscribes `objectId`; the command's answer is its current values. */
  subscribe(objectId: string, begin = INVALID_DOUBLE_VALUE, end = INVALID_DOUBLE_VALUE): Command<ValuesOf<S> | undefined> {
    this.registry.register(this.domain.subscribeResponse, objectId, this);
    return subscribeCommand(this.domain, objectId, this.variables, this.registry, begin, end, () => this.results.get(objectId));
  }

  /** Ends the subscription of `objectId` (an empty variable list, as SUMO defines it). */
  unsubscribe(objectId: string): Command<void> {
    return subscribeCommand(this.domain, objectId, [], this.registry, INVALID_DOUBLE_VALUE, INVALID_DOUBLE_VALUE, () => {
      this.results.delete(objectId);
    });
  }

  reset(): void {
    this.results.clear();
    this.errors.clear();
  }

  read(r: TraciReader, objectId: string, count: number): void {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < count; i++) {
      const varId = r.ubyte();
      const status = r.ubyte();
      if (status !== 0) {
        this.errors.set(objectId, r.typedString());
        continue;
      }
      // SUMO answers in subscription order; fall back to a search if it ever does not.
      const index = this.variables[i]?.id === varId ? i : this.variables.findIndex((v) => v.id === varId);
      if (index < 0) r.fail(`unexpected variable 0x${varId.toString(16)} in subscription of "${objectId}"`);
      out[this.keys[index] as string] = (this.variables[index] as Variable<unknown>).read(r);
    }
    // The spec fixes the keys and each key's reader, so `out` has exactly the shape ValuesOf<S>.
    this.results.set(objectId, out as ValuesOf<S>);
  }
}

/** Untyped subscriptions by variable id, behind the Python-compatible `domain.subscribe(id, varIds)`. */
export class GenericSubscriptions implements SubscriptionSink {
  readonly results = new Map<string, Map<number, unknown>>();

  constructor(
    readonly domain: DomainIds,
    private readonly known: ReadonlyMap<number, Variable<unknown>>,
    private readonly registry: SubscriptionRegistry,
  ) {}

  subscribe(objectId: string, varIds: readonly number[], begin: number, end: number, params: ReadonlyMap<number, number>): Command<Map<number, unknown> | undefined> {
    const variables = varIds.map((id): Variable<unknown> => {
      const knownVar = this.known.get(id);
      const param = params.get(id);
      const read = knownVar?.read ?? ((r: TraciReader) => r.typedValue().value);
      if (param !== undefined) return { id, read, param: (w) => w.typedDouble(param) };
      return { id, read, ...(knownVar?.param ? { param: knownVar.param } : {}) };
    });
    if (variables.length > 0) this.registry.register(this.domain.subscribeResponse, objectId, this);
    return subscribeCommand(this.domain, objectId, variables, this.registry, begin, end, () => this.results.get(objectId));
  }

  reset(): void {
    this.results.clear();
  }

  read(r: TraciReader, objectId: string, count: number): void {
    const values = new Map<number, unknown>();
    for (let i = 0; i < count; i++) {
      const varId = r.ubyte();
      const status = r.ubyte();
      if (status !== 0) {
        r.typedString();
        continue;
      }
      const variable = this.known.get(varId);
      values.set(varId, variable ? variable.read(r) : r.typedValue().value);
    }
    this.results.set(objectId, values);
  }
}
