// ISO/IEC 7816-4 §5.6 (Tables 5 and 6): status words SW1-SW2, one table from which every lookup derives.
import { CccdError, StatusWordError } from '../errors.js';
import type { ResponseApdu } from './response.js';
import { swHex } from './response.js';

/** The four groups of ISO/IEC 7816-4 §5.6 Table 5. */
export type StatusCategory = 'normal' | 'warning' | 'execution-error' | 'checking-error';

export interface StatusWordEntry {
  /** The status word, with the bits outside `mask` set to zero (e.g. 0x6100 for 61xx). */
  readonly sw: number;
  /** Which bits of SW1-SW2 identify the entry: 0xFFFF exact, 0xFF00 for `SW1 xx`, 0xFFF0 for `63Cx`. */
  readonly mask: number;
  readonly category: StatusCategory;
  /** Meaning as ISO/IEC 7816-4 words it; `{n}` stands for the variable part (SW2, or its low nibble). */
  readonly meaning: string;
}

const EXACT = 0xffff;
const SW1_ONLY = 0xff00;
const LOW_NIBBLE = 0xfff0;

/**
 * ISO/IEC 7816-4 §5.6 Table 6 (the entries a chip identity document answers with). Exact entries win over
 * masked ones in {@link lookupStatusWord}, so 6300 is "no information" while 63C2 is a counter.
 */
export const STATUS_WORDS: readonly StatusWordEntry[] = [
  { sw: 0x9000, mask: EXACT, category: 'normal', meaning: 'normal processing, no further qualification' },
  { sw: 0x6100, mask: SW1_ONLY, category: 'normal', meaning: '{n} response bytes still available (GET RESPONSE)' },
  { sw: 0x6200, mask: EXACT, category: 'warning', meaning: 'no information given, non-volatile memory unchanged' },
  { sw: 0x6281, mask: EXACT, category: 'warning', meaning: 'part of the returned data may be corrupted' },
  { sw: 0x6282, mask: EXACT, category: 'warning', meaning: 'end of file or record reached before reading Ne bytes' },
  { sw: 0x6283, mask: EXACT, category: 'warning', meaning: 'selected file deactivated' },
  { sw: 0x6284, mask: EXACT, category: 'warning', meaning: 'file control information not formatted' },
  { sw: 0x6285, mask: EXACT, category: 'warning', meaning: 'selected file in termination state' },
  { sw: 0x6286, mask: EXACT, category: 'warning', meaning: 'no input data available from a sensor' },
  { sw: 0x6300, mask: EXACT, category: 'warning', meaning: 'no information given, non-volatile memory changed' },
  { sw: 0x6381, mask: EXACT, category: 'warning', meaning: 'file filled up by the last write' },
  { sw: 0x63c0, mask: LOW_NIBBLE, category: 'warning', meaning: 'counter: {n} tries left' },
  { sw: 0x6400, mask: EXACT, category: 'execution-error', meaning: 'execution error, non-volatile memory unchanged' },
  { sw: 0x6401, mask: EXACT, category: 'execution-error', meaning: 'immediate response required by the card' },
  { sw: 0x6500, mask: EXACT, category: 'execution-error', meaning: 'execution error, non-volatile memory changed' },
  { sw: 0x6581, mask: EXACT, category: 'execution-error', meaning: 'memory failure' },
  { sw: 0x6600, mask: SW1_ONLY, category: 'execution-error', meaning: 'security-related issue' },
  { sw: 0x6700, mask: EXACT, category: 'checking-error', meaning: 'wrong length' },
  { sw: 0x6800, mask: EXACT, category: 'checking-error', meaning: 'functions in CLA not supported' },
  { sw: 0x6881, mask: EXACT, category: 'checking-error', meaning: 'logical channel not supported' },
  { sw: 0x6882, mask: EXACT, category: 'checking-error', meaning: 'secure messaging not supported' },
  { sw: 0x6883, mask: EXACT, category: 'checking-error', meaning: 'last command of the chain expected' },
  { sw: 0x6884, mask: EXACT, category: 'checking-error', meaning: 'command chaining not supported' },
  { sw: 0x6900, mask: EXACT, category: 'checking-error', meaning: 'command not allowed, no information given' },
  { sw: 0x6981, mask: EXACT, category: 'checking-error', meaning: 'command incompatible with file structure' },
  { sw: 0x6982, mask: EXACT, category: 'checking-error', meaning: 'security status not satisfied' },
  { sw: 0x6983, mask: EXACT, category: 'checking-error', meaning: 'authentication method blocked' },
  { sw: 0x6984, mask: EXACT, category: 'checking-error', meaning: 'reference data not usable' },
  { sw: 0x6985, mask: EXACT, category: 'checking-error', meaning: 'conditions of use not satisfied' },
  { sw: 0x6986, mask: EXACT, category: 'checking-error', meaning: 'command not allowed (no current EF)' },
  { sw: 0x6987, mask: EXACT, category: 'checking-error', meaning: 'expected secure messaging data objects missing' },
  { sw: 0x6988, mask: EXACT, category: 'checking-error', meaning: 'incorrect secure messaging data objects' },
  { sw: 0x6a00, mask: EXACT, category: 'checking-error', meaning: 'wrong parameters P1-P2, no information given' },
  { sw: 0x6a80, mask: EXACT, category: 'checking-error', meaning: 'incorrect parameters in the command data field' },
  { sw: 0x6a81, mask: EXACT, category: 'checking-error', meaning: 'function not supported' },
  { sw: 0x6a82, mask: EXACT, category: 'checking-error', meaning: 'file or application not found' },
  { sw: 0x6a83, mask: EXACT, category: 'checking-error', meaning: 'record not found' },
  { sw: 0x6a84, mask: EXACT, category: 'checking-error', meaning: 'not enough memory space in the file' },
  { sw: 0x6a85, mask: EXACT, category: 'checking-error', meaning: 'Nc inconsistent with TLV structure' },
  { sw: 0x6a86, mask: EXACT, category: 'checking-error', meaning: 'incorrect parameters P1-P2' },
  { sw: 0x6a87, mask: EXACT, category: 'checking-error', meaning: 'Nc inconsistent with parameters P1-P2' },
  { sw: 0x6a88, mask: EXACT, category: 'checking-error', meaning: 'referenced data or reference data not found' },
  { sw: 0x6a89, mask: EXACT, category: 'checking-error', meaning: 'file already exists' },
  { sw: 0x6a8a, mask: EXACT, category: 'checking-error', meaning: 'DF name already exists' },
  { sw: 0x6b00, mask: EXACT, category: 'checking-error', meaning: 'wrong parameters P1-P2 (offset outside the EF)' },
  { sw: 0x6c00, mask: SW1_ONLY, category: 'checking-error', meaning: 'wrong Le field: {n} data bytes available' },
  { sw: 0x6d00, mask: EXACT, category: 'checking-error', meaning: 'instruction code not supported or invalid' },
  { sw: 0x6e00, mask: EXACT, category: 'checking-error', meaning: 'class not supported' },
  { sw: 0x6f00, mask: EXACT, category: 'checking-error', meaning: 'no precise diagnosis' },
];

const exact = new Map<number, StatusWordEntry>();
const masked: StatusWordEntry[] = [];
for (const e of STATUS_WORDS) e.mask === EXACT ? exact.set(e.sw, e) : masked.push(e);

function checkSw(sw: number): number {
  if (!Number.isInteger(sw) || sw < 0 || sw > 0xffff) {
    throw new CccdError('INVALID_ARGUMENT', `sw: ${sw} is not a 16-bit status word`);
  }
  return sw;
}

/** The table entry for `sw`, or undefined for a status word ISO/IEC 7816-4 does not list here. */
export function lookupStatusWord(sw: number): StatusWordEntry | undefined {
  checkSw(sw);
  return exact.get(sw) ?? masked.find((e) => (sw & e.mask) === e.sw);
}

/**
 * ISO/IEC 7816-4 §5.6 Table 5 groups by SW1: 90/61 normal, 62/63 warning, 64-66 execution error, 67-6F
 * checking error. Undefined outside those values (a proprietary or malformed status word).
 */
export function statusCategory(sw: number): StatusCategory | undefined {
  const sw1 = checkSw(sw) >> 8;
  if (sw1 === 0x90 || sw1 === 0x61) return 'normal';
  if (sw1 === 0x62 || sw1 === 0x63) return 'warning';
  if (sw1 >= 0x64 && sw1 <= 0x66) return 'execution-error';
  if (sw1 >= 0x67 && sw1 <= 0x6f) return 'checking-error';
  return undefined;
}

/**
 * `6A82 file or application not found`, `63C2 counter: 2 tries left`; a status word outside the table is
 * described by its group (or as proprietary), never thrown on.
 *
 * @example
 * describeStatusWord(0x6982); // '6982 security status not satisfied'
 */
export function describeStatusWord(sw: number): string {
  const entry = lookupStatusWord(sw);
  const hex = swHex(sw);
  if (entry) {
    const n = entry.mask === LOW_NIBBLE ? sw & 0x0f : sw & 0xff;
    return `${hex} ${entry.meaning.replace('{n}', String(entry.mask === SW1_ONLY && n === 0 ? 256 : n))}`;
  }
  const category = statusCategory(sw);
  return category ? `${hex} ${category.replace('-', ' ')} (not in ISO/IEC 7816-4 Table 6)` : `${hex} proprietary`;
}

/**
 * True only for 9000. A 61xx answer is "normal processing" in §5.6 but its data is incomplete until GET
 * RESPONSE fetched the rest (see withGetResponse), so treating it as success would accept truncated data.
 */
export function isSuccess(sw: number): boolean {
  return checkSw(sw) === 0x9000;
}

/**
 * Returns the response data when the status word is 9000 (or one of `accept`), otherwise throws
 * StatusWordError naming `command`. Protocol code calls this after every exchange: fail closed.
 */
export function requireSuccess(response: ResponseApdu, command: string, accept: readonly number[] = []): Uint8Array {
  if (response.sw === 0x9000 || accept.includes(response.sw)) return response.data;
  throw new StatusWordError(response.sw, command, `${command} answered ${describeStatusWord(response.sw)}`);
}
