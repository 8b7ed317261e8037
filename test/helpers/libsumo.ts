// Shared by the libsumo transport tests: whether the addon is here, and why not (printed once per file).
import { resolveTransport } from '../../src/sumo/transport.js';

/** Undefined when the libsumo addon loads; else the reason the libsumo tests skip. */
export function libsumoSkipReason(file: string): string | undefined {
  const { transport, reason } = resolveTransport('auto');
  if (transport === 'libsumo') return undefined;
  console.log(`${file}: libsumo tests skipped: ${reason}`);
  return reason;
}
