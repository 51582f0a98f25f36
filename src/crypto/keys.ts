// Public and private key model and SubjectPublicKeyInfo (RFC 5280 §4.1.2.7; RFC 3279 / RFC 5480 for EC with
// named or explicit parameters, as ICAO 9303-12 document signer and AA keys may use; RFC 8017 A.1 for RSA).
import {
  decodeBigInt,
  decodeBitStringBytes,
  decodeOid,
  encodeBitString,
  encodeInteger,
  encodeOctetString,
  encodeOid,
  encodeSequence,
  integerMagnitude,
  TAG,
} from '../asn1/der.js';
import { oid } from '../asn1/oids.js';
import { bytesToBigInt, numberToBytes } from '../bytes.js';
import { CccdError } from '../errors.js';
import { childAt, decodeTlv, encodeTlv, expectTag, type Tlv } from '../tlv/index.js';
import { type Curve, curveByOid, curveFromParameters, decodePoint, ecPublicKey, encodePoint } from './ec.js';
import type { RsaPrivateKey, RsaPublicKey } from './rsa-core.js';

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

const NULL = encodeTlv(TAG.NULL);

/** ECParameters (RFC 3279 §2.3.5) for an unnamed curve; named curves use their OID (RFC 5480 §2.1.1). */
export function encodeEcParameters(curve: Curve): Uint8Array {
  if (curve.oid) return encodeOid(curve.oid);
  const L = curve.fieldLength;
  return encodeSequence(
    encodeInteger(1),
    encodeSequence(encodeOid(oid('prime-field')), encodeInteger(curve.p)),
    encodeSequence(encodeOctetString(numberToBytes(curve.a, L)), encodeOctetString(numberToBytes(curve.b, L))),
    encodeOctetString(encodePoint(curve, { x: curve.gx, y: curve.gy })),
    encodeInteger(curve.n),
    encodeInteger(curve.h),
  );
}

const BAD = 'PKI_MALFORMED' as const;

/** The curve of an ECParameters / namedCurve node. */
export function decodeEcParameters(node: Tlv): Curve {
  if (node.tag === TAG.OID) return curveByOid(decodeOid(node, BAD));
  expectTag(node, TAG.SEQUENCE, BAD);
  const fieldId = childAt(node, 1, BAD, 'fieldID');
  if (decodeOid(childAt(fieldId, 0, BAD, 'fieldType'), BAD) !== oid('prime-field')) {
    throw new CccdError('CRYPTO_UNSUPPORTED', 'only prime-field curves are supported', { path: fieldId.path });
  }
  const p = decodeBigInt(childAt(fieldId, 1, BAD, 'prime'), BAD);
  const curveNode = childAt(node, 2, BAD, 'curve');
  const a = bytesToBigInt(expectTag(childAt(curveNode, 0, BAD, 'a'), TAG.OCTET_STRING, BAD).value);
  const b = bytesToBigInt(expectTag(childAt(curveNode, 1, BAD, 'b'), TAG.OCTET_STRING, BAD).value);
  const base = expectTag(childAt(node, 3, BAD, 'base'), TAG.OCTET_STRING, BAD).value;
  const n = decodeBigInt(childAt(node, 4, BAD, 'order'), BAD);
  const h = node.children.length > 5 ? decodeBigInt(childAt(node, 5, BAD, 'cofactor'), BAD) : 1n;
  const L = Math.ceil(p.toString(2).length / 8);
  if (base.length !== 1 + 2 * L || base[0] !== 0x04) {
    throw new CccdError(BAD, 'explicit curve base point is not uncompressed', { path: node.path });
  }
  const gx = bytesToBigInt(base.subarray(1, 1 + L));
  const gy = bytesToBigInt(base.subarray(1 + L));
  return curveFromParameters({ p, a, b, gx, gy, n, h });
}

/** SubjectPublicKeyInfo DER of a public key. */
export function encodeSpki(key: PublicKey): Uint8Array {
  if (key.kind === 'ec') {
    return encodeSequence(
      encodeSequence(encodeOid(oid('id-ecPublicKey')), encodeEcParameters(key.curve)),
      encodeBitString(key.point),
    );
  }
  return encodeSequence(
    encodeSequence(encodeOid(oid('rsaEncryption')), NULL),
    encodeBitString(encodeSequence(encodeInteger(key.n), encodeInteger(key.e))),
  );
}

/** Decodes a SubjectPublicKeyInfo node (EC named/explicit or RSA); PKI_MALFORMED or CRYPTO_UNSUPPORTED. */
export function decodeSpkiNode(node: Tlv): PublicKey {
  expectTag(node, TAG.SEQUENCE, BAD);
  const alg = expectTag(childAt(node, 0, BAD, 'algorithm'), TAG.SEQUENCE, BAD);
  const algOid = decodeOid(childAt(alg, 0, BAD, 'algorithm'), BAD);
  const bits = decodeBitStringBytes(childAt(node, 1, BAD, 'subjectPublicKey'), BAD);
  if (algOid === oid('id-ecPublicKey')) {
    const curve = decodeEcParameters(childAt(alg, 1, BAD, 'parameters'));
    return ecPublicKeyFromPoint(curve, bits);
  }
  if (algOid === oid('rsaEncryption') || algOid === oid('id-RSASSA-PSS')) {
    const rsa = expectTag(decodeTlv(bits, { path: `${node.path}/subjectPublicKey` }), TAG.SEQUENCE, BAD);
    const n = bytesToBigInt(integerMagnitude(childAt(rsa, 0, BAD, 'modulus'), BAD));
    const e = bytesToBigInt(integerMagnitude(childAt(rsa, 1, BAD, 'publicExponent'), BAD));
    if (n < 3n || e < 3n) throw new CccdError(BAD, 'RSA public key out of range', { path: rsa.path });
    return { kind: 'rsa', n, e };
  }
  throw new CccdError('CRYPTO_UNSUPPORTED', `public key algorithm ${algOid} is not supported`, { path: alg.path });
}

/** Decodes SubjectPublicKeyInfo DER. */
export function decodeSpki(der: Uint8Array): PublicKey {
  try {
    return decodeSpkiNode(decodeTlv(der, { path: 'SubjectPublicKeyInfo' }));
  } catch (e) {
    if (e instanceof CccdError && e.code.startsWith('TLV_')) throw new CccdError(BAD, e.message, { cause: e });
    throw e;
  }
}
