// Public and private key model of the crypto layer, and its adapter to the one SubjectPublicKeyInfo codec
// (crypto/spki.ts: RFC 5280 §4.1.2.7, RFC 5480 / RFC 3279 §2.3.5 for EC with named or explicit parameters, as
// ICAO 9303-12 document signer and AA keys may use; RFC 8017 A.1 for RSA): named curves become Curve objects.
import { bytesToBigInt, numberToBytes } from '../bytes.js';
import { CccdError, type ErrorCode } from '../errors.js';
import { decodeTlv, type Tlv } from '../tlv/index.js';
import { type Curve, curveByOid, curveFromParameters, decodePoint, ecPublicKey, encodePoint } from './ec.js';
import type { RsaPrivateKey, RsaPublicKey } from './rsa-core.js';
import {
  decodeEcDomainParameters,
  decodeSubjectPublicKeyInfo,
  type EcCurveParameters,
  encodeEcDomainParameters,
  encodeSubjectPublicKeyInfo,
  PKI_KEYS,
  unusableKeyError,
} from './spki.js';

export type { RsaPrivateKey, RsaPublicKey } from './rsa-core.js';

export interface EcPublicKey {
  readonly kind: 'ec';
  readonly curve: Curve;
  /** Uncompressed point 04 || X || Y. */
  readonly point: Uint8Array;
}

export interface EcPrivateKey {
  readonly kind: 'ec';
  readonly curve: Curve;
  /** The private scalar, big-endian at the order's fixed width. */
  readonly scalar: Uint8Array;
  /** The public point, uncompressed. */
  readonly point: Uint8Array;
}

export type PublicKey = EcPublicKey | RsaPublicKey;
export type PrivateKey = EcPrivateKey | RsaPrivateKey;

export interface KeyPair {
  readonly publicKey: PublicKey;
  readonly privateKey: PrivateKey;
}

/** The public half of a private key. */
export function publicKeyOf(key: PrivateKey): PublicKey {
  return key.kind === 'ec' ? { kind: 'ec', curve: key.curve, point: key.point } : { kind: 'rsa', n: key.n, e: key.e };
}

/** An EC private key from a raw scalar (big-endian, e.g. from a PKCS#11 CKA_VALUE or a worked example). */
export function ecPrivateKeyFromScalar(curve: Curve, scalar: Uint8Array | bigint): EcPrivateKey {
  const d = typeof scalar === 'bigint' ? scalar : bytesToBigInt(scalar);
  const point = ecPublicKey(curve, d);
  return { kind: 'ec', curve, scalar: numberToBytes(d, curve.orderLength), point };
}

/** An EC public key after validating the point (CRYPTO_FAILED when off the curve). */
export function ecPublicKeyFromPoint(curve: Curve, point: Uint8Array): EcPublicKey {
  decodePoint(curve, point);
  return { kind: 'ec', curve, point: Uint8Array.prototype.slice.call(point) };
}

/**
 * The ECParameters of a curve in the one SubjectPublicKeyInfo codec's form (crypto/spki.ts): its namedCurve OID
 * (RFC 5480 §2.1.1), or for an unnamed curve the explicit parameters of RFC 3279 §2.3.5 with a and b at the
 * field's width and an uncompressed base point (ANSI X9.62, BSI TR-03111 §4.1.1).
 */
function ecParametersOf(curve: Curve): string | EcCurveParameters {
  if (curve.oid) return curve.oid;
  const L = curve.fieldLength;
  return {
    p: curve.p,
    a: numberToBytes(curve.a, L),
    b: numberToBytes(curve.b, L),
    generator: encodePoint(curve, { x: curve.gx, y: curve.gy }),
    order: curve.n,
    cofactor: curve.h,
  };
}

/**
 * The curve of decoded ECParameters: a named curve by OID, or explicit parameters (mapped to the named curve they
 * equal, else an unnamed curve). `code` (PKI_MALFORMED by default) when the base point is not uncompressed,
 * CRYPTO_UNSUPPORTED for an unknown curve OID.
 */
export function curveOfParameters(
  params: string | EcCurveParameters,
  path?: string,
  code: ErrorCode = 'PKI_MALFORMED',
): Curve {
  if (typeof params === 'string') return curveByOid(params);
  const L = Math.ceil(params.p.toString(2).length / 8);
  const base = params.generator;
  if (base.length !== 1 + 2 * L || base[0] !== 0x04) {
    throw new CccdError(code, 'explicit curve base point is not uncompressed', { path });
  }
  return curveFromParameters({
    p: params.p,
    a: bytesToBigInt(params.a),
    b: bytesToBigInt(params.b),
    gx: bytesToBigInt(base.subarray(1, 1 + L)),
    gy: bytesToBigInt(base.subarray(1 + L)),
    n: params.order,
    h: params.cofactor ?? 1n,
  });
}

/** ECParameters DER of a curve (RFC 5480 §2.1.1; explicit for an unnamed curve, RFC 3279 §2.3.5). */
export function encodeEcParameters(curve: Curve): Uint8Array {
  return encodeEcDomainParameters(ecParametersOf(curve));
}

/** The curve of an ECParameters / namedCurve node (PKCS #8 privateKeyAlgorithm parameters, SEC 1 keys). */
export function decodeEcParameters(node: Tlv): Curve {
  return curveOfParameters(decodeEcDomainParameters(node, node.path, PKI_KEYS), node.path);
}

/** SubjectPublicKeyInfo DER of a public key. */
export function encodeSpki(key: PublicKey): Uint8Array {
  return encodeSubjectPublicKeyInfo(
    key.kind === 'ec'
      ? { kind: 'ec', curve: ecParametersOf(key.curve), point: key.point }
      : { kind: 'rsa', modulus: key.n, exponent: key.e },
  );
}

/** Decodes a SubjectPublicKeyInfo node (EC named/explicit or RSA); PKI_MALFORMED, CRYPTO_UNSUPPORTED or CRYPTO_FAILED. */
export function decodeSpkiNode(node: Tlv): PublicKey {
  const key = decodeSubjectPublicKeyInfo(node, node.path, PKI_KEYS);
  if (key.kind === 'ec') return ecPublicKeyFromPoint(curveOfParameters(key.curve, node.path), key.point);
  if (key.kind === 'rsa') {
    // RFC 8017 §3.1: n is a product of two odd primes and 3 <= e < n; anything smaller is no key.
    if (key.modulus < 3n || key.exponent < 3n) {
      throw new CccdError('PKI_MALFORMED', 'RSA public key out of range', { path: `${node.path}/RSAPublicKey` });
    }
    return { kind: 'rsa', n: key.modulus, e: key.exponent };
  }
  throw unusableKeyError(key, node.path);
}

/** Decodes SubjectPublicKeyInfo DER. */
export function decodeSpki(der: Uint8Array): PublicKey {
  try {
    return decodeSpkiNode(decodeTlv(der, { path: 'SubjectPublicKeyInfo' }));
  } catch (e) {
    if (e instanceof CccdError && e.code.startsWith('TLV_')) {
      throw new CccdError('PKI_MALFORMED', e.message, { cause: e });
    }
    throw e;
  }
}
