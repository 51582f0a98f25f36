// RSA primitives written once for the pure backend and for ISO/IEC 9796-2 (RFC 8017 §5.2 RSASP1/RSAVP1,
// §9.2 EMSA-PKCS1-v1_5, §9.1 EMSA-PSS with MGF1). No backend import here: both backends build on it.
import { bytesToBigInt, concatBytes, equalBytes, fromHex, numberToBytes } from '../bytes.js';
import { CccdError } from '../errors.js';
import { modPow } from './dh.js';
import type { HashAlgorithm } from './hash.js';
import { HASHES } from './hash.js';

export interface RsaPublicKey {
  readonly kind: 'rsa';
  readonly n: bigint;
  readonly e: bigint;
}

/** An RSA private key with its CRT components (RFC 8017 §3.2, second representation). */
export interface RsaPrivateKey extends RsaPublicKey {
  readonly d: bigint;
  readonly p: bigint;
  readonly q: bigint;
  readonly dp: bigint;
  readonly dq: bigint;
  readonly qi: bigint;
}

/** Modulus length in bytes. */
export function modulusLength(key: RsaPublicKey): number {
  return Math.ceil(key.n.toString(2).length / 8);
}

export function modulusBits(key: RsaPublicKey): number {
  return key.n.toString(2).length;
}

/** RSAVP1 / RSAEP: x^e mod n; CRYPTO_FAILED unless 0 <= x < n. */
export function rsaPublicOperation(key: RsaPublicKey, x: bigint): bigint {
  if (x < 0n || x >= key.n) throw new CccdError('CRYPTO_FAILED', 'RSA input out of range');
  return modPow(x, key.e, key.n);
}

/** RSASP1 / RSADP with the CRT (RFC 8017 §5.1.2 2.b), checked against the public operation (fault attacks). */
export function rsaPrivateOperation(key: RsaPrivateKey, x: bigint): bigint {
  if (x < 0n || x >= key.n) throw new CccdError('CRYPTO_FAILED', 'RSA input out of range');
  const m1 = modPow(x, key.dp, key.p);
  const m2 = modPow(x, key.dq, key.q);
  const h = (((m1 - m2) % key.p) + key.p) % key.p;
  const s = m2 + key.q * ((h * key.qi) % key.p);
  if (modPow(s, key.e, key.n) !== x) throw new CccdError('CRYPTO_FAILED', 'RSA private operation self-check failed');
  return s;
}

/** RFC 8017 §9.2 note 1: DER DigestInfo prefixes. */
const DIGEST_INFO_PREFIX: Readonly<Record<HashAlgorithm, string>> = {
  'SHA-1': '3021300906052B0E03021A05000414',
  'SHA-224': '302D300D06096086480165030402040500041C',
  'SHA-256': '3031300D060960864801650304020105000420',
  'SHA-384': '3041300D060960864801650304020205000430',
  'SHA-512': '3051300D060960864801650304020305000440',
};

/** EMSA-PKCS1-v1_5 encoding of a digest into `emLength` bytes. */
export function emsaPkcs1v15(hashAlg: HashAlgorithm, digest: Uint8Array, emLength: number): Uint8Array {
  const t = concatBytes(fromHex(DIGEST_INFO_PREFIX[hashAlg]), digest);
  if (emLength < t.length + 11) throw new CccdError('CRYPTO_FAILED', 'RSA modulus too short for this digest');
  const em = new Uint8Array(emLength).fill(0xff);
  em[0] = 0;
  em[1] = 1;
  em[emLength - t.length - 1] = 0;
  em.set(t, emLength - t.length);
  return em;
}

export type HashFn = (alg: HashAlgorithm, data: Uint8Array) => Uint8Array;

/** MGF1 (RFC 8017 B.2.1). */
export function mgf1(hash: HashFn, alg: HashAlgorithm, seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const hLen = HASHES[alg].length;
  for (let counter = 0, off = 0; off < length; counter++, off += hLen) {
    const block = hash(alg, concatBytes(seed, numberToBytes(counter, 4)));
    out.set(block.subarray(0, Math.min(hLen, length - off)), off);
  }
  return out;
}

/** EMSA-PSS-ENCODE (RFC 8017 §9.1.1) of a digest mHash with `salt`, for emBits = modBits - 1. */
export function emsaPssEncode(
  hash: HashFn,
  alg: HashAlgorithm,
  mHash: Uint8Array,
  salt: Uint8Array,
  emBits: number,
): Uint8Array {
  const hLen = HASHES[alg].length;
  const emLen = Math.ceil(emBits / 8);
  if (emLen < hLen + salt.length + 2) throw new CccdError('CRYPTO_FAILED', 'RSA modulus too short for PSS');
  const h = hash(alg, concatBytes(new Uint8Array(8), mHash, salt));
  const db = new Uint8Array(emLen - hLen - 1);
  db[db.length - salt.length - 1] = 0x01;
  db.set(salt, db.length - salt.length);
  const mask = mgf1(hash, alg, h, db.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  db[0]! &= 0xff >> (8 * emLen - emBits);
  return concatBytes(db, h, Uint8Array.of(0xbc));
}

/** EMSA-PSS-VERIFY (RFC 8017 §9.1.2); `saltLength` undefined accepts any salt length. */
export function emsaPssVerify(
  hash: HashFn,
  alg: HashAlgorithm,
  mHash: Uint8Array,
  em: Uint8Array,
  emBits: number,
  saltLength: number | undefined,
): boolean {
  const hLen = HASHES[alg].length;
  const emLen = Math.ceil(emBits / 8);
  if (em.length !== emLen || emLen < hLen + 2 || em[emLen - 1] !== 0xbc) return false;
  const maskedDb = em.subarray(0, emLen - hLen - 1);
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  const topMask = 0xff >> (8 * emLen - emBits);
  if ((maskedDb[0]! & ~topMask) !== 0) return false;
  const db = mgf1(hash, alg, h, maskedDb.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= maskedDb[i]!;
  db[0]! &= topMask;
  let i = 0;
  while (i < db.length && db[i] === 0) i++;
  if (i >= db.length || db[i] !== 0x01) return false;
  const salt = db.subarray(i + 1);
  if (saltLength !== undefined && salt.length !== saltLength) return false;
  return equalBytes(hash(alg, concatBytes(new Uint8Array(8), mHash, salt)), h);
}

/** Integer of a signature after the RFC 8017 §8.2.2 length check. */
export function signatureToInt(key: RsaPublicKey, signature: Uint8Array): bigint | undefined {
  if (signature.length !== modulusLength(key)) return undefined;
  const s = bytesToBigInt(signature);
  return s < key.n ? s : undefined;
}

/** CRT components from n, e, d, p, q. */
export function rsaPrivateKey(parts: { n: bigint; e: bigint; d: bigint; p: bigint; q: bigint }): RsaPrivateKey {
  const { n, e, d, p, q } = parts;
  if (p * q !== n) throw new CccdError('CRYPTO_FAILED', 'RSA key: p·q is not n');
  return { kind: 'rsa', n, e, d, p, q, dp: d % (p - 1n), dq: d % (q - 1n), qi: modInverse(q, p) };
}

/** a^-1 mod m by the extended Euclidean algorithm; CRYPTO_FAILED when not invertible. */
export function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [((a % m) + m) % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new CccdError('CRYPTO_FAILED', 'value is not invertible');
  return ((oldS % m) + m) % m;
}

const SMALL_PRIMES = (() => {
  const out: bigint[] = [];
  for (let c = 3; out.length < 300; c += 2) if (out.every((p) => c % Number(p) !== 0)) out.push(BigInt(c));
  return out;
})();

/** Miller-Rabin with `rounds` bases drawn from `random` (FIPS 186-5 B.3.1; 1024-bit primes need 5 rounds). */
export function isProbablePrime(n: bigint, random: (length: number) => Uint8Array, rounds = 8): boolean {
  if (n < 2n) return false;
  for (const p of SMALL_PRIMES) {
    if (n === p) return true;
    if (n % p === 0n) return false;
  }
  let d = n - 1n;
  let r = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    r++;
  }
  const len = Math.ceil(n.toString(2).length / 8);
  for (let i = 0; i < rounds; i++) {
    const a = (bytesToBigInt(random(len)) % (n - 3n)) + 2n;
    let x = modPow(a, d, n);
    if (x === 1n || x === n - 1n) continue;
    let composite = true;
    for (let j = 1; j < r; j++) {
      x = (x * x) % n;
      if (x === n - 1n) {
        composite = false;
        break;
      }
    }
    if (composite) return false;
  }
  return true;
}

function randomPrime(bits: number, e: bigint, random: (length: number) => Uint8Array): bigint {
  const len = Math.ceil(bits / 8);
  for (;;) {
    let c = bytesToBigInt(random(len)) >> BigInt(len * 8 - bits);
    // Top two bits set so that p·q has exactly 2·bits bits; odd.
    c |= (3n << BigInt(bits - 2)) | 1n;
    if ((c - 1n) % e === 0n) continue;
    if (isProbablePrime(c, random)) return c;
  }
}

/** Generates an RSA key of `bits` bits with public exponent `e` (pure JavaScript; slow above 2048 bits). */
export function generateRsaKeyPure(bits: number, e: bigint, random: (length: number) => Uint8Array): RsaPrivateKey {
  for (;;) {
    const p = randomPrime(Math.ceil(bits / 2), e, random);
    const q = randomPrime(Math.floor(bits / 2), e, random);
    if (p === q) continue;
    const n = p * q;
    if (n.toString(2).length !== bits) continue;
    const lambda = ((p - 1n) * (q - 1n)) / gcd(p - 1n, q - 1n);
    const d = modInverse(e, lambda);
    const [hi, lo] = p > q ? [p, q] : [q, p];
    return rsaPrivateKey({ n, e, d, p: hi, q: lo });
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}
