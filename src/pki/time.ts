// RFC 5280 §4.1.2.5 Time (UTCTime through 2049, GeneralizedTime from 2050) and RFC 5652 §11.3 signing time.
import { asciiToBytes, bytesToAscii } from '../bytes.js';
import { encodeTlv, type Tlv } from '../tlv/index.js';
import { malformed } from './der-read.js';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Encodes `date` (whole seconds, UTC) as RFC 5280 requires: UTCTime before 2050, GeneralizedTime after. */
export function encodeTime(date: Date): Uint8Array {
  const y = date.getUTCFullYear();
  const rest = `${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
  if (y >= 1950 && y < 2050) return encodeTlv(0x17, asciiToBytes(`${pad(y % 100)}${rest}`));
  return encodeTlv(0x18, asciiToBytes(`${pad(y, 4)}${rest}`));
}

const UTC = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/;
const GEN = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.\d+)?Z$/;

/** Decodes a UTCTime or GeneralizedTime in UTC ('Z'); other forms are malformed per RFC 5280. */
export function decodeTime(node: Tlv, path: string): Date {
  const text = bytesToAscii(node.value);
  const utc = node.tag === 0x17 ? UTC.exec(text) : null;
  const gen = node.tag === 0x18 ? GEN.exec(text) : null;
  const m = utc ?? gen;
  if (!m) malformed(`not an RFC 5280 time: '${text}'`, path, node);
  // RFC 5280 §4.1.2.5.1: a UTCTime year YY >= 50 is 19YY, otherwise 20YY.
  const year = utc ? (Number(m[1]) >= 50 ? 1900 : 2000) + Number(m[1]) : Number(m[1]);
  const [mo, d, h, mi, s] = [m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, mo - 1, d, h, mi, s));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    malformed(`impossible date '${text}'`, path, node);
  }
  return date;
}
