// BER-TLV encoding with DER-minimal lengths (ISO/IEC 8825-1 §8.1.3, §10.1): what we build is canonical.
import { concatBytes } from '../bytes.js';
import { CccdError } from '../errors.js';

/** Encodes a tag integer (e.g. 0x5F1F) into its bytes. */
export function encodeTag(tag: number): Uint8Array {
  if (!Number.isInteger(tag) || tag <= 0 || tag > 0xffffffff) {
    throw new CccdError('INVALID_ARGUMENT', `tag: ${tag} is not a 1-4 byte tag`);
  }
  const out: number[] = [];
  let t = tag;
  while (t > 0) {
    out.unshift(t & 0xff);
    t = Math.floor(t / 256);
  }
  return Uint8Array.from(out);
}

/** Minimal definite length encoding. */
export function encodeLength(length: number): Uint8Array {
  if (!Number.isInteger(length) || length < 0 || length > 0xffffffff) {
    throw new CccdError('INVALID_ARGUMENT', `length: ${length} out of range`);
  }
  if (length < 0x80) return Uint8Array.of(length);
  if (length < 0x100) return Uint8Array.of(0x81, length);
  if (length < 0x10000) return Uint8Array.of(0x82, length >> 8, length & 0xff);
  if (length < 0x1000000) return Uint8Array.of(0x83, length >> 16, (length >> 8) & 0xff, length & 0xff);
  return Uint8Array.of(0x84, length >>> 24, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff);
}

/**
 * Encodes one data object. `value` is the content; pass several parts to concatenate them
 * (the usual way to build a constructed object from encoded children).
 *
 * @example
 * encodeTlv(0x61, encodeTlv(0x5F1F, asciiToBytes(mrz))); // DG1
 */
export function encodeTlv(tag: number, ...value: Uint8Array[]): Uint8Array {
  const content = value.length === 1 ? (value[0] as Uint8Array) : concatBytes(...value);
  return concatBytes(encodeTag(tag), encodeLength(content.length), content);
}
