// What a TraciClient talks through: one framed TraCI message out, its answer back. The TCP Connection and
// the in-process libsumo link (libsumo-link.ts) both implement it and decode answers with `decodeAnswer`,
// so the same commands give the same typed results and the same errors through either transport.
import { TraciReader } from './codec.js';
import { readStatus } from './command.js';
import type { Command, ResultsOf } from './command.js';
import { CMD_SIMSTEP } from './constants.js';
import type { TraciCommandError } from './errors.js';
import { TraciUsageError } from './errors.js';

export interface TraciLink {
  /**
   * Sends all `commands` in one message and resolves with their results in order. If SUMO rejects a
   * command, the promise rejects with that TraciCommandError (the link stays usable).
   */
  execute<const C extends readonly Command<unknown>[]>(commands: C): Promise<ResultsOf<C>>;
  /** True once the link can no longer be used. */
  readonly isClosed: boolean;
  /** Declares that the link is about to close on purpose (before CMD_CLOSE). */
  expectClose(): void;
  /** Drops the link without telling SUMO. */
  destroy(): void;
}

/** The usage error for a message whose simulationStep is not last, or undefined when the order is fine. */
export function stepOrderError(commands: readonly Command<unknown>[]): TraciUsageError | undefined {
  const stepAt = commands.findIndex((c) => c.id === CMD_SIMSTEP);
  if (stepAt < 0 || stepAt === commands.length - 1) return undefined;
  // SUMO 1.15 runs every other command of a message first and answers the step last.
  return new TraciUsageError('simulationStep must be the last command of a message: SUMO executes the other commands before the step and answers the step last');
}

/** The results of one answered message, or the first command error in it. */
export type Answer = { readonly results: unknown[]; readonly error?: undefined } | { readonly results?: undefined; readonly error: TraciCommandError };

/**
 * Reads SUMO's answer to one message of `commands` (status block, then what each command decodes). Bytes that
 * break the protocol throw a TraciError (TraciProtocolError or TraciConnectionError: the link is then out of
 * sync), never anything untyped (test/traci/decoder-fuzz.test.ts). A pure function of the bytes.
 */
export function decodeAnswer(message: Buffer, commands: readonly Command<unknown>[]): Answer {
  const reader = new TraciReader(message);
  const results: unknown[] = new Array(commands.length);
  let firstError: TraciCommandError | undefined;
  for (let i = 0; i < commands.length; i++) {
    const command = commands[i] as Command<unknown>;
    // After a failed command SUMO may stop answering the rest of the message.
    if (!reader.hasMore() && firstError) break;
    const error = readStatus(reader, command);
    if (error) {
      firstError ??= error;
      continue;
    }
    results[i] = command.decode(reader);
  }
  if (reader.hasMore()) reader.fail(`${reader.remaining} unread bytes after the last answer`);
  return firstError ? { error: firstError } : { results };
}
