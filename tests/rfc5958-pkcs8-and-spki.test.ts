import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../src/bytes.js';
import { CURVE_NAMES, curveByName, curveFromParameters } from '../src/crypto/ec.js';
import { generateKeyPair } from '../src/crypto/keygen.js';
import { decodeSpki, type EcPrivateKey, ecPrivateKeyFromScalar, encodeSpki, publicKeyOf } from '../src/crypto/keys.js';
import { fromBase64, toBase64 } from '../src/crypto/pem.js';
import { decodePkcs8, encodePkcs8, encodePkcs8Pem } from '../src/crypto/pkcs8.js';
import { decodePkcs8Pem, decryptPkcs8, encryptPkcs8, encryptPkcs8Pem } from '../src/crypto/pkcs8-encrypted.js';
import { replayRandom } from '../src/crypto/random.js';
import type { RsaPrivateKey } from '../src/crypto/rsa.js';
import { codeOf } from './helpers/crypto-backends.js';

const u8 = (b: Buffer) => new Uint8Array(b);

describe('SubjectPublicKeyInfo and PKCS #8 for EC keys', () => {
  it.each(CURVE_NAMES)('round-trips a %s key and OpenSSL reads both encodings', (name) => {
    const { privateKey, publicKey } = generateKeyPair({ kind: 'ec', curve: name });
    const spki = encodeSpki(publicKey);
    expect(decodeSpki(spki)).toEqual(publicKey);
    const pkcs8 = encodePkcs8(privateKey);
    expect(decodePkcs8(pkcs8)).toEqual(privateKey);
    const nodePriv = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
    const nodePub = createPublicKey(nodePriv);
    expect(u8(nodePub.export({ format: 'der', type: 'spki' }))).toEqual(spki);
  });

  it('reads keys that OpenSSL generated (named curve, SEC 1 inside PKCS #8)', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'brainpoolP384r1' });
    const key = decodePkcs8(u8(privateKey.export({ format: 'der', type: 'pkcs8' }))) as EcPrivateKey;
    expect(key.curve).toBe(curveByName('brainpoolP384r1'));
    expect(encodeSpki(publicKeyOf(key))).toEqual(u8(publicKey.export({ format: 'der', type: 'spki' })));
  });

  it('encodes an unnamed curve with explicit ECParameters and decodes it back', () => {
    const bp = curveByName('brainpoolP192r1');
    const g2 = ecPrivateKeyFromScalar(bp, 2n).point;
    const curve = curveFromParameters({
      ...bp,
      gx: BigInt(`0x${Buffer.from(g2.subarray(1, 25)).toString('hex')}`),
      gy: BigInt(`0x${Buffer.from(g2.subarray(25)).toString('hex')}`),
    });
    const { privateKey, publicKey } = generateKeyPair({ kind: 'ec', curve });
    const back = decodeSpki(encodeSpki(publicKey));
    expect(back.kind === 'ec' && back.curve.gx).toBe(curve.gx);
    expect((decodePkcs8(encodePkcs8(privateKey)) as EcPrivateKey).scalar).toEqual((privateKey as EcPrivateKey).scalar);
  });

  it('maps an explicit encoding of a named curve back to the named curve', () => {
    // OpenSSL writes explicit parameters on request; the curve is brainpoolP256r1 all the same.
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'brainpoolP256r1', paramEncoding: 'explicit' });
    const key = decodeSpki(u8(publicKey.export({ format: 'der', type: 'spki' })));
    expect(key.kind === 'ec' && key.curve.name).toBe('brainpoolP256r1');
  });
});

describe('PKCS #8 for RSA keys', () => {
  it('round-trips an OpenSSL RSA key and OpenSSL reads ours back', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const der = u8(privateKey.export({ format: 'der', type: 'pkcs8' }));
    const key = decodePkcs8(der) as RsaPrivateKey;
    expect(encodePkcs8(key)).toEqual(der);
    const pem = encodePkcs8Pem(key);
    expect(pem).toBe(privateKey.export({ format: 'pem', type: 'pkcs8' }));
    expect(decodePkcs8Pem(pem)).toEqual(key);
  });
});

describe('encrypted PKCS #8 (PBES2, PBKDF2-HMAC-SHA-256, AES-256-CBC)', () => {
  const key = generateKeyPair({ kind: 'ec', curve: 'secp256r1' }).privateKey;
  const random = () =>
    replayRandom(fromHex('00112233445566778899AABBCCDDEEFF'), fromHex('0F0E0D0C0B0A09080706050403020100'));

  it('encrypts with a passphrase so that OpenSSL and this module decrypt it', () => {
    const pem = encryptPkcs8Pem(key, 'bureau secret', { iterations: 2048, random: random() });
    expect(pem.startsWith('-----BEGIN ENCRYPTED PRIVATE KEY-----')).toBe(true);
    const nodeKey = createPrivateKey({ key: pem, format: 'pem', passphrase: 'bureau secret' });
    expect(u8(nodeKey.export({ format: 'der', type: 'pkcs8' }))).toEqual(encodePkcs8(key));
    expect(decodePkcs8Pem(pem, 'bureau secret')).toEqual(key);
  });

  it('decrypts keys OpenSSL encrypted with AES-256-CBC', () => {
    const der = u8(
      createPrivateKey({ key: Buffer.from(encodePkcs8(key)), format: 'der', type: 'pkcs8' }).export({
        format: 'der',
        type: 'pkcs8',
        cipher: 'aes-256-cbc',
        passphrase: 'pw',
      }),
    );
    expect(decryptPkcs8(der, 'pw')).toEqual(key);
  });

  it('rejects a wrong passphrase with CRYPTO_FAILED and a missing one with INVALID_ARGUMENT', () => {
    const der = encryptPkcs8(key, 'right', { iterations: 1000, random: random() });
    expect(codeOf(() => decryptPkcs8(der, 'wrong'))).toBe('CRYPTO_FAILED');
    const pem = encryptPkcs8Pem(key, 'right', { iterations: 1000, random: random() });
    expect(codeOf(() => decodePkcs8Pem(pem))).toBe('INVALID_ARGUMENT');
  });
});

describe('malformed key encodings', () => {
  it('rejects truncated or foreign structures with PKI_MALFORMED or CRYPTO_UNSUPPORTED', () => {
    const spki = encodeSpki(generateKeyPair({ kind: 'ec', curve: 'secp256r1' }).publicKey);
    expect(codeOf(() => decodeSpki(spki.subarray(0, spki.length - 1)))).toBe('PKI_MALFORMED');
    expect(codeOf(() => decodeSpki(Uint8Array.of(0x30, 0)))).toBe('PKI_MALFORMED');
    const dsa = generateKeyPairSync('dsa', { modulusLength: 1024, divisorLength: 160 });
    expect(codeOf(() => decodeSpki(u8(dsa.publicKey.export({ format: 'der', type: 'spki' }))))).toBe(
      'CRYPTO_UNSUPPORTED',
    );
    const offCurve = spki.slice();
    offCurve[offCurve.length - 1]! ^= 1;
    expect(codeOf(() => decodeSpki(offCurve))).toBe('CRYPTO_FAILED');
  });

  it('round-trips base64 of any length', () => {
    for (let n = 0; n < 10; n++) {
      const bytes = new Uint8Array(n).map((_, i) => i * 51);
      expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      expect(fromBase64(toBase64(bytes))).toEqual(bytes);
    }
  });
});
