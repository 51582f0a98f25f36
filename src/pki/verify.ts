// Signature checks of RFC 5280 §6.1.3 (certificates, CRLs) and RFC 5652 §5.6 (SignerInfo: content type and
// message digest attributes, then the signature over the signed attributes as received).
import { ecdsaVerify } from '../crypto/ecdsa.js';
import { hashMatches } from '../crypto/hash.js';
import { decodeSpki, type PublicKey } from '../crypto/keys.js';
import { rsaVerify } from '../crypto/rsa.js';
import { CccdError } from '../errors.js';
import type { SignatureAlgorithm } from './algorithms.js';
import type { Certificate } from './certificate.js';
import type { SignedData, SignerInfo } from './cms.js';
import type { Crl } from './crl.js';
import { DecodedCache } from './decoded-cache.js';
import type { PublicKeyInfo } from './public-key.js';

// Decoding a key (and node:crypto building its KeyObject, cached per decoded key) costs more than a verification,
// and a verifier meets the same DS and CSCA keys again and again: decoded keys are kept per SPKI bytes, and per
// PublicKeyInfo object for the certificates that certificate.ts keeps decoded.
const KEYS = new DecodedCache<PublicKey>(512);
const KEY_OF = new WeakMap<PublicKeyInfo, PublicKey>();

function cryptoKey(key: PublicKeyInfo): PublicKey {
  let k = KEY_OF.get(key);
  if (!k) {
    k = KEYS.get(key.spki);
    if (!k) {
      k = decodeSpki(key.spki);
      KEYS.set(key.spki, k);
    }
    KEY_OF.set(key, k);
  }
  return k;
}

/**
 * True when `signature` verifies over `message` under `key`; false for a wrong signature or a key of the other
 * type; CRYPTO_UNSUPPORTED when the algorithm cannot be checked (e.g. PSS with a different MGF1 hash).
 */
export function verifySignature(
  key: PublicKeyInfo,
  algorithm: SignatureAlgorithm,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  const hash = algorithm.hash;
  if (!hash) throw new CccdError('CRYPTO_UNSUPPORTED', 'signature algorithm without a hash');
  const k = cryptoKey(key);
  if (algorithm.kind === 'ecdsa' || algorithm.kind === 'ecdsa-plain') {
    if (k.kind !== 'ec') return false;
    return ecdsaVerify(k, message, signature, { hash, format: algorithm.kind === 'ecdsa-plain' ? 'plain' : 'der' });
  }
  if (k.kind !== 'rsa') return false;
  if (algorithm.kind === 'rsa-pss' && algorithm.pss && algorithm.pss.mgfHash !== hash) {
    throw new CccdError('CRYPTO_UNSUPPORTED', 'RSASSA-PSS with an MGF1 hash other than the message hash');
  }
  return rsaVerify(k, message, signature, {
    scheme: algorithm.kind === 'rsa-pss' ? 'pss' : 'pkcs1v15',
    hash,
    ...(algorithm.kind === 'rsa-pss' && algorithm.pss ? { saltLength: algorithm.pss.saltLength } : {}),
  });
}

// Certificates and CRLs are immutable once decoded (certificate.ts keeps decoded ones per digest), so the outcome
// of checking one under a given key is kept with the object: a verifier sees the same DS, CSCA and CRL all day.
const OUTCOMES = new WeakMap<Certificate | Crl, WeakMap<PublicKeyInfo, boolean>>();

function signedObject(obj: Certificate | Crl, issuerKey: PublicKeyInfo): boolean {
  let known = OUTCOMES.get(obj);
  const hit = known?.get(issuerKey);
  if (hit !== undefined) return hit;
  let ok: boolean;
  try {
    ok = verifySignature(issuerKey, obj.signatureAlgorithm, obj.tbs, obj.signature);
  } catch (e) {
    if (!(e instanceof CccdError && e.code === 'CRYPTO_UNSUPPORTED')) throw e;
    ok = false;
  }
  if (!known) {
    known = new WeakMap();
    OUTCOMES.set(obj, known);
  }
  known.set(issuerKey, ok);
  return ok;
}

/** The certificate's signature over its TBSCertificate bytes as received. Unsupported algorithms count as not verified. */
export function verifyCertificateSignature(cert: Certificate, issuerKey: PublicKeyInfo): boolean {
  return signedObject(cert, issuerKey);
}

/** The CRL's signature over its TBSCertList bytes as received. */
export function verifyCrlSignature(crl: Crl, issuerKey: PublicKeyInfo): boolean {
  return signedObject(crl, issuerKey);
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
  if (!hashMatches(si.digestAlgorithm, sd.content, si.messageDigest)) {
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
