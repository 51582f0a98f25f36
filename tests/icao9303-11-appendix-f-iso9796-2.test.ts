import { describe, expect, it } from 'vitest';
import { concatBytes, toHex } from '../src/bytes.js';
import { hash } from '../src/crypto/hash.js';
import { iso9796Encode, iso9796Recover, iso9796Sign, iso9796Verify } from '../src/crypto/iso9796-2.js';
import { nodeBackend } from '../src/crypto/node-backend.js';
import { BACKENDS, codeOf } from './helpers/crypto-backends.js';
import { hexOf, vector } from './helpers/vectors.js';

const v = vector('icao9303-11-appendix-f-aa.json', 'icao9303-11.F.aa-rsa');
const key1024 = nodeBackend.generateRsaKey(1024, 65537n);

describe.each(BACKENDS)('ISO/IEC 9796-2 scheme 1 for ICAO 9303-11 App. F (%s backend)', (_n, backend) => {
  it('builds F = 6A || M1 || SHA-1(M1 || M2) || BC from the appendix message', () => {
    const { f, m1, m2, partial } = iso9796Encode(hexOf(v, 'm'), 128, { backend });
    expect(toHex(f)).toBe(v.f);
    expect(m1).toEqual(hexOf(v, 'm1'));
    expect(m2).toEqual(hexOf(v, 'm2'));
    expect(partial).toBe(true);
    expect(hash('SHA-1', hexOf(v, 'm'), backend)).toEqual(hexOf(v, 'h'));
  });

  it('recovers M1 from the appendix F with M2 = RND.IFD and rejects another RND.IFD', () => {
    const r = iso9796Recover(hexOf(v, 'f'), hexOf(v, 'm2'), { backend });
    expect(r.m1).toEqual(hexOf(v, 'm1'));
    expect(r.hash).toBe('SHA-1');
    const other = hexOf(v, 'm2');
    other[0]! ^= 1;
    expect(codeOf(() => iso9796Recover(hexOf(v, 'f'), other, { backend }))).toBe('CRYPTO_FAILED');
  });

  it('signs and verifies with a generated 1024-bit key (the appendix prints no key)', () => {
    const sig = iso9796Sign(key1024, hexOf(v, 'm'), { backend });
    const r = iso9796Verify(key1024, sig, hexOf(v, 'm2'), { backend });
    expect(r.m1).toEqual(hexOf(v, 'm1'));
    const bad = sig.slice();
    bad[5]! ^= 1;
    expect(codeOf(() => iso9796Verify(key1024, bad, hexOf(v, 'm2'), { backend }))).toBe('CRYPTO_FAILED');
  });

  it.each(['SHA-224', 'SHA-256', 'SHA-384', 'SHA-512'] as const)('uses the trailer xx CC for %s', (alg) => {
    const m = concatBytes(hexOf(v, 'm1'), hexOf(v, 'm2'));
    const { f } = iso9796Encode(m, 128, { hash: alg, backend });
    expect(f[127]).toBe(0xcc);
    expect(f[126]).toBe({ 'SHA-224': 0x38, 'SHA-256': 0x34, 'SHA-384': 0x36, 'SHA-512': 0x35 }[alg]);
    const sig = iso9796Sign(key1024, m, { hash: alg, backend });
    const r = iso9796Verify(key1024, sig, m.subarray(r0(f, alg)), { backend });
    expect(r.hash).toBe(alg);
    expect(concatBytes(r.m1, m.subarray(r.m1.length))).toEqual(m);
  });

  it('uses total recovery with B-padding when the message fits', () => {
    const short = hexOf(v, 'm2');
    const { f, partial } = iso9796Encode(short, 128, { backend });
    expect(partial).toBe(false);
    expect(f[0]).toBe(0x4b);
    expect(toHex(f.subarray(1, 3))).toBe('BBBB');
    const r = iso9796Recover(f, new Uint8Array(0), { backend });
    expect(r.m1).toEqual(short);
    expect(r.partial).toBe(false);
  });

  it('rejects a bad header, an unknown trailer and broken padding', () => {
    const f = hexOf(v, 'f');
    for (const [i, value] of [
      [0, 0x2a],
      [127, 0xbd],
      [0, 0x6c],
    ] as const) {
      const bad = f.slice();
      bad[i] = value;
      expect(codeOf(() => iso9796Recover(bad, hexOf(v, 'm2'), { backend }))).toBe('CRYPTO_FAILED');
    }
  });
});

/** Length of M1 for a 128-byte modulus and a two-byte trailer. */
function r0(_f: Uint8Array, alg: 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512'): number {
  return 128 - 1 - { 'SHA-224': 28, 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 }[alg] - 2;
}
