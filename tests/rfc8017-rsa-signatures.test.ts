import { generateKeyPairSync, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { asciiToBytes } from '../src/bytes.js';
import { generateKeyPair } from '../src/crypto/keygen.js';
import { encodeSpki } from '../src/crypto/keys.js';
import { nodeBackend } from '../src/crypto/node-backend.js';
import { decodePkcs8, encodePkcs8 } from '../src/crypto/pkcs8.js';
import { pureBackend } from '../src/crypto/pure-backend.js';
import { replayRandom } from '../src/crypto/random.js';
import {
  modulusBits,
  type RsaPrivateKey,
  type RsaPublicKey,
  rsaPrivateOperation,
  rsaPublicOperation,
  rsaSign,
  rsaVerify,
} from '../src/crypto/rsa.js';
import { BACKENDS, codeOf } from './helpers/crypto-backends.js';

const message = asciiToBytes('EF.SOD signed attributes');
// One 2048-bit key from OpenSSL, decoded by our PKCS#8 reader, serves every test.
const opensslKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const key = decodePkcs8(
  new Uint8Array(opensslKey.privateKey.export({ format: 'der', type: 'pkcs8' })),
) as RsaPrivateKey;
const pub: RsaPublicKey = { kind: 'rsa', n: key.n, e: key.e };

describe.each(BACKENDS)('RFC 8017 RSA signatures (%s backend)', (_n, backend) => {
  const other = backend === nodeBackend ? pureBackend : nodeBackend;

  it.each([
    ['pkcs1v15', 'SHA-256'],
    ['pkcs1v15', 'SHA-1'],
    ['pss', 'SHA-256'],
    ['pss', 'SHA-512'],
  ] as const)('signs with %s/%s; the other backend and OpenSSL verify', (scheme, hash) => {
    const sig = rsaSign(key, message, { scheme, hash, backend });
    expect(sig.length).toBe(256);
    expect(rsaVerify(pub, message, sig, { scheme, hash, backend })).toBe(true);
    expect(rsaVerify(pub, message, sig, { scheme, hash, backend: other })).toBe(true);
    const padding = scheme === 'pss' ? 6 : 1;
    const nodeHash = hash.replace('-', '').toLowerCase();
    expect(
      nodeVerify(
        nodeHash,
        message,
        { key: opensslKey.publicKey, padding, saltLength: 32 * (hash === 'SHA-512' ? 2 : 1) },
        sig,
      ),
    ).toBe(true);
    const bad = sig.slice();
    bad[100]! ^= 1;
    expect(rsaVerify(pub, message, bad, { scheme, hash, backend })).toBe(false);
    expect(rsaVerify(pub, asciiToBytes('other'), sig, { scheme, hash, backend })).toBe(false);
  });

  it('verifies OpenSSL PSS signatures with any salt length when none is given', () => {
    const sig = nodeSign('sha256', message, { key: opensslKey.privateKey, padding: 6, saltLength: 20 });
    expect(rsaVerify(pub, message, sig, { scheme: 'pss', hash: 'SHA-256', backend })).toBe(true);
    expect(rsaVerify(pub, message, sig, { scheme: 'pss', hash: 'SHA-256', saltLength: 32, backend })).toBe(false);
  });

  it('rejects signatures of the wrong length or not below n', () => {
    expect(rsaVerify(pub, message, new Uint8Array(255), { scheme: 'pkcs1v15', hash: 'SHA-256', backend })).toBe(false);
    expect(rsaVerify(pub, message, new Uint8Array(256).fill(0xff), { scheme: 'pss', hash: 'SHA-256', backend })).toBe(
      false,
    );
  });
});

describe('raw RSA and key generation', () => {
  it('inverts the private operation with the public one (CRT with a self-check)', () => {
    const x = 0x1234567890abcdefn;
    expect(rsaPublicOperation(pub, rsaPrivateOperation(key, x))).toBe(x);
    expect(codeOf(() => rsaPublicOperation(pub, key.n))).toBe('CRYPTO_FAILED');
  });

  it('generates 2048-bit keys with OpenSSL and 1024-bit keys deterministically in pure JavaScript', () => {
    const a = generateKeyPair({ kind: 'rsa', bits: 2048 }).privateKey as RsaPrivateKey;
    expect(modulusBits(a)).toBe(2048);
    let counter = 0;
    // A linear congruential source: deterministic, which is all key generation needs from it here.
    const random = (n: number) =>
      new Uint8Array(n).map(() => {
        counter = (counter * 1103515245 + 12345) % 2 ** 31;
        return counter & 0xff;
      });
    const b = generateKeyPair({ kind: 'rsa', bits: 1024 }, { random }).privateKey as RsaPrivateKey;
    expect(modulusBits(b)).toBe(1024);
    expect(b.p * b.q).toBe(b.n);
    const sig = rsaSign(b, message, { scheme: 'pss', hash: 'SHA-256', random: replayRandom(new Uint8Array(32)) });
    expect(rsaVerify(b, message, sig, { scheme: 'pss', hash: 'SHA-256', backend: nodeBackend })).toBe(true);
    // OpenSSL accepts the pure key as PKCS#8 and its SPKI.
    expect(encodeSpki(b).length).toBeGreaterThan(140);
    expect(encodePkcs8(b).length).toBeGreaterThan(600);
  });

  it('refuses key sizes outside 1024-4096 bits', () => {
    expect(codeOf(() => generateKeyPair({ kind: 'rsa', bits: 512 }))).toBe('CRYPTO_UNSUPPORTED');
    expect(codeOf(() => generateKeyPair({ kind: 'rsa', bits: 8192 }))).toBe('CRYPTO_UNSUPPORTED');
  });
});
