// ICAO 9303-11 §9.8 secure messaging cipher suites: the one place where 3DES and AES SM differ (§9.8.6 3DES:
// zero IV, retail MAC, 8-byte SSC; §9.8.7 AES: IV = E(KSenc, SSC), CMAC truncated to 8 bytes, 16-byte SSC).
import { copyBytes } from '../bytes.js';
import type { CryptoBackend } from '../crypto/backend.js';
import type { BlockCipherName } from '../crypto/cipher.js';
import type { SymmetricCipher } from '../crypto/kdf.js';
import { keyedCipher } from '../crypto/keyed-cipher.js';
import { cmacSubkeysWith, cmacWith, retailMacWith } from '../crypto/mac.js';
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
  // SM moves a few blocks per APDU under one key: bind the ciphers once. Without an explicit backend this is
  // the in-process keyed cipher, since OpenSSL sets up a context per call (benchmarks/sm.bench.ts).
  const bind = (cipher: BlockCipherName, key: Uint8Array) =>
    options.backend ? options.backend.keyedCipher(cipher, key) : keyedCipher(cipher, key);
  const sscBytes = (ssc: bigint) => {
    // Runs several times per APDU: stop at the last non-zero byte (PACE and CA start the SSC at zero).
    const out = new Uint8Array(blockLength);
    let v = ssc;
    for (let i = blockLength - 1; i >= 0 && v > 0n; i--) {
      out[i] = Number(v & 0xffn);
      v >>= 8n;
    }
    return out;
  };
  const macInput = (ssc: bigint, data: Uint8Array) => {
    // pad(SSC || data) in one allocation.
    const total = (Math.floor((blockLength + data.length) / blockLength) + 1) * blockLength;
    const out = new Uint8Array(total);
    out.set(sscBytes(ssc), 0);
    out.set(data, blockLength);
    out[blockLength + data.length] = 0x80;
    return out;
  };
  if (name === '3DES') {
    const enc = bind('3DES', ksEnc);
    const k1 = bind('DES', ksMac.subarray(0, 8));
    const k2 = bind('DES', ksMac.subarray(8, 16));
    const zero = new Uint8Array(8);
    return {
      name,
      blockLength,
      sscLength: blockLength,
      sscBytes,
      // §9.8.6.1: 3DES SM uses a zero IV.
      encrypt: (_ssc, padded) => enc.encryptCbc(zero, padded),
      decrypt: (_ssc, ciphertext) => enc.decryptCbc(zero, ciphertext),
      mac: (ssc, data) => retailMacWith(k1, k2, macInput(ssc, data)),
    };
  }
  const enc = bind('AES', ksEnc);
  const mac = bind('AES', ksMac);
  const subkeys = cmacSubkeysWith(mac);
  // §9.8.7.1: the IV is the SSC encrypted with KSenc, so no two messages share one.
  const iv = (ssc: bigint) => enc.encryptEcb(sscBytes(ssc));
  return {
    name,
    blockLength,
    sscLength: blockLength,
    sscBytes,
    encrypt: (ssc, padded) => enc.encryptCbc(iv(ssc), padded),
    decrypt: (ssc, ciphertext) => enc.decryptCbc(iv(ssc), ciphertext),
    mac: (ssc, data) => cmacWith(mac, subkeys, macInput(ssc, data)).subarray(0, 8),
  };
}

/** SSC + 1 modulo 2^(8·length) (§9.8.2: incremented before each command and each response). */
export function nextSsc(ssc: bigint, length: number): bigint {
  return (ssc + 1n) & ((1n << BigInt(8 * length)) - 1n);
}
