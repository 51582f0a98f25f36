// A scripted card side for worked-example tests: it answers each expected command APDU with the published
// response, and fails the test on any command that differs from the script (ISO/IEC 7816-4 bytes compared).
import { fromHex, toHex } from '../../src/bytes.js';
import type { Transport } from '../../src/transport/types.js';

export interface ScriptStep {
  /** The exact command APDU expected (hex), or a predicate for commands with random parts. */
  readonly command: string | ((apdu: Uint8Array) => boolean);
  /** The response APDU returned (hex, data || SW1 SW2). */
  readonly response: string;
}

export interface ScriptedTransport extends Transport {
  /** Every command received, in hex. */
  readonly sent: string[];
  /** Steps not yet consumed. */
  remaining(): number;
}

export function scriptedTransport(steps: readonly ScriptStep[]): ScriptedTransport {
  const queue = [...steps];
  const sent: string[] = [];
  return {
    info: { name: 'script' },
    sent,
    remaining: () => queue.length,
    async transmit(apdu: Uint8Array): Promise<Uint8Array> {
      const hex = toHex(apdu);
      sent.push(hex);
      const step = queue.shift();
      if (!step) throw new Error(`unexpected command ${hex} after the end of the script`);
      const ok = typeof step.command === 'string' ? step.command.toUpperCase() === hex : step.command(apdu);
      if (!ok) throw new Error(`expected ${String(step.command)}, got ${hex}`);
      return fromHex(step.response);
    },
  };
}
