// RFC 5280 §4.1.2.7 SubjectPublicKeyInfo: the one decoder and the one encoder of public keys as certificates
// (ICAO 9303-12), DG14/DG15 and EF.CardAccess (ICAO 9303-11 §9.2, BSI TR-03110 Part 3 A.1.2) and the crypto
// layer carry them: EC with a named curve (RFC 5480 §2.1.1) or explicit ECParameters (RFC 3279 §2.3.5, ANSI
// X9.62, BSI TR-03111 §4.1), RSA (RFC 3279 §2.3.1, RFC 8017 A.1.1), DH (PKCS #3 dhKeyAgreement, ANSI X9.42
// dhpublicnumber of RFC 3279 §2.3.3); any other algorithm is kept as received. crypto/keys.ts, pki/public-key.ts and lds/public-key.ts
// map this one form to the types their callers use.
import { encodeBitString, encodeInteger, encodeOctetString, encodeOid, encodeSequence } from '../asn1/der.js';
import {
  expectField,
  Fields,
  readBitStringBytes,
  readObjectIdentifier,
  readSmallInteger,
  readUnsignedInteger,
} from '../asn1/fields.js';
import { oid, oidName } from '../asn1/oids.js';
import { copyBytes } from '../bytes.js';
import { CccdError, type ErrorCode } from '../errors.js';
import { decodeTlv, type Tlv } from '../tlv/index.js';

/** An AlgorithmIdentifier; `parameters` is the DER element as present (absent when the field is absent). */
export interface AlgorithmIdentifier {
  /** Dotted OID (name it with `describeOid`). */
  algorithm: string;
  parameters?: Uint8Array;
}

/** Explicit prime-field curve parameters (RFC 3279 §2.3.5 ECParameters, BSI TR-03111 §4.1.1). */
export interface EcCurveParameters {
  p: bigint;
  /** Coefficients as the OCTET STRINGs carry them (field-element width, leading zeros kept). */
  a: Uint8Array;
  b: Uint8Array;
  seed?: Uint8Array;
  /** Base point, uncompressed `04 || x || y` as a rule. */
  generator: Uint8Array;
  order: bigint;
  cofactor?: bigint;
}

/** A SubjectPublicKeyInfo decoded field by field; it encodes back to the bytes it came from. */
export type SubjectPublicKeyInfo =
  | {
      kind: 'ec';
      /** A named curve (dotted OID) or explicit parameters. */
      curve: string | EcCurveParameters;
      /** The encoded point (SEC 1 §2.3.3), `04 || x || y` as a rule. */
      point: Uint8Array;
    }
  | { kind: 'rsa'; modulus: bigint; exponent: bigint }
  | {
      kind: 'dh';
      /** dhKeyAgreement (PKCS #3: p, g, privateValueLength) or dhpublicnumber (X9.42: p, g, q). */
      algorithm: string;
      p: bigint;
      g: bigint;
      q?: bigint;
      privateValueLength?: number;
      /** The public value, an INTEGER inside the BIT STRING. */
      y: bigint;
    }
  | { kind: 'other'; algorithm: AlgorithmIdentifier; publicKey: Uint8Array };

/** How a caller reads keys: the codes its errors carry and how it treats RSASSA-PSS keys. */
export interface SpkiProfile {
  /** For bytes that are not the structure (PKI_MALFORMED in certificates, LDS_MALFORMED in data groups). */
  readonly malformed: ErrorCode;
  /** For explicit curves over a field other than a prime field. */
  readonly unsupported: ErrorCode;
  /** For TLV faults of the RSAPublicKey or DH value inside the BIT STRING; absent: they keep their TLV_* code. */
  readonly innerTlv?: ErrorCode;
  /**
   * Read id-RSASSA-PSS keys (RFC 4055 §1.2, same RSAPublicKey) as RSA keys, as a verifier does; otherwise they
   * stay `other`, so that a DG15 re-encodes with its PSS parameters as received.
   */
  readonly pssAsRsa?: boolean;
  /**
   * Accept key INTEGERs (modulus, exponent, curve prime, order, cofactor) with redundant leading zeros, as some
   * CSCA and DS certificates in circulation carry: a verifier reads them (and keeps the SPKI bytes as received),
   * where the LDS side must re-encode a data group byte for byte and so stays strict.
   */
  readonly redundantZeros?: boolean;
}

/**
 * Certificates and the crypto layer (ICAO 9303-12, RFC 5280): PKI codes, and RSASSA-PSS keys read as RSA so that
 * a CSCA or DS key of either OID verifies.
 */
export const PKI_KEYS: SpkiProfile = {
  malformed: 'PKI_MALFORMED',
  unsupported: 'CRYPTO_UNSUPPORTED',
  innerTlv: 'PKI_MALFORMED',
  pssAsRsa: true,
  redundantZeros: true,
};

const EC = oid('id-ecPublicKey');
const RSA = oid('rsaEncryption');
const RSA_PSS = oid('id-RSASSA-PSS');
const DH_PKCS3 = oid('dhKeyAgreement');
const DH_X942 = oid('dhpublicnumber');
const PRIME_FIELD = oid('prime-field');

/** RFC 3279 §2.3.1: rsaEncryption parameters are NULL. */
const NULL = Uint8Array.of(0x05, 0x00);

export function encodeAlgorithmIdentifier(alg: AlgorithmIdentifier): Uint8Array {
  return alg.parameters
    ? encodeSequence(encodeOid(alg.algorithm), alg.parameters)
    : encodeSequence(encodeOid(alg.algorithm));
}

/** RFC 5280 §4.1.1.2 AlgorithmIdentifier, keeping the parameters element as received. */
export function decodeAlgorithmIdentifier(node: Tlv, path: string, profile: SpkiProfile): AlgorithmIdentifier {
  const c = new Fields(expectField(node, 0x30, path, profile.malformed), path, profile.malformed);
  const algorithm = readObjectIdentifier(c.next(0x06, 'algorithm'), `${path}/algorithm`, profile.malformed);
  const params = c.peek();
  if (params) c.any('parameters');
  c.end();
  return params ? { algorithm, parameters: copyBytes(params.raw) } : { algorithm };
}

/** RFC 5480 §2.1.1 ECParameters: the namedCurve OID, or the explicit form of RFC 3279 §2.3.5. */
export function encodeEcDomainParameters(curve: string | EcCurveParameters): Uint8Array {
  if (typeof curve === 'string') return encodeOid(curve);
  const curveField = [encodeOctetString(curve.a), encodeOctetString(curve.b)];
  if (curve.seed) curveField.push(encodeBitString(curve.seed));
  const parts = [
    encodeInteger(1),
    encodeSequence(encodeOid(PRIME_FIELD), encodeInteger(curve.p)),
    encodeSequence(...curveField),
    encodeOctetString(curve.generator),
    encodeInteger(curve.order),
  ];
  if (curve.cofactor !== undefined) parts.push(encodeInteger(curve.cofactor));
  return encodeSequence(...parts);
}

/**
 * ECParameters: a namedCurve OID (RFC 5480 §2.1.1.1, `path/namedCurve` in errors) or the explicit
 * SpecifiedECDomain of ANSI X9.62 / BSI TR-03111 §4.1.1 (`path/ecParameters`), which real DS certificates and
 * PACEDomainParameterInfo carry. Prime fields only: the curves of ICAO 9303-11 and BSI TR-03111 are prime curves.
 */
export function decodeEcDomainParameters(node: Tlv, path: string, profile: SpkiProfile): string | EcCurveParameters {
  const bad = profile.malformed;
  if (node.tag === 0x06) return readObjectIdentifier(node, `${path}/namedCurve`, bad);
  const at = `${path}/ecParameters`;
  const c = new Fields(expectField(node, 0x30, at, bad), at, bad);
  const version = readSmallInteger(c.next(0x02, 'version'), `${at}/version`, bad);
  if (version !== 1) {
    // RFC 3279 §2.3.5: ECPVer ::= INTEGER { ecpVer1(1) }; the later versions of SEC 1 §C.2 are not read.
    throw new CccdError(bad, `ECParameters version ${version} (expected 1)`, {
      path: `${at}/version`,
      offset: node.offset,
    });
  }
  const field = new Fields(c.next(0x30, 'fieldID'), `${at}/fieldID`, bad);
  const fieldType = readObjectIdentifier(field.next(0x06, 'fieldType'), `${at}/fieldID/fieldType`, bad);
  if (fieldType !== PRIME_FIELD) {
    throw new CccdError(profile.unsupported, `field type ${fieldType} (only prime fields)`, {
      path: `${at}/fieldID`,
      offset: field.node.offset,
    });
  }
  const p = readUnsignedInteger(field.next(0x02, 'prime'), `${at}/fieldID/prime`, bad, profile.redundantZeros);
  field.end();
  // X9.62: a and b are FieldElements, OCTET STRINGs of the field's width; the optional seed is a BIT STRING.
  const curve = new Fields(c.next(0x30, 'curve'), `${at}/curve`, bad);
  const a = copyBytes(curve.next(0x04, 'a').value);
  const b = copyBytes(curve.next(0x04, 'b').value);
  const seedNode = curve.optional(0x03);
  curve.end();
  const generator = copyBytes(c.next(0x04, 'base').value);
  const order = readUnsignedInteger(c.next(0x02, 'order'), `${at}/order`, bad, profile.redundantZeros);
  const cofNode = c.optional(0x02);
  c.end();
  const out: EcCurveParameters = { p, a, b, generator, order };
  if (seedNode) out.seed = readBitStringBytes(seedNode, `${at}/curve/seed`, bad);
  if (cofNode) out.cofactor = readUnsignedInteger(cofNode, `${at}/cofactor`, bad, profile.redundantZeros);
  return out;
}

/** RFC 8017 A.1.1 RSAPublicKey ::= SEQUENCE { modulus, publicExponent }. */
export function encodeRsaPublicKey(modulus: bigint, exponent: bigint): Uint8Array {
  return encodeSequence(encodeInteger(modulus), encodeInteger(exponent));
}

/** Encodes a SubjectPublicKeyInfo (DER). */
export function encodeSubjectPublicKeyInfo(key: SubjectPublicKeyInfo): Uint8Array {
  if (!key || typeof key !== 'object' || !['ec', 'rsa', 'dh', 'other'].includes(key.kind)) {
    throw new CccdError('INVALID_ARGUMENT', 'publicKey: expected a PublicKeyInfo');
  }
  if (key.kind === 'ec') {
    return encodeSequence(
      encodeSequence(encodeOid(EC), encodeEcDomainParameters(key.curve)),
      encodeBitString(key.point),
    );
  }
  if (key.kind === 'rsa') {
    return encodeSequence(
      encodeSequence(encodeOid(RSA), NULL),
      encodeBitString(encodeRsaPublicKey(key.modulus, key.exponent)),
    );
  }
  if (key.kind === 'dh') {
    // PKCS #3 §9 DHParameter { p, g, privateValueLength? }; X9.42 DomainParameters { p, g, q, ... }.
    const ints = [encodeInteger(key.p), encodeInteger(key.g)];
    if (key.q !== undefined) ints.push(encodeInteger(key.q));
    if (key.privateValueLength !== undefined) ints.push(encodeInteger(key.privateValueLength));
    return encodeSequence(
      encodeSequence(encodeOid(key.algorithm), encodeSequence(...ints)),
      encodeBitString(encodeInteger(key.y)),
    );
  }
  return encodeSequence(encodeAlgorithmIdentifier(key.algorithm), encodeBitString(key.publicKey));
}

/**
 * Decodes a SubjectPublicKeyInfo node; `path` names it in errors (`DG15/subjectPublicKeyInfo`,
 * `Certificate/tbsCertificate/subjectPublicKeyInfo`). Strict DER: no trailing elements, minimal INTEGERs, so that
 * every decoded key encodes back to its bytes.
 */
export function decodeSubjectPublicKeyInfo(node: Tlv, path: string, profile: SpkiProfile): SubjectPublicKeyInfo {
  const bad = profile.malformed;
  const c = new Fields(expectField(node, 0x30, path, bad), path, bad);
  const algNode = c.next(0x30, 'algorithm');
  const algorithm = decodeAlgorithmIdentifier(algNode, `${path}/algorithm`, profile);
  const keyNode = c.next(0x03, 'subjectPublicKey');
  c.end();
  const keyBytes = readBitStringBytes(keyNode, `${path}/subjectPublicKey`, bad);
  const keyOffset = keyNode.offset + keyNode.headerLength + 1;
  const params = algNode.children[1];
  const alg = algorithm.algorithm;
  // RFC 5480 §2.1.1: implicitCurve (NULL) and absent parameters name no curve; such keys stay `other`.
  if (alg === EC && params && (params.tag === 0x06 || params.tag === 0x30)) {
    return { kind: 'ec', curve: decodeEcDomainParameters(params, `${path}/algorithm`, profile), point: keyBytes };
  }
  if (alg === RSA || (alg === RSA_PSS && profile.pssAsRsa)) {
    const at = `${path}/RSAPublicKey`;
    const rsa = new Fields(expectField(inner(keyBytes, at, keyOffset, profile), 0x30, at, bad), at, bad);
    const modulus = readUnsignedInteger(rsa.next(0x02, 'modulus'), `${at}/modulus`, bad, profile.redundantZeros);
    const exponent = readUnsignedInteger(
      rsa.next(0x02, 'publicExponent'),
      `${at}/publicExponent`,
      bad,
      profile.redundantZeros,
    );
    rsa.end();
    return { kind: 'rsa', modulus, exponent };
  }
  if ((alg === DH_PKCS3 || alg === DH_X942) && params?.tag === 0x30) {
    return decodeDh(alg, params, keyBytes, keyOffset, path, profile);
  }
  return { kind: 'other', algorithm, publicKey: keyBytes };
}

/** DH domain parameters: PKCS #3 §9 DHParameter { p, g, privateValueLength? } or X9.42 { p, g, q, ... }. */
export interface DhDomainParameters {
  algorithm: string;
  p: bigint;
  g: bigint;
  q?: bigint;
  privateValueLength?: number;
}

/** The DH parameters of a dhKeyAgreement or dhpublicnumber AlgorithmIdentifier; `pp` names them in errors. */
function decodeDhParameters(algorithm: string, params: Tlv, pp: string, profile: SpkiProfile): DhDomainParameters {
  const bad = profile.malformed;
  const c = new Fields(params, pp, bad);
  const p = readUnsignedInteger(c.next(0x02, 'prime'), `${pp}/prime`, bad, profile.redundantZeros);
  const g = readUnsignedInteger(c.next(0x02, 'base'), `${pp}/base`, bad, profile.redundantZeros);
  const third = c.optional(0x02);
  c.end();
  const out: DhDomainParameters = { algorithm, p, g };
  // PKCS #3 §9: the third INTEGER is privateValueLength; ANSI X9.42 DomainParameters: it is q (required).
  if (algorithm === DH_PKCS3 && third) {
    out.privateValueLength = readSmallInteger(third, `${pp}/privateValueLength`, bad);
  }
  if (algorithm === DH_X942) {
    if (!third) {
      throw new CccdError(bad, 'missing q (ANSI X9.42 DomainParameters)', { path: `${pp}/q`, offset: params.offset });
    }
    out.q = readUnsignedInteger(third, `${pp}/q`, bad, profile.redundantZeros);
  }
  return out;
}

/** ICAO 9303-11 §9.2 / TR-03110 Part 3 A.1.2: DH keys of DG14 and EF.CardAccess, y an INTEGER in the BIT STRING. */
function decodeDh(
  algorithm: string,
  params: Tlv,
  keyBytes: Uint8Array,
  keyOffset: number,
  path: string,
  profile: SpkiProfile,
): SubjectPublicKeyInfo {
  const domain = decodeDhParameters(algorithm, params, `${path}/algorithm/parameters`, profile);
  const y = readUnsignedInteger(
    inner(keyBytes, `${path}/subjectPublicKey`, keyOffset, profile),
    `${path}/subjectPublicKey`,
    profile.malformed,
  );
  return { kind: 'dh', ...domain, y };
}

/**
 * The explicit domain parameters an AlgorithmIdentifier carries (ICAO 9303-11 §9.2 PACEDomainParameterInfo,
 * ChipAuthenticationDomainParameterInfo): EC parameters of id-ecPublicKey (named or explicit), DH parameters of
 * dhKeyAgreement/dhpublicnumber; undefined for any other algorithm or absent parameters.
 */
export function decodeDomainParameters(
  algorithm: AlgorithmIdentifier,
  path: string,
  profile: SpkiProfile,
): { kind: 'ec'; curve: string | EcCurveParameters } | ({ kind: 'dh' } & DhDomainParameters) | undefined {
  const alg = algorithm.algorithm;
  if (!algorithm.parameters || (alg !== EC && alg !== DH_PKCS3 && alg !== DH_X942)) return undefined;
  const params = inner(algorithm.parameters, `${path}/parameters`, 0, profile);
  if (alg === EC) {
    if (params.tag !== 0x06 && params.tag !== 0x30) return undefined;
    return { kind: 'ec', curve: decodeEcDomainParameters(params, path, profile) };
  }
  return { kind: 'dh', ...decodeDhParameters(alg, params, `${path}/parameters`, profile) };
}

/**
 * The one object in `value`: what a BIT STRING holds (RFC 3279 §2.3.1 RSAPublicKey, §2.3.3 DH y) or an
 * AlgorithmIdentifier's parameters element; nothing may follow it.
 */
function inner(value: Uint8Array, path: string, baseOffset: number, profile: SpkiProfile): Tlv {
  try {
    return decodeTlv(value, { path, baseOffset, maxNodes: 10_000, maxDepth: 32 });
  } catch (cause) {
    if (profile.innerTlv && cause instanceof CccdError && cause.code.startsWith('TLV_')) {
      throw new CccdError(profile.innerTlv, cause.detail, { path: cause.path ?? path, offset: cause.offset, cause });
    }
    throw cause;
  }
}

/**
 * The error for a key a signature verifier cannot use (only EC and RSA sign ICAO 9303-12 certificates and
 * EF.SOD): PKI_MALFORMED for an EC key without curve parameters, CRYPTO_UNSUPPORTED for any other algorithm.
 */
export function unusableKeyError(
  key: Extract<SubjectPublicKeyInfo, { kind: 'dh' | 'other' }>,
  path: string,
): CccdError {
  const alg = key.kind === 'other' ? key.algorithm.algorithm : key.algorithm;
  if (alg === EC)
    return new CccdError('PKI_MALFORMED', 'EC key without named or explicit parameters', {
      path: `${path}/algorithm/parameters`,
    });
  return new CccdError('CRYPTO_UNSUPPORTED', `public key algorithm ${oidName(alg) ?? alg} is not supported`, { path });
}
