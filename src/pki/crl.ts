// RFC 5280 §5 certificate revocation lists with the ICAO 9303-12 §7.1.4 profile (v2, nextUpdate present,
// authority key identifier and CRL number extensions): decoding keeps the TBSCertList bytes as received.

import { decodeSmallInt, encodeBitString, encodeInteger, encodeSequence } from '../asn1/der.js';
import { toHex } from '../bytes.js';
import { CccdError } from '../errors.js';
import { encodeTlv, type Tlv } from '../tlv/index.js';
import { decodeSignatureAlgorithm, encodeSignatureAlgorithm, type SignatureAlgorithm } from './algorithms.js';
import type { Certificate } from './certificate.js';
import { decodeDer, items, malformed, need } from './der-read.js';
import { decodeExtensions, type ExtensionValues, encodeExtension } from './extensions.js';
import { decodeName, type Name } from './name.js';
import type { Signer } from './signer.js';
import { decodeTime, encodeTime } from './time.js';

export interface RevokedCertificate {
  /** INTEGER content bytes of the serial number as received. */
  readonly serialNumber: Uint8Array;
  readonly revocationDate: Date;
}

/** A decoded CRL; `tbs` is the signed TBSCertList as received. */
export interface Crl {
  readonly raw: Uint8Array;
  readonly tbs: Uint8Array;
  readonly version: number;
  readonly signatureAlgorithm: SignatureAlgorithm;
  readonly issuer: Name;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date | undefined;
  readonly revoked: readonly RevokedCertificate[];
  readonly extensions: Partial<ExtensionValues>;
  readonly unknownCriticalExtensions: readonly string[];
  readonly signature: Uint8Array;
}

/** Decodes a CertificateList node. */
export function decodeCrl(node: Tlv, path = 'CRL'): Crl {
  const [tbs, sigAlg, sig] = items(need(node, 0x30, path), path, 3, 3) as [Tlv, Tlv, Tlv];
  const tp = `${path}/tbsCertList`;
  const fields = [...items(need(tbs, 0x30, tp), tp, 3, 7)];
  let version = 1;
  if (fields[0]?.tag === 0x02) version = decodeSmallInt(fields.shift() as Tlv, 'PKI_MALFORMED') + 1;
  const [, issuer, thisUpdate, ...rest] = fields as [Tlv, Tlv, Tlv, ...Tlv[]];
  let nextUpdate: Date | undefined;
  if (rest[0] && (rest[0].tag === 0x17 || rest[0].tag === 0x18))
    nextUpdate = decodeTime(rest.shift() as Tlv, `${tp}/nextUpdate`);
  const revoked: RevokedCertificate[] = [];
  if (rest[0]?.tag === 0x30) {
    (rest.shift() as Tlv).children.forEach((entry, i) => {
      const ep = `${tp}/revokedCertificates[${i}]`;
      const [serial, date] = items(need(entry, 0x30, ep), ep, 2, 3) as [Tlv, Tlv];
      revoked.push({
        serialNumber: need(serial, 0x02, `${ep}/userCertificate`).value,
        revocationDate: decodeTime(date, `${ep}/revocationDate`),
      });
    });
  }
  const extNode = rest.find((r) => r.tag === 0xa0);
  const ext = extNode
    ? decodeExtensions(need(extNode.children[0], 0x30, `${tp}/crlExtensions`, extNode), `${tp}/crlExtensions`)
    : { values: {}, unknownCritical: [] };
  const sigBits = need(sig, 0x03, `${path}/signatureValue`);
  if (sigBits.value[0] !== 0) malformed('signature BIT STRING with unused bits', `${path}/signatureValue`, sig);
  return {
    raw: node.raw,
    tbs: tbs.raw,
    version,
    signatureAlgorithm: decodeSignatureAlgorithm(sigAlg, `${path}/signatureAlgorithm`),
    issuer: decodeName(need(issuer, 0x30, `${tp}/issuer`), `${tp}/issuer`),
    thisUpdate: decodeTime(thisUpdate, `${tp}/thisUpdate`),
    nextUpdate,
    revoked,
    extensions: ext.values,
    unknownCriticalExtensions: ext.unknownCritical,
    signature: sigBits.value.subarray(1),
  };
}

export function parseCrl(der: Uint8Array, path = 'CRL'): Crl {
  return decodeCrl(decodeDer(der, path, true), path);
}

/** True when the CRL lists the certificate's serial number. */
export function isRevoked(crl: Crl, cert: Pick<Certificate, 'serialNumber'>): boolean {
  let serials = REVOKED_SERIALS.get(crl);
  if (!serials) {
    serials = new Set(crl.revoked.map((r) => toHex(r.serialNumber)));
    REVOKED_SERIALS.set(crl, serials);
  }
  return serials.has(toHex(cert.serialNumber));
}

// A verifier asks the same CRL about every document it checks, and a CSCA's CRL can list thousands of serials:
// each decoded (immutable) CRL gets an index of them on first use, so a check costs one lookup, not a scan.
const REVOKED_SERIALS = new WeakMap<Crl, ReadonlySet<string>>();

/** What a CSCA states in a CRL (ICAO 9303-12 §7.1.4). */
export interface CrlTemplate {
  /** The CSCA certificate whose key signs the CRL: its subject is the CRL issuer, its key id the AKI. */
  issuer: Certificate;
  thisUpdate: Date;
  nextUpdate: Date;
  crlNumber: bigint;
  revoked?: { serialNumber: bigint; revocationDate: Date }[];
}

/** Issues a v2 CRL signed by `signer` (the CSCA key). */
export async function issueCrl(t: CrlTemplate, signer: Signer): Promise<Crl> {
  const keyId = t.issuer.extensions.subjectKeyIdentifier;
  if (!keyId) throw new CccdError('INVALID_ARGUMENT', 'issuer: CSCA certificate has no subjectKeyIdentifier');
  const entries = (t.revoked ?? []).map((r) =>
    encodeSequence(encodeInteger(r.serialNumber), encodeTime(r.revocationDate)),
  );
  const tbs = encodeSequence(
    encodeInteger(1),
    encodeSignatureAlgorithm(signer.algorithm),
    t.issuer.subject.raw,
    encodeTime(t.thisUpdate),
    encodeTime(t.nextUpdate),
    ...(entries.length ? [encodeSequence(...entries)] : []),
    encodeTlv(
      0xa0,
      encodeSequence(
        encodeExtension('authorityKeyIdentifier', keyId, false),
        encodeExtension('cRLNumber', t.crlNumber, false),
      ),
    ),
  );
  const signature = await signer.sign(tbs);
  return parseCrl(encodeSequence(tbs, encodeSignatureAlgorithm(signer.algorithm), encodeBitString(signature)));
}
