// ICAO 9303-11 §9.2.9 / BSI TR-03110 Part 3 A.1.2.1 (EF.CardAccess): the SecurityInfos a terminal reads
// before any access control, to learn which PACE (and CA/TA) variants the chip supports.
import { copyBytes } from '../bytes.js';
import { type Decoded, type LdsDecodeOptions, openFile } from './read.js';
import { decodeSecurityInfos, encodeSecurityInfos, type SecurityInfo } from './security-infos.js';

export interface CardAccess {
  /** The SecurityInfos in file order. */
  infos: SecurityInfo[];
}

/**
 * Builds EF.CardAccess from SecurityInfos, in the given order.
 *
 * @example
 * buildCardAccess({ infos: [{ type: 'PACEInfo', protocol: oid('id-PACE-ECDH-GM-AES-CBC-CMAC-128'), version: 2, parameterId: 13 }] });
 */
export function buildCardAccess(file: CardAccess): Uint8Array {
  return encodeSecurityInfos(file.infos);
}

/** Decodes EF.CardAccess (a SecurityInfos SET, ICAO 9303-11 §9.2.9). */
export function decodeCardAccess(bytes: Uint8Array, options: LdsDecodeOptions = {}): Decoded<CardAccess> {
  const root = openFile(bytes, 'EF.CardAccess', 0x31, options);
  return { infos: decodeSecurityInfos(root, 'EF.CardAccess/SecurityInfos'), raw: copyBytes(root.raw) };
}
