// RFC 5652 §5 CMS SignedData as ICAO 9303-10 §4.6.2 (EF.SOD), BSI TR-03110 (EF.CardSecurity) and 9303-12
// §8 (master lists) use it: one builder and one lenient parser that keeps every signed byte as received.

import { oid } from '../asn1/oids.js';
import { allocPublic, equalBytes } from '../bytes.js';
import { hash as digest, type HashAlgorithm } from '../crypto/hash.js';
import { CccdError } from '../errors.js';
import type { Tlv, TlvReader } from '../tlv/index.js';
import {
  encodeHashAlgorithm,
  encodeSignatureAlgorithm,
  hashAlgorithmAt,
  type SignatureAlgorithm,
  signatureAlgorithmAt,
} from './algorithms.js';
import { type Certificate, certificateAt } from './certificate.js';
import { type Crl, decodeCrl } from './crl.js';
import { countAt, malformed, needAt, octetsAt, oidAt, readDer, smallIntAt } from './der-read.js';
import { derNode, flatten, oidDer, smallIntDer, tlvSize, writeBytes, writeHeader } from './der-write.js';
import { type Name, nameAt } from './name.js';
import type { Signer } from './signer.js';
import { decodeTime, encodeTime } from './time.js';

const SIGNED_DATA_OID = oidDer(oid('id-signedData'));
const VERSION_3 = smallIntDer(3);
const CONTENT_TYPE = oid('id-contentType');
const MESSAGE_DIGEST = oid('id-messageDigest');
const SIGNING_TIME = oid('id-signingTime');

/** How a SignerInfo names its certificate (RFC 5652 §5.3). */
export type SignerIdentifier =
  | { readonly issuer: Name; readonly serialNumber: Uint8Array }
  | { readonly subjectKeyIdentifier: Uint8Array };

/** One SignerInfo; `signedAttrsDer` holds the attribute bytes as received with the SET tag (the signed message). */
export interface SignerInfo {
  readonly version: number;
  readonly sid: SignerIdentifier;
  readonly digestAlgorithm: HashAlgorithm;
  readonly signedAttrsDer: Uint8Array | undefined;
  readonly contentTypeAttr: string | undefined;
  readonly messageDigest: Uint8Array | undefined;
  readonly signingTime: Date | undefined;
  readonly signatureAlgorithm: SignatureAlgorithm;
  readonly signature: Uint8Array;
  /** Path of this SignerInfo, for the errors and checks that refer to it. */
  readonly path: string;
}

/** A decoded SignedData (inside its ContentInfo). */
export interface SignedData {
  readonly version: number;
  readonly contentType: string;
  /** The eContent octets as received (the LDSSecurityObject, SecurityInfos or CscaMasterList). */
  readonly content: Uint8Array;
  readonly certificates: readonly Certificate[];
  readonly crls: readonly Crl[];
  readonly signerInfos: readonly SignerInfo[];
}

/** The SignerInfo at `pos` of the SignerInfos value ending at `end` (RFC 5652 §5.3). */
function signerInfoAt(r: TlvReader, pos: number, end: number, path: string): SignerInfo {
  needAt(r, pos, end, 0x30, path);
  const from = r.valueStart;
  const to = r.valueEnd;
  countAt(r, from, to, path, pos, 5, 7);
  needAt(r, from, to, 0x02, `${path}/version`);
  const version = smallIntAt(r);
  r.at(r.end, to);
  let sid: SignerIdentifier;
  if (r.tag === 0x30) {
    const sidEnd = r.end;
    const sidTo = r.valueEnd;
    countAt(r, r.valueStart, sidTo, `${path}/sid`, r.start, 2, 2);
    r.at(r.valueStart, sidTo);
    const issuer = nameAt(r, `${path}/sid/issuer`);
    needAt(r, r.end, sidTo, 0x02, `${path}/sid/serialNumber`);
    sid = { issuer, serialNumber: r.view(r.valueStart, r.valueEnd) };
    r.at(sidEnd, to);
  } else if (r.tag === 0x80) {
    sid = { subjectKeyIdentifier: r.view(r.valueStart, r.valueEnd) };
    r.at(r.end, to);
  } else malformed('expected issuerAndSerialNumber or [0] subjectKeyIdentifier', `${path}/sid`, r.offset(r.start));
  const digestAlgorithm = hashAlgorithmAt(r, `${path}/digestAlgorithm`);
  let next = r.end;
  let signedAttrsDer: Uint8Array | undefined;
  let contentTypeAttr: string | undefined;
  let messageDigest: Uint8Array | undefined;
  let signingTime: Date | undefined;
  if (r.at(next, to) === 0xa0) {
    const ap = `${path}/signedAttrs`;
    next = r.end;
    // RFC 5652 §5.4: the signature covers the attributes with an explicit SET OF tag, as received.
    signedAttrsDer = allocPublic(r.end - r.start);
    signedAttrsDer.set(r.view(r.start, r.end));
    signedAttrsDer[0] = 0x31;
    const seen: string[] = [];
    const attrsTo = r.valueEnd;
    for (let q = r.valueStart, j = 0; q < attrsTo; j++) {
      const p = `${ap}[${j}]`;
      needAt(r, q, attrsTo, 0x30, p);
      q = r.end;
      const aTo = r.valueEnd;
      countAt(r, r.valueStart, aTo, p, r.start, 2, 2);
      needAt(r, r.valueStart, aTo, 0x06, `${p}/attrType`);
      const t = oidAt(r, p);
      if (seen.includes(t)) malformed(`attribute ${t} appears twice`, p, r.offset(r.start));
      seen.push(t);
      needAt(r, r.end, aTo, 0x31, `${p}/attrValues`);
      countAt(r, r.valueStart, r.valueEnd, `${p}/attrValues`, r.start, 1, 1);
      const valueTo = r.valueEnd;
      if (t === CONTENT_TYPE) {
        needAt(r, r.valueStart, valueTo, 0x06, `${p}/contentType`);
        contentTypeAttr = oidAt(r, `${p}/contentType`);
      } else if (t === MESSAGE_DIGEST) {
        needAt(r, r.valueStart, valueTo, 0x04, `${p}/messageDigest`);
        messageDigest = r.view(r.valueStart, r.valueEnd);
      } else if (t === SIGNING_TIME) {
        r.at(r.valueStart, valueTo);
        signingTime = decodeTime(r.node(r.start, r.end), `${p}/signingTime`);
      }
    }
    r.at(next, to);
  }
  const signatureAlgorithm = signatureAlgorithmAt(r, `${path}/signatureAlgorithm`);
  needAt(r, r.end, to, 0x04, `${path}/signature`);
  return {
    version,
    sid,
    digestAlgorithm,
    signedAttrsDer,
    contentTypeAttr,
    messageDigest,
    signingTime,
    // Bare key OIDs (rsaEncryption, id-ecPublicKey) take the hash from the digest algorithm.
    signatureAlgorithm: signatureAlgorithm.hash ? signatureAlgorithm : { ...signatureAlgorithm, hash: digestAlgorithm },
    signature: r.view(r.valueStart, r.valueEnd),
    path,
  };
}

/**
 * The ContentInfo holding SignedData at `pos` of a value ending at `end` (RFC 5652 §3, §5.1). BER forms (indefinite
 * lengths, constructed OCTET STRINGs) are accepted because real EF.SOD files use them; `path` prefixes every error
 * (e.g. `EF.SOD`). Read in place: it runs for every document a verifier checks.
 */
export function signedDataAt(r: TlvReader, pos: number, end: number, path: string): SignedData {
  needAt(r, pos, end, 0x30, path);
  const ciTo = r.valueEnd;
  countAt(r, r.valueStart, ciTo, path, pos, 2, 2);
  needAt(r, r.valueStart, ciTo, 0x06, `${path}/contentType`);
  if (!r.holds(SIGNED_DATA_OID))
    malformed('ContentInfo is not id-signedData', `${path}/contentType`, r.offset(r.start));
  needAt(r, r.end, ciTo, 0xa0, `${path}/content`);
  needAt(r, r.valueStart, r.valueEnd, 0x30, `${path}/content`);
  const sdTo = r.valueEnd;
  countAt(r, r.valueStart, sdTo, path, r.start, 4, 6);
  needAt(r, r.valueStart, sdTo, 0x02, `${path}/version`);
  const version = smallIntAt(r);
  needAt(r, r.end, sdTo, 0x31, `${path}/digestAlgorithms`);
  const ep = `${path}/encapContentInfo`;
  needAt(r, r.end, sdTo, 0x30, ep);
  let next = r.end;
  const eStart = r.start;
  const eTo = r.valueEnd;
  const parts = countAt(r, r.valueStart, eTo, ep, eStart, 1, 2);
  needAt(r, r.valueStart, eTo, 0x06, `${ep}/eContentType`);
  const contentType = oidAt(r, `${ep}/eContentType`);
  if (parts < 2) malformed('detached content is not allowed here', ep, r.offset(eStart));
  needAt(r, r.end, eTo, 0xa0, `${ep}/eContent`);
  const content = octetsAt(r, r.valueStart, r.valueEnd, `${ep}/eContent`);
  const certificates: Certificate[] = [];
  const crls: Crl[] = [];
  // There are at least 4 fields: something follows encapContentInfo.
  let tag = r.at(next, sdTo);
  if (tag === 0xa0) {
    next = r.end;
    const listTo = r.valueEnd;
    for (let q = r.valueStart, i = 0; q < listTo; i++) {
      const t = r.at(q, listTo);
      q = r.end;
      if (t === 0x30) certificates.push(certificateAt(r, `${path}/certificates[${i}]`));
    }
    tag = next < sdTo ? r.at(next, sdTo) : -1;
  }
  if (tag === 0xa1) {
    next = r.end;
    const listTo = r.valueEnd;
    for (let q = r.valueStart, i = 0; q < listTo; i++) {
      const t = r.at(q, listTo);
      q = r.end;
      if (t === 0x30) crls.push(decodeCrl(r.node(r.start, r.end), `${path}/crls[${i}]`));
    }
  }
  needAt(r, next, sdTo, 0x31, `${path}/signerInfos`);
  const sisTo = r.valueEnd;
  countAt(r, r.valueStart, sisTo, `${path}/signerInfos`, r.start, 1, Number.POSITIVE_INFINITY);
  const signerInfos: SignerInfo[] = [];
  for (let q = r.valueStart, i = 0; q < sisTo; i++) {
    r.at(q, sisTo);
    const after = r.end;
    signerInfos.push(signerInfoAt(r, q, sisTo, `${path}/signerInfos[${i}]`));
    q = after;
  }
  return { version, contentType, content, certificates, crls, signerInfos };
}

/** Decodes a ContentInfo node holding SignedData (see signedDataAt). */
export function decodeSignedData(node: Tlv, path: string): SignedData {
  return parseSignedData(node.raw, path);
}

/** Decodes ContentInfo DER (lenient BER). */
export function parseSignedData(bytes: Uint8Array, path = 'SignedData'): SignedData {
  return signedDataAt(readDer(bytes, path, true), 0, bytes.length, path);
}

/** The certificate a SignerInfo names, among `candidates` (usually those embedded in the SignedData). */
export function findSignerCertificate(si: SignerInfo, candidates: readonly Certificate[]): Certificate | undefined {
  return (
    candidates.find((c) => {
      if ('subjectKeyIdentifier' in si.sid) {
        const ski = c.extensions.subjectKeyIdentifier;
        return ski !== undefined && equalBytes(ski, si.sid.subjectKeyIdentifier);
      }
      return equalBytes(c.serialNumber, si.sid.serialNumber) && equalBytes(c.issuer.raw, si.sid.issuer.raw);
    }) ?? candidates.find((c) => 'issuer' in si.sid && equalBytes(c.serialNumber, si.sid.serialNumber))
  );
}

/** Options of signSignedData. */
export interface SignedDataOptions {
  /** Dotted eContentType, e.g. oid('id-icao-mrtd-security-ldsSecurityObject'). */
  contentType: string;
  content: Uint8Array;
  /** The signer's certificate: embedded, and named by the SignerInfo. */
  certificate: Certificate;
  /** Digest algorithm for the message digest attribute (default: the signer's hash). */
  hash?: HashAlgorithm;
  /** Signing time attribute (RFC 5652 §11.3); omitted when undefined. */
  signingTime?: Date;
  /** How the SignerInfo names the certificate (default issuerAndSerialNumber, SignerInfo v1). */
  signerIdentifier?: 'issuerAndSerialNumber' | 'subjectKeyIdentifier';
  /** More certificates to embed (e.g. the CSCA in a master list). */
  extraCertificates?: readonly Certificate[];
}

/** The bytes an external signer must sign, and how to finish the SignedData with its signature. */
export interface PreparedSignedData {
  /** DER of the signed attributes with the SET tag: the message to sign. */
  readonly toBeSigned: Uint8Array;
  /**
   * ContentInfo DER with `signature` in place; with `wrapTag`, inside one more TLV of that tag (EF.SOD's 77),
   * written in the same pass.
   */
  complete(signature: Uint8Array, wrapTag?: number): Uint8Array;
}

function compareDer(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return a.length - b.length;
}

/** The parts of a SignedData that stay the same for every document one DS certificate signs. */
export interface SignerConstants {
  /** What the constants are for (with the certificate and the algorithm that key the cache). */
  readonly contentType: string;
  readonly hash: HashAlgorithm;
  readonly useSki: boolean;
  readonly sid: Uint8Array;
  readonly version: Uint8Array;
  readonly hashAlg: Uint8Array;
  readonly signatureAlg: Uint8Array;
  readonly certificates: Uint8Array;
  readonly contentTypeAttr: Uint8Array;
  readonly eContentType: Uint8Array;
  /** SET OF DigestAlgorithmIdentifier with the one digest algorithm. */
  readonly digestAlgorithms: Uint8Array;
}

// A bureau signs every card of a run with one DS certificate: the constant parts are encoded once per certificate,
// signature algorithm and configuration (kept with the certificate and algorithm objects, which certificate.ts and
// the signers share between calls).
const CONSTANTS = new WeakMap<Certificate, WeakMap<SignatureAlgorithm, SignerConstants[]>>();

/** Attribute ::= SEQUENCE { attrType OID, attrValues SET { one value of `valueTag` around `content` } } */
function attribute(type: string, valueTag: number, content: Uint8Array): Uint8Array {
  const typeDer = oidDer(type);
  const values = tlvSize(valueTag, content.length);
  const body = typeDer.length + tlvSize(0x31, values);
  const out = allocPublic(tlvSize(0x30, body));
  let at = writeHeader(out, 0, 0x30, body);
  at = writeBytes(out, at, typeDer);
  at = writeHeader(out, at, 0x31, values);
  at = writeHeader(out, at, valueTag, content.length);
  writeBytes(out, at, content);
  return out;
}

/** DER SET OF around already encoded and sorted elements. */
function setOf(elements: readonly Uint8Array[]): Uint8Array {
  let body = 0;
  for (const e of elements) body += e.length;
  const out = allocPublic(tlvSize(0x31, body));
  let at = writeHeader(out, 0, 0x31, body);
  for (const e of elements) at = writeBytes(out, at, e);
  return out;
}

function signerConstants(o: SignedDataOptions, algorithm: SignatureAlgorithm, h: HashAlgorithm): SignerConstants {
  const useSki = o.signerIdentifier === 'subjectKeyIdentifier';
  const cacheable = !o.extraCertificates?.length;
  let byAlgorithm = CONSTANTS.get(o.certificate);
  let known = byAlgorithm?.get(algorithm);
  if (cacheable && known) {
    for (const c of known) if (c.contentType === o.contentType && c.hash === h && c.useSki === useSki) return c;
  }
  const ski = o.certificate.extensions.subjectKeyIdentifier;
  if (useSki && !ski)
    throw new CccdError('INVALID_ARGUMENT', 'certificate: no subjectKeyIdentifier to name the signer by');
  const hashAlg = encodeHashAlgorithm(h);
  const constants: SignerConstants = {
    contentType: o.contentType,
    hash: h,
    useSki,
    sid: useSki
      ? flatten(derNode(0x80, ski as Uint8Array))
      : flatten(derNode(0x30, o.certificate.issuer.raw, derNode(0x02, o.certificate.serialNumber))),
    version: smallIntDer(useSki ? 3 : 1),
    hashAlg,
    signatureAlg: encodeSignatureAlgorithm(algorithm),
    certificates: flatten(derNode(0xa0, ...[o.certificate, ...(o.extraCertificates ?? [])].map((c) => c.raw))),
    contentTypeAttr: attribute(CONTENT_TYPE, 0x06, oidDer(o.contentType).subarray(2)),
    eContentType: oidDer(o.contentType),
    digestAlgorithms: flatten(derNode(0x31, hashAlg)),
  };
  if (cacheable) {
    if (!byAlgorithm) {
      byAlgorithm = new WeakMap();
      CONSTANTS.set(o.certificate, byAlgorithm);
    }
    if (!known) {
      known = [];
      byAlgorithm.set(algorithm, known);
    }
    if (known.length < 16) known.push(constants);
  }
  return constants;
}

/**
 * RFC 5652 §5.1-§5.3 ContentInfo { id-signedData, [0] SignedData } written in one pass: every length is known
 * from the parts, so the document (an EF.SOD for each card of a run) is one allocation and one copy of each part.
 */
function writeSignedData(
  c: SignerConstants,
  content: Uint8Array,
  toBeSigned: Uint8Array,
  signature: Uint8Array,
  wrapTag: number | undefined,
): Uint8Array {
  // The signed attributes appear as [0] IMPLICIT in the SignerInfo: the same content under another tag.
  const lengthByte = toBeSigned[1] as number;
  const attrsContent = toBeSigned.subarray(lengthByte < 0x80 ? 2 : 2 + (lengthByte & 0x7f));
  const signerInfo =
    c.version.length +
    c.sid.length +
    c.hashAlg.length +
    tlvSize(0xa0, attrsContent.length) +
    c.signatureAlg.length +
    tlvSize(0x04, signature.length);
  const signerInfos = tlvSize(0x30, signerInfo);
  const encap = c.eContentType.length + tlvSize(0xa0, tlvSize(0x04, content.length));
  const signedData =
    VERSION_3.length +
    c.digestAlgorithms.length +
    tlvSize(0x30, encap) +
    c.certificates.length +
    tlvSize(0x31, signerInfos);
  const contentInfo = SIGNED_DATA_OID.length + tlvSize(0xa0, tlvSize(0x30, signedData));
  const total = tlvSize(0x30, contentInfo);
  const out = allocPublic(wrapTag === undefined ? total : tlvSize(wrapTag, total));
  let at = wrapTag === undefined ? 0 : writeHeader(out, 0, wrapTag, total);
  at = writeHeader(out, at, 0x30, contentInfo);
  at = writeBytes(out, at, SIGNED_DATA_OID);
  at = writeHeader(out, at, 0xa0, tlvSize(0x30, signedData));
  at = writeHeader(out, at, 0x30, signedData);
  at = writeBytes(out, at, VERSION_3); // RFC 5652 §5.1: version 3 because eContentType is not id-data
  at = writeBytes(out, at, c.digestAlgorithms);
  at = writeHeader(out, at, 0x30, encap);
  at = writeBytes(out, at, c.eContentType);
  at = writeHeader(out, at, 0xa0, tlvSize(0x04, content.length));
  at = writeHeader(out, at, 0x04, content.length);
  at = writeBytes(out, at, content);
  at = writeBytes(out, at, c.certificates);
  at = writeHeader(out, at, 0x31, signerInfos);
  at = writeHeader(out, at, 0x30, signerInfo);
  at = writeBytes(out, at, c.version);
  at = writeBytes(out, at, c.sid);
  at = writeBytes(out, at, c.hashAlg);
  at = writeHeader(out, at, 0xa0, attrsContent.length);
  at = writeBytes(out, at, attrsContent);
  at = writeBytes(out, at, c.signatureAlg);
  at = writeHeader(out, at, 0x04, signature.length);
  writeBytes(out, at, signature);
  return out;
}

/** A SignedData waiting for its signature: what stays per signer, the content and the signed attributes. */
export interface UnsignedData {
  readonly constants: SignerConstants;
  readonly content: Uint8Array;
  /** DER of the signed attributes with the SET tag: the message to sign. */
  readonly toBeSigned: Uint8Array;
}

/**
 * Everything of a SignedData but the signature; `algorithm` is the signature algorithm used. An object without
 * closures: a signing line goes through it once per card.
 */
export function unsignedData(o: SignedDataOptions, algorithm: SignatureAlgorithm): UnsignedData {
  const h = o.hash ?? algorithm.hash;
  if (!h) throw new CccdError('INVALID_ARGUMENT', 'hash: required when the signature algorithm has none');
  const c = signerConstants(o, algorithm, h);
  const digestAttr = attribute(MESSAGE_DIGEST, 0x04, digest(h, o.content));
  let attrs = [c.contentTypeAttr, digestAttr];
  if (o.signingTime) {
    const time = encodeTime(o.signingTime);
    attrs = [c.contentTypeAttr, digestAttr, attribute(SIGNING_TIME, time[0] as number, time.subarray(2))];
  }
  // RFC 5652 §5.4 / X.690 §11.6: DER SET OF, elements in ascending order of their encodings. Two or three
  // elements: sorted in place by insertion (Array.prototype.sort allocated more than the attributes themselves).
  for (let i = 1; i < attrs.length; i++) {
    const e = attrs[i] as Uint8Array;
    let j = i;
    for (; j > 0 && compareDer(attrs[j - 1] as Uint8Array, e) > 0; j--) attrs[j] = attrs[j - 1] as Uint8Array;
    attrs[j] = e;
  }
  return { constants: c, content: o.content, toBeSigned: setOf(attrs) };
}

/** The ContentInfo DER of `u` with `signature`; with `wrapTag`, inside one more TLV of that tag (EF.SOD's 77). */
export function completeSignedData(u: UnsignedData, signature: Uint8Array, wrapTag?: number): Uint8Array {
  return writeSignedData(u.constants, u.content, u.toBeSigned, signature, wrapTag);
}

/** Builds everything but the signature (for external signing); `algorithm` is the signature algorithm used. */
export function prepareSignedData(o: SignedDataOptions, algorithm: SignatureAlgorithm): PreparedSignedData {
  const u = unsignedData(o, algorithm);
  return { toBeSigned: u.toBeSigned, complete: (signature, wrapTag) => completeSignedData(u, signature, wrapTag) };
}

/** Signs `content` as CMS SignedData with `signer` and returns the ContentInfo DER. */
export async function signSignedData(o: SignedDataOptions, signer: Signer): Promise<Uint8Array> {
  const u = unsignedData(o, signer.algorithm);
  return completeSignedData(u, await signer.sign(u.toBeSigned));
}
