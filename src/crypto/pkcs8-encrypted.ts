// Password-encrypted PKCS #8 (RFC 5958 EncryptedPrivateKeyInfo) with PBES2 / PBKDF2-HMAC-SHA-256 / AES-256-CBC
// (RFC 8018 §6.2, Appendix A.2, B.2.5): how a personalization bureau stores a software document signer key.
import { sha1 } from '@noble/hashes/legacy.js';
import { pbkdf2 } from '@noble/hashes/pbkdf2.js';
import { sha256 } from '@noble/hashes/sha2.js';
import {
  decodeOid,
  decodeSmallInt,
  encodeInteger,
  encodeOctetString,
  encodeOid,
  encodeSequence,
  TAG,
} from '../asn1/der.js';
import { oid } from '../asn1/oids.js';
import { concatBytes, utf8ToBytes } from '../bytes.js';
import { CccdError } from '../errors.js';
import { childAt, decodeTlv, encodeTlv, expectTag } from '../tlv/index.js';
import { decrypt, encrypt } from './cipher.js';
import type { PrivateKey } from './keys.js';
import { fromPem, toPem } from './pem.js';
import { decodePkcs8, encodePkcs8, wrapTlvErrors } from './pkcs8.js';
import { defaultRandom, type RandomSource } from './random.js';

const BAD = 'PKI_MALFORMED' as const;
const NULL = encodeTlv(TAG.NULL);

export interface EncryptPkcs8Options {
  /** PBKDF2 iteration count (default 100,000). */
  iterations?: number;
  random?: RandomSource;
}

function pkcs7Pad(data: Uint8Array): Uint8Array {
  const n = 16 - (data.length % 16);
  return concatBytes(data, new Uint8Array(n).fill(n));
}

function pkcs7Unpad(data: Uint8Array): Uint8Array {
  const n = data[data.length - 1] ?? 0;
  if (n < 1 || n > 16 || n > data.length || !data.subarray(data.length - n).every((b) => b === n)) {
    throw new CccdError('CRYPTO_FAILED', 'encrypted private key: wrong passphrase or corrupted data');
  }
  return data.subarray(0, data.length - n);
}

/** EncryptedPrivateKeyInfo DER: PBES2 with PBKDF2-HMAC-SHA-256 and AES-256-CBC. */
export function encryptPkcs8(key: PrivateKey, passphrase: string, options: EncryptPkcs8Options = {}): Uint8Array {
  const random = options.random ?? defaultRandom;
  const iterations = options.iterations ?? 100_000;
  const salt = random(16);
  const iv = random(16);
  const dk = pbkdf2(sha256, utf8ToBytes(passphrase), salt, { c: iterations, dkLen: 32 });
  const encrypted = encrypt('AES', dk, pkcs7Pad(encodePkcs8(key)), { iv });
  const params = encodeSequence(
    encodeSequence(
      encodeOid(oid('id-PBKDF2')),
      encodeSequence(
        encodeOctetString(salt),
        encodeInteger(iterations),
        encodeSequence(encodeOid(oid('id-hmacWithSHA256')), NULL),
      ),
    ),
    encodeSequence(encodeOid(oid('aes256-CBC-PAD')), encodeOctetString(iv)),
  );
  return encodeSequence(encodeSequence(encodeOid(oid('id-PBES2')), params), encodeOctetString(encrypted));
}

/** Decrypts EncryptedPrivateKeyInfo DER (PBES2, PBKDF2 with HMAC-SHA-1 or -SHA-256, AES-128/256-CBC). */
export function decryptPkcs8(der: Uint8Array, passphrase: string): PrivateKey {
  const { plain } = wrapTlvErrors(() => {
    const node = expectTag(decodeTlv(der, { path: 'EncryptedPrivateKeyInfo' }), TAG.SEQUENCE, BAD);
    const alg = childAt(node, 0, BAD, 'encryptionAlgorithm');
    if (decodeOid(childAt(alg, 0, BAD, 'algorithm'), BAD) !== oid('id-PBES2')) {
      throw new CccdError('CRYPTO_UNSUPPORTED', 'only PBES2-encrypted private keys are supported', { path: alg.path });
    }
    const params = childAt(alg, 1, BAD, 'PBES2-params');
    const kdf = childAt(params, 0, BAD, 'keyDerivationFunc');
    if (decodeOid(childAt(kdf, 0, BAD, 'algorithm'), BAD) !== oid('id-PBKDF2')) {
      throw new CccdError('CRYPTO_UNSUPPORTED', 'only PBKDF2 is supported', { path: kdf.path });
    }
    const kdfParams = childAt(kdf, 1, BAD, 'PBKDF2-params');
    const salt = expectTag(childAt(kdfParams, 0, BAD, 'salt'), TAG.OCTET_STRING, BAD).value;
    const iterations = decodeSmallInt(childAt(kdfParams, 1, BAD, 'iterationCount'), BAD);
    const prfNode = kdfParams.children.find((c) => c.tag === TAG.SEQUENCE);
    const prfOid = prfNode ? decodeOid(childAt(prfNode, 0, BAD, 'prf'), BAD) : oid('id-hmacWithSHA1');
    const prf = prfOid === oid('id-hmacWithSHA256') ? sha256 : prfOid === oid('id-hmacWithSHA1') ? sha1 : undefined;
    const scheme = childAt(params, 1, BAD, 'encryptionScheme');
    const schemeOid = decodeOid(childAt(scheme, 0, BAD, 'algorithm'), BAD);
    const keyLength = schemeOid === oid('aes256-CBC-PAD') ? 32 : schemeOid === oid('aes128-CBC-PAD') ? 16 : 0;
    if (!prf || keyLength === 0 || iterations < 1 || iterations > 10_000_000) {
      throw new CccdError('CRYPTO_UNSUPPORTED', 'unsupported PBES2 parameters', { path: params.path });
    }
    const iv = expectTag(childAt(scheme, 1, BAD, 'iv'), TAG.OCTET_STRING, BAD).value;
    const data = expectTag(childAt(node, 1, BAD, 'encryptedData'), TAG.OCTET_STRING, BAD).value;
    if (iv.length !== 16 || data.length === 0 || data.length % 16 !== 0) {
      throw new CccdError(BAD, 'encrypted private key has a bad IV or length', { path: node.path });
    }
    const dk = pbkdf2(prf, utf8ToBytes(passphrase), salt, { c: iterations, dkLen: keyLength });
    return { plain: pkcs7Unpad(decrypt('AES', dk, data, { iv })) };
  });
  try {
    return decodePkcs8(plain);
  } catch (cause) {
    throw new CccdError('CRYPTO_FAILED', 'encrypted private key: wrong passphrase or corrupted data', { cause });
  }
}

/** Encrypted PKCS#8 as PEM (`ENCRYPTED PRIVATE KEY`). */
export function encryptPkcs8Pem(key: PrivateKey, passphrase: string, options: EncryptPkcs8Options = {}): string {
  return toPem('ENCRYPTED PRIVATE KEY', encryptPkcs8(key, passphrase, options));
}

/** Reads a `PRIVATE KEY` or `ENCRYPTED PRIVATE KEY` PEM block (the latter needs `passphrase`). */
export function decodePkcs8Pem(text: string, passphrase?: string): PrivateKey {
  if (text.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----')) {
    if (passphrase === undefined) throw new CccdError('INVALID_ARGUMENT', 'passphrase: the key is encrypted');
    return decryptPkcs8(fromPem(text, 'ENCRYPTED PRIVATE KEY'), passphrase);
  }
  return decodePkcs8(fromPem(text, 'PRIVATE KEY'));
}
