// ICAO 9303-10 §4.7.1 (DG1, tag 61): the MRZ as one data element 5F1F, TD1 (90), TD2 (72) or TD3 (88)
// characters without line breaks; the fields are read with the MRZ parser of ICAO 9303-3/-4/-5.
import { asciiToBytes, copyBytes } from '../bytes.js';
import { CccdError } from '../errors.js';
import { type ParsedMrz, parseMrz } from '../mrz/mrz.js';
import { encodeTlv } from '../tlv/index.js';
import { Children, type Decoded, type LdsDecodeOptions, malformed, openFile, readAscii } from './read.js';

export interface Dg1 {
  /** The MRZ lines: 3 x 30 (TD1), 2 x 36 (TD2) or 2 x 44 (TD3). */
  lines: string[];
}

export interface DecodedDg1 extends Decoded<Dg1> {
  /** The MRZ fields and check digit results; undefined when the MRZ does not parse (see `parseError`). */
  parsed?: ParsedMrz;
  parseError?: string;
}

const TAG_DG1 = 0x61;
const TAG_MRZ = 0x5f1f;
/** ICAO 9303-10 §4.7.1: total length -> [lines, width]. */
const SHAPES: ReadonlyMap<number, [number, number]> = new Map([
  [90, [3, 30]],
  [72, [2, 36]],
  [88, [2, 44]],
]);

/**
 * Builds DG1 from the MRZ lines.
 *
 * @example
 * buildDg1({ lines: ['IDVNM0990123459001099012345<<0', '9901018M3901016VNM<<<<<<<<<<<0', 'NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<'] });
 */
export function buildDg1(dg1: Dg1): Uint8Array {
  const text = dg1.lines.join('');
  const shape = SHAPES.get(text.length);
  if (!shape || dg1.lines.length !== shape[0] || dg1.lines.some((l) => l.length !== shape[1])) {
    throw new CccdError('INVALID_ARGUMENT', 'DG1 lines: not 3 x 30, 2 x 36 or 2 x 44 characters');
  }
  if (!/^[A-Z0-9<]*$/.test(text)) throw new CccdError('INVALID_ARGUMENT', 'DG1 lines: characters outside A-Z 0-9 <');
  return encodeTlv(TAG_DG1, encodeTlv(TAG_MRZ, asciiToBytes(text)));
}

/** Decodes DG1; the MRZ must have a TD1, TD2 or TD3 length and the MRZ character set. */
export function decodeDg1(bytes: Uint8Array, options: LdsDecodeOptions = {}): DecodedDg1 {
  const root = openFile(bytes, 'DG1', TAG_DG1, options);
  const c = new Children(root, 'DG1');
  const node = c.next(TAG_MRZ, 'mrz');
  c.end();
  const text = readAscii(node, 'DG1/mrz');
  const shape = SHAPES.get(text.length);
  if (!shape) malformed('DG1/mrz', node.offset, `${text.length} characters is not a TD1, TD2 or TD3 MRZ`);
  const bad = text.search(/[^A-Z0-9<]/);
  if (bad >= 0) malformed('DG1/mrz', node.offset + node.headerLength + bad, 'character outside A-Z 0-9 <');
  const lines = Array.from({ length: shape[0] }, (_, i) => text.slice(i * shape[1], (i + 1) * shape[1]));
  const out: DecodedDg1 = { lines, raw: copyBytes(root.raw) };
  try {
    out.parsed = parseMrz(lines, { checkDigits: 'report' });
  } catch (e) {
    if (!(e instanceof CccdError)) throw e;
    out.parseError = e.message;
  }
  return out;
}
