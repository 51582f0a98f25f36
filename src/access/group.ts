// ICAO 9303-11 §9.6 and BSI TR-03111 §4.3 (ECKA) / PKCS #3 (DH): the one group interface through which the
// terminal runs every Diffie-Hellman step of PACE and Chip Authentication, whatever the agreement.

import type { RandomSource } from '../crypto/random.js';
import { CccdError } from '../errors.js';
import type { Agreement } from './pace-algorithms.js';

/**
 * A prime-order group written additively for ECDH and multiplicatively for DH. Elements are opaque to the
 * protocols: they only combine, encode and compare them, so one PACE flow serves both agreements
 * (architecture.md rule 4).
 */
export interface Group<E = unknown> {
  readonly agreement: Agreement;
  /** The prime p of GF(p): the field of the curve, or the DH modulus (input of the IM pseudo-random function). */
  readonly prime: bigint;
  /** The order of the generator (n for a curve, q for DH). */
  readonly order: bigint;
  /** Octets of a field element (FE2OS width, TR-03111 §3.1.3): a coordinate, or a DH public value. */
  readonly elementLength: number;
  readonly generator: E;
  /** The same group with another generator (ICAO 9303-11 §4.4.3.3: the ephemeral domain parameters). */
  withGenerator(generator: E): Group<E>;
  /** k × P (ECDH) or e^k mod p (DH). */
  multiply(element: E, k: bigint): E;
  /** P + Q (ECDH) or a × b mod p (DH). */
  add(a: E, b: E): E;
  /** Public key encoding of ICAO 9303-11 §9.4.5: an uncompressed point, or an unsigned integer of width |p|. */
  encode(element: E): Uint8Array;
  /**
   * Decodes and validates a public key received from the chip (TR-03111 §3.2.2.1 point on the curve and not
   * infinity; RFC 2631 §2.1.5 1 < y < p-1 and y^q = 1). Throws CRYPTO_FAILED on any invalid key.
   */
  decode(bytes: Uint8Array): E;
  /** The shared secret of ICAO 9303-11 §9.6: the x-coordinate (ECDH) or the value (DH), fixed width. */
  sharedSecret(element: E): Uint8Array;
  /** ICAO 9303-11 §4.4.3.3.2: f_G, from an element of GF(p) into the group (IM). */
  mapToGroup(x: bigint): E;
  /** True for the neutral element (infinity or 1). */
  isIdentity(element: E): boolean;
}

/** A uniformly random private key in [1, order-1], from the injected random source (rejection sampling). */
export function randomScalar(order: bigint, random: RandomSource): bigint {
  const bits = order.toString(2).length;
  const length = Math.ceil(bits / 8);
  // Drop the bits above the order's length so that a try succeeds with probability above 1/2 (secp521r1).
  const mask = (1n << BigInt(bits)) - 1n;
  for (let attempt = 0; attempt < 128; attempt++) {
    const bytes = random(length);
    let k = 0n;
    for (const b of bytes) k = (k << 8n) | BigInt(b);
    k &= mask;
    if (k > 0n && k < order) return k;
  }
  throw new CccdError('CRYPTO_FAILED', 'the random source keeps returning values outside [1, order-1]');
}
