import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiToBytes, concatBytes, toHex } from '../src/bytes.js';
import { CURVE_NAMES, curveByName, curveFromParameters } from '../src/crypto/ec.js';
import { ecdsaDerToPlain, ecdsaPlainToDer, ecdsaSign, ecdsaVerify } from '../src/crypto/ecdsa.js';
import { generateKeyPair } from '../src/crypto/keygen.js';
import { type EcPrivateKey, type EcPublicKey, ecPrivateKeyFromScalar, publicKeyOf } from '../src/crypto/keys.js';
import { nodeBackend } from '../src/crypto/node-backend.js';
import { pureBackend } from '../src/crypto/pure-backend.js';
import { replayRandom } from '../src/crypto/random.js';
import { BACKENDS, codeOf } from './helpers/crypto-backends.js';
import { hexOf, vector } from './helpers/vectors.js';

const rfc = vector('rfc6979-ecdsa.json', 'rfc6979.A.2.5.p256-sha256-sample');
const p256Key = ecPrivateKeyFromScalar(curveByName('secp256r1'), hexOf(rfc, 'x'));
const message = asciiToBytes(rfc.message_text!);

describe('RFC 6979 deterministic ECDSA', () => {
  it('derives the public key U of A.2.5 and reproduces r and s for "sample" with SHA-256', () => {
    expect(toHex(p256Key.point)).toBe(`04${rfc.ux}${rfc.uy}`);
    const sig = ecdsaSign(p256Key, message, { hash: 'SHA-256', format: 'plain', backend: pureBackend });
    expect(toHex(sig)).toBe(`${rfc.r}${rfc.s}`);
  });

  it.each(BACKENDS)('verifies the A.2.5 signature in both formats (%s backend)', (_n, backend) => {
    const plain = concatBytes(hexOf(rfc, 'r'), hexOf(rfc, 's'));
    const pub = publicKeyOf(p256Key) as EcPublicKey;
    expect(ecdsaVerify(pub, message, plain, { hash: 'SHA-256', format: 'plain', backend })).toBe(true);
    expect(ecdsaVerify(pub, message, ecdsaPlainToDer(plain), { hash: 'SHA-256', backend })).toBe(true);
    expect(ecdsaVerify(pub, asciiToBytes('samplf'), plain, { hash: 'SHA-256', format: 'plain', backend })).toBe(false);
  });
});

describe.each(BACKENDS)('ECDSA on every curve of the table (%s backend)', (_n, backend) => {
  it.each(CURVE_NAMES)('signs and verifies on %s, and the other backend agrees', (name) => {
    const { privateKey, publicKey } = generateKeyPair({ kind: 'ec', curve: name });
    const key = privateKey as EcPrivateKey;
    const pub = publicKey as EcPublicKey;
    const other = backend === nodeBackend ? pureBackend : nodeBackend;
    const hashes =
      name === 'secp256r1' ? (['SHA-1', 'SHA-224', 'SHA-384', 'SHA-512'] as const) : (['SHA-256'] as const);
    for (const hash of hashes) {
      const der = ecdsaSign(key, message, { hash, backend });
      expect(ecdsaVerify(pub, message, der, { hash, backend })).toBe(true);
      expect(ecdsaVerify(pub, message, der, { hash, backend: other })).toBe(true);
      const plain = ecdsaDerToPlain(der, key.curve.orderLength);
      expect(plain.length).toBe(2 * key.curve.orderLength);
      expect(ecdsaVerify(pub, message, plain, { hash, format: 'plain', backend: other })).toBe(true);
      const bad = plain.slice();
      bad[3]! ^= 1;
      expect(ecdsaVerify(pub, message, bad, { hash, format: 'plain', backend })).toBe(false);
    }
  });

  it('signs with an explicit-parameter curve equal to none in the table', () => {
    // brainpoolP256r1 with a different base point (2·G) is a curve the table does not name.
    const bp = curveByName('brainpoolP256r1');
    const g2 = ecPrivateKeyFromScalar(bp, 2n).point;
    const L = bp.fieldLength;
    const x = BigInt(`0x${toHex(g2.subarray(1, 1 + L))}`);
    const y = BigInt(`0x${toHex(g2.subarray(1 + L))}`);
    const curve = curveFromParameters({ ...bp, gx: x, gy: y });
    expect(curve.name).toBeUndefined();
    const { privateKey, publicKey } = generateKeyPair({ kind: 'ec', curve });
    const sig = ecdsaSign(privateKey as EcPrivateKey, message, { hash: 'SHA-256', backend });
    expect(ecdsaVerify(publicKey as EcPublicKey, message, sig, { hash: 'SHA-256', backend })).toBe(true);
  });

  it('replays a signature exactly when the random source is injected', () => {
    const r = new Uint8Array(32).fill(7);
    const a = ecdsaSign(p256Key, message, { hash: 'SHA-256', random: replayRandom(r), backend });
    const b = ecdsaSign(p256Key, message, { hash: 'SHA-256', random: replayRandom(r), backend });
    expect(a).toEqual(b);
  });
});

describe('ECDSA signature formats', () => {
  it.each(BACKENDS)(
    'accepts the A.2.5 signature as DER with padded integers, rejects it tampered (%s backend)',
    (_n, backend) => {
      const pub = publicKeyOf(p256Key) as EcPublicKey;
      const r = hexOf(rfc, 'r');
      const s = hexOf(rfc, 's');
      // X.690 §8.3.2 forbids a redundant leading 00; some signers write one, and the lenient reading takes it.
      const int = (v: Uint8Array) => Uint8Array.of(0x02, v.length + 2, 0, 0, ...v);
      const padded = Uint8Array.of(0x30, 2 * (r.length + 4), ...int(r), ...int(s));
      expect(ecdsaVerify(pub, message, padded, { hash: 'SHA-256', backend })).toBe(true);
      const canonical = ecdsaPlainToDer(concatBytes(r, s));
      const tampered = canonical.slice();
      tampered[tampered.length - 1] = (tampered[tampered.length - 1] as number) ^ 1;
      expect(ecdsaVerify(pub, message, canonical, { hash: 'SHA-256', backend })).toBe(true);
      expect(ecdsaVerify(pub, message, tampered, { hash: 'SHA-256', backend })).toBe(false);
    },
  );

  it('converts between plain and DER for any r and s', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: (1n << 256n) - 1n }),
        fc.bigInt({ min: 1n, max: (1n << 256n) - 1n }),
        (r, s) => {
          const plain = concatBytes(
            Uint8Array.from(Buffer.from(r.toString(16).padStart(64, '0'), 'hex')),
            Uint8Array.from(Buffer.from(s.toString(16).padStart(64, '0'), 'hex')),
          );
          expect(ecdsaDerToPlain(ecdsaPlainToDer(plain), 32)).toEqual(plain);
        },
      ),
    );
  });

  it('rejects malformed DER signatures with CRYPTO_FAILED and treats them as invalid when verifying', () => {
    for (const bad of ['3006020101020101FF', '300402010002', '3003020101', '30060201FF020101', '31060201010201 01']) {
      expect(codeOf(() => ecdsaDerToPlain(Uint8Array.from(Buffer.from(bad.replace(/ /g, ''), 'hex')), 32))).toBe(
        'CRYPTO_FAILED',
      );
    }
    const pub = publicKeyOf(p256Key) as EcPublicKey;
    expect(ecdsaVerify(pub, message, Uint8Array.of(0x30, 0), { hash: 'SHA-256' })).toBe(false);
  });

  it('rejects unknown hashes and keys of the wrong kind', () => {
    expect(codeOf(() => ecdsaSign(p256Key, message, { hash: 'MD5' as never }))).toBe('CRYPTO_UNSUPPORTED');
    expect(codeOf(() => ecdsaSign({ kind: 'rsa' } as never, message, { hash: 'SHA-256' }))).toBe('INVALID_ARGUMENT');
  });
});
