// Byte helpers for the platform-free core: every API takes and returns Uint8Array (a Buffer is accepted
// as input because it is one, but never returned).
import { CccdError } from './errors.js';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0').toUpperCase());

/** Throws INVALID_ARGUMENT unless `value` is a Uint8Array (of `length` bytes when given). */
export function abytes(value: unknown, title = 'bytes', length?: number): Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new CccdError('INVALID_ARGUMENT', `${title}: expected Uint8Array, got ${describe(value)}`);
  }
  if (length !== undefined && value.length !== length) {
    throw new CccdError('INVALID_ARGUMENT', `${title}: expected ${length} bytes, got ${value.length}`);
  }
  return value;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Uppercase hex without separators, the notation of the ICAO worked examples. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i] as number];
  return out;
}

/** Parses hex; whitespace and ':' separators are ignored so that spec listings can be pasted. */
export function fromHex(hex: string): Uint8Array {
  if (typeof hex !== 'string') throw new CccdError('INVALID_ARGUMENT', `hex: expected string, got ${describe(hex)}`);
  const clean = hex.replace(/[\s:]/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) {
    throw new CccdError('INVALID_ARGUMENT', 'hex: not an even-length hexadecimal string');
  }
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/**
 * Constant-time equality for MACs, authentication tokens and cryptograms (ICAO 9303-11 §9.8: the MAC is
 * checked before anything else, and a timing difference must not reveal how many bytes matched).
 * Length is not secret: different lengths return false at once.
 */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

/** ASCII/Latin-1 text to bytes (MRZ, ISO 7816 file contents); rejects characters above U+00FF. */
export function asciiToBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) throw new CccdError('INVALID_ARGUMENT', `text: character at ${i} is not Latin-1`);
    out[i] = c;
  }
  return out;
}

export function bytesToAscii(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i] as number);
  return s;
}

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

export function utf8ToBytes(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

/** Strict UTF-8 decoding: malformed sequences throw instead of becoming U+FFFD. */
export function bytesToUtf8(bytes: Uint8Array): string {
  try {
    return utf8Decoder.decode(bytes);
  } catch (cause) {
    throw new CccdError('INVALID_ARGUMENT', 'bytes are not valid UTF-8', { cause });
  }
}

/** Big-endian unsigned integer of `length` bytes (fixed width, as ICAO field elements need). */
export function numberToBytes(value: number | bigint, length: number): Uint8Array {
  let v = BigInt(value);
  if (v < 0n) throw new CccdError('INVALID_ARGUMENT', 'numberToBytes: negative value');
  const out = new Uint8Array(length);
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  if (v !== 0n) throw new CccdError('INVALID_ARGUMENT', `numberToBytes: value does not fit in ${length} bytes`);
  return out;
}

export function bytesToBigInt(bytes: Uint8Array): bigint {
  let v = 0n;
  for (let i = 0; i < bytes.length; i++) v = (v << 8n) | BigInt(bytes[i] as number);
  return v;
}

/** Minimal big-endian encoding of a non-negative bigint (at least one byte). */
export function bigIntToBytes(value: bigint): Uint8Array {
  if (value < 0n) throw new CccdError('INVALID_ARGUMENT', 'bigIntToBytes: negative value');
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return fromHex(hex);
}

/** Copies a view so that callers can keep it after the source buffer is reused or wiped. */
export function copyBytes(bytes: Uint8Array): Uint8Array {
  return Uint8Array.prototype.slice.call(bytes);
}

/** Overwrites key material in place once it is no longer needed. */
export function wipe(...buffers: Uint8Array[]): void {
  for (const b of buffers) b.fill(0);
}

// V8 gives every typed array over 64 bytes its own backing store, which costs about a microsecond (allocation and
// garbage-collector bookkeeping, measured on Node 20): as much as the rest of encoding an EF.SOD attribute. Public
// encodings up to 2 KB (DER of signatures, signed attributes, EF.SOD, certificates) are therefore views carved from
// shared 16 KB slabs, as Node's own Buffer pool does. Never for secrets: a view's `.buffer` reaches its neighbours.
const SLAB_BYTES = 16 * 1024;
const SLAB_MAX = 2048;
let slab = new ArrayBuffer(0);
let slabUsed = 0;

/** A zeroed Uint8Array of `length` bytes for public data (see above); larger requests get their own buffer. */
export function allocPublic(length: number): Uint8Array {
  if (length > SLAB_MAX) return new Uint8Array(length);
  if (slabUsed + length > slab.byteLength) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabUsed = 0;
  }
  const out = new Uint8Array(slab, slabUsed, length);
  slabUsed += (length + 7) & ~7; // 8-byte aligned, so that a view never shares a word with the next
  return out;
}
