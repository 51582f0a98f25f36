import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiToBytes, fromHex, toHex } from '../src/bytes.js';
import { HASHES, type HashAlgorithm, hash, hashByOid, hashInto, hashMatches, hashOid } from '../src/crypto/hash.js';
import { nodeBackend } from '../src/crypto/node-backend.js';
import { pureBackend } from '../src/crypto/pure-backend.js';
import { BACKENDS, codeOf } from './helpers/crypto-backends.js';
import { hexOf, vector } from './helpers/vectors.js';

// FIPS 180-4 examples (NIST CSOR "Examples with intermediate values"): the message "abc".
const ABC: Record<HashAlgorithm, string> = {
  'SHA-1': 'A9993E364706816ABA3E25717850C26C9CD0D89D',
  'SHA-224': '23097D223405D8228642A477BDA255B32AADBCE4BDA0B3F7E36C9DA7',
  'SHA-256': 'BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD',
  'SHA-384': 'CB00753F45A35E8BB5A03D699AC65007272C32AB0EDED1631A8B605A43FF5BED8086072BA1E7CC2358BAECA134C825A7',
  'SHA-512':
    'DDAF35A193617ABACC417349AE20413112E6FA4E89A97EA20A9EEEE64B55D39A2192992A274FC1A836BA3C23A3FEEBBD454D4423643CE80E2A9AC94FA54CA49F',
};

describe.each(BACKENDS)('FIPS 180-4 hashes (%s backend)', (_name, backend) => {
  it.each(Object.keys(ABC) as HashAlgorithm[])('hashes "abc" with %s as FIPS 180-4 prints it', (alg) => {
    const out = hash(alg, asciiToBytes('abc'), backend);
    expect(toHex(out)).toBe(ABC[alg]);
    expect(out.length).toBe(HASHES[alg].length);
    expect(Buffer.isBuffer(out)).toBe(false);
  });

  it.each(Object.keys(ABC) as HashAlgorithm[])(
    'writes the %s digest of "abc" in place, touching nothing else',
    (alg) => {
      const n = HASHES[alg].length;
      const out = new Uint8Array(n + 6).fill(0xee);
      hashInto(alg, asciiToBytes('abc'), out, 3, backend);
      expect(toHex(out)).toBe(`EEEEEE${ABC[alg]}EEEEEE`);
      expect(codeOf(() => hashInto(alg, asciiToBytes('abc'), out, 7, backend))).toBe('INVALID_ARGUMENT');
    },
  );

  it.each(Object.keys(ABC) as HashAlgorithm[])(
    'matches a stored %s digest only when every byte and the length agree',
    (alg) => {
      const digest = fromHex(ABC[alg]);
      expect(hashMatches(alg, asciiToBytes('abc'), digest, backend)).toBe(true);
      expect(hashMatches(alg, asciiToBytes('abd'), digest, backend)).toBe(false);
      const last = digest.slice();
      last[last.length - 1] = (last[last.length - 1] as number) ^ 1;
      expect(hashMatches(alg, asciiToBytes('abc'), last, backend)).toBe(false);
      expect(hashMatches(alg, asciiToBytes('abc'), digest.subarray(0, digest.length - 1), backend)).toBe(false);
    },
  );

  it('hashes the ICAO 9303-11 App. D.2 MRZ information to the published SHA-1', () => {
    const v = vector('icao9303-11-appendix-d-bac.json', 'icao9303-11.D.2.bac-keys');
    expect(hash('SHA-1', asciiToBytes(v.mrz_information_text!), backend)).toEqual(hexOf(v, 'sha1_mrz_information'));
  });
});

describe('hash algorithm registry', () => {
  it('finds each hash by its OID and back', () => {
    for (const alg of Object.keys(HASHES) as HashAlgorithm[]) expect(hashByOid(hashOid(alg))).toBe(alg);
    expect(hashByOid('2.16.840.1.101.3.4.2.1')).toBe('SHA-256');
  });

  it('rejects unknown OIDs and names with CRYPTO_UNSUPPORTED', () => {
    expect(codeOf(() => hashByOid('1.2.840.113549.2.5'))).toBe('CRYPTO_UNSUPPORTED');
    expect(codeOf(() => hash('MD5' as HashAlgorithm, new Uint8Array(0)))).toBe('CRYPTO_UNSUPPORTED');
  });

  it('gives the same digest on both backends for any input', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.constantFrom(...(Object.keys(HASHES) as HashAlgorithm[])),
        (d, a) => {
          expect(hash(a, d, nodeBackend)).toEqual(hash(a, d, pureBackend));
        },
      ),
      { numRuns: 100 },
    );
  });
});
