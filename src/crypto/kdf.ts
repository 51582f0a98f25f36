// ICAO 9303-11 §9.7.1 key derivation function and §9.7.3 password encoding (BAC, PACE, CA session keys).
import { asciiToBytes, concatBytes } from '../bytes.js';
import { CccdError } from '../errors.js';
import type { CryptoBackend } from './backend.js';
import type { HashAlgorithm } from './hash.js';
import { hash } from './hash.js';

/** The symmetric algorithm a derived key is for (ICAO 9303-11 §9.7.1, Table "KDF"). */
export type SymmetricCipher = '3DES' | 'AES-128' | 'AES-192' | 'AES-256';

/** Per algorithm: the hash applied to K || c and how many leading bytes form the key. */
export const KDF_PARAMETERS: Readonly<Record<SymmetricCipher, { hash: HashAlgorithm; keyLength: number }>> = {
  '3DES': { hash: 'SHA-1', keyLength: 16 },
  'AES-128': { hash: 'SHA-1', keyLength: 16 },
  'AES-192': { hash: 'SHA-256', keyLength: 24 },
  'AES-256': { hash: 'SHA-256', keyLength: 32 },
};

/** ICAO 9303-11 §9.7.1 counter values. */
export const KDF_COUNTER = { enc: 1, mac: 2, pi: 3 } as const;

export interface KdfOptions {
  backend?: CryptoBackend;
}

/** Sets each byte's least significant bit so that the byte has odd parity (FIPS 46-3 key format). */
export function adjustParity(key: Uint8Array): Uint8Array {
  const out = new Uint8Array(key.length);
  for (let i = 0; i < key.length; i++) {
    const b = key[i]! & 0xfe;
    let ones = 0;
    for (let x = b; x; x >>= 1) ones += x & 1;
    out[i] = b | (ones % 2 === 0 ? 1 : 0);
  }
  return out;
}

/**
 * KDF(K, c) = H(K || c) truncated (ICAO 9303-11 §9.7.1); for 3DES the 16 bytes Ka || Kb are parity-adjusted.
 * @example kdf(kSeed, 1, '3DES') // BAC K_enc, ICAO 9303-11 App. D.2
 */
export function kdf(
  sharedSecret: Uint8Array,
  counter: number,
  cipher: SymmetricCipher,
  options: KdfOptions = {},
): Uint8Array {
  const params = KDF_PARAMETERS[cipher];
  if (!params) throw new CccdError('CRYPTO_UNSUPPORTED', `cipher: no KDF for ${String(cipher)}`);
  if (!(sharedSecret instanceof Uint8Array)) throw new CccdError('INVALID_ARGUMENT', 'sharedSecret: Uint8Array');
  if (!Number.isInteger(counter) || counter < 0 || counter > 0xffffffff) {
    throw new CccdError('INVALID_ARGUMENT', `counter: ${counter} is not a 32-bit unsigned integer`);
  }
  const c = Uint8Array.of(counter >>> 24, counter >>> 16, counter >>> 8, counter);
  const key = hash(params.hash, concatBytes(sharedSecret, c), options.backend).slice(0, params.keyLength);
  return cipher === '3DES' ? adjustParity(key) : key;
}

/** K_enc = KDF(K, 1). */
export function kdfEnc(sharedSecret: Uint8Array, cipher: SymmetricCipher, options: KdfOptions = {}): Uint8Array {
  return kdf(sharedSecret, KDF_COUNTER.enc, cipher, options);
}

/** K_mac = KDF(K, 2). */
export function kdfMac(sharedSecret: Uint8Array, cipher: SymmetricCipher, options: KdfOptions = {}): Uint8Array {
  return kdf(sharedSecret, KDF_COUNTER.mac, cipher, options);
}

/** K_π = KDF(f(π), 3), the PACE nonce encryption key (ICAO 9303-11 §4.4.3.1). */
export function kdfPi(password: Uint8Array, cipher: SymmetricCipher, options: KdfOptions = {}): Uint8Array {
  return kdf(password, KDF_COUNTER.pi, cipher, options);
}

/** The PACE/BAC password: the MRZ information (document number, birth date, expiry, each with check digit), or a
 * CAN, PIN or PUK as digits. */
export type Password = { kind: 'mrz'; mrzInformation: string } | { kind: 'can' | 'pin' | 'puk'; value: string };

/**
 * f(π) of ICAO 9303-11 §9.7.3: SHA-1 of the MRZ information for MRZ, the ASCII bytes otherwise.
 * @example passwordKey({ kind: 'can', value: '123456' }) // 313233343536
 */
export function passwordKey(password: Password, options: KdfOptions = {}): Uint8Array {
  if (password.kind === 'mrz') {
    if (typeof password.mrzInformation !== 'string' || password.mrzInformation.length === 0) {
      throw new CccdError('INVALID_ARGUMENT', 'mrzInformation: non-empty string');
    }
    return hash('SHA-1', asciiToBytes(password.mrzInformation), options.backend);
  }
  if (!['can', 'pin', 'puk'].includes(password.kind) || typeof password.value !== 'string' || !password.value) {
    throw new CccdError('INVALID_ARGUMENT', 'password: expected { kind: mrz|can|pin|puk, ... }');
  }
  return asciiToBytes(password.value);
}

/** BAC K_seed: the first 16 bytes of SHA-1(MRZ information) (ICAO 9303-11 §9.7.2 / App. D.2). */
export function bacKeySeed(mrzInformation: string, options: KdfOptions = {}): Uint8Array {
  return passwordKey({ kind: 'mrz', mrzInformation }, options).slice(0, 16);
}
