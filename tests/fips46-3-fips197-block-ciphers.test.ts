import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex, toHex } from '../src/bytes.js';
import { decrypt, encrypt, keyed } from '../src/crypto/cipher.js';
import { nodeBackend } from '../src/crypto/node-backend.js';
import { pureBackend } from '../src/crypto/pure-backend.js';
import { BACKENDS, codeOf } from './helpers/crypto-backends.js';
import { hexOf, vector } from './helpers/vectors.js';

describe.each(BACKENDS)('block ciphers (%s backend)', (_name, backend) => {
  it('encrypts the classic FIPS 46-3 DES example 0123456789ABCDEF under 133457799BBCDFF1', () => {
    const c = encrypt('DES', fromHex('133457799BBCDFF1'), fromHex('0123456789ABCDEF'), { mode: 'ECB', backend });
    expect(toHex(c)).toBe('85E813540F0AB405');
    expect(toHex(decrypt('DES', fromHex('133457799BBCDFF1'), c, { mode: 'ECB', backend }))).toBe('0123456789ABCDEF');
  });

  it('reproduces E_IFD of ICAO 9303-11 App. D.3 with 2-key 3DES CBC and a zero IV', () => {
    const v = vector('icao9303-11-appendix-d-bac.json', 'icao9303-11.D.3.bac-mutual-auth');
    expect(encrypt('3DES', hexOf(v, 'kenc'), hexOf(v, 's'), { backend })).toEqual(hexOf(v, 'e_ifd'));
    const r = decrypt('3DES', hexOf(v, 'kenc'), hexOf(v, 'e_ic'), { backend });
    expect(r).toEqual(hexOf(v, 'r'));
  });

  it('encrypts the FIPS 197 Appendix C examples for AES-128, AES-192 and AES-256', () => {
    const pt = fromHex('00112233445566778899AABBCCDDEEFF');
    const key = fromHex('000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F');
    const expected = [
      '69C4E0D86A7B0430D8CDB78070B4C55A',
      'DDA97CA4864CDFE06EAF70A0EC0D7191',
      '8EA2B7CA516745BFEAFC49904B496089',
    ];
    [16, 24, 32].forEach((len, i) => {
      const c = encrypt('AES', key.subarray(0, len), pt, { mode: 'ECB', backend });
      expect(toHex(c)).toBe(expected[i]);
      expect(decrypt('AES', key.subarray(0, len), c, { mode: 'ECB', backend })).toEqual(pt);
    });
  });

  it('treats a 24-byte 3DES key as three keys and K1 K2 K1 as the 16-byte key', () => {
    const k = fromHex('0123456789ABCDEFFEDCBA9876543210');
    const data = fromHex('00112233445566778899AABBCCDDEEFF');
    expect(encrypt('3DES', concatBytes(k, k.subarray(0, 8)), data, { backend })).toEqual(
      encrypt('3DES', k, data, { backend }),
    );
  });

  it('rejects wrong key sizes, partial blocks and wrong IVs with INVALID_ARGUMENT', () => {
    expect(codeOf(() => encrypt('AES', new Uint8Array(15), new Uint8Array(16), { backend }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => encrypt('3DES', new Uint8Array(8), new Uint8Array(8), { backend }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => encrypt('AES', new Uint8Array(16), new Uint8Array(17), { backend }))).toBe('INVALID_ARGUMENT');
    expect(
      codeOf(() => encrypt('AES', new Uint8Array(16), new Uint8Array(16), { iv: new Uint8Array(8), backend })),
    ).toBe('INVALID_ARGUMENT');
  });
});

describe('block cipher backends agree', () => {
  const ciphers = [
    { cipher: 'DES' as const, keyLength: 8, block: 8 },
    { cipher: '3DES' as const, keyLength: 16, block: 8 },
    { cipher: '3DES' as const, keyLength: 24, block: 8 },
    { cipher: 'AES' as const, keyLength: 16, block: 16 },
    { cipher: 'AES' as const, keyLength: 24, block: 16 },
    { cipher: 'AES' as const, keyLength: 32, block: 16 },
  ];
  it('produces identical CBC and ECB output on node and pure for random keys and data, and round-trips', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ciphers),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom('CBC' as const, 'ECB' as const),
        (c, keyBytes, ivBytes, blocks, mode) => {
          const key = keyBytes.subarray(0, c.keyLength);
          const iv = ivBytes.subarray(0, c.block);
          const data = new Uint8Array(blocks * c.block).map((_, i) => (i * 37 + keyBytes[0]!) & 0xff);
          const a = encrypt(c.cipher, key, data, { mode, iv, backend: nodeBackend });
          const b = encrypt(c.cipher, key, data, { mode, iv, backend: pureBackend });
          expect(a).toEqual(b);
          expect(decrypt(c.cipher, key, a, { mode, iv, backend: pureBackend })).toEqual(data);
          expect(decrypt(c.cipher, key, a, { mode, iv, backend: nodeBackend })).toEqual(data);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('gives the same results through keyed ciphers (key schedule kept) on both backends', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ciphers),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.integer({ min: 1, max: 5 }),
        (c, keyBytes, ivBytes, blocks) => {
          const key = keyBytes.subarray(0, c.keyLength);
          const iv = ivBytes.subarray(0, c.block);
          const data = new Uint8Array(blocks * c.block).map((_, i) => (i * 13 + keyBytes[1]!) & 0xff);
          const cbc = encrypt(c.cipher, key, data, { iv, backend: nodeBackend });
          const ecb = encrypt(c.cipher, key, data, { mode: 'ECB', backend: nodeBackend });
          for (const backend of [nodeBackend, pureBackend]) {
            const k = keyed(c.cipher, key, { backend });
            expect(k.encryptCbc(iv, data)).toEqual(cbc);
            expect(k.decryptCbc(iv, cbc)).toEqual(data);
            expect(k.encryptEcb(data)).toEqual(ecb);
            expect(k.decryptEcb(ecb)).toEqual(data);
            expect(k.cbcMac(data, iv)).toEqual(cbc.subarray(cbc.length - c.block));
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('rejects keyed ciphers with a wrong key length', () => {
    expect(codeOf(() => keyed('AES', new Uint8Array(20)))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => keyed('RC4' as never, new Uint8Array(16)))).toBe('CRYPTO_UNSUPPORTED');
  });
});
