// RSA signatures (RFC 8017 §8.1 RSASSA-PSS, §8.2 RSASSA-PKCS1-v1_5) for document signers and CSCAs (ICAO
// 9303-12 §4.4.2), and the raw operations used by ISO/IEC 9796-2 Active Authentication.
import { CccdError } from '../errors.js';
import type { CryptoBackend, RsaSignatureParams } from './backend.js';
import { assertHashAlgorithm } from './hash.js';
import type { RandomSource } from './random.js';
import type { RsaPrivateKey, RsaPublicKey } from './rsa-core.js';
import { backend as defaultBackend } from './select.js';

export {
  modulusBits,
  modulusLength,
  type RsaPrivateKey,
  type RsaPublicKey,
  rsaPrivateKey,
  rsaPrivateOperation,
  rsaPublicOperation,
} from './rsa-core.js';

export interface RsaSignOptions extends RsaSignatureParams {
  /** PSS salt source; given, signing runs in pure JavaScript so the signature replays exactly. */
  random?: RandomSource;
  backend?: CryptoBackend;
}

function check(key: RsaPublicKey, options: RsaSignOptions): RsaSignatureParams {
  if (key?.kind !== 'rsa') throw new CccdError('INVALID_ARGUMENT', 'key: expected an RSA key');
  if (options.scheme !== 'pkcs1v15' && options.scheme !== 'pss') {
    throw new CccdError('CRYPTO_UNSUPPORTED', `scheme: ${String(options.scheme)}`);
  }
  const hash = assertHashAlgorithm(options.hash, 'hash');
  return { scheme: options.scheme, hash, saltLength: options.saltLength };
}

/**
 * Signs H(message) with RSASSA-PKCS1-v1_5 or RSASSA-PSS (MGF1 with the same hash).
 * @example rsaSign(key, signedAttrs, { scheme: 'pss', hash: 'SHA-256' })
 */
export function rsaSign(key: RsaPrivateKey, message: Uint8Array, options: RsaSignOptions): Uint8Array {
  const params = check(key, options);
  return (options.backend ?? defaultBackend).rsaSign(key, message, params, options.random);
}

/** Verifies an RSA signature; false for any invalid signature. PSS without saltLength accepts any salt length. */
export function rsaVerify(
  key: RsaPublicKey,
  message: Uint8Array,
  signature: Uint8Array,
  options: RsaSignOptions,
): boolean {
  const params = check(key, options);
  return (options.backend ?? defaultBackend).rsaVerify(key, message, signature, params);
}
