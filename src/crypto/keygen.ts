// Key generation for document signers, CSCAs, Active Authentication and Chip Authentication keys: EC on every
// curve of the table (FIPS 186-5 A.2.1) and RSA 1024-4096 bits (FIPS 186-5 A.1.3).
import { CccdError } from '../errors.js';
import type { CryptoBackend } from './backend.js';
import { type Curve, type CurveName, curveByName, ecKeyPair } from './ec.js';
import { type KeyPair, publicKeyOf } from './keys.js';
import type { RandomSource } from './random.js';
import { generateRsaKeyPure } from './rsa-core.js';
import { backend as defaultBackend } from './select.js';
import { checkRsaKeySpec } from './signatures-pure.js';

export type KeySpec = { kind: 'ec'; curve: Curve | CurveName } | { kind: 'rsa'; bits: number; e?: bigint };

export interface KeygenOptions {
  /** With an injected source, generation is deterministic (RSA then runs in pure JavaScript: slow above 2048). */
  random?: RandomSource;
  backend?: CryptoBackend;
}

/**
 * Generates a key pair.
 * @example generateKeyPair({ kind: 'ec', curve: 'brainpoolP256r1' })
 */
export function generateKeyPair(spec: KeySpec, options: KeygenOptions = {}): KeyPair {
  if (spec?.kind === 'ec') {
    const curve = typeof spec.curve === 'string' ? curveByName(spec.curve) : spec.curve;
    const { privateKey, publicKey } = ecKeyPair(curve, { random: options.random });
    const key = { kind: 'ec' as const, curve, scalar: privateKey, point: publicKey };
    return { privateKey: key, publicKey: publicKeyOf(key) };
  }
  if (spec?.kind === 'rsa') {
    const e = spec.e ?? 65537n;
    checkRsaKeySpec(spec.bits, e);
    const key = options.random
      ? generateRsaKeyPure(spec.bits, e, options.random)
      : (options.backend ?? defaultBackend).generateRsaKey(spec.bits, e);
    return { privateKey: key, publicKey: publicKeyOf(key) };
  }
  throw new CccdError('INVALID_ARGUMENT', 'spec: expected { kind: ec, curve } or { kind: rsa, bits }');
}
