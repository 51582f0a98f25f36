// ICAO 9303-11 §9.7 (KDF) and §4.4.3.4 (authentication token): the symmetric suite a session runs on, over the
// shared primitives in src/crypto (3DES is still required by ICAO for BAC and 3DES secure messaging).
import { type BlockCipherName, encrypt } from '../../crypto/cipher.js';
import { kdf } from '../../crypto/kdf.js';
import { cmac, retailMacWithPadding } from '../../crypto/mac.js';
import type { SymmetricCipher } from './algorithms.js';

interface SuiteInfo {
  /** The block cipher of src/crypto/cipher.ts. */
  readonly block: BlockCipherName;
  readonly blockLength: number;
  /** Key length k in bytes (3DES counts as 128 bits: ICAO 9303-11 §4.4.3.3.2 note). */
  readonly keyLength: number;
}

/** The suites by name; every size below derives from this table. */
export const SUITES: Readonly<Record<SymmetricCipher, SuiteInfo>> = {
  '3DES': { block: '3DES', blockLength: 8, keyLength: 16 },
  'AES-128': { block: 'AES', blockLength: 16, keyLength: 16 },
  'AES-192': { block: 'AES', blockLength: 16, keyLength: 24 },
  'AES-256': { block: 'AES', blockLength: 16, keyLength: 32 },
};

/** KDF(K, c) of §9.7.1 for the suite: c = 1 for KSenc, 2 for KSmac, 3 for Kπ. */
export function deriveKey(cipher: SymmetricCipher, secret: Uint8Array, counter: 1 | 2 | 3): Uint8Array {
  return kdf(secret, counter, cipher);
}

/** E(K, data) in CBC mode with the given IV (all zero by default), no padding: nonce, PRF blocks, CAM data. */
export function encryptBlocks(cipher: SymmetricCipher, key: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array {
  return encrypt(SUITES[cipher].block, key, data, iv ? { iv } : {});
}

/** The 8-byte MAC of §4.4.3.4: retail MAC with padding method 2 (3DES) or CMAC truncated to 8 bytes (AES). */
export function tokenMac(cipher: SymmetricCipher, key: Uint8Array, data: Uint8Array): Uint8Array {
  return cipher === '3DES' ? retailMacWithPadding(key, data) : cmac(key, data).subarray(0, 8);
}
