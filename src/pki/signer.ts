// One signer interface for every ICAO 9303-12 signature (certificates, CRLs, EF.SOD, EF.CardSecurity, master
// lists): software keys, PKCS#11 tokens and external signing services all plug in here.

import { encodeSequence, encodeUnsignedInteger } from '../asn1/der.js';
import { concatBytes } from '../bytes.js';
import { CccdError } from '../errors.js';
import type { SignatureAlgorithm } from './algorithms.js';
import { decodeDer, items, need } from './der-read.js';

/**
 * Produces signatures for one key.
 *
 * @example
 * const signer = await softwareSigner({ privateKey: pem, algorithm: 'ecdsa-sha256' });
 * const sig = await signer.sign(tbsBytes); // DER Ecdsa-Sig-Value, ready for a certificate or SignerInfo
 */
export interface Signer {
  /** The signature algorithm written in AlgorithmIdentifiers. */
  readonly algorithm: SignatureAlgorithm;
  /** SubjectPublicKeyInfo DER of the signing key (what a certificate for this signer must certify). */
  readonly publicKey: Uint8Array;
  /** Where the key lives, for reports (never a secret): `software`, `pkcs11:TOKEN/KEY`, `external`. */
  readonly description: string;
  /**
   * Signs `message` (the signer hashes it with algorithm.hash) and returns the signature as X.509 and CMS
   * carry it: a DER Ecdsa-Sig-Value for ECDSA, r||s for ecdsa-plain, the signature block for RSA.
   */
  sign(message: Uint8Array): Promise<Uint8Array>;
}

/** What an external signing service receives: the bytes to sign and their digest. */
export interface SignRequest {
  readonly message: Uint8Array;
  readonly digest: Uint8Array;
  readonly algorithm: SignatureAlgorithm;
}

/**
 * A signer whose signatures come from elsewhere (an HSM service, a remote bureau system): `sign` hands out
 * the to-be-signed bytes and their digest and accepts the signature back. ECDSA signatures may be given as
 * DER or as r||s; they are normalised to the form the algorithm needs.
 */
export function externalSigner(options: {
  algorithm: SignatureAlgorithm;
  publicKey: Uint8Array;
  digest: (message: Uint8Array) => Uint8Array;
  sign: (request: SignRequest) => Promise<Uint8Array>;
}): Signer {
  return {
    algorithm: options.algorithm,
    publicKey: options.publicKey,
    description: 'external',
    async sign(message) {
      const sig = await options.sign({ message, digest: options.digest(message), algorithm: options.algorithm });
      if (!(sig instanceof Uint8Array) || sig.length === 0) {
        throw new CccdError('SIGNER_FAILED', 'external signer returned no signature');
      }
      if (options.algorithm.kind === 'ecdsa' && sig[0] !== 0x30) return ecdsaRawToDer(sig);
      return sig;
    },
  };
}

/** BSI TR-03111 §5.2.1 r||s to the X9.62 DER Ecdsa-Sig-Value certificates and CMS use (RFC 5753 §7.2). */
export function ecdsaRawToDer(rs: Uint8Array): Uint8Array {
  if (rs.length === 0 || rs.length % 2 !== 0) {
    throw new CccdError('SIGNER_FAILED', `ECDSA signature r||s of odd length ${rs.length}`);
  }
  const half = rs.length / 2;
  return encodeSequence(encodeUnsignedInteger(rs.subarray(0, half)), encodeUnsignedInteger(rs.subarray(half)));
}

/** X9.62 DER Ecdsa-Sig-Value to r||s with each half `size` bytes (the field size of the curve). */
export function ecdsaDerToRaw(der: Uint8Array, size: number, path = 'signature'): Uint8Array {
  const [r, s] = items(need(decodeDer(der, path), 0x30, path), path, 2, 2);
  const fit = (v: Uint8Array, p: string) => {
    let start = 0;
    while (start < v.length - 1 && v[start] === 0) start++;
    const m = v.subarray(start);
    if (m.length > size) throw new CccdError('PKI_MALFORMED', `ECDSA ${p} longer than the curve`, { path });
    const out = new Uint8Array(size);
    out.set(m, size - m.length);
    return out;
  };
  return concatBytes(fit(need(r, 0x02, `${path}/r`).value, 'r'), fit(need(s, 0x02, `${path}/s`).value, 's'));
}
