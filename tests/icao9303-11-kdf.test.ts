import { describe, expect, it } from 'vitest';
import { asciiToBytes, concatBytes } from '../src/bytes.js';
import { hash } from '../src/crypto/hash.js';
import { adjustParity, bacKeySeed, kdf, kdfEnc, kdfMac, kdfPi, passwordKey } from '../src/crypto/kdf.js';
import { BACKENDS, codeOf } from './helpers/crypto-backends.js';
import { hexOf, vector } from './helpers/vectors.js';

const BAC = 'icao9303-11-appendix-d-bac.json';
const KDF = 'icao9303-11-kdf-and-aes-sm.json';

describe.each(BACKENDS)('ICAO 9303-11 §9.7.1 KDF (%s backend)', (_name, backend) => {
  it('derives K_seed, K_enc and K_mac of App. D.2 from the MRZ information', () => {
    const v = vector(BAC, 'icao9303-11.D.2.bac-keys');
    const seed = bacKeySeed(v.mrz_information_text!, { backend });
    expect(seed).toEqual(hexOf(v, 'kseed'));
    expect(kdfEnc(seed, '3DES', { backend })).toEqual(hexOf(v, 'kenc'));
    expect(kdfMac(seed, '3DES', { backend })).toEqual(hexOf(v, 'kmac'));
  });

  it('shows the App. D.2 keys before parity adjustment are the SHA-1 prefixes of K_seed || c', () => {
    const v = vector(BAC, 'icao9303-11.D.2.bac-keys');
    const raw = hash('SHA-1', hexOf(v, 'd_enc'), backend).slice(0, 16);
    expect(raw).toEqual(hexOf(v, 'kenc_no_parity'));
    expect(adjustParity(raw)).toEqual(hexOf(v, 'kenc'));
    expect(adjustParity(hexOf(v, 'kmac_no_parity'))).toEqual(hexOf(v, 'kmac'));
  });

  it('derives the BAC keys of the long document number example', () => {
    const v = vector(BAC, 'icao9303-11.D.2.long-document-number');
    const seed = bacKeySeed(v.mrz_information_text!, { backend });
    expect(seed).toEqual(hexOf(v, 'kseed'));
    expect(kdfEnc(seed, '3DES', { backend })).toEqual(hexOf(v, 'kenc'));
    expect(kdfMac(seed, '3DES', { backend })).toEqual(hexOf(v, 'kmac'));
  });

  it('derives the BAC session keys of App. D.3 from K_IFD xor K_IC', () => {
    const v = vector(BAC, 'icao9303-11.D.3.bac-mutual-auth');
    const seed = hexOf(v, 'kseed_session');
    expect(kdfEnc(seed, '3DES', { backend })).toEqual(hexOf(v, 'ksenc'));
    expect(kdfMac(seed, '3DES', { backend })).toEqual(hexOf(v, 'ksmac'));
  });

  it('derives the counters 1, 2, 3 for 3DES and AES-128/192/256 from one shared secret', () => {
    const v = vector(KDF, 'kdf.extra');
    const k = passwordKey({ kind: 'mrz', mrzInformation: v.mrz_information_text! }, { backend });
    expect(k).toEqual(hexOf(v, 'k'));
    for (const [cipher, prefix] of [
      ['3DES', '3des'],
      ['AES-128', 'aes128'],
      ['AES-192', 'aes192'],
      ['AES-256', 'aes256'],
    ] as const) {
      for (const c of [1, 2, 3]) expect(kdf(k, c, cipher, { backend })).toEqual(hexOf(v, `${prefix}_c${c}`));
    }
  });

  it('derives K_π from the CAN 123456 as its ASCII bytes', () => {
    const v = vector(KDF, 'kdf.extra');
    const k = passwordKey({ kind: 'can', value: v.can_text! });
    expect(k).toEqual(hexOf(v, 'can_k'));
    expect(kdfPi(k, 'AES-128', { backend })).toEqual(hexOf(v, 'can_kpi_aes128'));
    expect(kdfPi(k, '3DES', { backend })).toEqual(hexOf(v, 'can_kpi_3des'));
    expect(kdfPi(k, 'AES-192', { backend })).toEqual(hexOf(v, 'can_kpi_aes192'));
    expect(kdfPi(k, 'AES-256', { backend })).toEqual(hexOf(v, 'can_kpi_aes256'));
  });

  it('derives the App. G.1 K_π from the MRZ password', () => {
    const v = vector('icao9303-11-appendix-g-pace-gm.json', 'icao9303-11.G.1.pace-ecdh-gm');
    const k = passwordKey({ kind: 'mrz', mrzInformation: v.mrz_information_text! }, { backend });
    expect(k).toEqual(hexOf(v, 'k_pi_seed'));
    expect(kdfPi(k, 'AES-128', { backend })).toEqual(hexOf(v, 'k_pi'));
  });
});

describe('KDF argument checks', () => {
  it('rejects unknown ciphers, bad counters and empty passwords', () => {
    expect(codeOf(() => kdf(new Uint8Array(4), 1, 'DES' as never))).toBe('CRYPTO_UNSUPPORTED');
    expect(codeOf(() => kdf(new Uint8Array(4), -1, 'AES-128'))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => passwordKey({ kind: 'pin', value: '' }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => passwordKey({ kind: 'mrz', mrzInformation: '' }))).toBe('INVALID_ARGUMENT');
  });

  it('makes every byte of a 3DES key odd parity', () => {
    const key = adjustParity(concatBytes(asciiToBytes('any sixteen byte'), new Uint8Array(3)));
    for (const b of key) expect(b.toString(2).split('1').length - 1).toSatisfy((n: number) => n % 2 === 1);
  });
});
