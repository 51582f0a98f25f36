// ISO/IEC 7816-4 §5.1: one command-response pair over a Transport, as typed APDUs rather than bytes.
import { type CommandApdu, encodeCommand } from '../apdu/command.js';
import { decodeResponse, type ResponseApdu } from '../apdu/response.js';
import { requireSuccess } from '../apdu/status-words.js';
import type { TransmitOptions, Transport } from './types.js';

/** Encodes `command`, sends it and decodes the response (APDU_INVALID when it has no status word). */
export async function transmitCommand(
  transport: Transport,
  command: CommandApdu,
  options?: TransmitOptions,
): Promise<ResponseApdu> {
  return decodeResponse(await transport.transmit(encodeCommand(command), options));
}

/**
 * Sends `command` and returns its response data when the card answers 9000 (or one of `accept`); any other
 * status word throws StatusWordError naming `name`.
 *
 * @example
 * await transmitExpectingSuccess(transport, selectApplication(fromHex('A0000002471001')), { name: 'SELECT LDS1' });
 */
export async function transmitExpectingSuccess(
  transport: Transport,
  command: CommandApdu,
  options: TransmitOptions & { name: string; accept?: readonly number[] },
): Promise<Uint8Array> {
  const response = await transmitCommand(transport, command, options);
  return requireSuccess(response, options.name, options.accept);
}
