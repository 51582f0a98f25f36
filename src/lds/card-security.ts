// ICAO 9303-11 §9.2.3 / BSI TR-03110 Part 3 §A.1.2.3 EF.CardSecurity: SecurityInfos signed as RFC 5652
// SignedData with eContentType id-SecurityObject (0.4.0.127.0.7.3.2.1), no application tag around it.
import { oid } from '../asn1/oids.js';
import type { HashAlgorithm } from '../crypto/hash.js';
import { CccdError } from '../errors.js';
import type { Certificate } from '../pki/certificate.js';
import { decodeSignedData, type SignedData, signSignedData } from '../pki/cms.js';
import { decodeDer, need } from '../pki/der-read.js';
import type { Signer } from '../pki/signer.js';

/** Options of signCardSecurity. */
export interface SignCardSecurityOptions {
  /** DER of the SecurityInfos SET (the same encoding EF.CardAccess and DG14 use). */
  securityInfos: Uint8Array;
  signer: Signer;
  certificate: Certificate;
  hash?: HashAlgorithm;
  signingTime?: Date;
}

/** Signs SecurityInfos into an EF.CardSecurity file. */
export async function signCardSecurity(o: SignCardSecurityOptions): Promise<Uint8Array> {
  if (o.securityInfos[0] !== 0x31) {
    throw new CccdError('INVALID_ARGUMENT', 'securityInfos: expected a DER SET (tag 31)');
  }
  return signSignedData(
    {
      contentType: oid('id-SecurityObject'),
      content: o.securityInfos,
      certificate: o.certificate,
      ...(o.hash ? { hash: o.hash } : {}),
      ...(o.signingTime ? { signingTime: o.signingTime } : {}),
    },
    o.signer,
  );
}

/** Decodes EF.CardSecurity; `securityInfos` are the signed SecurityInfos bytes as received. */
export function decodeCardSecurity(bytes: Uint8Array): { signedData: SignedData; securityInfos: Uint8Array } {
  const signedData = decodeSignedData(decodeDer(bytes, 'EF.CardSecurity', true), 'EF.CardSecurity');
  if (signedData.contentType !== oid('id-SecurityObject')) {
    throw new CccdError('PKI_INVALID', 'eContentType is not id-SecurityObject', {
      path: 'EF.CardSecurity/encapContentInfo/eContentType',
    });
  }
  need(decodeDer(signedData.content, 'EF.CardSecurity/securityInfos', true), 0x31, 'EF.CardSecurity/securityInfos');
  return { signedData, securityInfos: signedData.content };
}
