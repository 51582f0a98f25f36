// ICAO 9303-12 §8 CSCA master lists: CscaMasterList { version v0, certList SET OF Certificate } signed as
// CMS SignedData (eContentType id-icao-cscaMasterList 2.23.136.1.1.2) by a master list signer.
import { decodeSmallInt, encodeInteger, encodeSequence, encodeSetOf } from '../asn1/der.js';
import { oid } from '../asn1/oids.js';
import type { HashAlgorithm } from '../crypto/hash.js';
import { CccdError, type ErrorCode } from '../errors.js';
import type { Tlv } from '../tlv/index.js';
import { type Certificate, decodeCertificate } from './certificate.js';
import { parseSignedData, type SignedData, signSignedData } from './cms.js';
import { decodeDer, invalid, items, malformed, need } from './der-read.js';
import type { Signer } from './signer.js';

/** An object inside a collection (a master list, an LDIF export) that could not be decoded, and why. */
export interface SkippedObject {
  readonly path: string;
  readonly code: ErrorCode;
  readonly reason: string;
}

export interface MasterList {
  readonly signedData: SignedData;
  /** The CSCA (and link) certificates of the list, as received. */
  readonly certificates: readonly Certificate[];
  /**
   * Certificates of the list that could not be decoded (malformed, or a key algorithm no ICAO 9303-12 profile
   * uses). A national list holds hundreds of CSCAs: one certificate another country encoded badly must not cost
   * a verifier every other one, so it is skipped and named here rather than failing the list.
   */
  readonly skipped: readonly SkippedObject[];
}

/** Decodes a master list file (ContentInfo DER; BER accepted). */
export function parseMasterList(bytes: Uint8Array, path = 'MasterList'): MasterList {
  const signedData = parseSignedData(bytes, path);
  if (signedData.contentType !== oid('id-icao-cscaMasterList')) {
    invalid('eContentType is not id-icao-cscaMasterList', `${path}/encapContentInfo/eContentType`);
  }
  const p = `${path}/CscaMasterList`;
  const root = need(decodeDer(signedData.content, p, true), 0x30, p);
  const [version, list] = items(root, p, 2, 2) as [Tlv, Tlv];
  if (decodeSmallInt(need(version, 0x02, `${p}/version`), 'PKI_MALFORMED') !== 0) {
    malformed('CscaMasterList version must be 0', `${p}/version`, version);
  }
  const certificates: Certificate[] = [];
  const skipped: SkippedObject[] = [];
  for (const [i, c] of need(list, 0x31, `${p}/certList`).children.entries()) {
    const at = `${p}/certList[${i}]`;
    try {
      certificates.push(decodeCertificate(c, at));
    } catch (e) {
      if (!(e instanceof CccdError)) throw e;
      skipped.push({ path: e.path ?? at, code: e.code, reason: e.detail });
    }
  }
  return { signedData, certificates, skipped };
}

/** Options of signMasterList. */
export interface SignMasterListOptions {
  certificates: readonly Certificate[];
  signer: Signer;
  /** The master list signer certificate (9303-12 §7.1.1: extKeyUsage id-icao-cscaMasterListSigningKey). */
  signerCertificate: Certificate;
  /** The CSCA that issued the signer certificate, embedded so that verifiers can build the chain. */
  issuerCertificate?: Certificate;
  hash?: HashAlgorithm;
  signingTime?: Date;
}

/** Builds and signs a master list; returns the ContentInfo DER (the `.ml` file). */
export async function signMasterList(o: SignMasterListOptions): Promise<Uint8Array> {
  const content = encodeSequence(encodeInteger(0), encodeSetOf(...o.certificates.map((c) => c.raw)));
  return signSignedData(
    {
      contentType: oid('id-icao-cscaMasterList'),
      content,
      certificate: o.signerCertificate,
      ...(o.issuerCertificate ? { extraCertificates: [o.issuerCertificate] } : {}),
      ...(o.hash ? { hash: o.hash } : {}),
      ...(o.signingTime ? { signingTime: o.signingTime } : {}),
    },
    o.signer,
  );
}
