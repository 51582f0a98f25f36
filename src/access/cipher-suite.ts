// ICAO 9303-11 §9.7 and §9.8: the symmetric suites that PACE, BAC and Chip Authentication end in (3DES with the
// retail MAC, which ICAO still requires; AES-128/192/256 with CMAC truncated to 8 bytes).
import { encrypt } from '../crypto/cipher.js';
import type { SymmetricCipher } from '../crypto/kdf.js';
import { cmac, retailMacWithPadding } from '../crypto/mac.js';
import { CccdError } from '../errors.js';
import type { BlockCipherName } from './pace-algorithms.js';

export type { SymmetricCipher } from '../crypto/kdf.js';

/** One row of the suites table: the block cipher, its block length and the 8-byte MAC of §9.8.3 / §4.4.3.4. */
export interface CipherSuite {
  readonly name: SymmetricCipher;
  readonly cipher: BlockCipherName;
  readonly blockLength: 8 | 16;
  /** Session key length in bytes (two-key 3DES: 16). */
  readonly keyLength: number;
  /** The MAC over unpadded data: retail MAC after padding method 2 (3DES) or CMAC truncated to 8 bytes (AES). */
  mac(key: Uint8Array, data: Uint8Array): Uint8Array;
}

const aesMac = (key: Uint8Array, data: Uint8Array) => cmac(key, data).slice(0, 8);

/** The four suites of ICAO 9303-11 Tables 2, 3, 5 and 6. */
export const CIPHER_SUITES: Readonly<Record<SymmetricCipher, CipherSuite>> = {
  '3DES': { name: '3DES', cipher: '3DES', blockLength: 8, keyLength: 16, mac: retailMacWithPadding },
  'AES-128': { name: 'AES-128', cipher: 'AES', blockLength: 16, keyLength: 16, mac: aesMac },
  'AES-192': { name: 'AES-192', cipher: 'AES', blockLength: 16, keyLength: 24, mac: aesMac },
  'AES-256': { name: 'AES-256', cipher: 'AES', blockLength: 16, keyLength: 32, mac: aesMac },
};

/** The suite of a protocol OID's cipher and key length (112 means two-key 3DES). */
export function cipherSuite(cipher: BlockCipherName, keyLength: number): CipherSuite {
  const name = cipher === '3DES' ? '3DES' : (`AES-${keyLength}` as SymmetricCipher);
  const suite = CIPHER_SUITES[name];
  if (!suite || suite.cipher !== cipher)
    throw new CccdError('CRYPTO_UNSUPPORTED', `no suite for ${cipher}-${keyLength}`);
  return suite;
}

/** CBC encryption with a zero IV (ICAO 9303-11 §4.4.3.3 nonce encryption, §4.4.3.3.2 R_p). */
export function encryptZeroIv(suite: CipherSuite, key: Uint8Array, data: Uint8Array): Uint8Array {
  return encrypt(suite.cipher, key, data);
}

/**
 * Session keys as PACE, BAC and Chip Authentication hand them to secure messaging (ICAO 9303-11 §9.8):
 * the suite, KSenc, KSmac and the initial send sequence counter. Never logged.
 */
export interface SessionKeys {
  readonly suite: SymmetricCipher;
  readonly ksEnc: Uint8Array;
  readonly ksMac: Uint8Array;
  /** 8 bytes (3DES) or 16 bytes (AES); zero after PACE and CA, derived from the nonces after BAC. */
  readonly ssc: Uint8Array;
}
