// ECDSA over any curve of ec.ts (FIPS 186-5 §6.4; BSI TR-03111 §4.2.1), with the two signature formats ICAO
// uses: DER (X9.62 Ecdsa-Sig-Value, in CMS and certificates) and plain r || s (TR-03111 §5.2.1, Active
// Authentication and CV certificates).
import { decodeBigInt, encodeInteger, encodeSequence, TAG } from '../asn1/der.js';
import { bytesToBigInt, numberToBytes } from '../bytes.js';
import { CccdError } from '../errors.js';
import { childAt, decodeTlv, expectTag } from '../tlv/index.js';
import type { CryptoBackend } from './backend.js';
import { assertHashAlgorithm, type HashAlgorithm } from './hash.js';
import type { EcPrivateKey, EcPublicKey } from './keys.js';
import type { RandomSource } from './random.js';
import { backend as defaultBackend } from './select.js';

export type EcdsaSignatureFormat = 'der' | 'plain';

export interface EcdsaOptions {
  /** Hash applied to the message (ecdsa-with-SHA256 etc.). */
  hash: HashAlgorithm;
  /** Output/input format (default 'der'). */
  format?: EcdsaSignatureFormat;
  /**
   * Extra entropy for the RFC 6979 nonce. With it, signing runs in pure JavaScript so that the signature
   * replays exactly; without it the Node backend uses OpenSSL's random nonce.
   */
  random?: RandomSource;
  backend?: CryptoBackend;
}

/** Plain r || s (each at `orderLength` bytes) to DER Ecdsa-Sig-Value. */
export function ecdsaPlainToDer(signature: Uint8Array): Uint8Array {
  if (signature.length === 0 || signature.length % 2 !== 0) {
    throw new CccdError('INVALID_ARGUMENT', 'signature: plain r || s has an even length');
  }
  const half = signature.length / 2;
  return encodeSequence(
    encodeInteger(bytesToBigInt(signature.subarray(0, half))),
    encodeInteger(bytesToBigInt(signature.subarray(half))),
  );
}

/** DER Ecdsa-Sig-Value to plain r || s at `orderLength` bytes each; CRYPTO_FAILED when malformed or too long. */
export function ecdsaDerToPlain(der: Uint8Array, orderLength: number): Uint8Array {
  try {
    const node = expectTag(decodeTlv(der, { maxDepth: 2 }), TAG.SEQUENCE, 'CRYPTO_FAILED');
    if (node.children.length !== 2) throw new CccdError('CRYPTO_FAILED', 'Ecdsa-Sig-Value has two integers');
    const r = decodeBigInt(childAt(node, 0, 'CRYPTO_FAILED', 'r'), 'CRYPTO_FAILED');
    const s = decodeBigInt(childAt(node, 1, 'CRYPTO_FAILED', 's'), 'CRYPTO_FAILED');
    if (r <= 0n || s <= 0n) throw new CccdError('CRYPTO_FAILED', 'ECDSA r and s are positive');
    const out = new Uint8Array(2 * orderLength);
    out.set(numberToBytes(r, orderLength), 0);
    out.set(numberToBytes(s, orderLength), orderLength);
    return out;
  } catch (e) {
    if (e instanceof CccdError && e.code === 'CRYPTO_FAILED') throw e;
    throw new CccdError('CRYPTO_FAILED', 'signature is not a DER Ecdsa-Sig-Value', { cause: e });
  }
}

/**
 * Signs H(message) with an EC private key.
 * @example ecdsaSign(key, signedAttrs, { hash: 'SHA-256' }) // DER, as CMS SignerInfo.signature carries it
 */
export function ecdsaSign(key: EcPrivateKey, message: Uint8Array, options: EcdsaOptions): Uint8Array {
  if (key?.kind !== 'ec') throw new CccdError('INVALID_ARGUMENT', 'key: expected an EC private key');
  const alg = assertHashAlgorithm(options.hash, 'hash');
  const plain = (options.backend ?? defaultBackend).ecdsaSign(key, message, alg, options.random);
  return (options.format ?? 'der') === 'plain' ? plain : ecdsaPlainToDer(plain);
}

/** Verifies a signature on H(message); false for any invalid or malformed signature (fail closed). */
export function ecdsaVerify(
  key: EcPublicKey,
  message: Uint8Array,
  signature: Uint8Array,
  options: EcdsaOptions,
): boolean {
  if (key?.kind !== 'ec') throw new CccdError('INVALID_ARGUMENT', 'key: expected an EC public key');
  const alg = assertHashAlgorithm(options.hash, 'hash');
  let plain = signature;
  if ((options.format ?? 'der') === 'der') {
    try {
      plain = ecdsaDerToPlain(signature, key.curve.orderLength);
    } catch {
      return false;
    }
  }
  return (options.backend ?? defaultBackend).ecdsaVerify(key, message, plain, alg);
}
