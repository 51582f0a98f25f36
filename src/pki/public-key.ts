// RFC 5280 §4.1.2.7 SubjectPublicKeyInfo of certificate keys: EC (RFC 5480, with the explicit ECParameters of
// X9.62 / BSI TR-03111 §4.1 that real DS certificates carry) and RSA (RFC 8017 A.1.1). An adapter of the one
// codec in crypto/spki.ts that keeps the SPKI bytes as received (they are hashed for key identifiers).
import { bigIntToBytes, bytesToBigInt } from '../bytes.js';
import {
  decodeSubjectPublicKeyInfo,
  type EcCurveParameters,
  encodeSubjectPublicKeyInfo,
  PKI_KEYS,
  unusableKeyError,
} from '../crypto/spki.js';
import type { Tlv } from '../tlv/index.js';
import { decodeDer } from './der-read.js';

/** Explicit prime-field curve parameters (X9.62 ECParameters), as unsigned big-endian magnitudes. */
export interface ExplicitCurve {
  readonly p: Uint8Array;
  readonly a: Uint8Array;
  readonly b: Uint8Array;
  /** The base point, uncompressed or compressed encoding as received. */
  readonly g: Uint8Array;
  readonly n: Uint8Array;
  readonly h: Uint8Array | undefined;
}

export type PublicKeyInfo =
  | {
      readonly kind: 'ec';
      /** Dotted OID of a named curve, or undefined when the key carries explicit parameters. */
      readonly curveOid: string | undefined;
      readonly explicit: ExplicitCurve | undefined;
      /** The public point as encoded in the key (04 || X || Y, or compressed). */
      readonly point: Uint8Array;
      /** The SubjectPublicKeyInfo bytes as received. */
      readonly spki: Uint8Array;
    }
  | {
      readonly kind: 'rsa';
      readonly modulus: Uint8Array;
      readonly exponent: Uint8Array;
      readonly spki: Uint8Array;
    };

/** The decoded ExplicitCurve: the codec's bigints as minimal magnitudes, a, b and the base point as received. */
function explicitOf(curve: EcCurveParameters): ExplicitCurve {
  return {
    p: bigIntToBytes(curve.p),
    a: curve.a,
    b: curve.b,
    g: curve.generator,
    n: bigIntToBytes(curve.order),
    h: curve.cofactor === undefined ? undefined : bigIntToBytes(curve.cofactor),
  };
}

/** Decodes a SubjectPublicKeyInfo node (EC with named or explicit parameters, or RSA). */
export function decodePublicKeyInfo(node: Tlv, path: string): PublicKeyInfo {
  const key = decodeSubjectPublicKeyInfo(node, path, PKI_KEYS);
  if (key.kind === 'ec') {
    return {
      kind: 'ec',
      curveOid: typeof key.curve === 'string' ? key.curve : undefined,
      explicit: typeof key.curve === 'string' ? undefined : explicitOf(key.curve),
      point: key.point,
      spki: node.raw,
    };
  }
  if (key.kind === 'rsa') {
    return { kind: 'rsa', modulus: bigIntToBytes(key.modulus), exponent: bigIntToBytes(key.exponent), spki: node.raw };
  }
  throw unusableKeyError(key, path);
}

/** Decodes SubjectPublicKeyInfo DER. */
export function parsePublicKeyInfo(spki: Uint8Array, path = 'SubjectPublicKeyInfo'): PublicKeyInfo {
  return decodePublicKeyInfo(decodeDer(spki, path), path);
}

/** SPKI DER of an EC key on a named curve (RFC 5480 §2.1.1). */
export function encodeEcPublicKeyInfo(curveOid: string, point: Uint8Array): Uint8Array {
  return encodeSubjectPublicKeyInfo({ kind: 'ec', curve: curveOid, point });
}

/** SPKI DER of an RSA key (RFC 8017 A.1.1, rsaEncryption with NULL parameters) from unsigned magnitudes. */
export function encodeRsaPublicKeyInfo(modulus: Uint8Array, exponent: Uint8Array): Uint8Array {
  return encodeSubjectPublicKeyInfo({
    kind: 'rsa',
    modulus: bytesToBigInt(modulus),
    exponent: bytesToBigInt(exponent),
  });
}

/** Bit length of the key (RSA modulus or EC field), for reports. */
export function keySize(key: PublicKeyInfo): number {
  if (key.kind === 'rsa') return key.modulus.length * 8;
  return Math.floor(((key.point.length - 1) / 2) * 8);
}
