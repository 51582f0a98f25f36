// ICAO 9303-11 §9.4-§9.6: the group a card-side key agreement runs in (ECDH on a prime curve, or DH modulo p),
// behind one interface so that PACE and Chip Authentication are written once for both (architecture rule 4).
// The arithmetic is src/crypto's (ec.ts, dh.ts); this file only adapts it to the protocols' needs.
import { bytesToBigInt } from '../../bytes.js';
import { type DhGroup, encodeDhElement, modPow, validateDhPublicKey } from '../../crypto/dh.js';
import { type DomainParameters, domainParameters } from '../../crypto/domain-parameters.js';
import { addPoints, type Curve, encodePoint, generator, isValidPoint, multiplyPoint } from '../../crypto/ec.js';
import type { RandomSource } from '../../crypto/random.js';
import { CccdError } from '../../errors.js';

/** A standardized domain parameter ID (§9.5.1: 0-2 DH, 8-18 ECDH) or explicit parameters (§9.5.2). */
export type DomainParameterSource = number | DomainParameters;

/** An element of the group: an encoded point (EC) or a residue modulo p (DH). Opaque to the protocols. */
export type GroupElement = Uint8Array | bigint;

/**
 * What the card-side protocols need from a group. Received keys are validated when decoded (§9.4.5; RFC 2631
 * for DH, point on the curve for ECDH) and every element is encoded with fixed width (§9.4.3, §9.4.4).
 * Operations that land on the identity throw CRYPTO_FAILED: the protocols answer such a step with 6A80.
 */
export interface CardGroup {
  readonly kind: 'ec' | 'dh';
  /** The order of the generator (n, or q for DH). */
  readonly order: bigint;
  /** The field prime p (R_p of the Integrated Mapping reduces modulo p). */
  readonly prime: bigint;
  readonly generator: GroupElement;
  /** Whether f_G of App. B applies (it needs p ≡ 3 mod 4; secp224r1 cannot run PACE-IM). */
  readonly supportsIntegratedMapping: boolean;
  /** Public key tag inside the public key data object of §9.4: '86' (EC point) or '84' (DH value). */
  readonly publicKeyTag: 0x84 | 0x86;
  /** The same group with another generator (the mapped generator Ĝ of §4.4.3.3). */
  withGenerator(generator: GroupElement): CardGroup;
  /** k × element (EC) or element^k (DH); k is reduced modulo the order first. */
  multiply(element: GroupElement, k: bigint): GroupElement;
  /** The group operation: point addition (EC) or multiplication modulo p (DH). */
  combine(a: GroupElement, b: GroupElement): GroupElement;
  /** Public key encoding: 04 || X || Y (EC) or the unsigned value, each the fixed width of p. */
  encode(element: GroupElement): Uint8Array;
  /** Decodes and validates a received public key; undefined when it is malformed or not in the group. */
  decode(bytes: Uint8Array): GroupElement | undefined;
  /** The shared secret of a key agreement: the x-coordinate (ECKA, §9.6) or the value, fixed width. */
  sharedSecret(element: GroupElement): Uint8Array;
  /** f_G / f_g of the Integrated Mapping (§4.4.3.3.2): App. B point encoding (EC), x^((p-1)/q) (DH). */
  mapFieldElement(x: bigint): GroupElement;
}

const identity = (what: string) => new CccdError('CRYPTO_FAILED', `${what} is the identity element`);

function reduce(k: bigint, order: bigint): bigint {
  const r = ((k % order) + order) % order;
  if (r === 0n) throw identity('the scalar');
  return r;
}

function ecGroup(curve: Curve, base: Uint8Array): CardGroup {
  const { p, a, b, n } = curve;
  return {
    kind: 'ec',
    order: n,
    prime: p,
    generator: base,
    supportsIntegratedMapping: p % 4n === 3n,
    publicKeyTag: 0x86,
    withGenerator: (g) => ecGroup(curve, g as Uint8Array),
    multiply: (e, k) => multiplyPoint(curve, e as Uint8Array, reduce(k, n)),
    combine: (x, y) => addPoints(curve, x as Uint8Array, y as Uint8Array),
    encode: (e) => e as Uint8Array,
    decode: (bytes) => (isValidPoint(curve, bytes) ? bytes.slice() : undefined),
    sharedSecret: (e) => (e as Uint8Array).slice(1, 1 + curve.fieldLength),
    // ICAO 9303-11 App. B.2 (affine coordinates), with the cofactor 1 of every curve of the table.
    mapFieldElement: (t) => {
      if (p % 4n !== 3n) throw new CccdError('CRYPTO_UNSUPPORTED', 'App. B point encoding needs p ≡ 3 mod 4');
      if (curve.h !== 1n) throw new CccdError('CRYPTO_UNSUPPORTED', 'App. B point encoding with a cofactor');
      const m = (v: bigint) => ((v % p) + p) % p;
      const alpha = m(-t * t);
      const x2 = m(-b * (1n + alpha + alpha * alpha) * modPow(m(a * (alpha + alpha * alpha)), p - 2n, p));
      const x3 = m(alpha * x2);
      const h2 = m(x2 * x2 * x2 + a * x2 + b);
      const u = m(t * t * t * h2);
      const root = modPow(h2, p - 1n - (p + 1n) / 4n, p);
      const point = m(root * root * h2) === 1n ? { x: x2, y: m(root * h2) } : { x: x3, y: m(root * u) };
      const encoded = encodePoint(curve, point);
      if (!isValidPoint(curve, encoded)) throw new CccdError('CRYPTO_FAILED', 'point encoding left the curve');
      return encoded;
    },
  };
}

function dhGroupOf(group: DhGroup, base: bigint): CardGroup {
  const { p, q } = group;
  if (q === undefined) throw new CccdError('CRYPTO_UNSUPPORTED', 'PACE and CA with DH need the subgroup order q');
  const check = (v: bigint) => {
    if (v === 1n) throw identity('the result');
    return v;
  };
  return {
    kind: 'dh',
    order: q,
    prime: p,
    generator: base,
    supportsIntegratedMapping: true,
    publicKeyTag: 0x84,
    withGenerator: (g) => dhGroupOf(group, g as bigint),
    multiply: (e, k) => check(modPow(e as bigint, reduce(k, q), p)),
    combine: (x, y) => check(((x as bigint) * (y as bigint)) % p),
    encode: (e) => encodeDhElement(group, e as bigint),
    decode: (bytes) => {
      // §9.4.5: DH public keys are unsigned integers; the fixed width of p is expected, shorter is tolerated.
      if (bytes.length === 0 || bytes.length > group.length) return undefined;
      try {
        return validateDhPublicKey(group, bytesToBigInt(bytes));
      } catch {
        return undefined;
      }
    },
    sharedSecret: (e) => encodeDhElement(group, e as bigint),
    // §4.4.3.3.2 (DH): f_g(x) = x^a mod p with the cofactor a = (p - 1) / q.
    mapFieldElement: (x) => modPow(x, (p - 1n) / q, p),
  };
}

/** The card-side group of a standardized ID or explicit parameters; CRYPTO_UNSUPPORTED for unknown IDs. */
export function resolveGroup(source: DomainParameterSource): CardGroup {
  const params = typeof source === 'number' ? domainParameters(source) : source;
  return params.kind === 'ec' ? ecGroup(params, generator(params)) : dhGroupOf(params, params.g);
}

/**
 * A uniformly random private key in [1, order - 1] by rejection sampling: the source is asked for exactly the
 * byte length of the order, so a worked example replays its published private key byte for byte.
 */
export function randomScalar(order: bigint, random: RandomSource): bigint {
  const bits = (order - 1n).toString(2).length;
  const mask = (1n << BigInt(bits)) - 1n;
  for (let i = 0; i < 1000; i++) {
    const k = bytesToBigInt(random(Math.ceil(bits / 8))) & mask;
    if (k > 0n && k < order) return k;
  }
  throw new CccdError('CRYPTO_FAILED', 'randomScalar: the random source never produced a valid scalar');
}
