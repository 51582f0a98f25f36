// FIPS 180-4 hash functions as used by ICAO 9303-11 (SHA-1 for BAC/PACE keys) and 9303-12 (SOD digests).

import { type OidName, oid, oidName } from '../asn1/oids.js';
import { CccdError } from '../errors.js';
import type { CryptoBackend } from './backend.js';
import { backend as defaultBackend } from './select.js';

export type HashAlgorithm = 'SHA-1' | 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512';

export interface HashInfo {
  /** The registered OID name (src/asn1/oids.ts). */
  readonly oidName: OidName;
  /** Output length in bytes. */
  readonly length: number;
  /** Internal block length in bytes (HMAC, ISO/IEC 9796-2 sizing). */
  readonly blockLength: number;
  /** ISO/IEC 10118-3 hash identifier used in the ISO/IEC 9796-2 trailer xx CC; SHA-1 uses trailer BC. */
  readonly iso10118Id: number;
}

/** The hash table; every lookup (by name, by OID) derives from it. */
export const HASHES: Readonly<Record<HashAlgorithm, HashInfo>> = {
  'SHA-1': { oidName: 'id-sha1', length: 20, blockLength: 64, iso10118Id: 0x33 },
  'SHA-224': { oidName: 'id-sha224', length: 28, blockLength: 64, iso10118Id: 0x38 },
  'SHA-256': { oidName: 'id-sha256', length: 32, blockLength: 64, iso10118Id: 0x34 },
  'SHA-384': { oidName: 'id-sha384', length: 48, blockLength: 128, iso10118Id: 0x36 },
  'SHA-512': { oidName: 'id-sha512', length: 64, blockLength: 128, iso10118Id: 0x35 },
};

const BY_OID: ReadonlyMap<string, HashAlgorithm> = new Map(
  (Object.entries(HASHES) as [HashAlgorithm, HashInfo][]).map(([name, info]) => [oid(info.oidName), name]),
);

/** Throws CRYPTO_UNSUPPORTED unless `name` is a known hash algorithm. */
export function assertHashAlgorithm(name: unknown, title = 'hash'): HashAlgorithm {
  if (typeof name !== 'string' || !Object.hasOwn(HASHES, name)) {
    throw new CccdError('CRYPTO_UNSUPPORTED', `${title}: unknown hash algorithm ${String(name)}`);
  }
  return name as HashAlgorithm;
}

/**
 * Hashes `data` with `alg`.
 * @example hash('SHA-1', asciiToBytes('L898902C<369080619406236'))
 */
export function hash(alg: HashAlgorithm, data: Uint8Array, backend: CryptoBackend = defaultBackend): Uint8Array {
  assertHashAlgorithm(alg, 'alg');
  if (!(data instanceof Uint8Array)) throw new CccdError('INVALID_ARGUMENT', 'data: expected Uint8Array');
  return backend.hash(alg, data);
}

/** Writes the `alg` digest of `data` into out[at, at + HASHES[alg].length) (no array of its own). */
export function hashInto(
  alg: HashAlgorithm,
  data: Uint8Array,
  out: Uint8Array,
  at: number,
  backend: CryptoBackend = defaultBackend,
): void {
  assertHashAlgorithm(alg, 'alg');
  if (!(data instanceof Uint8Array)) throw new CccdError('INVALID_ARGUMENT', 'data: expected Uint8Array');
  if (!(at >= 0 && at + HASHES[alg].length <= out.length)) throw new CccdError('INVALID_ARGUMENT', 'out: too short');
  if (backend.hashInto) backend.hashInto(alg, data, out, at);
  else out.set(backend.hash(alg, data), at);
}

// hashMatches' digest goes to one scratch buffer: the call is synchronous, and a verifier checks several digests
// per document (every data group, the signed content) without arrays of their own.
const SCRATCH = new Uint8Array(64);

/**
 * True when `expected` is the `alg` digest of `data`, compared in constant time (as equalBytes). For checks of
 * stored digests such as ICAO 9303-11 §5.1 passive authentication's data group hashes.
 */
export function hashMatches(
  alg: HashAlgorithm,
  data: Uint8Array,
  expected: Uint8Array,
  backend: CryptoBackend = defaultBackend,
): boolean {
  hashInto(alg, data, SCRATCH, 0, backend);
  const n = HASHES[alg].length;
  if (expected.length !== n) return false;
  let diff = 0;
  for (let i = 0; i < n; i++) diff |= (expected[i] as number) ^ (SCRATCH[i] as number);
  return diff === 0;
}

/** The hash algorithm named by a dotted OID (e.g. from a DigestAlgorithmIdentifier); CRYPTO_UNSUPPORTED if unknown. */
export function hashByOid(dotted: string): HashAlgorithm {
  const found = BY_OID.get(dotted);
  if (!found) {
    throw new CccdError('CRYPTO_UNSUPPORTED', `hash OID ${oidName(dotted) ?? dotted} is not a supported digest`);
  }
  return found;
}

/** The dotted OID of a hash algorithm. */
export function hashOid(alg: HashAlgorithm): string {
  return oid(HASHES[assertHashAlgorithm(alg)].oidName);
}
