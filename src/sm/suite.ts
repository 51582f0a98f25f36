// ICAO 9303-11 §9.8 secure messaging cipher suites: the one place where 3DES and AES SM differ (§9.8.6 3DES:
// zero IV, retail MAC, 8-byte SSC; §9.8.7 AES: IV = E(KSenc, SSC), CMAC truncated to 8 bytes, 16-byte SSC).
import { concatBytes, copyBytes, numberToBytes } from '../bytes.js';
import type { CryptoBackend } from '../crypto/backend.js';
import { decrypt, encrypt } from '../crypto/cipher.js';
import type { SymmetricCipher } from '../crypto/kdf.js';
import { cmac, cmacSubkeys, retailMac } from '../crypto/mac.js';
import { pad } from '../crypto/padding.js';
import { CccdError } from '../errors.js';

/**
 * Session keys handed to secure messaging by BAC, PACE or Chip Authentication. `cipher` names the suite; the
 * terminal-side protocols call the same field `suite`, and both spellings are accepted.
 */
export type SmSessionKeys = {
  readonly ksEnc: Uint8Array;
  readonly ksMac: Uint8Array;
  /** Initial send sequence counter: 8 bytes (3DES) or 16 bytes (AES). */
  readonly ssc: Uint8Array;
} & ({ readonly cipher: SymmetricCipher } | { readonly suite: SymmetricCipher });

/** The primitives of one SM session; stateless apart from the keys (the SSC is passed in). */
export interface SmSuite {
  readonly name: SymmetricCipher;
  readonly blockLength: 8 | 16;
  /** SSC length in bytes (= block length). */
  readonly sscLength: number;
  /** Encrypts already padded data with the IV of this suite for `ssc`. */
  encrypt(ssc: bigint, padded: Uint8Array): Uint8Array;
  decrypt(ssc: bigint, ciphertext: Uint8Array): Uint8Array;
  /** The 8-byte MAC over pad(SSC || data) (§9.8.6.1 N and §9.8.6.2 K). */
  mac(ssc: bigint, data: Uint8Array): Uint8Array;
  /** The SSC as bytes of `sscLength`. */
  sscBytes(ssc: bigint): Uint8Array;
}

const KEY_LENGTHS: Readonly<Record<SymmetricCipher, number>> = {
  '3DES': 16,
  'AES-128': 16,
  'AES-192': 24,
  'AES-256': 32,
};

/** The suite name of either spelling of SmSessionKeys. */
export function sessionCipher(keys: SmSessionKeys): SymmetricCipher {
  const name = 'cipher' in keys ? keys.cipher : keys.suite;
  if (!Object.hasOwn(KEY_LENGTHS, name)) throw new CccdError('CRYPTO_UNSUPPORTED', `SM suite ${String(name)}`);
  return name;
}

/** Builds the suite of `keys` after checking key and SSC sizes (INVALID_ARGUMENT). Keys are copied. */
export function smSuite(keys: SmSessionKeys, options: { backend?: CryptoBackend } = {}): SmSuite {
  const name = sessionCipher(keys);
  const keyLength = KEY_LENGTHS[name];
  const blockLength = name === '3DES' ? 8 : 16;
  if (!(keys.ksEnc instanceof Uint8Array) || keys.ksEnc.length !== keyLength) {
    throw new CccdError('INVALID_ARGUMENT', `ksEnc: ${name} takes ${keyLength} bytes`);
  }
  if (!(keys.ksMac instanceof Uint8Array) || keys.ksMac.length !== keyLength) {
    throw new CccdError('INVALID_ARGUMENT', `ksMac: ${name} takes ${keyLength} bytes`);
  }
  if (!(keys.ssc instanceof Uint8Array) || keys.ssc.length !== blockLength) {
    throw new CccdError('INVALID_ARGUMENT', `ssc: ${name} takes ${blockLength} bytes`);
  }
  const ksEnc = copyBytes(keys.ksEnc);
  const ksMac = copyBytes(keys.ksMac);
  const { backend } = options;
  const sscBytes = (ssc: bigint) => numberToBytes(ssc, blockLength);
  if (name === '3DES') {
    return {
      name,
      blockLength,
      sscLength: blockLength,
      sscBytes,
      encrypt: (_ssc, padded) => encrypt('3DES', ksEnc, padded, { backend }),
      decrypt: (_ssc, ciphertext) => decrypt('3DES', ksEnc, ciphertext, { backend }),
      mac: (ssc, data) => retailMac(ksMac, pad(concatBytes(sscBytes(ssc), data), 8), { backend }),
    };
  }
  const subkeys = cmacSubkeys(ksMac, { backend });
  // §9.8.7.1: the IV is the SSC encrypted with KSenc, so no two messages share one.
  const iv = (ssc: bigint) => encrypt('AES', ksEnc, sscBytes(ssc), { mode: 'ECB', backend });
  return {
    name,
    blockLength,
    sscLength: blockLength,
    sscBytes,
    encrypt: (ssc, padded) => encrypt('AES', ksEnc, padded, { iv: iv(ssc), backend }),
    decrypt: (ssc, ciphertext) => decrypt('AES', ksEnc, ciphertext, { iv: iv(ssc), backend }),
    mac: (ssc, data) => cmac(ksMac, pad(concatBytes(sscBytes(ssc), data), 16), { backend, subkeys }).subarray(0, 8),
  };
}

/** SSC + 1 modulo 2^(8·length) (§9.8.2: incremented before each command and each response). */
export function nextSsc(ssc: bigint, length: number): bigint {
  return (ssc + 1n) & ((1n << BigInt(8 * length)) - 1n);
}
