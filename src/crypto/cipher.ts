// Block ciphers without padding: 3DES (ICAO 9303-11 §9.7/§9.8, still required for BAC), single DES (ISO/IEC 9797-1
// MAC algorithm 3 only) and AES-128/192/256 (FIPS 197; ICAO 9303-11 §9.8.7), in ECB and CBC modes.
import { CccdError } from '../errors.js';
import type { BlockCipherName, BlockMode, CryptoBackend } from './backend.js';
import type { KeyedCipher } from './keyed-cipher.js';
import { backend as defaultBackend } from './select.js';

export type { BlockCipherName, BlockMode } from './backend.js';
export type { KeyedCipher } from './keyed-cipher.js';

/** Block length and accepted key lengths per cipher. */
export const BLOCK_CIPHERS: Readonly<Record<BlockCipherName, { blockLength: number; keyLengths: readonly number[] }>> =
  {
    DES: { blockLength: 8, keyLengths: [8] },
    '3DES': { blockLength: 8, keyLengths: [16, 24] },
    AES: { blockLength: 16, keyLengths: [16, 24, 32] },
  };

/** Options of every block cipher call. */
export interface CipherOptions {
  /** Chaining mode (default 'CBC'). */
  mode?: BlockMode;
  /** CBC initial vector (default all zero, as ICAO 9303-11 §9.8.6.1 uses for 3DES). */
  iv?: Uint8Array;
  backend?: CryptoBackend;
}

function request(cipher: BlockCipherName, key: Uint8Array, data: Uint8Array, options: CipherOptions) {
  const info = BLOCK_CIPHERS[cipher];
  if (!info) throw new CccdError('CRYPTO_UNSUPPORTED', `cipher: unknown block cipher ${String(cipher)}`);
  if (!(key instanceof Uint8Array) || !info.keyLengths.includes(key.length)) {
    throw new CccdError('INVALID_ARGUMENT', `key: ${cipher} takes ${info.keyLengths.join('/')} bytes`);
  }
  if (!(data instanceof Uint8Array) || data.length % info.blockLength !== 0) {
    throw new CccdError('INVALID_ARGUMENT', `data: not a multiple of the ${info.blockLength}-byte block`);
  }
  const mode = options.mode ?? 'CBC';
  if (mode !== 'CBC' && mode !== 'ECB') throw new CccdError('CRYPTO_UNSUPPORTED', `mode: unknown mode ${mode}`);
  let iv: Uint8Array | undefined;
  if (mode === 'CBC') {
    iv = options.iv ?? new Uint8Array(info.blockLength);
    if (!(iv instanceof Uint8Array) || iv.length !== info.blockLength) {
      throw new CccdError('INVALID_ARGUMENT', `iv: expected ${info.blockLength} bytes`);
    }
  }
  return { cipher, mode, key, iv, data };
}

/**
 * Encrypts whole blocks (no padding; pad with padding.ts first).
 * @example encrypt('3DES', kEnc, s) // ICAO 9303-11 §9.7.4 BAC E_IFD, CBC with a zero IV
 */
export function encrypt(
  cipher: BlockCipherName,
  key: Uint8Array,
  data: Uint8Array,
  options: CipherOptions = {},
): Uint8Array {
  if (data.length === 0) return new Uint8Array(0);
  return (options.backend ?? defaultBackend).encrypt(request(cipher, key, data, options));
}

/** Decrypts whole blocks; the result still carries whatever padding the sender applied. */
export function decrypt(
  cipher: BlockCipherName,
  key: Uint8Array,
  data: Uint8Array,
  options: CipherOptions = {},
): Uint8Array {
  if (data.length === 0) return new Uint8Array(0);
  return (options.backend ?? defaultBackend).decrypt(request(cipher, key, data, options));
}

/**
 * The cipher bound to `key` for repeated use (key schedule computed once on the pure backend).
 * @example const k = keyed('AES', ksEnc); k.encryptCbc(iv, padded)
 */
export function keyed(
  cipher: BlockCipherName,
  key: Uint8Array,
  options: { backend?: CryptoBackend } = {},
): KeyedCipher {
  const info = BLOCK_CIPHERS[cipher];
  if (!info) throw new CccdError('CRYPTO_UNSUPPORTED', `cipher: unknown block cipher ${String(cipher)}`);
  if (!(key instanceof Uint8Array) || !info.keyLengths.includes(key.length)) {
    throw new CccdError('INVALID_ARGUMENT', `key: ${cipher} takes ${info.keyLengths.join('/')} bytes`);
  }
  return (options.backend ?? defaultBackend).keyedCipher(cipher, Uint8Array.prototype.slice.call(key));
}
