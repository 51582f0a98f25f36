// ICAO 9303-11 §9.8, card side: unprotect a command, protect the response. Written apart from the terminal's
// state (architecture.md rule 5) on the same suite primitives, so the vectors pin both directions.
import { type CommandApdu, command, decodeCommand } from '../apdu/command.js';
import { encodeResponse, type ResponseApdu } from '../apdu/response.js';
import { concatBytes, equalBytes } from '../bytes.js';
import { CccdError } from '../errors.js';
import { encodeTlv } from '../tlv/index.js';
import { decryptCryptogram, encodeCryptogram, paddedHeader, parseSmObjects, SM_CLA_BITS, SM_TAG } from './objects.js';
import type { SmSuite } from './suite.js';

/**
 * Unprotects a command received by the chip: the CLA must carry 0C, DO'8E' must verify over SSC || padded header
 * || DO'87'/'85' || DO'97' (checked in constant time before decrypting). Returns the plain command with CLA & ~0C.
 */
export function unprotectCommand(suite: SmSuite, ssc: bigint, bytes: Uint8Array): CommandApdu {
  const where = 'SM command';
  let apdu: CommandApdu;
  try {
    apdu = decodeCommand(bytes);
  } catch (cause) {
    throw new CccdError('SM_MALFORMED', 'protected command is not a valid APDU', { path: where, cause });
  }
  if ((apdu.cla & SM_CLA_BITS) !== SM_CLA_BITS) {
    throw new CccdError('SM_MALFORMED', 'CLA does not indicate secure messaging', { path: where });
  }
  const dos = parseSmObjects(apdu.data, [SM_TAG.cryptogram, SM_TAG.cryptogramOdd, SM_TAG.le, SM_TAG.mac], where);
  const header = paddedHeader(suite, apdu.cla, apdu.ins, apdu.p1, apdu.p2);
  if (!equalBytes(suite.mac(ssc, concatBytes(header, dos.macInput)), dos.mac.value)) {
    throw new CccdError('SM_MAC_MISMATCH', 'command MAC does not verify', { path: where });
  }
  const data = dos.cryptogram
    ? decryptCryptogram(suite, ssc, dos.cryptogram.tag, dos.cryptogram.value, where)
    : new Uint8Array(0);
  let ne: number | undefined;
  // A two-byte DO'97' means an extended plain command; without DO'97' the wire form is all that tells.
  const extended = dos.le ? dos.le.value.length === 2 : apdu.extended;
  if (dos.le) {
    const v = dos.le.value;
    if (v.length === 1) ne = v[0] === 0 ? 256 : v[0];
    else if (v.length === 2) ne = (v[0]! << 8) | v[1]! || 65536;
    else throw new CccdError('SM_MALFORMED', "DO'97' is not 1 or 2 bytes", { path: where });
  }
  try {
    return command({ cla: apdu.cla & ~SM_CLA_BITS, ins: apdu.ins, p1: apdu.p1, p2: apdu.p2, data, ne, extended });
  } catch (cause) {
    throw new CccdError('SM_MALFORMED', 'protected command decodes to an invalid APDU', { path: where, cause });
  }
}

/** Options of the card-side response protection. */
export interface ProtectResponseOptions {
  /** INS of the command answered: odd INS answers carry data in DO'85' (ICAO 9303-11 §9.8.4). Default even. */
  ins?: number;
}

/** Protects a response: DO'87'/'85' (data, if any), DO'99' (status), DO'8E' (MAC); the outer SW repeats DO'99'. */
export function protectResponse(
  suite: SmSuite,
  ssc: bigint,
  response: ResponseApdu,
  options: ProtectResponseOptions = {},
): Uint8Array {
  const odd = ((options.ins ?? 0) & 1) === 1;
  const cryptogram = response.data.length > 0 ? encodeCryptogram(suite, ssc, response.data, odd) : new Uint8Array(0);
  const status = encodeTlv(SM_TAG.status, Uint8Array.of((response.sw >> 8) & 0xff, response.sw & 0xff));
  const objects = concatBytes(cryptogram, status);
  const mac = suite.mac(ssc, objects);
  return encodeResponse(concatBytes(objects, encodeTlv(SM_TAG.mac, mac)), response.sw);
}
