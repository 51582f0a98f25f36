// ICAO 9303-11 §9.2.3 / BSI TR-03110 Part 3 §A.1.2.3 EF.CardSecurity: SecurityInfos signed as RFC 5652
// SignedData with eContentType id-SecurityObject (0.4.0.127.0.7.3.2.1), no application tag around it.

import { encodeSetOf } from '../asn1/der.js';
import { oid } from '../asn1/oids.js';
import { toHex } from '../bytes.js';
import type { HashAlgorithm } from '../crypto/hash.js';
import { CccdError } from '../errors.js';
import type { Certificate } from '../pki/certificate.js';
import { parseSignedData, type SignedData, signSignedData } from '../pki/cms.js';
import { decodeDer, need } from '../pki/der-read.js';
import type { Signer } from '../pki/signer.js';
import type { Tlv } from '../tlv/index.js';

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
  const signedData = parseSignedData(bytes, 'EF.CardSecurity');
  if (signedData.contentType !== oid('id-SecurityObject')) {
    throw new CccdError('PKI_INVALID', 'eContentType is not id-SecurityObject', {
      path: 'EF.CardSecurity/encapContentInfo/eContentType',
    });
  }
  need(decodeDer(signedData.content, 'EF.CardSecurity/securityInfos', true), 0x31, 'EF.CardSecurity/securityInfos');
  return { signedData, securityInfos: signedData.content };
}

/**
 * ICAO 9303-11 §9.2.3: EF.CardSecurity repeats the SecurityInfos of EF.CardAccess and adds those of DG14 (Chip
 * Authentication); this builds that SET from the two files as written to the chip (DER SET OF, sorted).
 */
export function cardSecurityInfos(cardAccess: Uint8Array | undefined, dg14: Uint8Array | undefined): Uint8Array {
  const infos: Uint8Array[] = [];
  const seen = new Set<string>();
  const add = (set: Tlv | undefined, path: string) => {
    for (const info of need(set, 0x31, path).children) {
      const key = toHex(info.raw);
      if (!seen.has(key)) infos.push(info.raw);
      seen.add(key);
    }
  };
  if (cardAccess) add(decodeDer(cardAccess, 'EF.CardAccess'), 'EF.CardAccess');
  if (dg14) add(need(decodeDer(dg14, 'DG14'), 0x6e, 'DG14').children[0], 'DG14/securityInfos');
  if (infos.length === 0) throw new CccdError('INVALID_ARGUMENT', 'cardAccess, dg14: no SecurityInfos to sign');
  return encodeSetOf(...infos);
}
