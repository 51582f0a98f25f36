// ICAO 9303-11 §9.8.6.1-9.8.6.2 (3DES) and §9.8.7 (AES), terminal side: protect a command APDU, unprotect the
// response. Stateless: the caller passes the SSC already incremented (§9.8.2); session.ts keeps the state.
import { type CommandApdu, command, encodeCommand } from '../apdu/command.js';
import type { ResponseApdu } from '../apdu/response.js';
import { concatBytes, equalBytes } from '../bytes.js';
import { CccdError } from '../errors.js';
import { encodeTlv } from '../tlv/index.js';
import {
  decryptCryptogram,
  encodeCryptogram,
  encodeLeObject,
  paddedHeader,
  parseSmObjects,
  SM_CLA_BITS,
  SM_TAG,
} from './objects.js';
import type { SmSuite } from './suite.js';

/**
 * Protects a command: DO'87'/DO'85' (data), DO'97' (Le), DO'8E' (MAC over SSC || padded header || objects),
 * CLA |= 0C, Le = 00 (or 0000 in the extended form, used when the command or its protected body needs it).
 */
export function protectCommand(suite: SmSuite, ssc: bigint, apdu: CommandApdu): Uint8Array {
  const cla = apdu.cla | SM_CLA_BITS;
  const odd = (apdu.ins & 1) === 1;
  const wantsExtended = apdu.extended || (apdu.ne !== undefined && apdu.ne > 256);
  const cryptogram = apdu.data.length > 0 ? encodeCryptogram(suite, ssc, apdu.data, odd) : new Uint8Array(0);
  const le = apdu.ne === undefined ? new Uint8Array(0) : encodeLeObject(apdu.ne, wantsExtended);
  const objects = concatBytes(cryptogram, le);
  const mac = suite.mac(ssc, concatBytes(paddedHeader(suite, cla, apdu.ins, apdu.p1, apdu.p2), objects));
  const body = concatBytes(objects, encodeTlv(SM_TAG.mac, mac));
  const extended = wantsExtended || body.length > 255;
  return encodeCommand(
    command({ cla, ins: apdu.ins, p1: apdu.p1, p2: apdu.p2, data: body, ne: extended ? 65536 : 256, extended }),
  );
}

/** Status words after which a chip may answer without SM objects: errors that end the SM session. */
export function isUnprotectedError(body: Uint8Array, sw: number): boolean {
  const sw1 = sw >> 8;
  return body.length === 0 && sw !== 0x9000 && sw1 !== 0x61 && sw1 !== 0x62 && sw1 !== 0x63;
}

/**
 * Unprotects a response (§9.8.6.2): checks DO'8E' over SSC || DO'87'/'85' || DO'99' in constant time BEFORE
 * decrypting, then returns the plain data and the status word of DO'99'. SM_MAC_MISMATCH or SM_MALFORMED.
 */
export function unprotectResponse(suite: SmSuite, ssc: bigint, response: ResponseApdu): ResponseApdu {
  const where = 'SM response';
  const dos = parseSmObjects(
    response.data,
    [SM_TAG.cryptogram, SM_TAG.cryptogramOdd, SM_TAG.status, SM_TAG.mac],
    where,
  );
  if (!dos.status) throw new CccdError('SM_MALFORMED', "DO'99' (status) missing", { path: where });
  if (!equalBytes(suite.mac(ssc, dos.macInput), dos.mac.value)) {
    throw new CccdError('SM_MAC_MISMATCH', 'response MAC does not verify', { path: where });
  }
  const status = dos.status.value;
  if (status.length !== 2) throw new CccdError('SM_MALFORMED', "DO'99' is not 2 bytes", { path: where });
  const data = dos.cryptogram
    ? decryptCryptogram(suite, ssc, dos.cryptogram.tag, dos.cryptogram.value, where)
    : new Uint8Array(0);
  return { data, sw: (status[0]! << 8) | status[1]! };
}
