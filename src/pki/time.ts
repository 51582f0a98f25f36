// RFC 5280 §4.1.2.5 Time (UTCTime through 2049, GeneralizedTime from 2050) and RFC 5652 §11.3 signing time.
import { bytesToAscii } from '../bytes.js';
import { CccdError } from '../errors.js';
import type { Tlv } from '../tlv/index.js';
import { malformed } from './der-read.js';

/**
 * Encodes `date` (whole seconds, UTC) as RFC 5280 §4.1.2.5 requires: UTCTime YYMMDDHHMMSSZ before 2050,
 * GeneralizedTime YYYYMMDDHHMMSSZ from 2050. Written digit by digit: every EF.SOD carries a signing time.
 */
export function encodeTime(date: Date): Uint8Array {
  const y = date.getUTCFullYear();
  if (!(y >= 0 && y <= 9999)) throw new CccdError('INVALID_ARGUMENT', `time: year ${y} is outside 0000..9999`);
  const utc = y >= 1950 && y < 2050;
  const out = new Uint8Array(utc ? 15 : 17);
  out[0] = utc ? 0x17 : 0x18;
  out[1] = out.length - 2;
  let at = utc ? putDigits(out, 2, y % 100, 2) : putDigits(out, 2, y, 4);
  at = putDigits(out, at, date.getUTCMonth() + 1, 2);
  at = putDigits(out, at, date.getUTCDate(), 2);
  at = putDigits(out, at, date.getUTCHours(), 2);
  at = putDigits(out, at, date.getUTCMinutes(), 2);
  at = putDigits(out, at, date.getUTCSeconds(), 2);
  out[at] = 0x5a; // Z
  return out;
}

/** Writes `n` as `width` ASCII digits at out[at]; returns the position after them. */
function putDigits(out: Uint8Array, at: number, n: number, width: number): number {
  for (let i = width - 1; i >= 0; i--, n = Math.floor(n / 10)) out[at + i] = 0x30 + (n % 10);
  return at + width;
}

/** The decimal number in bytes[from, from + n), or -1 when a byte is not an ASCII digit. */
function digits(bytes: Uint8Array, from: number, n: number): number {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const c = (bytes[i] as number) - 0x30;
    if (!(c >= 0 && c <= 9)) return -1;
    v = v * 10 + c;
  }
  return v;
}

function bad(node: Tlv, path: string, why = 'not an RFC 5280 time'): never {
  return malformed(`${why}: '${bytesToAscii(node.value)}'`, path, node);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * Decodes a UTCTime (YYMMDDHHMM[SS]Z) or GeneralizedTime (YYYYMMDDHHMMSS[.fff]Z) in UTC; other forms are
 * malformed per RFC 5280 §4.1.2.5. Read from the bytes by hand: a signing time is decoded in every EF.SOD.
 */
export function decodeTime(node: Tlv, path: string): Date {
  const b = node.value;
  const n = b.length;
  if (b[n - 1] !== 0x5a /* Z */) bad(node, path);
  let year: number;
  let at: number;
  let s: number;
  if (node.tag === 0x17 && (n === 11 || n === 13)) {
    const yy = digits(b, 0, 2);
    // RFC 5280 §4.1.2.5.1: a UTCTime year YY >= 50 is 19YY, otherwise 20YY.
    year = yy < 0 ? -1 : (yy >= 50 ? 1900 : 2000) + yy;
    at = 2;
    s = n === 13 ? digits(b, 10, 2) : 0;
  } else if (node.tag === 0x18 && n >= 15) {
    year = digits(b, 0, 4);
    at = 4;
    s = digits(b, 12, 2);
    // Fractional seconds: '.' and at least one digit, then Z.
    if (n > 15 && (b[14] !== 0x2e || n < 17 || digits(b, 15, n - 16) < 0)) bad(node, path);
  } else return bad(node, path);
  const mo = digits(b, at, 2);
  const d = digits(b, at + 2, 2);
  const h = digits(b, at + 4, 2);
  const mi = digits(b, at + 6, 2);
  if (year < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0) bad(node, path);
  const days = mo === 2 && leap(year) ? 29 : (DAYS_IN_MONTH[mo - 1] ?? 0);
  if (mo < 1 || d < 1 || d > days || h > 23 || mi > 59 || s > 59) bad(node, path, 'impossible date');
  const date = new Date(Date.UTC(year, mo - 1, d, h, mi, s));
  if (year < 100) date.setUTCFullYear(year);
  return date;
}

const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/**
 * The same text as Date.prototype.toISOString (e.g. 2026-12-06T04:13:41.000Z), in well under half its time for
 * years 0..9999: passive authentication states the time it checked at in every verdict.
 */
export function isoTime(d: Date): string {
  const y = d.getUTCFullYear();
  if (!(y >= 0 && y <= 9999)) return d.toISOString();
  const ms = d.getUTCMilliseconds();
  const date = `${String(y).padStart(4, '0')}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return `${date}T${time}.${ms < 10 ? `00${ms}` : ms < 100 ? `0${ms}` : ms}Z`;
}
