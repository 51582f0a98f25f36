// ICAO 9303-11 §9.5-§9.6 and Appendix B, BSI TR-03110 Part 3 A.2: the two agreements (ECDH, DH) behind the one
// Group interface, on the crypto module's curves and DH groups; the IM maps f_G and f_g live here.

import { numberToBytes } from '../bytes.js';
import { type DhGroup, dhGroup, modPow, validateDhPublicKey } from '../crypto/dh.js';
import {
  type DomainParameters,
  domainParameters,
  STANDARDIZED_DOMAIN_PARAMETERS,
} from '../crypto/domain-parameters.js';
import { addPoints, type Curve, decodePoint, encodePoint, generator, multiplyPoint } from '../crypto/ec.js';
import { curveOfParameters } from '../crypto/keys.js';
import { CccdError } from '../errors.js';
import {
  type AlgorithmIdentifier,
  decodeDomainParameterInfo,
  type EcCurveParameters,
  type PublicKeyInfo,
} from '../lds/public-key.js';
import type { Group } from './group.js';

/** The standardized domain parameter IDs (ICAO 9303-11 §9.5.1: 0-2 DH, 8-18 ECDH). */
export const STANDARDIZED_GROUP_IDS: readonly number[] = Object.keys(STANDARDIZED_DOMAIN_PARAMETERS).map(Number);

/** The neutral element of a curve group as this adapter carries it (a point at infinity has no encoding). */
const INFINITY = new Uint8Array(0);

/**
 * ICAO 9303-11 Appendix B (after Brier et al., "Efficient indifferentiable hashing into ordinary elliptic
 * curves", simplified SWU): f_G maps t in GF(p) to a point, for p ≡ 3 mod 4.
 */
function encodeToCurve(curve: Curve, t: bigint): Uint8Array {
  const { p, a, b } = curve;
  if (p % 4n !== 3n) throw new CccdError('CRYPTO_UNSUPPORTED', 'the integrated mapping needs a prime p ≡ 3 mod 4');
  if (t === 0n || a === 0n) throw new CccdError('CRYPTO_FAILED', 'the integrated mapping input is degenerate');
  const mod = (v: bigint) => ((v % p) + p) % p;
  const inv = (v: bigint) => modPow(v, p - 2n, p);
  const alpha = mod(-t * t);
  const x2 = mod(-b * inv(a) * (1n + inv(mod(alpha + alpha * alpha))));
  const x3 = mod(alpha * x2);
  const h2 = mod(x2 * x2 * x2 + a * x2 + b);
  const u = mod(t * t * t * h2);
  const A = modPow(h2, p - 1n - (p + 1n) / 4n, p);
  const point = mod(A * A * h2) === 1n ? { x: x2, y: mod(A * h2) } : { x: x3, y: mod(A * u) };
  const encoded = encodePoint(curve, point);
  decodePoint(curve, encoded);
  // Cofactor 1 on every standardized curve; an explicit curve with h > 1 is cleared into the prime-order subgroup.
  return curve.h === 1n ? encoded : multiplyPoint(curve, encoded, curve.h);
}

function curveGroup(curve: Curve, base: Uint8Array): Group<Uint8Array> {
  const isInfinity = (e: Uint8Array) => e.length === 0;
  return {
    agreement: 'ECDH',
    prime: curve.p,
    order: curve.n,
    elementLength: curve.fieldLength,
    generator: base,
    withGenerator: (g) => curveGroup(curve, g),
    multiply(element, k) {
      const scalar = k % curve.n;
      if (isInfinity(element) || scalar === 0n) return INFINITY;
      try {
        return multiplyPoint(curve, element, scalar);
      } catch {
        // The operands were validated, so only the point at infinity remains.
        return INFINITY;
      }
    },
    add(x, y) {
      if (isInfinity(x)) return y;
      if (isInfinity(y)) return x;
      try {
        return addPoints(curve, x, y);
      } catch {
        return INFINITY;
      }
    },
    encode(element) {
      if (isInfinity(element)) throw new CccdError('CRYPTO_FAILED', 'the point at infinity has no encoding');
      return element;
    },
    decode(bytes) {
      decodePoint(curve, bytes);
      return Uint8Array.prototype.slice.call(bytes);
    },
    sharedSecret: (element) => {
      if (isInfinity(element)) throw new CccdError('CRYPTO_FAILED', 'the shared point is the point at infinity');
      return element.slice(1, 1 + curve.fieldLength);
    },
    mapToGroup: (x) => encodeToCurve(curve, x),
    isIdentity: isInfinity,
  };
}

function finiteFieldGroup(group: DhGroup, base: bigint): Group<bigint> {
  const { p, q } = group;
  if (q === undefined) {
    throw new CccdError('CRYPTO_UNSUPPORTED', 'DH domain parameters without q cannot run PACE or CA validation');
  }
  return {
    agreement: 'DH',
    prime: p,
    order: q,
    elementLength: group.length,
    generator: base,
    withGenerator: (g) => finiteFieldGroup(group, g),
    multiply: (element, k) => modPow(element, k, p),
    add: (x, y) => (x * y) % p,
    encode: (element) => numberToBytes(element, group.length),
    decode(bytes) {
      // ICAO 9303-11 §9.4.5: an unsigned integer at the fixed width of p.
      if (bytes.length !== group.length) {
        throw new CccdError('CRYPTO_FAILED', `DH public key of ${bytes.length} bytes, expected ${group.length}`);
      }
      return validateDhPublicKey(group, bytes);
    },
    sharedSecret: (element) => numberToBytes(element, group.length),
    // ICAO 9303-11 §4.4.3.3.2: f_g(x) = x^((p-1)/q) mod p, which implementations MUST check is not 1.
    mapToGroup(x) {
      const g = modPow(x, (p - 1n) / q, p);
      if (g <= 1n) throw new CccdError('CRYPTO_FAILED', 'the integrated mapping gave a degenerate generator');
      return g;
    },
    isIdentity: (element) => element === 1n,
  };
}

/** The Group of a curve or DH group from the crypto module (src/crypto/domain-parameters.ts). */
export function groupOf(parameters: DomainParameters): Group {
  return (parameters.kind === 'ec'
    ? curveGroup(parameters, generator(parameters))
    : finiteFieldGroup(parameters, parameters.g)) as unknown as Group;
}

/** The Group of a standardized domain parameter ID (0-2, 8-18); CRYPTO_UNSUPPORTED otherwise. */
export function standardizedGroup(id: number): Group {
  return groupOf(domainParameters(id));
}

/**
 * The group and the public key of a SubjectPublicKeyInfo from DG14 or EF.CardSecurity (Chip Authentication,
 * PACE-CAM): EC keys on named or explicit curves, DH keys with q. The key itself is validated.
 */
export function groupFromPublicKeyInfo(key: PublicKeyInfo): { group: Group; publicKey: Uint8Array } {
  if (key?.kind === 'ec') {
    const group = groupOf(curveOf(key.curve));
    group.decode(key.point);
    return { group, publicKey: key.point };
  }
  if (key?.kind === 'dh') {
    const group = groupOf(dhGroup({ p: key.p, g: key.g, q: key.q }));
    const publicKey = numberToBytes(key.y, Math.ceil(key.p.toString(2).length / 8));
    group.decode(publicKey);
    return { group, publicKey };
  }
  throw new CccdError('CRYPTO_UNSUPPORTED', `a ${String(key?.kind)} key cannot be used for key agreement`);
}

/** A named curve by OID, or explicit ECParameters as the LDS decoder returns them (DG14, DG15). */
export function curveOf(curve: string | EcCurveParameters): Curve {
  return curveOfParameters(curve, undefined, 'CRYPTO_UNSUPPORTED');
}

/**
 * The group of a PACEDomainParameterInfo / ChipAuthenticationDomainParameterInfo AlgorithmIdentifier with
 * explicit parameters (id-ecPublicKey with ECParameters, dhpublicnumber with DomainParameters), read by the one
 * key codec (crypto/spki.ts).
 */
export function groupFromAlgorithmIdentifier(algorithm: AlgorithmIdentifier): Group {
  const domain = decodeDomainParameterInfo(algorithm, 'domainParameter');
  if (domain?.kind === 'ec') return groupOf(curveOf(domain.curve));
  if (domain?.kind === 'dh') return groupOf(dhGroup({ p: domain.p, g: domain.g, q: domain.q }));
  throw new CccdError('CRYPTO_UNSUPPORTED', `domain parameters ${algorithm.algorithm} are not EC or DH`);
}
