import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oid } from '../src/asn1/oids.js';
import { type DhGroup, dhKeyPair, dhSharedSecret, modPow } from '../src/crypto/dh.js';
import {
  domainParameterId,
  domainParameters,
  STANDARDIZED_DOMAIN_PARAMETERS,
} from '../src/crypto/domain-parameters.js';
import {
  CURVE_NAMES,
  type Curve,
  curveByName,
  curveByOid,
  curveFromParameters,
  decodePoint,
  ecdhSharedSecret,
  ecKeyPair,
  encodePoint,
  generator,
  isValidPoint,
  multiplyPoint,
} from '../src/crypto/ec.js';
import { replayRandom } from '../src/crypto/random.js';
import { codeOf } from './helpers/crypto-backends.js';

describe('BSI TR-03110 Part 3 A.2.1.1 standardized domain parameters', () => {
  it('maps IDs 0-2 to the RFC 5114 groups and 8-18 to the named curves in the order of Table 4', () => {
    const names = [0, 1, 2, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18].map((id) => domainParameters(id).name);
    expect(names).toEqual([
      'modp-1024-160',
      'modp-2048-224',
      'modp-2048-256',
      'secp192r1',
      'brainpoolP192r1',
      'secp224r1',
      'brainpoolP224r1',
      'secp256r1',
      'brainpoolP256r1',
      'brainpoolP320r1',
      'secp384r1',
      'brainpoolP384r1',
      'brainpoolP512r1',
      'secp521r1',
    ]);
    for (const id of Object.keys(STANDARDIZED_DOMAIN_PARAMETERS).map(Number)) {
      expect(domainParameterId(domainParameters(id))).toBe(id);
    }
  });

  it('rejects reserved IDs with CRYPTO_UNSUPPORTED', () => {
    for (const id of [3, 7, 19, 31, -1, 1.5]) expect(codeOf(() => domainParameters(id))).toBe('CRYPTO_UNSUPPORTED');
  });

  it('gives DH groups whose generator has order q', () => {
    for (const id of [0, 1, 2]) {
      const g = domainParameters(id) as DhGroup;
      expect(modPow(g.g, g.q!, g.p)).toBe(1n);
      expect(g.length).toBe(id === 0 ? 128 : 256);
    }
  });

  it('agrees on a DH shared secret in the 2048-bit groups', () => {
    const g = domainParameters(2) as DhGroup;
    const a = dhKeyPair(g);
    const b = dhKeyPair(g);
    expect(dhSharedSecret(g, a.privateKey, b.publicKey)).toEqual(dhSharedSecret(g, b.privateKey, a.publicKey));
  });
});

describe('the curve table', () => {
  it.each(CURVE_NAMES)('%s: G is on the curve, n·G is infinity and the OID finds it', (name) => {
    const c = curveByName(name);
    expect(isValidPoint(c, generator(c))).toBe(true);
    expect(curveByOid(oid(name))).toBe(c);
    // (n-1)·G = -G: same x, y = p - Gy.
    const minusG = decodePoint(c, multiplyPoint(c, generator(c), c.n - 1n));
    expect(minusG).toEqual({ x: c.gx, y: c.p - c.gy });
  });

  it('returns the named curve for its explicit parameters and builds an unnamed curve otherwise', () => {
    const named = curveByName('brainpoolP224r1');
    expect(curveFromParameters({ ...named })).toBe(named);
    // y² = x³ + 2x + 3 over F_97 has 100 points; take G = (3, 6) of order 5 as a toy explicit curve.
    const toy = curveFromParameters({ p: 97n, a: 2n, b: 3n, gx: 3n, gy: 6n, n: 5n, h: 20n });
    expect(toy.name).toBeUndefined();
    expect(decodePoint(toy, multiplyPoint(toy, generator(toy), 2n))).toEqual({ x: 80n, y: 10n });
  });

  it('rejects explicit parameters whose base point is off the curve', () => {
    expect(codeOf(() => curveFromParameters({ p: 97n, a: 2n, b: 3n, gx: 3n, gy: 7n, n: 5n, h: 20n }))).toBe(
      'CRYPTO_FAILED',
    );
  });

  it('agrees on ECDH secrets for random keys on every curve, with fixed-width encodings', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CURVE_NAMES), fc.uint8Array({ minLength: 80, maxLength: 80 }), (name, seed) => {
        const c: Curve = curveByName(name);
        const a = ecKeyPair(c, { random: replayRandom(seed.slice(0, c.orderLength + 8)) });
        const b = ecKeyPair(c, { random: replayRandom(seed.slice(80 - c.orderLength - 8)) });
        expect(a.privateKey.length).toBe(c.orderLength);
        expect(a.publicKey.length).toBe(1 + 2 * c.fieldLength);
        const k = ecdhSharedSecret(c, a.privateKey, b.publicKey);
        expect(k.length).toBe(c.fieldLength);
        expect(ecdhSharedSecret(c, b.privateKey, a.publicKey)).toEqual(k);
        expect(encodePoint(c, decodePoint(c, a.publicKey))).toEqual(a.publicKey);
      }),
      { numRuns: 24 },
    );
  });

  it('rejects compressed, truncated and off-curve encodings', () => {
    const c = curveByName('secp256r1');
    const g = generator(c);
    const compressed = g.slice(0, 33);
    compressed[0] = 0x02 | Number(c.gy & 1n);
    for (const bad of [compressed, g.subarray(0, 64), Uint8Array.of(0), new Uint8Array(65)]) {
      expect(isValidPoint(c, bad)).toBe(false);
      expect(codeOf(() => decodePoint(c, bad))).toBe('CRYPTO_FAILED');
    }
  });
});
