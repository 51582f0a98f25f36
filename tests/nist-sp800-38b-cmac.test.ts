import { cmac as nobleCmac } from '@noble/ciphers/aes.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cmac, cmacSubkeys } from '../src/crypto/mac.js';
import { BACKENDS } from './helpers/crypto-backends.js';
import { hexOf, vector } from './helpers/vectors.js';

const FILE = 'nist-sp800-38b-cmac.json';
const IDS = ['nist-sp800-38b.D.1.aes128', 'nist-sp800-38b.D.2.aes192', 'nist-sp800-38b.D.3.aes256'];

describe.each(BACKENDS)('NIST SP 800-38B AES-CMAC (%s backend)', (_name, backend) => {
  it('derives the subkeys K1 and K2 of Appendix D.1', () => {
    const v = vector(FILE, IDS[0]!);
    const { k1, k2 } = cmacSubkeys(hexOf(v, 'key'), { backend });
    expect(k1).toEqual(hexOf(v, 'k1'));
    expect(k2).toEqual(hexOf(v, 'k2'));
  });

  it.each(IDS)('reproduces the four example tags of %s', (id) => {
    const v = vector(FILE, id);
    for (const n of [0, 16, 40, 64]) {
      expect(cmac(hexOf(v, 'key'), hexOf(v, `m${n}`), { backend })).toEqual(hexOf(v, `t${n}`));
    }
  });

  it('gives the same tag with precomputed subkeys', () => {
    const v = vector(FILE, IDS[0]!);
    const key = hexOf(v, 'key');
    const subkeys = cmacSubkeys(key, { backend });
    expect(cmac(key, hexOf(v, 'm40'), { backend, subkeys })).toEqual(hexOf(v, 't40'));
  });
});

describe('AES-CMAC against an independent implementation', () => {
  it('matches @noble/ciphers cmac for random keys and messages', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(16, 24, 32),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ maxLength: 80 }),
        (len, k, m) => {
          const key = k.subarray(0, len);
          expect(cmac(key, m)).toEqual(nobleCmac(m, key));
        },
      ),
      { numRuns: 100 },
    );
  });
});
