// ISO/IEC 9797-1 padding method 2 (ISO/IEC 7816-4 '80 00..'), used by every ICAO 9303-11 MAC and SM cryptogram.
import { CccdError } from '../errors.js';

/** Appends 80 and the fewest 00 bytes that reach a multiple of `blockLength` (always adds at least one byte). */
export function pad(data: Uint8Array, blockLength = 8): Uint8Array {
  const total = (Math.floor(data.length / blockLength) + 1) * blockLength;
  const out = new Uint8Array(total);
  out.set(data, 0);
  out[data.length] = 0x80;
  return out;
}

/**
 * Removes method-2 padding. Throws CRYPTO_FAILED when the input is not a whole number of blocks, has no 80
 * marker in its last block, or has a non-zero byte after the marker.
 */
export function unpad(data: Uint8Array, blockLength = 8): Uint8Array {
  if (data.length === 0 || data.length % blockLength !== 0) {
    throw new CccdError('CRYPTO_FAILED', `padding: ${data.length} bytes is not a whole number of blocks`);
  }
  let i = data.length - 1;
  const stop = data.length - blockLength;
  while (i > stop && data[i] === 0) i--;
  if (data[i] !== 0x80)
    throw new CccdError('CRYPTO_FAILED', 'padding: no ISO/IEC 9797-1 method 2 marker', { offset: i });
  return data.subarray(0, i);
}
