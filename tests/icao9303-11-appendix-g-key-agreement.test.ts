import { describe, expect, it } from 'vitest';
import { bytesToBigInt, toHex } from '../src/bytes.js';
import type { DhGroup } from '../src/crypto/dh.js';
import { dhKeyPair, dhSharedSecret, modPow, rfc5114Group, validateDhPublicKey } from '../src/crypto/dh.js';
import { domainParameters } from '../src/crypto/domain-parameters.js';
import {
  addPoints,
  type Curve,
  ecdhSharedSecret,
  ecKeyPair,
  ecPublicKey,
  generator,
  multiplyPoint,
} from '../src/crypto/ec.js';
import { kdfEnc, kdfMac } from '../src/crypto/kdf.js';
import { codeOf } from './helpers/crypto-backends.js';
import { hexOf, vector } from './helpers/vectors.js';

const FILE = 'icao9303-11-appendix-g-pace-gm.json';

describe('ICAO 9303-11 App. G.1 PACE ECDH generic mapping on brainpoolP256r1 (ID 13)', () => {
  const v = vector(FILE, 'icao9303-11.G.1.pace-ecdh-gm');
  const curve = domainParameters(13) as Curve;

  it('derives both mapping public keys from their private keys', () => {
    expect(ecKeyPair(curve, { privateKey: hexOf(v, 'sk_map_ifd') }).publicKey).toEqual(hexOf(v, 'pk_map_ifd'));
    expect(ecPublicKey(curve, hexOf(v, 'sk_map_ic'))).toEqual(hexOf(v, 'pk_map_ic'));
  });

  it('computes the mapping point H on both sides', () => {
    expect(multiplyPoint(curve, hexOf(v, 'pk_map_ic'), hexOf(v, 'sk_map_ifd'))).toEqual(hexOf(v, 'shared_secret_h'));
    expect(multiplyPoint(curve, hexOf(v, 'pk_map_ifd'), hexOf(v, 'sk_map_ic'))).toEqual(hexOf(v, 'shared_secret_h'));
  });

  it('maps the nonce to G~ = s·G + H', () => {
    const sG = multiplyPoint(curve, generator(curve), hexOf(v, 'nonce_s'));
    expect(addPoints(curve, sG, hexOf(v, 'shared_secret_h'))).toEqual(hexOf(v, 'mapped_generator'));
  });

  it('derives the ephemeral public keys on G~ and agrees on the shared secret x-coordinate', () => {
    const base = hexOf(v, 'mapped_generator');
    expect(ecKeyPair(curve, { privateKey: hexOf(v, 'sk_ifd'), base }).publicKey).toEqual(hexOf(v, 'pk_ifd'));
    expect(ecKeyPair(curve, { privateKey: hexOf(v, 'sk_ic'), base }).publicKey).toEqual(hexOf(v, 'pk_ic'));
    const k = ecdhSharedSecret(curve, hexOf(v, 'sk_ifd'), hexOf(v, 'pk_ic'));
    expect(k).toEqual(hexOf(v, 'shared_secret_k'));
    expect(ecdhSharedSecret(curve, hexOf(v, 'sk_ic'), hexOf(v, 'pk_ifd'))).toEqual(k);
    expect(kdfEnc(k, 'AES-128')).toEqual(hexOf(v, 'ksenc'));
    expect(kdfMac(k, 'AES-128')).toEqual(hexOf(v, 'ksmac'));
  });

  it('rejects a peer point off the curve and a scalar of zero or n', () => {
    const bad = hexOf(v, 'pk_ic');
    bad[bad.length - 1]! ^= 1;
    expect(codeOf(() => ecdhSharedSecret(curve, hexOf(v, 'sk_ifd'), bad))).toBe('CRYPTO_FAILED');
    expect(codeOf(() => ecPublicKey(curve, 0n))).toBe('CRYPTO_FAILED');
    expect(codeOf(() => ecPublicKey(curve, curve.n))).toBe('CRYPTO_FAILED');
    expect(codeOf(() => ecdhSharedSecret(curve, 1n, hexOf(v, 'pk_ic').subarray(1)))).toBe('CRYPTO_FAILED');
  });
});

describe('ICAO 9303-11 App. G.2 PACE DH generic mapping on the RFC 5114 1024-bit group (ID 0)', () => {
  const v = vector(FILE, 'icao9303-11.G.2.pace-dh-gm');
  const group = domainParameters(0) as DhGroup;

  it('is the RFC 5114 §2.1 group printed in the vector file', () => {
    const r = vector(FILE, 'rfc5114.modp1024-160');
    expect(group.p).toBe(bytesToBigInt(hexOf(r, 'p')));
    expect(group.g).toBe(bytesToBigInt(hexOf(r, 'g')));
    expect(group.q).toBe(bytesToBigInt(hexOf(r, 'q')));
    expect(group).toBe(rfc5114Group('modp-1024-160'));
  });

  it('derives both mapping public keys and the mapping value h', () => {
    expect(dhKeyPair(group, { privateKey: hexOf(v, 'sk_map_ifd') }).publicKey).toEqual(hexOf(v, 'pk_map_ifd'));
    expect(dhKeyPair(group, { privateKey: hexOf(v, 'sk_map_ic') }).publicKey).toEqual(hexOf(v, 'pk_map_ic'));
    expect(dhSharedSecret(group, hexOf(v, 'sk_map_ifd'), hexOf(v, 'pk_map_ic'))).toEqual(hexOf(v, 'shared_secret_h'));
  });

  it('maps the nonce to g~ = g^s · h and agrees on K', () => {
    const s = bytesToBigInt(hexOf(v, 'nonce_s'));
    const h = bytesToBigInt(hexOf(v, 'shared_secret_h'));
    const mapped = (modPow(group.g, s, group.p) * h) % group.p;
    expect(toHex(dhKeyPair(group, { privateKey: 1n, base: mapped }).publicKey)).toBe(v.mapped_generator);
    expect(dhKeyPair(group, { privateKey: hexOf(v, 'sk_ifd'), base: mapped }).publicKey).toEqual(hexOf(v, 'pk_ifd'));
    expect(dhKeyPair(group, { privateKey: hexOf(v, 'sk_ic'), base: mapped }).publicKey).toEqual(hexOf(v, 'pk_ic'));
    // K is checked against the subgroup of the standard generator's group: g~ lies in it too.
    const k = dhSharedSecret(group, hexOf(v, 'sk_ifd'), hexOf(v, 'pk_ic'));
    expect(k).toEqual(hexOf(v, 'shared_secret_k'));
    expect(kdfEnc(k, 'AES-128')).toEqual(hexOf(v, 'ksenc'));
    expect(kdfMac(k, 'AES-128')).toEqual(hexOf(v, 'ksmac'));
  });

  it('rejects public values 0, 1, p-1 and values outside the order-q subgroup', () => {
    for (const y of [0n, 1n, group.p - 1n, group.p])
      expect(codeOf(() => validateDhPublicKey(group, y))).toBe('CRYPTO_FAILED');
    // p - 1 has order 2, and 2 is almost surely outside the order-q subgroup.
    expect(codeOf(() => validateDhPublicKey(group, 2n))).toBe('CRYPTO_FAILED');
  });
});
