// ICAO 9303-12 §7.1.1 certificate profiles (Table 6): CSCA (self-signed), CSCA link, document signer and
// master list signer certificates, each as a CertificateTemplate the issuer signs with issueCertificate.
import { oid } from '../asn1/oids.js';
import { hash } from '../crypto/hash.js';
import { CccdError } from '../errors.js';
import type { Certificate, CertificateTemplate } from './certificate.js';
import { decodeDer, need } from './der-read.js';
import { encodeExtension } from './extensions.js';
import type { NameSpec } from './name.js';

/** RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING content. */
export function keyIdentifier(spki: Uint8Array): Uint8Array {
  const node = need(decodeDer(spki, 'SubjectPublicKeyInfo'), 0x30, 'SubjectPublicKeyInfo');
  const bits = need(node.children[1], 0x03, 'SubjectPublicKeyInfo/subjectPublicKey', node);
  return hash('SHA-1', bits.value.subarray(1));
}

/** The validity and serial every profile takes. */
export interface ValidityOptions {
  serialNumber: bigint;
  notBefore: Date;
  notAfter: Date;
  /**
   * Private key usage period end (9303-12 §7.1.1: the signing period, shorter than the certificate's
   * validity so that documents signed last stay verifiable). Defaults to notAfter.
   */
  privateKeyUsageEnd?: Date;
  /** CRL distribution point URIs (9303-12 §7.1.1.2). */
  crlDistributionPoints?: string[];
}

function common(o: ValidityOptions, subjectKey: Uint8Array, issuerKeyId: Uint8Array) {
  return [
    encodeExtension('authorityKeyIdentifier', issuerKeyId, false),
    encodeExtension('subjectKeyIdentifier', keyIdentifier(subjectKey), false),
    encodeExtension(
      'privateKeyUsagePeriod',
      { notBefore: o.notBefore, notAfter: o.privateKeyUsageEnd ?? o.notAfter },
      false,
    ),
    ...(o.crlDistributionPoints?.length
      ? [encodeExtension('cRLDistributionPoints', o.crlDistributionPoints, false)]
      : []),
  ];
}

function issuerKeyId(issuer: Certificate): Uint8Array {
  const id = issuer.extensions.subjectKeyIdentifier;
  if (!id) throw new CccdError('INVALID_ARGUMENT', 'issuer: certificate has no subjectKeyIdentifier');
  return id;
}

/** A self-signed CSCA certificate: CA with path length 0, keyCertSign and cRLSign (critical). */
export function cscaTemplate(o: ValidityOptions & { subject: NameSpec; publicKey: Uint8Array }): CertificateTemplate {
  return {
    serialNumber: o.serialNumber,
    issuer: o.subject,
    subject: o.subject,
    notBefore: o.notBefore,
    notAfter: o.notAfter,
    publicKey: o.publicKey,
    extensions: [
      ...common(o, o.publicKey, keyIdentifier(o.publicKey)),
      encodeExtension('keyUsage', ['keyCertSign', 'cRLSign'], true),
      encodeExtension('basicConstraints', { ca: true, pathLength: 0 }, true),
    ],
  };
}

/**
 * A CSCA link certificate (9303-12 §5.5.1): the new CSCA key certified by the old one, same subject form, so
 * that verifiers holding only the old CSCA reach documents signed under the new one.
 */
export function linkTemplate(o: ValidityOptions & { oldCsca: Certificate; newCsca: Certificate }): CertificateTemplate {
  return {
    serialNumber: o.serialNumber,
    issuer: o.oldCsca.subject,
    subject: o.newCsca.subject,
    notBefore: o.notBefore,
    notAfter: o.notAfter,
    publicKey: o.newCsca.publicKey.spki,
    extensions: [
      ...common(o, o.newCsca.publicKey.spki, issuerKeyId(o.oldCsca)),
      encodeExtension('keyUsage', ['keyCertSign', 'cRLSign'], true),
      encodeExtension('basicConstraints', { ca: true, pathLength: 0 }, true),
    ],
  };
}

/** A document signer certificate: digitalSignature (critical) and the document types it may sign. */
export function documentSignerTemplate(
  o: ValidityOptions & { issuer: Certificate; subject: NameSpec; publicKey: Uint8Array; documentTypes: string[] },
): CertificateTemplate {
  if (o.documentTypes.length === 0 || o.documentTypes.some((t) => !/^[A-Z]{1,2}$/.test(t))) {
    throw new CccdError('INVALID_ARGUMENT', 'documentTypes: one or more 1-2 letter document codes (e.g. ID, P)');
  }
  return {
    serialNumber: o.serialNumber,
    issuer: o.issuer.subject,
    subject: o.subject,
    notBefore: o.notBefore,
    notAfter: o.notAfter,
    publicKey: o.publicKey,
    extensions: [
      ...common(o, o.publicKey, issuerKeyId(o.issuer)),
      encodeExtension('keyUsage', ['digitalSignature'], true),
      encodeExtension('documentTypeList', o.documentTypes, false),
    ],
  };
}

/** A master list signer certificate: digitalSignature and extKeyUsage id-icao-cscaMasterListSigningKey. */
export function masterListSignerTemplate(
  o: ValidityOptions & { issuer: Certificate; subject: NameSpec; publicKey: Uint8Array },
): CertificateTemplate {
  return {
    serialNumber: o.serialNumber,
    issuer: o.issuer.subject,
    subject: o.subject,
    notBefore: o.notBefore,
    notAfter: o.notAfter,
    publicKey: o.publicKey,
    extensions: [
      ...common(o, o.publicKey, issuerKeyId(o.issuer)),
      encodeExtension('keyUsage', ['digitalSignature'], true),
      encodeExtension('extKeyUsage', [oid('id-icao-cscaMasterListSigningKey')], true),
    ],
  };
}
