// ISO/IEC 7816-4 §5.1 command-response pairs as the terminal side of ICAO 9303-11 protocols sends them:
// every unexpected status word becomes a ProtocolError naming the protocol, the step and the status word.
import { type CommandApdu, encodeCommand } from '../apdu/command.js';
import { decodeResponse, swHex } from '../apdu/response.js';
import { CccdError, ProtocolError } from '../errors.js';
import type { Transport } from '../transport/types.js';

/** ICAO 9303-11 §4.4.4.2: a chip that rejects the password answers 6300 (or 63Cx with tries left). */
export function isWrongPassword(sw: number | undefined): boolean {
  return sw === 0x6300 || (sw !== undefined && (sw & 0xfff0) === 0x63c0);
}

/**
 * Sends one command and returns the response data when the chip answers 9000. Any other status word, or a
 * transport failure, ends the protocol with AUTH_FAILED at `step` (the status word kept on the error).
 */
export async function exchange(
  transport: Transport,
  apdu: CommandApdu,
  protocol: string,
  step: string,
): Promise<Uint8Array> {
  let raw: Uint8Array;
  try {
    raw = await transport.transmit(encodeCommand(apdu));
  } catch (cause) {
    // A transport or secure messaging failure (reader gone, MAC mismatch) keeps its own code: it is not a
    // verdict on the chip; the step is still named.
    const code = cause instanceof CccdError ? cause.code : 'TRANSPORT_FAILED';
    throw new ProtocolError(code, protocol, step, 'the command could not be exchanged', { cause });
  }
  let response: ReturnType<typeof decodeResponse>;
  try {
    response = decodeResponse(raw);
  } catch (cause) {
    throw new ProtocolError('AUTH_FAILED', protocol, step, 'malformed response APDU', { cause });
  }
  if (response.sw !== 0x9000) {
    throw new ProtocolError('AUTH_FAILED', protocol, step, `the chip answered ${swHex(response.sw)}`, {
      sw: response.sw,
    });
  }
  return response.data;
}
