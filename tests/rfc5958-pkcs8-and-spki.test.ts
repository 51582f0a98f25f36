import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { oid } from '../src/asn1/oids.js';
import { bigIntToBytes, bytesToBigInt, concatBytes, fromHex } from '../src/bytes.js';
import { CURVE_NAMES, curveByName, curveFromParameters } from '../src/crypto/ec.js';
import { generateKeyPair } from '../src/crypto/keygen.js';
import { decodeSpki, type EcPrivateKey, ecPrivateKeyFromScalar, encodeSpki, publicKeyOf } from '../src/crypto/keys.js';
import { fromBase64, toBase64 } from '../src/crypto/pem.js';
import { decodePkcs8, encodePkcs8, encodePkcs8Pem } from '../src/crypto/pkcs8.js';
import { decodePkcs8Pem, decryptPkcs8, encryptPkcs8, encryptPkcs8Pem } from '../src/crypto/pkcs8-encrypted.js';
import { replayRandom } from '../src/crypto/random.js';
import type { RsaPrivateKey } from '../src/crypto/rsa.js';
import { decodePublicKeyInfoBytes, encodePublicKeyInfo } from '../src/lds/public-key.js';
import { encodeEcPublicKeyInfo, encodeRsaPublicKeyInfo, parsePublicKeyInfo } from '../src/pki/public-key.js';
import { decodeTlv, type Tlv } from '../src/tlv/index.js';
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

describe('one SubjectPublicKeyInfo codec behind the crypto, PKI and LDS entry points (RFC 5280 §4.1.2.7)', () => {
  // brainpoolP192r1 with base point 2G: a curve no table names, so every entry point keeps it explicit.
  const g2 = ecPrivateKeyFromScalar(curveByName('brainpoolP192r1'), 2n).point;
  const [gx, gy] = [bytesToBigInt(g2.subarray(1, 25)), bytesToBigInt(g2.subarray(25))];
  const unnamed = curveFromParameters({ ...curveByName('brainpoolP192r1'), gx, gy });

  /** SPKI DER of a key pair node:crypto generates (@types/node lacks the 'dh' overload, hence the loose type). */
  const opensslSpki = (type: string, options: object) =>
    u8(
      (generateKeyPairSync as (t: string, o: object) => { publicKey: KeyObject })(type, options).publicKey.export({
        format: 'der',
        type: 'spki',
      }),
    );
  /** The same bytes through the crypto, PKI and LDS entry points. */
  const decodeThrice = (spki: Uint8Array) => ({
    crypto: decodeSpki(spki),
    pki: parsePublicKeyInfo(spki),
    lds: decodePublicKeyInfoBytes(spki),
  });

  it.each([
    ['a named P-256 key', 'secp256r1', 'prime256v1'],
    ['a named brainpool key', 'brainpoolP256r1', 'brainpoolP256r1'],
  ] as const)('decodes %s to the same curve and point and re-encodes it to the same bytes', (_, name, openssl) => {
    const spki = opensslSpki('ec', { namedCurve: openssl });
    const { crypto, pki, lds } = decodeThrice(spki);
    if (crypto.kind !== 'ec' || pki.kind !== 'ec' || lds.kind !== 'ec') throw new Error('expected EC keys');
    expect(crypto.curve.oid).toBe(oid(name));
    expect(pki.curveOid).toBe(oid(name));
    expect(lds.curve).toBe(oid(name));
    expect(pki.point).toEqual(crypto.point);
    expect(lds.point).toEqual(crypto.point);
    expect(encodeSpki(crypto)).toEqual(spki);
    expect(encodeEcPublicKeyInfo(pki.curveOid as string, pki.point)).toEqual(spki);
    expect(pki.spki).toEqual(spki);
    expect(encodePublicKeyInfo(lds)).toEqual(spki);
  });

  it('decodes an explicit-parameter EC key to the same domain parameters and re-encodes it to the same bytes', () => {
    const spki = encodeSpki(generateKeyPair({ kind: 'ec', curve: unnamed }).publicKey);
    const { crypto, pki, lds } = decodeThrice(spki);
    if (crypto.kind !== 'ec' || pki.kind !== 'ec' || lds.kind !== 'ec') throw new Error('expected EC keys');
    if (typeof lds.curve === 'string' || !pki.explicit) throw new Error('expected explicit parameters');
    expect(crypto.curve.oid).toBeUndefined();
    expect([crypto.curve.p, crypto.curve.n, crypto.curve.h]).toEqual([unnamed.p, unnamed.n, unnamed.h]);
    expect([lds.curve.p, lds.curve.order, lds.curve.cofactor]).toEqual([unnamed.p, unnamed.n, unnamed.h]);
    expect([pki.explicit.p, pki.explicit.n, pki.explicit.h]).toEqual(
      [unnamed.p, unnamed.n, unnamed.h].map(bigIntToBytes),
    );
    expect(pki.explicit.a).toEqual(lds.curve.a);
    expect(pki.explicit.b).toEqual(lds.curve.b);
    expect(pki.explicit.g).toEqual(lds.curve.generator);
    expect(pki.explicit.g).toEqual(g2);
    expect(pki.point).toEqual(crypto.point);
    expect(lds.point).toEqual(crypto.point);
    expect(encodeSpki(crypto)).toEqual(spki);
    expect(encodePublicKeyInfo(lds)).toEqual(spki);
  });

  it('reads the explicit parameters OpenSSL writes for a named curve alike and keeps their bytes in DG15', () => {
    const spki = opensslSpki('ec', { namedCurve: 'brainpoolP256r1', paramEncoding: 'explicit' });
    const { crypto, pki, lds } = decodeThrice(spki);
    if (crypto.kind !== 'ec' || pki.kind !== 'ec' || lds.kind !== 'ec') throw new Error('expected EC keys');
    if (typeof lds.curve === 'string' || !pki.explicit) throw new Error('expected explicit parameters');
    // The crypto layer maps the parameters to the named curve; the PKI and LDS forms keep them as received.
    expect(crypto.curve.name).toBe('brainpoolP256r1');
    expect(pki.explicit.p).toEqual(bigIntToBytes(crypto.curve.p));
    expect(lds.curve.p).toBe(crypto.curve.p);
    expect(lds.curve.order).toBe(crypto.curve.n);
    expect(pki.explicit.g).toEqual(lds.curve.generator);
    expect(pki.point).toEqual(crypto.point);
    expect(lds.point).toEqual(crypto.point);
    expect(pki.spki).toEqual(spki);
    expect(encodePublicKeyInfo(lds)).toEqual(spki);
  });

  it('decodes an RSA key to the same modulus and exponent and re-encodes it to the same bytes', () => {
    const spki = opensslSpki('rsa', { modulusLength: 1024 });
    const { crypto, pki, lds } = decodeThrice(spki);
    if (crypto.kind !== 'rsa' || pki.kind !== 'rsa' || lds.kind !== 'rsa') throw new Error('expected RSA keys');
    expect([lds.modulus, lds.exponent]).toEqual([crypto.n, crypto.e]);
    expect([pki.modulus, pki.exponent]).toEqual([bigIntToBytes(crypto.n), bigIntToBytes(crypto.e)]);
    expect(encodeSpki(crypto)).toEqual(spki);
    expect(encodeRsaPublicKeyInfo(pki.modulus, pki.exponent)).toEqual(spki);
    expect(encodePublicKeyInfo(lds)).toEqual(spki);
  });

  it('reads an RSA modulus with a redundant leading zero in certificates, and refuses it in a data group', () => {
    // SPKI { AlgorithmIdentifier, BIT STRING { 00, RSAPublicKey { modulus, exponent } } }, the modulus re-written
    // with one more leading zero byte (BER, seen in certificates in circulation; not DER).
    const n = 0xc3a5f1d9e27b4c61n;
    const rsa = concatBytes(Uint8Array.of(0x30, 0x0f, 0x02, 0x0a, 0x00, 0x00), bigIntToBytes(n), fromHex('020103'));
    const bits = concatBytes(Uint8Array.of(0x03, rsa.length + 1, 0x00), rsa);
    const alg = fromHex('300D06092A864886F70D0101010500');
    const spki = concatBytes(Uint8Array.of(0x30, alg.length + bits.length), alg, bits);
    const crypto = decodeSpki(spki);
    const pki = parsePublicKeyInfo(spki);
    expect(crypto.kind === 'rsa' && [crypto.n, crypto.e]).toEqual([n, 3n]);
    expect(pki.kind === 'rsa' && pki.modulus).toEqual(bigIntToBytes(n));
    expect(pki.spki).toEqual(spki);
    expect(codeOf(() => decodePublicKeyInfoBytes(spki))).toBe('LDS_MALFORMED');
  });

  it('reads an RSASSA-PSS key as RSA for verifiers and keeps it as received in DG15', () => {
    const spki = opensslSpki('rsa-pss', { modulusLength: 1024 });
    const { crypto, pki, lds } = decodeThrice(spki);
    if (crypto.kind !== 'rsa' || pki.kind !== 'rsa') throw new Error('expected RSA keys');
    expect(pki.modulus).toEqual(bigIntToBytes(crypto.n));
    expect(lds.kind === 'other' && lds.algorithm.algorithm).toBe(oid('id-RSASSA-PSS'));
    expect(encodePublicKeyInfo(lds)).toEqual(spki);
  });

  it('decodes a DH key in the LDS form only, to the bytes as received; the signature layers refuse it', () => {
    const spki = opensslSpki('dh', { group: 'modp2' });
    const lds = decodePublicKeyInfoBytes(spki);
    expect(lds.kind === 'dh' && lds.algorithm).toBe(oid('dhKeyAgreement'));
    expect(encodePublicKeyInfo(lds)).toEqual(spki);
    expect(codeOf(() => decodeSpki(spki))).toBe('CRYPTO_UNSUPPORTED');
    expect(codeOf(() => parsePublicKeyInfo(spki))).toBe('CRYPTO_UNSUPPORTED');
  });

  it('reports a malformed key with the code of each entry point, under the path it was given', () => {
    const spki = encodeSpki(generateKeyPair({ kind: 'ec', curve: unnamed }).publicKey);
    // SubjectPublicKeyInfo / AlgorithmIdentifier / ECParameters / version: INTEGER 1 becomes 2.
    const version = decodeTlv(spki).children[0]?.children[1]?.children[0] as Tlv;
    const bad = spki.slice();
    bad[version.offset + 2] = 2;
    expect(codeOf(() => decodeSpki(bad))).toBe('PKI_MALFORMED');
    expect(codeOf(() => parsePublicKeyInfo(bad))).toBe('PKI_MALFORMED');
    expect(codeOf(() => decodePublicKeyInfoBytes(bad))).toBe('LDS_MALFORMED');
    let path: string | undefined;
    try {
      decodePublicKeyInfoBytes(bad, 'DG15/subjectPublicKeyInfo');
    } catch (e) {
      path = (e as { path?: string }).path;
    }
    expect(path).toBe('DG15/subjectPublicKeyInfo/algorithm/ecParameters/version');
  });
});
