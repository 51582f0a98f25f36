// RFC 5280 §4.1.2.7 SubjectPublicKeyInfo as ICAO 9303-11 §9.2.6/§6.1 and BSI TR-03110 Part 3 A.1.2 use it
// in DG14 (Chip Authentication), DG15 (Active Authentication) and EF.CardAccess: RSA, EC with named or explicit
// parameters, DH, anything else kept. An adapter of the one codec in crypto/spki.ts with LDS error codes; keys
// decode field by field and re-encode to the bytes as received.
import {
  type AlgorithmIdentifier,
  decodeAlgorithmIdentifier as decodeAlgorithm,
  decodeDomainParameters,
  decodeSubjectPublicKeyInfo,
  type SpkiProfile,
  type SubjectPublicKeyInfo,
} from '../crypto/spki.js';
import type { Tlv } from '../tlv/index.js';
import { openInner } from './read.js';

export {
  type AlgorithmIdentifier,
  type EcCurveParameters,
  encodeAlgorithmIdentifier,
  encodeSubjectPublicKeyInfo as encodePublicKeyInfo,
} from '../crypto/spki.js';

/** A DG14/DG15/EF.CardAccess key: the codec's form (`other` for algorithms the toolkit does not read). */
export type PublicKeyInfo = SubjectPublicKeyInfo;

/** LDS codes; TLV faults keep their TLV_* codes; RSASSA-PSS keys stay `other` to re-encode as received. */
const LDS_KEYS: SpkiProfile = { malformed: 'LDS_MALFORMED', unsupported: 'LDS_UNSUPPORTED' };

/** An AlgorithmIdentifier of EF.CardAccess or DG14 (PACE and CA domain parameters), parameters as received. */
export function decodeAlgorithmIdentifier(node: Tlv, path: string): AlgorithmIdentifier {
  return decodeAlgorithm(node, path, LDS_KEYS);
}

/** Decodes a SubjectPublicKeyInfo node; `path` names it in errors (e.g. `DG15/subjectPublicKeyInfo`). */
export function decodePublicKeyInfo(node: Tlv, path: string): PublicKeyInfo {
  return decodeSubjectPublicKeyInfo(node, path, LDS_KEYS);
}

/** Decodes SubjectPublicKeyInfo DER bytes (e.g. from the crypto module's key generation). */
export function decodePublicKeyInfoBytes(spki: Uint8Array, path = 'subjectPublicKeyInfo'): PublicKeyInfo {
  return decodePublicKeyInfo(openInner(spki, path, 0), path);
}

/**
 * The EC or DH domain parameters of a PACEDomainParameterInfo or ChipAuthenticationDomainParameterInfo
 * AlgorithmIdentifier (ICAO 9303-11 §9.2); undefined for other algorithms.
 */
export function decodeDomainParameterInfo(algorithm: AlgorithmIdentifier, path = 'domainParameter') {
  return decodeDomainParameters(algorithm, path, LDS_KEYS);
}

/** A one-line description for dumps: `ec brainpoolP256r1 (65-byte point)`, `rsa 2048-bit`. */
export function describePublicKey(key: PublicKeyInfo, name: (oid: string) => string): string {
  if (key.kind === 'ec') {
    const curve =
      typeof key.curve === 'string' ? name(key.curve) : `explicit ${key.curve.p.toString(2).length}-bit prime field`;
    return `EC ${curve} (${key.point.length}-byte point)`;
  }
  if (key.kind === 'rsa') return `RSA ${key.modulus.toString(2).length}-bit, e=${key.exponent}`;
  if (key.kind === 'dh') return `DH ${name(key.algorithm)} ${key.p.toString(2).length}-bit prime`;
  return `${name(key.algorithm.algorithm)} (${key.publicKey.length}-byte key)`;
}
