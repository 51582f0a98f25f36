// MACs of ICAO 9303-11 §9.8: ISO/IEC 9797-1 MAC algorithm 3 with DES (the retail MAC, still required for BAC and
// 3DES secure messaging) and AES-CMAC (NIST SP 800-38B, RFC 4493).
import { CccdError } from '../errors.js';
import type { CryptoBackend } from './backend.js';
import { decrypt, encrypt } from './cipher.js';
import { pad } from './padding.js';

export interface MacOptions {
  backend?: CryptoBackend;
}

/**
 * ISO/IEC 9797-1 MAC algorithm 3 over data that is already padded (a multiple of 8 bytes): single-DES CBC-MAC
 * with K1, then the last block decrypted with K2 and encrypted with K1. Key: 16 bytes K1 || K2.
 */
export function retailMac(key: Uint8Array, paddedData: Uint8Array, options: MacOptions = {}): Uint8Array {
  if (!(key instanceof Uint8Array) || key.length !== 16) throw new CccdError('INVALID_ARGUMENT', 'key: 16 bytes');
  if (paddedData.length === 0 || paddedData.length % 8 !== 0) {
    throw new CccdError('INVALID_ARGUMENT', 'data: the retail MAC takes whole 8-byte blocks (pad first)');
  }
  const backend = options.backend;
  const k1 = key.subarray(0, 8);
  const k2 = key.subarray(8, 16);
  const chain = encrypt('DES', k1, paddedData, { backend });
  const last = chain.subarray(chain.length - 8);
  // ISO/IEC 9797-1 §7.1.3 output transformation 3.
  return encrypt('DES', k1, decrypt('DES', k2, last, { mode: 'ECB', backend }), { mode: 'ECB', backend });
}

/** The retail MAC of `data` after ISO/IEC 9797-1 padding method 2 (BAC M_IFD / M_IC, ICAO 9303-11 §9.7.4). */
export function retailMacWithPadding(key: Uint8Array, data: Uint8Array, options: MacOptions = {}): Uint8Array {
  return retailMac(key, pad(data, 8), options);
}

function dbl(block: Uint8Array): Uint8Array {
  // NIST SP 800-38B §6.1: shift left by one bit; xor Rb = 87 when the top bit was set.
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = ((block[i]! << 1) | (i < 15 ? block[i + 1]! >> 7 : 0)) & 0xff;
  if (block[0]! & 0x80) out[15]! ^= 0x87;
  return out;
}

/** NIST SP 800-38B subkeys K1, K2 of an AES key. */
export function cmacSubkeys(key: Uint8Array, options: MacOptions = {}): { k1: Uint8Array; k2: Uint8Array } {
  const l = encrypt('AES', key, new Uint8Array(16), { mode: 'ECB', backend: options.backend });
  const k1 = dbl(l);
  return { k1, k2: dbl(k1) };
}

/**
 * AES-CMAC (NIST SP 800-38B §6.2), the full 16-byte tag; ICAO 9303-11 §9.8.7.2 truncates it to 8 bytes.
 * Pass precomputed `subkeys` (cmacSubkeys) to save one block encryption per call.
 */
export function cmac(
  key: Uint8Array,
  data: Uint8Array,
  options: MacOptions & { subkeys?: { k1: Uint8Array; k2: Uint8Array } } = {},
): Uint8Array {
  const { k1, k2 } = options.subkeys ?? cmacSubkeys(key, options);
  const complete = data.length > 0 && data.length % 16 === 0;
  const m = complete ? Uint8Array.prototype.slice.call(data) : pad(data, 16);
  const sub = complete ? k1 : k2;
  const off = m.length - 16;
  for (let i = 0; i < 16; i++) m[off + i]! ^= sub[i]!;
  const chain = encrypt('AES', key, m, { backend: options.backend });
  return chain.slice(chain.length - 16);
}
