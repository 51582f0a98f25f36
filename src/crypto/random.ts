// Injectable randomness (architecture.md rule 6): every protocol takes a RandomSource so worked examples replay.
import { CccdError } from '../errors.js';

/** Returns `length` fresh random bytes. Replace it in tests with a deterministic source. */
export type RandomSource = (length: number) => Uint8Array;

/** The platform CSPRNG (Web Crypto `getRandomValues`, present in Node 20+, browsers and React Native polyfills). */
export const defaultRandom: RandomSource = (length) => {
  if (!Number.isInteger(length) || length < 0) throw new CccdError('INVALID_ARGUMENT', `length: ${length}`);
  const out = new Uint8Array(length);
  // getRandomValues is limited to 65,536 bytes per call.
  for (let off = 0; off < length; off += 65536) {
    globalThis.crypto.getRandomValues(out.subarray(off, Math.min(length, off + 65536)));
  }
  return out;
};

/**
 * A deterministic source that returns the given byte strings in order (for replaying worked examples).
 * Throws INVALID_ARGUMENT when asked for a length that does not match the next queued value.
 */
export function replayRandom(...values: Uint8Array[]): RandomSource {
  const queue = [...values];
  return (length) => {
    const next = queue.shift();
    if (!next || next.length !== length) {
      throw new CccdError('INVALID_ARGUMENT', `replayRandom: asked for ${length} bytes, queued ${next?.length}`);
    }
    return Uint8Array.prototype.slice.call(next);
  };
}
