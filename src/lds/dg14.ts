// ICAO 9303-10 §4.7.14 (DG14, tag 6E): the SecurityInfos for Chip Authentication and PACE, signed through
// the SOD; the content is BSI TR-03110 Part 3 A.1.2.2 SecurityInfos.
import { copyBytes } from '../bytes.js';
import { encodeTlv } from '../tlv/index.js';
import { Children, type Decoded, type LdsDecodeOptions, openFile } from './read.js';
import { decodeSecurityInfos, encodeSecurityInfos, type SecurityInfo } from './security-infos.js';

export interface Dg14 {
  /** The SecurityInfos in file order (ChipAuthenticationPublicKeyInfo, ChipAuthenticationInfo, ...). */
  infos: SecurityInfo[];
}

const TAG_DG14 = 0x6e;

/** Builds DG14: `6E L 31 L SecurityInfo...`, the infos in the given order. */
export function buildDg14(dg14: Dg14): Uint8Array {
  return encodeTlv(TAG_DG14, encodeSecurityInfos(dg14.infos));
}

/** Decodes DG14; errors name the info (`DG14/SecurityInfos[2]/protocol`). */
export function decodeDg14(bytes: Uint8Array, options: LdsDecodeOptions = {}): Decoded<Dg14> {
  const root = openFile(bytes, 'DG14', TAG_DG14, options);
  const c = new Children(root, 'DG14');
  const set = c.next(0x31, 'SecurityInfos');
  c.end();
  return { infos: decodeSecurityInfos(set, 'DG14/SecurityInfos'), raw: copyBytes(root.raw) };
}
