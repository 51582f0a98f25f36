import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodedCache } from '../src/pki/decoded-cache.js';

describe('decoded-object caches (certificates, names, keys, OIDs per exact bytes)', () => {
  it('returns an entry only for the same bytes, from any offset of any buffer (property)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 600 }),
        fc.nat(7),
        fc.nat(7),
        fc.nat(),
        (bytes, offsetA, offsetB, flip) => {
          const cache = new DecodedCache<string>(8);
          // Unaligned views: the comparison reads four bytes at a time and must not depend on alignment.
          const a = new Uint8Array(bytes.length + offsetA);
          a.set(bytes, offsetA);
          cache.set(a.subarray(offsetA), 'x');
          const b = new Uint8Array(bytes.length + offsetB);
          b.set(bytes, offsetB);
          expect(cache.get(b.subarray(offsetB))).toBe('x');
          // The same lookup in place, on a range of a larger buffer.
          const wider = new Uint8Array(offsetB + bytes.length + offsetA);
          wider.set(bytes, offsetB);
          expect(cache.getIn(wider, offsetB, offsetB + bytes.length)).toBe('x');
          if (offsetA > 0) expect(cache.getIn(wider, offsetB, offsetB + bytes.length + 1)).toBeUndefined();
          if (bytes.length > 0) {
            const changed = b.subarray(offsetB).slice();
            const at = flip % changed.length;
            changed[at] = (changed[at] as number) ^ (1 << (flip % 8) || 1);
            expect(cache.get(changed)).toBeUndefined();
            expect(cache.get(bytes.subarray(0, bytes.length - 1))).toBeUndefined();
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('keeps a private copy, so a caller changing its buffer cannot change what is found', () => {
    const cache = new DecodedCache<number>(4);
    const key = Uint8Array.from({ length: 40 }, (_, i) => i);
    cache.set(key, 1);
    key[5] = 0xff;
    expect(cache.get(key)).toBeUndefined();
    expect(cache.get(Uint8Array.from({ length: 40 }, (_, i) => i))).toBe(1);
  });

  it('stays bounded (two generations of `limit`) and keeps what is used again', () => {
    const cache = new DecodedCache<number>(3);
    for (let i = 0; i < 3; i++) cache.set(Uint8Array.of(i), i); // young: 0 1 2
    cache.set(Uint8Array.of(3), 3); // old: 0 1 2, young: 3
    expect(cache.get(Uint8Array.of(0))).toBe(0); // found old, moved back: young 3 0
    for (let i = 4; i < 6; i++) cache.set(Uint8Array.of(i), i); // young 3 0 4 full -> old 3 0 4, young 5
    expect(cache.get(Uint8Array.of(1))).toBeUndefined(); // seen once, never again: dropped
    expect(cache.get(Uint8Array.of(2))).toBeUndefined();
    expect(cache.get(Uint8Array.of(0))).toBe(0);
    expect(cache.get(Uint8Array.of(5))).toBe(5);
    // Whatever is inserted, at most 2 x limit entries answer.
    for (let i = 10; i < 100; i++) cache.set(Uint8Array.of(i), i);
    let held = 0;
    for (let i = 0; i < 100; i++) if (cache.get(Uint8Array.of(i)) !== undefined) held++;
    expect(held).toBeLessThanOrEqual(6);
    expect(held).toBeGreaterThanOrEqual(3);
  });
});
