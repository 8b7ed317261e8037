import { CavlabError } from '../errors.js';

/** Any TraCI failure. */
export class TraciError extends CavlabError {}

/** SUMO answered a command with a non-OK status; the connection stays usable. */
export class TraciCommandError extends TraciError {
  constructor(
    readonly commandId: number,
    readonly status: 'error' | 'not implemented',
    readonly sumoMessage: string,
    readonly command: string,
  ) {
    super(`${command} failed (command 0x${commandId.toString(16).padStart(2, '0')}, ${status}): ${sumoMessage}`);
  }
}

/** Bytes that do not follow the protocol (wrong type tag, short message, unexpected answer). */
export class TraciProtocolError extends TraciError {
  constructor(message: string, readonly offset?: number, readonly excerpt?: string) {
    super(offset === undefined ? message : `${message} at offset ${offset}${excerpt ? ` [${excerpt}]` : ''}`);
  }
}

/** The link is dead: closed, desynchronised or timed out. Every later request fails too. */
export class TraciConnectionError extends TraciError {}

/** A request the protocol cannot express (e.g. commands after simulationStep in one message). */
export class TraciUsageError extends TraciError {}

/** SUMO speaks a TraCI API version this client was not written for. */
export class TraciVersionError extends TraciError {
  constructor(readonly apiVersion: number, readonly sumoVersion: string, readonly supported: readonly number[]) {
    super(`SUMO "${sumoVersion}" speaks TraCI API ${apiVersion}; cavlab supports API ${supported.join(', ')} (SUMO 1.15)`);
  }
}
