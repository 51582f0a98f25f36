// ICAO 9303-10 §4.6.1 (EF.COM): LDS version, Unicode version and the tag list of the data groups present.
import { asciiToBytes, copyBytes } from '../bytes.js';
import { CccdError } from '../errors.js';
import { encodeTlv } from '../tlv/index.js';
import { Children, type Decoded, type LdsDecodeOptions, malformed, openFile, readAscii } from './read.js';
import { efByTag } from './registry.js';

export interface EfCom {
  /** LDS version `aabb` (ICAO 9303-10 §4.6.1.1): '0107' for LDS 1.7, '0108' for LDS 1.8. */
  ldsVersion: string;
  /** Unicode version `aabbcc`, e.g. '040000'. */
  unicodeVersion: string;
  /** Tags of the data groups present, in file order (e.g. [0x61, 0x75, 0x6E]). */
  tags: number[];
}

const TAG_COM = 0x60;
const TAG_LDS_VERSION = 0x5f01;
const TAG_UNICODE_VERSION = 0x5f36;
const TAG_LIST = 0x5c;

/**
 * Builds EF.COM.
 *
 * @example
 * buildEfCom({ ldsVersion: '0107', unicodeVersion: '040000', tags: [0x61, 0x75] });
 */
export function buildEfCom(com: EfCom): Uint8Array {
  if (!/^\d{4}$/.test(com.ldsVersion)) throw new CccdError('INVALID_ARGUMENT', 'EF.COM ldsVersion: expected 4 digits');
  if (!/^\d{6}$/.test(com.unicodeVersion))
    throw new CccdError('INVALID_ARGUMENT', 'EF.COM unicodeVersion: expected 6 digits');
  for (const t of com.tags) {
    if (!Number.isInteger(t) || t < 1 || t > 0xfe) throw new CccdError('INVALID_ARGUMENT', `EF.COM tags: ${t}`);
  }
  return encodeTlv(
    TAG_COM,
    encodeTlv(TAG_LDS_VERSION, asciiToBytes(com.ldsVersion)),
    encodeTlv(TAG_UNICODE_VERSION, asciiToBytes(com.unicodeVersion)),
    encodeTlv(TAG_LIST, Uint8Array.from(com.tags)),
  );
}

/** Decodes EF.COM; the versions must be digits and every tag in the list one byte. */
export function decodeEfCom(bytes: Uint8Array, options: LdsDecodeOptions = {}): Decoded<EfCom> {
  const root = openFile(bytes, 'EF.COM', TAG_COM, options);
  const c = new Children(root, 'EF.COM');
  const lds = c.next(TAG_LDS_VERSION, 'ldsVersion');
  const ldsVersion = readAscii(lds, 'EF.COM/ldsVersion');
  if (!/^\d{4}$/.test(ldsVersion)) malformed('EF.COM/ldsVersion', lds.offset, 'expected 4 digits');
  const uni = c.next(TAG_UNICODE_VERSION, 'unicodeVersion');
  const unicodeVersion = readAscii(uni, 'EF.COM/unicodeVersion');
  if (!/^\d{6}$/.test(unicodeVersion)) malformed('EF.COM/unicodeVersion', uni.offset, 'expected 6 digits');
  const list = c.next(TAG_LIST, 'tagList');
  c.end();
  const tags = Array.from(list.value);
  for (const t of tags) {
    if (t === 0 || t === 0xff) malformed('EF.COM/tagList', list.offset, `invalid tag ${t}`);
  }
  return { ldsVersion, unicodeVersion, tags, raw: copyBytes(root.raw) };
}

/** The data group numbers an EF.COM lists (tags the registry does not know are left out). */
export function dataGroupsOfCom(com: EfCom): number[] {
  const out: number[] = [];
  for (const t of com.tags) {
    const n = efByTag(t)?.number;
    if (n !== undefined) out.push(n);
  }
  return out;
}
