// ISO/IEC 7816-4 §5.1.1.1 command chaining as a Transport wrapper, for links without extended length.

import { splitChain } from '../apdu/chaining.js';
import { decodeCommand, encodeCommand } from '../apdu/command.js';
import { CccdError } from '../errors.js';
import type { TransmitOptions, Transport } from './types.js';

export interface CommandChainingOptions {
  /**
   * Largest data field sent in one APDU. Default: 255 unless the transport reports extended length, then
   * its maxCommandLength less the 9 bytes of header and extended Lc/Le (or 65,535).
   */
  maxData?: number;
}

/**
 * Wraps `transport` so that a command whose data exceeds `maxData` goes out as a chain (CLA bit '10' on all but
 * the last APDU). Each intermediate answer must be 9000; any other (6883, 6884, ...) is returned to the caller
 * at once, since the card refused the chain. The last APDU's response is returned.
 */
export function withCommandChaining(transport: Transport, options: CommandChainingOptions = {}): Transport {
  const info = transport.info;
  const maxData =
    options.maxData ??
    (info.extendedLength ? Math.min(65535, info.maxCommandLength ? info.maxCommandLength - 9 : 65535) : 255);
  if (!Number.isInteger(maxData) || maxData < 1) throw new CccdError('INVALID_ARGUMENT', `maxData: ${maxData}`);
  const wrapped: Transport = {
    info,
    async transmit(bytes: Uint8Array, hints?: TransmitOptions): Promise<Uint8Array> {
      // Short commands (at most 4 + 1 + 255 + 1 bytes) never need a chain; skip decoding them.
      if (bytes.length <= 5 + Math.min(maxData, 255)) return transport.transmit(bytes, hints);
      const links = splitChain(decodeCommand(bytes), { maxData });
      if (links.length === 1) return transport.transmit(bytes, hints);
      for (let i = 0; i < links.length - 1; i++) {
        const response = await transport.transmit(encodeCommand(links[i] as (typeof links)[number]), hints);
        const n = response.length;
        if (n < 2 || response[n - 2] !== 0x90 || response[n - 1] !== 0x00) return response;
      }
      return transport.transmit(encodeCommand(links[links.length - 1] as (typeof links)[number]), hints);
    },
  };
  if (transport.close) wrapped.close = () => (transport.close as () => Promise<void>).call(transport);
  return wrapped;
}
