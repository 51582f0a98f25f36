import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../src/bytes.js';
import { retailMac, retailMacWithPadding } from '../src/crypto/mac.js';
import { pad, unpad } from '../src/crypto/padding.js';
import { BACKENDS, codeOf } from './helpers/crypto-backends.js';
import { hexOf, vector } from './helpers/vectors.js';

describe('ISO/IEC 9797-1 padding method 2', () => {
  it('pads 011E to 011E800000000000 as in ICAO 9303-11 App. D.4.1', () => {
    const v = vector('icao9303-11-appendix-d-bac.json', 'icao9303-11.D.4.1.select-ef-com');
    expect(toHex(pad(Uint8Array.of(0x01, 0x1e)))).toBe(v.data_padded);
  });

  it('adds a whole block when the data already fills its blocks', () => {
    expect(toHex(pad(new Uint8Array(8)))).toBe('00000000000000008000000000000000');
    expect(toHex(pad(new Uint8Array(0), 16))).toBe('80000000000000000000000000000000');
  });

  it('round-trips any data for block lengths 8 and 16', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.constantFrom(8, 16), (d, b) => {
        const p = pad(d, b);
        expect(p.length % b).toBe(0);
        expect(unpad(p, b)).toEqual(d);
      }),
    );
  });

  it('rejects padding without the 80 marker, with non-zero bytes after it, or with a partial block', () => {
    expect(codeOf(() => unpad(new Uint8Array(8)))).toBe('CRYPTO_FAILED');
    expect(codeOf(() => unpad(Uint8Array.of(1, 2, 3, 0x80, 0, 1, 0, 0)))).toBe('CRYPTO_FAILED');
    expect(codeOf(() => unpad(Uint8Array.of(0x80, 0, 0)))).toBe('CRYPTO_FAILED');
    expect(codeOf(() => unpad(new Uint8Array(0)))).toBe('CRYPTO_FAILED');
    // The marker must sit in the last block: a whole zero block after it is not padding.
    expect(codeOf(() => unpad(Uint8Array.of(0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))).toBe('CRYPTO_FAILED');
  });
});

describe.each(BACKENDS)('ISO/IEC 9797-1 MAC algorithm 3 (%s backend)', (_name, backend) => {
  const bac = vector('icao9303-11-appendix-d-bac.json', 'icao9303-11.D.3.bac-mutual-auth');

  it('computes M_IFD and M_IC of ICAO 9303-11 App. D.3', () => {
    expect(retailMacWithPadding(hexOf(bac, 'kmac'), hexOf(bac, 'e_ifd'), { backend })).toEqual(hexOf(bac, 'm_ifd'));
    expect(retailMacWithPadding(hexOf(bac, 'kmac'), hexOf(bac, 'e_ic'), { backend })).toEqual(hexOf(bac, 'm_ic'));
  });

  it('computes the SM checksums of ICAO 9303-11 App. D.4 over the padded N and K', () => {
    for (const id of ['icao9303-11.D.4.1.select-ef-com', 'icao9303-11.D.4.2.read-binary-4']) {
      const v = vector('icao9303-11-appendix-d-bac.json', id);
      const ksmac = hexOf(vector('icao9303-11-appendix-d-bac.json', 'icao9303-11.D.4.1.select-ef-com'), 'ksmac');
      expect(retailMac(ksmac, hexOf(v, 'n'), { backend })).toEqual(hexOf(v, 'cc'));
      expect(retailMac(ksmac, hexOf(v, 'k'), { backend })).toEqual(hexOf(v, 'cc_resp'));
    }
  });

  it('rejects unpadded data and wrong key sizes', () => {
    expect(codeOf(() => retailMac(new Uint8Array(16), new Uint8Array(7), { backend }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => retailMac(new Uint8Array(8), new Uint8Array(8), { backend }))).toBe('INVALID_ARGUMENT');
  });
});
