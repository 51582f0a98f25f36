// ICAO 9303-10 §4.7.15 and 9303-11 §6.1 (DG15, tag 6F): the Active Authentication public key as a
// SubjectPublicKeyInfo (RSA, or EC with named or explicit curve parameters).
import { copyBytes } from '../bytes.js';
import { encodeTlv } from '../tlv/index.js';
import { decodePublicKeyInfo, encodePublicKeyInfo, type PublicKeyInfo } from './public-key.js';
import { Children, type Decoded, type LdsDecodeOptions, openFile } from './read.js';

export interface Dg15 {
  publicKey: PublicKeyInfo;
}

const TAG_DG15 = 0x6f;

/** Builds DG15: `6F L SubjectPublicKeyInfo`. */
export function buildDg15(dg15: Dg15): Uint8Array {
  return encodeTlv(TAG_DG15, encodePublicKeyInfo(dg15.publicKey));
}

/** Decodes DG15. */
export function decodeDg15(bytes: Uint8Array, options: LdsDecodeOptions = {}): Decoded<Dg15> {
  const root = openFile(bytes, 'DG15', TAG_DG15, options);
  const c = new Children(root, 'DG15');
  const spki = c.next(0x30, 'subjectPublicKeyInfo');
  c.end();
  return { publicKey: decodePublicKeyInfo(spki, 'DG15/subjectPublicKeyInfo'), raw: copyBytes(root.raw) };
}
