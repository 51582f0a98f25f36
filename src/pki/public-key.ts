// RFC 5280 §4.1.2.7 SubjectPublicKeyInfo for EC (RFC 5480, with the explicit ECParameters of X9.62/BSI
// TR-03111 §5.1.1 that real DS certificates carry) and RSA (RFC 8017 Appendix A.1.1).
import {
  decodeBitStringBytes,
  encodeBitString,
  encodeOid,
  encodeSequence,
  encodeUnsignedInteger,
  integerMagnitude,
} from '../asn1/der.js';
import { oid, oidName } from '../asn1/oids.js';
import { CccdError } from '../errors.js';
import type { Tlv } from '../tlv/index.js';
import { decodeDer, items, malformed, need, octets, oidValue } from './der-read.js';

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

function decodeExplicit(node: Tlv, path: string): ExplicitCurve {
  const [, fieldId, curve, base, order, cofactor] = items(need(node, 0x30, path), path, 5, 6) as Tlv[];
  const [fieldType, prime] = items(need(fieldId, 0x30, `${path}/fieldID`), `${path}/fieldID`, 2, 2) as [Tlv, Tlv];
  if (oidValue(need(fieldType, 0x06, `${path}/fieldID/fieldType`).value) !== oid('prime-field')) {
    throw new CccdError('CRYPTO_UNSUPPORTED', 'only prime-field curves are supported', {
      path,
      offset: fieldType.offset,
    });
  }
  const [a, b] = items(need(curve, 0x30, `${path}/curve`), `${path}/curve`, 2, 3) as [Tlv, Tlv];
  const mag = (t: Tlv, p: string) => integerMagnitude(need(t, 0x02, p), 'PKI_MALFORMED');
  return {
    p: mag(prime, `${path}/fieldID/prime`),
    // X9.62: a and b are FieldElements (OCTET STRINGs of the field size).
    a: octets(a, `${path}/curve/a`),
    b: octets(b, `${path}/curve/b`),
    g: octets(base, `${path}/base`),
    n: mag(order as Tlv, `${path}/order`),
    h: cofactor ? mag(cofactor, `${path}/cofactor`) : undefined,
  };
}

/** Decodes a SubjectPublicKeyInfo node (EC with named or explicit parameters, or RSA). */
export function decodePublicKeyInfo(node: Tlv, path: string): PublicKeyInfo {
  const [algId, key] = items(need(node, 0x30, path), path, 2, 2) as [Tlv, Tlv];
  const [algOid, params] = items(need(algId, 0x30, `${path}/algorithm`), `${path}/algorithm`, 1, 2) as [
    Tlv,
    Tlv | undefined,
  ];
  const alg = oidValue(need(algOid, 0x06, `${path}/algorithm`).value, { path, offset: algOid.offset });
  const bits = decodeBitStringBytes(need(key, 0x03, `${path}/subjectPublicKey`), 'PKI_MALFORMED');
  if (alg === oid('id-ecPublicKey')) {
    if (!params) malformed('EC key without parameters', `${path}/algorithm/parameters`, algId);
    if (params.tag === 0x06) {
      return { kind: 'ec', curveOid: oidValue(params.value), explicit: undefined, point: bits, spki: node.raw };
    }
    return {
      kind: 'ec',
      curveOid: undefined,
      explicit: decodeExplicit(params, `${path}/algorithm/parameters`),
      point: bits,
      spki: node.raw,
    };
  }
  if (alg === oid('rsaEncryption') || alg === oid('id-RSASSA-PSS')) {
    const rsa = decodeDer(bits, `${path}/subjectPublicKey`);
    const [n, e] = items(need(rsa, 0x30, `${path}/subjectPublicKey`), `${path}/subjectPublicKey`, 2, 2) as [Tlv, Tlv];
    return {
      kind: 'rsa',
      modulus: integerMagnitude(need(n, 0x02, `${path}/subjectPublicKey/modulus`), 'PKI_MALFORMED'),
      exponent: integerMagnitude(need(e, 0x02, `${path}/subjectPublicKey/publicExponent`), 'PKI_MALFORMED'),
      spki: node.raw,
    };
  }
  throw new CccdError('CRYPTO_UNSUPPORTED', `public key algorithm ${oidName(alg) ?? alg}`, {
    path,
    offset: algId.offset,
  });
}

/** Decodes SubjectPublicKeyInfo DER. */
export function parsePublicKeyInfo(spki: Uint8Array, path = 'SubjectPublicKeyInfo'): PublicKeyInfo {
  return decodePublicKeyInfo(decodeDer(spki, path), path);
}

/** SPKI DER of an EC key on a named curve (RFC 5480 §2.1.1). */
export function encodeEcPublicKeyInfo(curveOid: string, point: Uint8Array): Uint8Array {
  return encodeSequence(encodeSequence(encodeOid(oid('id-ecPublicKey')), encodeOid(curveOid)), encodeBitString(point));
}

/** SPKI DER of an RSA key (RFC 8017 A.1.1, rsaEncryption with NULL parameters). */
export function encodeRsaPublicKeyInfo(modulus: Uint8Array, exponent: Uint8Array): Uint8Array {
  const key = encodeSequence(encodeUnsignedInteger(modulus), encodeUnsignedInteger(exponent));
  return encodeSequence(
    encodeSequence(encodeOid(oid('rsaEncryption')), Uint8Array.of(0x05, 0x00)),
    encodeBitString(key),
  );
}

/** Bit length of the key (RSA modulus or EC field), for reports. */
export function keySize(key: PublicKeyInfo): number {
  if (key.kind === 'rsa') return key.modulus.length * 8;
  return Math.floor(((key.point.length - 1) / 2) * 8);
}
