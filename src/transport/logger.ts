// Logging transport (architecture rule 2): ISO/IEC 7816-4 exchanges as text lines, secrets redacted to their length.
import { describeStatusWord } from '../apdu/status-words.js';
import { CccdError } from '../errors.js';
import { isSecretExchange } from './secrets.js';
import { commandText, responseText } from './transcript.js';
import type { TransmitOptions, Transport } from './types.js';

export interface LoggerOptions {
  /** Receives one line per command, response or error (e.g. `console.error`, a file writer). */
  log: (line: string) => void;
  /** Clock in milliseconds for the round-trip times (default `performance.now`). */
  now?: () => number;
  /** Marks more commands secret than the built-in table and `transmit` hints do. */
  isSecret?: (command: Uint8Array) => boolean;
}

/**
 * Wraps `transport` and logs each exchange: `> command`, then `< response  SW meaning  (t ms)` or `! CODE message`.
 * Secret exchanges (VERIFY, PUT DATA, a `{ secret: true }` hint, `isSecret`) show `[secret N bytes]` instead of
 * their data; keys, PINs and the CAN therefore never reach the log.
 *
 * @example
 * const t = withLogger(pcsc, { log: (line) => process.stderr.write(`${line}\n`) });
 */
export function withLogger(transport: Transport, options: LoggerOptions): Transport {
  if (typeof options?.log !== 'function') throw new CccdError('INVALID_ARGUMENT', 'log: expected a function');
  const now = options.now ?? (() => performance.now());
  const wrapped: Transport = {
    info: transport.info,
    async transmit(command: Uint8Array, hints?: TransmitOptions): Promise<Uint8Array> {
      const secret = isSecretExchange(command, hints, options.isSecret);
      options.log(`${hints?.step ? `[${hints.step}] ` : ''}> ${commandText(command, secret)}`);
      const t0 = now();
      try {
        const response = await transport.transmit(command, hints);
        const elapsed = (now() - t0).toFixed(2);
        const sw =
          response.length >= 2 ? ((response[response.length - 2] as number) << 8) | (response.at(-1) as number) : -1;
        const meaning = sw < 0 ? 'no status word' : describeStatusWord(sw);
        options.log(`< ${responseText(response, secret)}  ${meaning}  (${elapsed} ms)`);
        return response;
      } catch (e) {
        const code = e instanceof CccdError ? e.code : 'ERROR';
        options.log(`! ${code} ${e instanceof Error ? e.message : String(e)}`);
        throw e;
      }
    },
  };
  if (transport.close) wrapped.close = () => (transport.close as () => Promise<void>).call(transport);
  return wrapped;
}
