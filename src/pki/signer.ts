// One signer interface for every ICAO 9303-12 signature (certificates, CRLs, EF.SOD, EF.CardSecurity, master
// lists): software keys, PKCS#11 tokens and external signing services all plug in here.
import { ecdsaPlainToDer } from '../crypto/ecdsa.js';
import { CccdError } from '../errors.js';
import type { SignatureAlgorithm } from './algorithms.js';

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
      if (options.algorithm.kind === 'ecdsa' && sig[0] !== 0x30) return ecdsaPlainToDer(sig);
      return sig;
    },
  };
}
