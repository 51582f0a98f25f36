// MACs of ICAO 9303-11 §9.8: ISO/IEC 9797-1 MAC algorithm 3 with DES (the retail MAC, still required for BAC and
// 3DES secure messaging) and AES-CMAC (NIST SP 800-38B, RFC 4493). Each is written once over a KeyedCipher.
import { CccdError } from '../errors.js';
import type { CryptoBackend } from './backend.js';
import { type KeyedCipher, keyed } from './cipher.js';
import { pad } from './padding.js';

export interface MacOptions {
  backend?: CryptoBackend;
}

/**
 * ISO/IEC 9797-1 MAC algorithm 3 over whole 8-byte blocks with single-DES ciphers bound to K1 and K2:
 * CBC-MAC under K1, then output transformation 3 (decrypt with K2, encrypt with K1).
 */
export function retailMacWith(k1: KeyedCipher, k2: KeyedCipher, paddedData: Uint8Array): Uint8Array {
  if (paddedData.length === 0 || paddedData.length % 8 !== 0) {
    throw new CccdError('INVALID_ARGUMENT', 'data: the retail MAC takes whole 8-byte blocks (pad first)');
  }
  return k1.encryptEcb(k2.decryptEcb(k1.cbcMac(paddedData)));
}

/** ISO/IEC 9797-1 MAC algorithm 3 over already padded data; key = K1 || K2 (16 bytes). */
export function retailMac(key: Uint8Array, paddedData: Uint8Array, options: MacOptions = {}): Uint8Array {
  if (!(key instanceof Uint8Array) || key.length !== 16) throw new CccdError('INVALID_ARGUMENT', 'key: 16 bytes');
  return retailMacWith(
    keyed('DES', key.subarray(0, 8), options),
    keyed('DES', key.subarray(8, 16), options),
    paddedData,
  );
}

/** The retail MAC of `data` after ISO/IEC 9797-1 padding method 2 (BAC M_IFD / M_IC, ICAO 9303-11 §9.7.4). */
export function retailMacWithPadding(key: Uint8Array, data: Uint8Array, options: MacOptions = {}): Uint8Array {
  return retailMac(key, pad(data, 8), options);
}

export interface CmacSubkeys {
  readonly k1: Uint8Array;
  readonly k2: Uint8Array;
}

function dbl(block: Uint8Array): Uint8Array {
  // NIST SP 800-38B §6.1: shift left by one bit; xor Rb = 87 when the top bit was set.
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = ((block[i]! << 1) | (i < 15 ? block[i + 1]! >> 7 : 0)) & 0xff;
  if (block[0]! & 0x80) out[15]! ^= 0x87;
  return out;
}

/** NIST SP 800-38B §6.1 subkeys of an AES cipher. */
export function cmacSubkeysWith(cipher: KeyedCipher): CmacSubkeys {
  const k1 = dbl(cipher.encryptEcb(new Uint8Array(16)));
  return { k1, k2: dbl(k1) };
}

/** NIST SP 800-38B subkeys K1, K2 of an AES key. */
export function cmacSubkeys(key: Uint8Array, options: MacOptions = {}): CmacSubkeys {
  return cmacSubkeysWith(keyed('AES', key, options));
}

/** AES-CMAC (NIST SP 800-38B §6.2) with an AES cipher bound to the key and its subkeys. */
export function cmacWith(cipher: KeyedCipher, subkeys: CmacSubkeys, data: Uint8Array): Uint8Array {
  const complete = data.length > 0 && data.length % 16 === 0;
  const m = complete ? Uint8Array.prototype.slice.call(data) : pad(data, 16);
  const sub = complete ? subkeys.k1 : subkeys.k2;
  const off = m.length - 16;
  for (let i = 0; i < 16; i++) m[off + i]! ^= sub[i]!;
  return cipher.cbcMac(m);
}

/**
 * AES-CMAC, the full 16-byte tag; ICAO 9303-11 §9.8.7.2 truncates it to 8 bytes.
 * Pass precomputed `subkeys` (cmacSubkeys) to save one block encryption per call.
 */
export function cmac(
  key: Uint8Array,
  data: Uint8Array,
  options: MacOptions & { subkeys?: CmacSubkeys } = {},
): Uint8Array {
  const cipher = keyed('AES', key, options);
  return cmacWith(cipher, options.subkeys ?? cmacSubkeysWith(cipher), data);
}
