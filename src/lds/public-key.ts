// RFC 5280 §4.1.2.7 SubjectPublicKeyInfo as ICAO 9303-11 §9.2.6/§6.1 and BSI TR-03110 Part 3 A.1.2 use it
// in DG14 (Chip Authentication) and DG15 (Active Authentication): RSA (RFC 8017 A.1.1), EC with named or
// explicit parameters (RFC 3279 §2.3.5, BSI TR-03111 §4.1), DH (PKCS #3, ANSI X9.42); anything else kept.

import { encodeBitString, encodeInteger, encodeOctetString, encodeOid, encodeSequence } from '../asn1/der.js';
import { oid } from '../asn1/oids.js';
import { copyBytes } from '../bytes.js';
import { CccdError } from '../errors.js';
import type { Tlv } from '../tlv/index.js';
import {
  Children,
  expectNode,
  malformed,
  openInner,
  readBytes,
  readInt,
  readOid,
  readUnsigned,
  valueOffset,
} from './read.js';

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

export type PublicKeyInfo =
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

const EC = oid('id-ecPublicKey');
const RSA = oid('rsaEncryption');
const DH_PKCS3 = oid('dhKeyAgreement');
const DH_X942 = oid('dhpublicnumber');
const PRIME_FIELD = oid('prime-field');

const NULL = Uint8Array.of(0x05, 0x00);

export function encodeAlgorithmIdentifier(alg: AlgorithmIdentifier): Uint8Array {
  return alg.parameters
    ? encodeSequence(encodeOid(alg.algorithm), alg.parameters)
    : encodeSequence(encodeOid(alg.algorithm));
}

export function decodeAlgorithmIdentifier(node: Tlv, path: string): AlgorithmIdentifier {
  const c = new Children(node, path);
  if (node.tag !== 0x30) malformed(path, node.offset, 'expected a SEQUENCE');
  const algorithm = readOid(c.next(0x06, 'algorithm'), `${path}/algorithm`);
  const params = c.peek();
  if (params) c.any('parameters');
  c.end();
  return params ? { algorithm, parameters: readRaw(params) } : { algorithm };
}

function readRaw(node: Tlv): Uint8Array {
  return copyBytes(node.raw);
}

function encodeEcParameters(e: EcCurveParameters): Uint8Array {
  const curve = [encodeOctetString(e.a), encodeOctetString(e.b)];
  if (e.seed) curve.push(encodeBitString(e.seed));
  const parts = [
    encodeInteger(1),
    encodeSequence(encodeOid(PRIME_FIELD), encodeInteger(e.p)),
    encodeSequence(...curve),
    encodeOctetString(e.generator),
    encodeInteger(e.order),
  ];
  if (e.cofactor !== undefined) parts.push(encodeInteger(e.cofactor));
  return encodeSequence(...parts);
}

function decodeEcParameters(node: Tlv, path: string): EcCurveParameters {
  const c = new Children(node, path);
  const version = readInt(c.next(0x02, 'version'), `${path}/version`);
  if (version !== 1) malformed(`${path}/version`, node.offset, `ECParameters version ${version} (expected 1)`);
  const field = new Children(c.next(0x30, 'fieldID'), `${path}/fieldID`);
  const fieldType = readOid(field.next(0x06, 'fieldType'), `${path}/fieldID/fieldType`);
  if (fieldType !== PRIME_FIELD) {
    throw new CccdError('LDS_UNSUPPORTED', `field type ${fieldType} (only prime fields)`, {
      path: `${path}/fieldID`,
      offset: field.node.offset,
    });
  }
  const p = readUnsigned(field.next(0x02, 'prime'), `${path}/fieldID/prime`);
  field.end();
  const curve = new Children(c.next(0x30, 'curve'), `${path}/curve`);
  const a = readBytes(curve.next(0x04, 'a'));
  const b = readBytes(curve.next(0x04, 'b'));
  const seedNode = curve.optional(0x03);
  curve.end();
  const generator = readBytes(c.next(0x04, 'base'));
  const order = readUnsigned(c.next(0x02, 'order'), `${path}/order`);
  const cofNode = c.optional(0x02);
  c.end();
  const out: EcCurveParameters = { p, a, b, generator, order };
  if (seedNode) out.seed = bitStringBytes(seedNode, `${path}/curve/seed`);
  if (cofNode) out.cofactor = readUnsigned(cofNode, `${path}/cofactor`);
  return out;
}

function bitStringBytes(node: Tlv, path: string): Uint8Array {
  if (node.tag !== 0x03) malformed(path, node.offset, 'expected a BIT STRING');
  if (node.value.length === 0 || node.value[0] !== 0) malformed(path, node.offset, 'BIT STRING with unused bits');
  return copyBytes(node.value.subarray(1));
}

/** Encodes a SubjectPublicKeyInfo (DER). */
export function encodePublicKeyInfo(key: PublicKeyInfo): Uint8Array {
  switchGuard(key);
  if (key.kind === 'ec') {
    const params = typeof key.curve === 'string' ? encodeOid(key.curve) : encodeEcParameters(key.curve);
    return encodeSequence(encodeSequence(encodeOid(EC), params), encodeBitString(key.point));
  }
  if (key.kind === 'rsa') {
    const rsaKey = encodeSequence(encodeInteger(key.modulus), encodeInteger(key.exponent));
    return encodeSequence(encodeSequence(encodeOid(RSA), NULL), encodeBitString(rsaKey));
  }
  if (key.kind === 'dh') {
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

function switchGuard(key: PublicKeyInfo): void {
  if (!key || typeof key !== 'object' || !['ec', 'rsa', 'dh', 'other'].includes(key.kind)) {
    throw new CccdError('INVALID_ARGUMENT', 'publicKey: expected a PublicKeyInfo');
  }
}

/** Decodes a SubjectPublicKeyInfo node; `path` names it in errors (e.g. `DG15/subjectPublicKeyInfo`). */
export function decodePublicKeyInfo(node: Tlv, path: string): PublicKeyInfo {
  if (node.tag !== 0x30) malformed(path, node.offset, 'expected a SEQUENCE');
  const c = new Children(node, path);
  const algNode = c.next(0x30, 'algorithm');
  const algorithm = decodeAlgorithmIdentifier(algNode, `${path}/algorithm`);
  const keyNode = c.next(0x03, 'subjectPublicKey');
  c.end();
  const keyBytes = bitStringBytes(keyNode, `${path}/subjectPublicKey`);
  const keyOffset = valueOffset(keyNode) + 1;
  const params = algNode.children[1];
  if (algorithm.algorithm === EC && params && (params.tag === 0x06 || params.tag === 0x30)) {
    const curve =
      params.tag === 0x06
        ? readOid(params, `${path}/algorithm/namedCurve`)
        : decodeEcParameters(params, `${path}/algorithm/ecParameters`);
    return { kind: 'ec', curve, point: keyBytes };
  }
  if (algorithm.algorithm === RSA) {
    const rsaNode = openInner(keyBytes, `${path}/RSAPublicKey`, keyOffset);
    const rsa = new Children(expectNode(rsaNode, 0x30, `${path}/RSAPublicKey`), `${path}/RSAPublicKey`);
    const modulus = readUnsigned(rsa.next(0x02, 'modulus'), `${path}/RSAPublicKey/modulus`);
    const exponent = readUnsigned(rsa.next(0x02, 'publicExponent'), `${path}/RSAPublicKey/publicExponent`);
    rsa.end();
    return { kind: 'rsa', modulus, exponent };
  }
  if ((algorithm.algorithm === DH_PKCS3 || algorithm.algorithm === DH_X942) && params?.tag === 0x30) {
    return decodeDh(algorithm.algorithm, params, keyBytes, keyOffset, path);
  }
  return { kind: 'other', algorithm, publicKey: keyBytes };
}

function decodeDh(algorithm: string, params: Tlv, keyBytes: Uint8Array, keyOffset: number, path: string) {
  const pp = `${path}/algorithm/parameters`;
  const c = new Children(params, pp);
  const p = readUnsigned(c.next(0x02, 'prime'), `${pp}/prime`);
  const g = readUnsigned(c.next(0x02, 'base'), `${pp}/base`);
  const third = c.optional(0x02);
  c.end();
  const y = readUnsigned(openInner(keyBytes, `${path}/subjectPublicKey`, keyOffset), `${path}/subjectPublicKey`);
  const key: PublicKeyInfo = { kind: 'dh', algorithm, p, g, y };
  // PKCS #3 §9: the third INTEGER is privateValueLength; ANSI X9.42 DomainParameters: it is q (required).
  if (algorithm === DH_PKCS3 && third) key.privateValueLength = readInt(third, `${pp}/privateValueLength`);
  if (algorithm === DH_X942) {
    if (!third) malformed(`${pp}/q`, params.offset, 'missing q (ANSI X9.42 DomainParameters)');
    key.q = readUnsigned(third, `${pp}/q`);
  }
  return key;
}

/** Decodes SubjectPublicKeyInfo DER bytes (e.g. from the crypto module's key generation). */
export function decodePublicKeyInfoBytes(spki: Uint8Array, path = 'subjectPublicKeyInfo'): PublicKeyInfo {
  return decodePublicKeyInfo(openInner(spki, path, 0), path);
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
