// ISO/IEC 9796-2 digital signature scheme 1 with message recovery (partial or total), as ICAO 9303-11 §6.1
// Active Authentication uses it with RSA: F = header || M1 || H(M1 || M2) || trailer, trailer BC for SHA-1 and
// xx CC (ISO/IEC 10118-3 hash identifier) otherwise.
import { bytesToBigInt, concatBytes, equalBytes, numberToBytes } from '../bytes.js';
import { CccdError } from '../errors.js';
import type { CryptoBackend } from './backend.js';
import { HASHES, type HashAlgorithm, hash } from './hash.js';
import {
  modulusLength,
  type RsaPrivateKey,
  type RsaPublicKey,
  rsaPrivateOperation,
  rsaPublicOperation,
} from './rsa-core.js';

export interface Iso9796Options {
  /** Hash of the message (ICAO 9303-11 §6.1: SHA-1 with trailer BC unless DG14 names another). Default SHA-1. */
  hash?: HashAlgorithm;
  backend?: CryptoBackend;
}

function trailer(alg: HashAlgorithm): Uint8Array {
  return alg === 'SHA-1' ? Uint8Array.of(0xbc) : Uint8Array.of(HASHES[alg].iso10118Id, 0xcc);
}

/**
 * The message representative F of `k` bytes for message M: the first bytes of M that fit are recovered (M1),
 * the rest (M2) must be known to the verifier (for AA: RND.IFD).
 */
export function iso9796Encode(
  message: Uint8Array,
  length: number,
  options: Iso9796Options = {},
): { f: Uint8Array; m1: Uint8Array; m2: Uint8Array; partial: boolean } {
  const alg = options.hash ?? 'SHA-1';
  const t = trailer(alg);
  const capacity = length - 1 - HASHES[alg].length - t.length;
  if (capacity < 1) throw new CccdError('CRYPTO_FAILED', 'ISO/IEC 9796-2: modulus too short for this hash');
  const partial = message.length > capacity;
  const m1 = message.subarray(0, Math.min(capacity, message.length));
  const m2 = message.subarray(m1.length);
  const h = hash(alg, message, options.backend);
  // Header 01, more-data bit (partial recovery), padding nibbles B...B then the border nibble A before M1.
  const padLength = capacity - m1.length;
  const head = new Uint8Array(padLength + 1).fill(0xbb);
  head[padLength] = 0xba;
  head[0] = (partial ? 0x60 : 0x40) | (padLength === 0 ? 0x0a : 0x0b);
  return { f: concatBytes(head, m1, h, t), m1, m2, partial };
}

/**
 * Parses F and checks H(M1 || m2) in constant time. Returns the recovered M1 and the hash named by the trailer,
 * or throws CRYPTO_FAILED when F is not a well-formed scheme 1 representative or the hash does not match.
 */
export function iso9796Recover(
  f: Uint8Array,
  m2: Uint8Array,
  options: { backend?: CryptoBackend } = {},
): { m1: Uint8Array; hash: HashAlgorithm; partial: boolean } {
  const fail = (why: string) => new CccdError('CRYPTO_FAILED', `ISO/IEC 9796-2: ${why}`);
  if (f.length < 4 || (f[0]! & 0xc0) !== 0x40) throw fail('header is not 01');
  const last = f[f.length - 1]!;
  let alg: HashAlgorithm | undefined;
  let tLength = 1;
  if (last === 0xbc) alg = 'SHA-1';
  else if (last === 0xcc) {
    tLength = 2;
    const id = f[f.length - 2]!;
    alg = (Object.keys(HASHES) as HashAlgorithm[]).find((a) => HASHES[a].iso10118Id === id);
  }
  if (!alg) throw fail('unknown trailer');
  const partial = (f[0]! & 0x20) !== 0;
  // M1 starts after the border: the first byte whose low nibble is A, all before it B-padding.
  let start = 0;
  while (start < f.length && (f[start]! & 0x0f) !== 0x0a) {
    if ((f[start]! & 0x0f) !== 0x0b || (start > 0 && f[start] !== 0xbb)) throw fail('padding is malformed');
    start++;
  }
  if (start > 0 && f[start] !== 0xba) throw fail('padding is malformed');
  const hEnd = f.length - tLength;
  const hStart = hEnd - HASHES[alg].length;
  if (hStart < start + 1) throw fail('representative too short');
  const m1 = f.slice(start + 1, hStart);
  if (!partial && m2.length > 0) throw fail('total recovery but a non-recoverable part was given');
  if (!equalBytes(hash(alg, concatBytes(m1, m2), options.backend), f.subarray(hStart, hEnd))) {
    throw fail('hash does not match');
  }
  return { m1, hash: alg, partial };
}

/** Signs M with recovery (the chip's side of Active Authentication): s = F^d mod n. */
export function iso9796Sign(key: RsaPrivateKey, message: Uint8Array, options: Iso9796Options = {}): Uint8Array {
  const k = modulusLength(key);
  const { f } = iso9796Encode(message, k, options);
  const x = bytesToBigInt(f);
  if (x >= key.n) throw new CccdError('CRYPTO_FAILED', 'ISO/IEC 9796-2: representative exceeds the modulus');
  return numberToBytes(rsaPrivateOperation(key, x), k);
}

/**
 * Verifies a signature with recovery (the terminal's side): F = s^e mod n, then iso9796Recover with m2.
 * Throws CRYPTO_FAILED on any mismatch.
 */
export function iso9796Verify(
  key: RsaPublicKey,
  signature: Uint8Array,
  m2: Uint8Array,
  options: { backend?: CryptoBackend } = {},
): { m1: Uint8Array; hash: HashAlgorithm; partial: boolean } {
  const k = modulusLength(key);
  if (signature.length !== k) throw new CccdError('CRYPTO_FAILED', 'ISO/IEC 9796-2: signature length differs from n');
  const f = rsaPublicOperation(key, bytesToBigInt(signature));
  const fBytes = numberToBytes(f, k);
  return iso9796Recover(fBytes, m2, options);
}
