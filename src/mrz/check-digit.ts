// ICAO 9303-3 §4.9: check digits over MRZ fields (weights 7-3-1, '<' = 0, A..Z = 10..35).
import { CccdError } from '../errors.js';

/** ICAO 9303-3: the MRZ character set is A-Z, 0-9 and the filler '<'. */
export const MRZ_CHARSET = /^[A-Z0-9<]*$/;

const WEIGHTS = [7, 3, 1] as const;

/** The value of one MRZ character in the check digit sum (ICAO 9303-3 §4.9.1). */
export function mrzCharValue(ch: string): number {
  const c = ch.charCodeAt(0);
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x5a) return c - 0x41 + 10;
  if (ch === '<') return 0;
  throw new CccdError('MRZ_INVALID', `character '${ch}' is not in the MRZ character set`);
}

/**
 * The check digit of an MRZ field or of the composite string.
 *
 * @example
 * checkDigit('520727'); // '3' (ICAO 9303-3 App. A, example 1)
 */
export function checkDigit(value: string): string {
  if (typeof value !== 'string') throw new CccdError('INVALID_ARGUMENT', 'checkDigit: expected a string');
  let sum = 0;
  for (let i = 0; i < value.length; i++) sum += mrzCharValue(value[i] as string) * (WEIGHTS[i % 3] as number);
  return String(sum % 10);
}
