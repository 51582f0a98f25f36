// ISO/IEC 7816-4 §5.3.4 and §7.6.1: GET RESPONSE after 61xx, re-issue with Le = xx after 6Cxx, both bounded.
import { command, decodeCommand, encodeCommand } from '../apdu/command.js';
import { getResponse } from '../apdu/commands.js';
import { concatBytes } from '../bytes.js';
import { CccdError } from '../errors.js';
import type { TransmitOptions, Transport } from './types.js';

export interface GetResponseOptions {
  /**
   * Most GET RESPONSE and re-issue rounds for one command (default 256: enough for 64 KB at 256 bytes per
   * round). A card answering 61xx forever ends with TRANSPORT_LIMIT after this many rounds.
   */
  maxRounds?: number;
  /** Most response data bytes gathered for one command (default 65,536, the extended Ne maximum). */
  maxResponseLength?: number;
}

function limit(message: string): CccdError {
  return new CccdError('TRANSPORT_LIMIT', message, { path: 'GET RESPONSE' });
}

/**
 * Wraps `transport` so that callers never see 61xx or 6Cxx (T=0 cards and some contactless readers use them):
 * on 61xx it sends GET RESPONSE (00 C0 00 00 xx) and concatenates the data; on 6Cxx it sends the same
 * command again with Le = xx. Both are bounded by `maxRounds` and `maxResponseLength` (architecture rule 7).
 *
 * @example
 * const t = withGetResponse(pcsc, { maxRounds: 64 });
 */
export function withGetResponse(transport: Transport, options: GetResponseOptions = {}): Transport {
  const maxRounds = options.maxRounds ?? 256;
  const maxLength = options.maxResponseLength ?? 65536;
  if (!Number.isInteger(maxRounds) || maxRounds < 1) {
    throw new CccdError('INVALID_ARGUMENT', `maxRounds: ${maxRounds} is not a positive integer`);
  }
  if (!Number.isInteger(maxLength) || maxLength < 1) {
    throw new CccdError('INVALID_ARGUMENT', `maxResponseLength: ${maxLength} is not a positive integer`);
  }
  const wrapped: Transport = {
    info: transport.info,
    async transmit(bytes: Uint8Array, hints?: TransmitOptions): Promise<Uint8Array> {
      let response = await transport.transmit(bytes, hints);
      const parts: Uint8Array[] = [];
      let gathered = 0;
      for (let round = 0; ; round++) {
        if (response.length < 2) return response;
        const sw1 = response[response.length - 2] as number;
        const sw2 = response[response.length - 1] as number;
        if (sw1 !== 0x61 && sw1 !== 0x6c) break;
        if (round >= maxRounds) throw limit(`more than ${maxRounds} GET RESPONSE/re-issue rounds`);
        const ne = sw2 === 0 ? 256 : sw2;
        if (sw1 === 0x61) {
          // §5.3.4: the data so far is valid; xx more bytes wait for GET RESPONSE on the same logical channel.
          const data = response.subarray(0, response.length - 2);
          gathered += data.length;
          if (gathered > maxLength) throw limit(`response data exceeds ${maxLength} bytes`);
          parts.push(data);
          const cla = bytes.length > 0 ? (bytes[0] as number) & 0x03 : 0;
          response = await transport.transmit(encodeCommand(getResponse(ne, { cla })), hints);
        } else {
          // §5.3.4: wrong Le; the card says how many bytes it has. Re-issue the very same command with Le = xx.
          const original = decodeCommand(bytes);
          const again = command({ ...original, ne, extended: original.extended });
          response = await transport.transmit(encodeCommand(again), hints);
        }
      }
      if (parts.length === 0) return response;
      const out = concatBytes(...parts, response);
      if (out.length - 2 > maxLength) throw limit(`response data exceeds ${maxLength} bytes`);
      return out;
    },
  };
  if (transport.close) wrapped.close = () => (transport.close as () => Promise<void>).call(transport);
  return wrapped;
}
