// Signature checks of RFC 5280 §6.1.3 (certificates, CRLs) and RFC 5652 §5.6 (SignerInfo: content type and
// message digest attributes, then the signature over the signed attributes as received).
import { equalBytes } from '../bytes.js';
import { hash } from '../crypto/hash.js';
import { CccdError } from '../errors.js';
import type { SignatureAlgorithm } from './algorithms.js';
import type { Certificate } from './certificate.js';
import type { SignedData, SignerInfo } from './cms.js';
import type { Crl } from './crl.js';
import { nodeVerify } from './node-signature.js';
import type { PublicKeyInfo } from './public-key.js';

/** True when `signature` verifies over `message` under `key`; false for a wrong signature or key type. */
export function verifySignature(
  key: PublicKeyInfo,
  algorithm: SignatureAlgorithm,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  return nodeVerify(key, algorithm, message, signature);
}

/** The certificate's signature over its TBSCertificate bytes as received. Unsupported algorithms count as not verified. */
export function verifyCertificateSignature(cert: Certificate, issuerKey: PublicKeyInfo): boolean {
  try {
    return verifySignature(issuerKey, cert.signatureAlgorithm, cert.tbs, cert.signature);
  } catch (e) {
    if (e instanceof CccdError && e.code === 'CRYPTO_UNSUPPORTED') return false;
    throw e;
  }
}

export function verifyCrlSignature(crl: Crl, issuerKey: PublicKeyInfo): boolean {
  try {
    return verifySignature(issuerKey, crl.signatureAlgorithm, crl.tbs, crl.signature);
  } catch (e) {
    if (e instanceof CccdError && e.code === 'CRYPTO_UNSUPPORTED') return false;
    throw e;
  }
}

/** Outcome of a SignerInfo check, with the first reason it failed. */
export interface SignerInfoCheck {
  readonly valid: boolean;
  readonly reason: string;
}

/**
 * RFC 5652 §5.4 and §11: signed attributes must be present (ICAO 9303-10 §4.6.2.1), their content type equal to
 * eContentType and their message digest equal to the digest of eContent; then the signature over the attributes.
 */
export function verifySignerInfo(sd: SignedData, si: SignerInfo, cert: Certificate): SignerInfoCheck {
  if (!si.signedAttrsDer) return { valid: false, reason: `${si.path}: no signed attributes` };
  if (si.contentTypeAttr !== sd.contentType) {
    return { valid: false, reason: `${si.path}/signedAttrs: content type attribute differs from eContentType` };
  }
  if (!si.messageDigest) return { valid: false, reason: `${si.path}/signedAttrs: no message digest attribute` };
  if (!equalBytes(hash(si.digestAlgorithm, sd.content), si.messageDigest)) {
    return { valid: false, reason: `${si.path}/signedAttrs: message digest differs from the digest of eContent` };
  }
  try {
    return verifySignature(cert.publicKey, si.signatureAlgorithm, si.signedAttrsDer, si.signature)
      ? {
          valid: true,
          reason: `signature verifies under the DS key (${si.signatureAlgorithm.kind}, ${si.signatureAlgorithm.hash})`,
        }
      : { valid: false, reason: `${si.path}/signature: does not verify under the signer certificate's key` };
  } catch (e) {
    if (e instanceof CccdError && e.code === 'CRYPTO_UNSUPPORTED')
      return { valid: false, reason: `${si.path}: ${e.message}` };
    throw e;
  }
}
