// ECDSA over any curve of ec.ts (FIPS 186-5 §6.4; BSI TR-03111 §4.2.1), with the two signature formats ICAO
// uses: DER (X9.62 Ecdsa-Sig-Value, in CMS and certificates) and plain r || s (TR-03111 §5.2.1, Active
// Authentication and CV certificates).
import { allocPublic, equalBytes } from '../bytes.js';
import { CccdError } from '../errors.js';
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

// The two conversions run once per signature and verification of every EF.SOD and certificate, so they work on
// bytes: going through bigint and the TLV tree cost a third of an OpenSSL P-256 signature.

/** DER of one non-negative INTEGER from big-endian magnitude bytes (X.690 §8.3: minimal, sign byte if needed). */
function integerDer(magnitude: Uint8Array): Uint8Array {
  let i = 0;
  while (i < magnitude.length - 1 && magnitude[i] === 0) i++;
  const pad = (magnitude[i] as number) & 0x80 ? 1 : 0;
  const length = magnitude.length - i + pad;
  const out = new Uint8Array(2 + length);
  out[0] = 0x02;
  out[1] = length; // at most 67 bytes for P-521
  out.set(magnitude.subarray(i), 2 + pad);
  return out;
}

/** Plain r || s (each at `orderLength` bytes) to DER Ecdsa-Sig-Value (X9.62, RFC 5480 §2.2). */
export function ecdsaPlainToDer(signature: Uint8Array): Uint8Array {
  if (signature.length === 0 || signature.length % 2 !== 0) {
    throw new CccdError('INVALID_ARGUMENT', 'signature: plain r || s has an even length');
  }
  const half = signature.length / 2;
  const r = integerDer(signature.subarray(0, half));
  const s = integerDer(signature.subarray(half));
  const body = r.length + s.length;
  const header = body < 0x80 ? 2 : 3;
  const out = allocPublic(header + body);
  out[0] = 0x30;
  if (header === 2) out[1] = body;
  else out.set([0x81, body], 1);
  out.set(r, header);
  out.set(s, header + r.length);
  return out;
}

function notEcdsaSig(why: string): never {
  throw new CccdError('CRYPTO_FAILED', `signature is not a DER Ecdsa-Sig-Value: ${why}`);
}

/** Reads a definite, minimally encoded DER length at `pos`; returns [length, position after it]. */
function derLength(der: Uint8Array, pos: number): [number, number] {
  const first = der[pos];
  if (first === undefined) notEcdsaSig('truncated');
  if (first < 0x80) return [first, pos + 1];
  if (first !== 0x81) notEcdsaSig('length form');
  const n = der[pos + 1];
  if (n === undefined || n < 0x80) notEcdsaSig('non-minimal length');
  return [n, pos + 2];
}

/** Copies one positive INTEGER at `pos` right-aligned into out[at, at + size); returns the position after it. */
function integerInto(der: Uint8Array, pos: number, end: number, out: Uint8Array, at: number, size: number): number {
  if (der[pos] !== 0x02) notEcdsaSig('expected INTEGER');
  const [length, start] = derLength(der, pos + 1);
  const stop = start + length;
  if (length === 0 || stop > end) notEcdsaSig('INTEGER length');
  if ((der[start] as number) & 0x80) throw new CccdError('CRYPTO_FAILED', 'ECDSA r and s are positive');
  let i = start;
  while (i < stop && der[i] === 0) i++;
  if (i === stop) throw new CccdError('CRYPTO_FAILED', 'ECDSA r and s are positive');
  if (stop - i > size) notEcdsaSig('INTEGER longer than the group order');
  out.set(der.subarray(i, stop), at + size - (stop - i));
  return stop;
}

/** DER Ecdsa-Sig-Value to plain r || s at `orderLength` bytes each; CRYPTO_FAILED when malformed or too long. */
export function ecdsaDerToPlain(der: Uint8Array, orderLength: number): Uint8Array {
  if (der[0] !== 0x30) notEcdsaSig('expected SEQUENCE');
  const [length, start] = derLength(der, 1);
  if (start + length !== der.length) notEcdsaSig('SEQUENCE length');
  const out = new Uint8Array(2 * orderLength);
  const afterR = integerInto(der, start, der.length, out, 0, orderLength);
  if (integerInto(der, afterR, der.length, out, orderLength, orderLength) !== der.length) {
    notEcdsaSig('more than two INTEGERs');
  }
  return out;
}

/**
 * Signs H(message) with an EC private key.
 * @example ecdsaSign(key, signedAttrs, { hash: 'SHA-256' }) // DER, as CMS SignerInfo.signature carries it
 */
export function ecdsaSign(key: EcPrivateKey, message: Uint8Array, options: EcdsaOptions): Uint8Array {
  if (key?.kind !== 'ec') throw new CccdError('INVALID_ARGUMENT', 'key: expected an EC private key');
  const alg = assertHashAlgorithm(options.hash, 'hash');
  const backend = options.backend ?? defaultBackend;
  const der = options.format ?? 'der';
  if (der === 'der' && !options.random && backend.ecdsaSignDer) {
    const signature = backend.ecdsaSignDer(key, message, alg);
    if (signature) return signature;
  }
  const plain = backend.ecdsaSign(key, message, alg, options.random);
  return der === 'plain' ? plain : ecdsaPlainToDer(plain);
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
  const backend = options.backend ?? defaultBackend;
  if ((options.format ?? 'der') === 'plain') return backend.ecdsaVerify(key, message, signature, alg);
  const direct = backend.ecdsaVerifyDer?.(key, message, signature, alg);
  if (direct === true) return true;
  // A backend without DER input, or a signature the backend refused: read it leniently (integers with extra
  // leading zeros are seen from some signers) and verify r || s, unless it was canonical DER and already refused.
  let plain: Uint8Array;
  try {
    plain = ecdsaDerToPlain(signature, key.curve.orderLength);
  } catch {
    return false;
  }
  if (direct === false && equalBytes(ecdsaPlainToDer(plain), signature)) return false;
  return backend.ecdsaVerify(key, message, plain, alg);
}
