// RFC 5280 §4.1 X.509 v3 certificates: decoding that keeps the TBSCertificate bytes as received (they are
// what the issuer signed), and issuing with any Signer.

import { decodeSmallInt, encodeBitString, encodeInteger, encodeSequence } from '../asn1/der.js';
import { bytesToBigInt, toHex } from '../bytes.js';
import { CccdError } from '../errors.js';
import { encodeTlv, type Tlv, type TlvReader } from '../tlv/index.js';
import { decodeSignatureAlgorithm, encodeSignatureAlgorithm, type SignatureAlgorithm } from './algorithms.js';
import { DecodedCache } from './decoded-cache.js';
import { decodeDer, items, malformed, need } from './der-read.js';
import { decodeExtensions, type ExtensionValues, type RawExtension } from './extensions.js';
import { decodeName, encodeName, type Name, type NameSpec } from './name.js';
import { decodePublicKeyInfo, type PublicKeyInfo } from './public-key.js';
import type { Signer } from './signer.js';
import { decodeTime, encodeTime } from './time.js';

/** A decoded certificate. Every `raw`/`tbs` field is a view of the bytes as received. */
export interface Certificate {
  readonly raw: Uint8Array;
  /** The TBSCertificate bytes exactly as received: the signed message. */
  readonly tbs: Uint8Array;
  /** 1, 2 or 3. */
  readonly version: number;
  /** INTEGER content bytes as received (CMS IssuerAndSerialNumber matches on these). */
  readonly serialNumber: Uint8Array;
  readonly signatureAlgorithm: SignatureAlgorithm;
  readonly issuer: Name;
  readonly subject: Name;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly publicKey: PublicKeyInfo;
  /** The subjectPublicKey BIT STRING content (without the unused-bits byte): input of key identifiers. */
  readonly subjectPublicKeyBits: Uint8Array;
  readonly extensions: Partial<ExtensionValues>;
  readonly rawExtensions: readonly RawExtension[];
  /** Critical extensions the toolkit does not understand (RFC 5280 §4.2: such a certificate must be rejected). */
  readonly unknownCriticalExtensions: readonly string[];
  readonly signature: Uint8Array;
}

// A verifier decodes the same DS and CSCA certificates over and over (one per document), so decoded certificates
// are kept per exact bytes. A cached entry is decoded from a private copy, so that later changes to a caller's
// buffer cannot alter it.
const DECODED = new DecodedCache<Certificate>(1024);

/** Decodes a Certificate node; `path` names it in errors (e.g. `EF.SOD/certificates[0]`). */
export function decodeCertificate(node: Tlv, path = 'Certificate'): Certificate {
  const hit = DECODED.get(node.raw);
  if (hit) return hit;
  decodeUncached(node, path);
  const copy = node.raw.slice();
  const cert = decodeUncached(decodeDer(copy, path, true), path);
  DECODED.set(copy, cert);
  return cert;
}

/** decodeCertificate for the object `r` just read (a cache hit is found in place). */
export function certificateAt(r: TlvReader, path: string): Certificate {
  return DECODED.getIn(r.bytes, r.start, r.end) ?? decodeCertificate(r.node(r.start, r.end), path);
}

function decodeUncached(node: Tlv, path: string): Certificate {
  const [tbs, sigAlg, sig] = items(need(node, 0x30, path), path, 3, 3) as [Tlv, Tlv, Tlv];
  const tp = `${path}/tbsCertificate`;
  const fields = [...items(need(tbs, 0x30, tp), tp, 6, 10)];
  let version = 1;
  if (fields[0]?.tag === 0xa0) {
    const v = fields.shift() as Tlv;
    version = decodeSmallInt(need(v.children[0], 0x02, `${tp}/version`, v), 'PKI_MALFORMED') + 1;
  }
  const [serial, innerSig, issuer, validity, subject, spki, ...rest] = fields as Tlv[];
  need(serial, 0x02, `${tp}/serialNumber`, tbs);
  const signatureAlgorithm = decodeSignatureAlgorithm(sigAlg, `${path}/signatureAlgorithm`);
  // RFC 5280 §4.1.1.2: the outer and inner algorithm identifiers must be the same.
  if (toHex(need(innerSig, 0x30, `${tp}/signature`, tbs).raw) !== toHex(sigAlg.raw)) {
    malformed('signature algorithm differs from tbsCertificate.signature', `${tp}/signature`, innerSig);
  }
  const [nb, na] = items(need(validity, 0x30, `${tp}/validity`, tbs), `${tp}/validity`, 2, 2) as [Tlv, Tlv];
  const extNode = rest.find((r) => r.tag === 0xa3);
  const ext = extNode
    ? decodeExtensions(need(extNode.children[0], 0x30, `${tp}/extensions`, extNode), `${tp}/extensions`)
    : { raw: [], values: {}, unknownCritical: [] };
  const spkiNode = need(spki, 0x30, `${tp}/subjectPublicKeyInfo`, tbs);
  const bits = need(spkiNode.children[1], 0x03, `${tp}/subjectPublicKeyInfo/subjectPublicKey`, spkiNode);
  const sigBits = need(sig, 0x03, `${path}/signatureValue`);
  if (sigBits.value[0] !== 0) malformed('signature BIT STRING with unused bits', `${path}/signatureValue`, sig);
  return {
    raw: node.raw,
    tbs: tbs.raw,
    version,
    serialNumber: (serial as Tlv).value,
    signatureAlgorithm,
    issuer: decodeName(need(issuer, 0x30, `${tp}/issuer`, tbs), `${tp}/issuer`),
    subject: decodeName(need(subject, 0x30, `${tp}/subject`, tbs), `${tp}/subject`),
    notBefore: decodeTime(nb, `${tp}/validity/notBefore`),
    notAfter: decodeTime(na, `${tp}/validity/notAfter`),
    publicKey: decodePublicKeyInfo(spkiNode, `${tp}/subjectPublicKeyInfo`),
    subjectPublicKeyBits: bits.value.subarray(1),
    extensions: ext.values,
    rawExtensions: ext.raw,
    unknownCriticalExtensions: ext.unknownCritical,
    signature: sigBits.value.subarray(1),
  };
}

/** Decodes certificate DER (BER length forms accepted: some published DS certificates use them). */
export function parseCertificate(der: Uint8Array, path = 'Certificate'): Certificate {
  return decodeCertificate(decodeDer(der, path, true), path);
}

/** The serial number as a lowercase hex string (for reports and CRL lookups). */
export function serialHex(cert: Pick<Certificate, 'serialNumber'>): string {
  return toHex(cert.serialNumber);
}

/** What a certificate states; the profiles in profiles.ts fill it for CSCA, DS, link and ML signer certificates. */
export interface CertificateTemplate {
  /** Positive serial, at most 20 octets (RFC 5280 §4.1.2.2). */
  serialNumber: bigint;
  /** The issuer's subject: a spec, or the issuer certificate's subject bytes to copy them exactly. */
  issuer: NameSpec | Name;
  subject: NameSpec | Name;
  notBefore: Date;
  notAfter: Date;
  /** SubjectPublicKeyInfo DER of the certified key. */
  publicKey: Uint8Array;
  /** Encoded Extension values (see encodeExtension). */
  extensions: Uint8Array[];
}

function nameBytes(n: NameSpec | Name): Uint8Array {
  return 'raw' in n ? n.raw : encodeName(n);
}

/** Builds the TBSCertificate of a template for a signer's algorithm. */
export function encodeTbsCertificate(t: CertificateTemplate, algorithm: SignatureAlgorithm): Uint8Array {
  if (t.serialNumber <= 0n || t.serialNumber >= 1n << 159n) {
    throw new CccdError('INVALID_ARGUMENT', 'serialNumber: must be positive and fit in 20 octets');
  }
  if (t.notAfter.getTime() <= t.notBefore.getTime()) {
    throw new CccdError('INVALID_ARGUMENT', 'notAfter: must be after notBefore');
  }
  return encodeSequence(
    encodeTlv(0xa0, encodeInteger(2)),
    encodeInteger(t.serialNumber),
    encodeSignatureAlgorithm(algorithm),
    nameBytes(t.issuer),
    encodeSequence(encodeTime(t.notBefore), encodeTime(t.notAfter)),
    nameBytes(t.subject),
    t.publicKey,
    ...(t.extensions.length ? [encodeTlv(0xa3, encodeSequence(...t.extensions))] : []),
  );
}

/** Signs a template with `signer` (the issuer's key) and returns the decoded certificate. */
export async function issueCertificate(template: CertificateTemplate, signer: Signer): Promise<Certificate> {
  const tbs = encodeTbsCertificate(template, signer.algorithm);
  const signature = await signer.sign(tbs);
  const der = encodeSequence(tbs, encodeSignatureAlgorithm(signer.algorithm), encodeBitString(signature));
  return parseCertificate(der);
}

/** The serial as a bigint (for display; matching uses the raw bytes). */
export function serialBigInt(cert: Pick<Certificate, 'serialNumber'>): bigint {
  return bytesToBigInt(cert.serialNumber);
}
