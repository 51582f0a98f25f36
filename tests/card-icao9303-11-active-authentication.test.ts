// ICAO 9303-11 §6.1 and App. F: the chip's side of Active Authentication. The App. F representative F is
// reproduced byte for byte (the appendix prints no key, so a fresh RSA-1024 key signs and F is recovered).
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bytesToBigInt, fromHex, numberToBytes, toHex } from '../src/bytes.js';
import { ActiveAuthenticationResponder } from '../src/card/protocols/active-authentication.js';
import { SW } from '../src/card/protocols/status.js';
import { curveByName } from '../src/crypto/ec.js';
import { ecdsaVerify } from '../src/crypto/ecdsa.js';
import { iso9796Verify } from '../src/crypto/iso9796-2.js';
import type { EcPublicKey, RsaPrivateKey } from '../src/crypto/keys.js';
import { ecPrivateKeyFromScalar, publicKeyOf } from '../src/crypto/keys.js';
import { decodePkcs8 } from '../src/crypto/pkcs8.js';
import { replayRandom } from '../src/crypto/random.js';
import { rsaPublicOperation } from '../src/crypto/rsa-core.js';
import { hexOf, vector } from './helpers/vectors.js';

const f = vector('icao9303-11-appendix-f-aa.json', 'icao9303-11.F.aa-rsa');

function rsaKey(bits: number): RsaPrivateKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return decodePkcs8(new Uint8Array(privateKey.export({ format: 'der', type: 'pkcs8' }))) as RsaPrivateKey;
}
const rsa1024 = rsaKey(1024);
const ecKey = ecPrivateKeyFromScalar(
  curveByName('brainpoolP256r1'),
  fromHex('7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99'),
);
const challenge = hexOf(f, 'rnd_ifd');

describe('ICAO 9303-11 App. F: Active Authentication with RSA and ISO/IEC 9796-2 scheme 1, card side', () => {
  it('signs the published representative F = 6A || M1 || SHA-1(M1 || M2) || BC with the published M1', () => {
    const aa = new ActiveAuthenticationResponder({ privateKey: rsa1024, random: replayRandom(hexOf(f, 'm1')) });
    const r = aa.internalAuthenticate(challenge);
    expect(r.sw).toBe(SW.OK);
    expect(r.data.length).toBe(128);
    const recovered = numberToBytes(rsaPublicOperation(rsa1024, bytesToBigInt(r.data)), 128);
    expect(toHex(recovered)).toBe(f.f);
  });

  it('produces a signature the terminal verifies, recovering M1 (SHA-1, trailer BC)', () => {
    const aa = new ActiveAuthenticationResponder({ privateKey: rsa1024, random: replayRandom(hexOf(f, 'm1')) });
    const { data } = aa.internalAuthenticate(challenge);
    const check = iso9796Verify(publicKeyOf(rsa1024) as RsaPrivateKey, data, challenge);
    expect([toHex(check.m1), check.hash, check.partial]).toEqual([f.m1, 'SHA-1', true]);
  });

  it('refuses an RSA key whose modulus is not a whole number of bytes', () => {
    const odd = { ...rsa1024, n: rsa1024.n >> 1n };
    expect(() => new ActiveAuthenticationResponder({ privateKey: odd, random: () => new Uint8Array(0) })).toThrow(
      expect.objectContaining({ code: 'CRYPTO_UNSUPPORTED' }),
    );
  });

  it('uses trailer option 2 with SHA-256 (34 CC) and a 2048-bit key when the profile says so', () => {
    const key = rsaKey(2048);
    const aa = new ActiveAuthenticationResponder({
      privateKey: key,
      hash: 'SHA-256',
      random: (n) => new Uint8Array(n).fill(0x5a),
    });
    const { data } = aa.internalAuthenticate(challenge);
    const representative = numberToBytes(rsaPublicOperation(key, bytesToBigInt(data)), 256);
    expect(toHex(representative.subarray(254))).toBe('34CC');
    expect(iso9796Verify(key, data, challenge).hash).toBe('SHA-256');
  });
});

describe('ICAO 9303-11 §6.1.2.3: Active Authentication with ECDSA, card side', () => {
  const publicKey = publicKeyOf(ecKey) as EcPublicKey;

  it('answers a plain r || s signature over RND.IFD that verifies with the hash of the curve size', () => {
    const aa = new ActiveAuthenticationResponder({ privateKey: ecKey, random: (n) => new Uint8Array(n).fill(7) });
    expect(aa.hash).toBe('SHA-256');
    const r = aa.internalAuthenticate(challenge);
    expect([r.sw, r.data.length]).toEqual([SW.OK, 64]);
    expect(ecdsaVerify(publicKey, challenge, r.data, { hash: 'SHA-256', format: 'plain' })).toBe(true);
  });

  it('signs with the hash ActiveAuthenticationInfo names', () => {
    const aa = new ActiveAuthenticationResponder({
      privateKey: ecKey,
      hash: 'SHA-512',
      random: (n) => new Uint8Array(n),
    });
    const r = aa.internalAuthenticate(challenge);
    expect(ecdsaVerify(publicKey, challenge, r.data, { hash: 'SHA-512', format: 'plain' })).toBe(true);
  });

  it('refuses SHA-1 for ECDSA, which §6.1.2.3 forbids', () => {
    expect(
      () => new ActiveAuthenticationResponder({ privateKey: ecKey, hash: 'SHA-1', random: () => new Uint8Array(0) }),
    ).toThrow(expect.objectContaining({ code: 'CRYPTO_UNSUPPORTED' }));
  });
});

describe('ICAO 9303-11 §6.1.2.1: the challenge', () => {
  const aa = new ActiveAuthenticationResponder({ privateKey: ecKey, random: (n) => new Uint8Array(n).fill(1) });

  it('accepts challenges of other lengths than 8 bytes, as chips in the field do', () => {
    const long = new Uint8Array(32).fill(0xab);
    const r = aa.internalAuthenticate(long);
    expect(r.sw).toBe(SW.OK);
    expect(ecdsaVerify(publicKeyOf(ecKey) as EcPublicKey, long, r.data, { hash: 'SHA-256', format: 'plain' })).toBe(
      true,
    );
  });

  it('answers 6700 to an empty challenge or one longer than a short APDU carries', () => {
    expect(aa.internalAuthenticate(new Uint8Array(0)).sw).toBe(SW.WRONG_LENGTH);
    expect(aa.internalAuthenticate(new Uint8Array(256)).sw).toBe(SW.WRONG_LENGTH);
  });
});

describe('Active Authentication fault switches for hostile-chip tests', () => {
  const publicKey = publicKeyOf(ecKey) as EcPublicKey;
  const verify = (sig: Uint8Array) => ecdsaVerify(publicKey, challenge, sig, { hash: 'SHA-256', format: 'plain' });

  it('answers a signature that does not verify when wrongSignature is set', () => {
    const aa = new ActiveAuthenticationResponder({
      privateKey: ecKey,
      random: (n) => new Uint8Array(n),
      faults: { wrongSignature: true },
    });
    expect(verify(aa.internalAuthenticate(challenge).data)).toBe(false);
  });

  it('signs another nonce when ignoreChallenge is set', () => {
    const aa = new ActiveAuthenticationResponder({
      privateKey: ecKey,
      random: (n) => new Uint8Array(n),
      faults: { ignoreChallenge: true },
    });
    expect(verify(aa.internalAuthenticate(challenge).data)).toBe(false);
  });

  it('breaks the RSA representative when wrongSignature is set', () => {
    const aa = new ActiveAuthenticationResponder({
      privateKey: rsa1024,
      random: replayRandom(hexOf(f, 'm1')),
      faults: { wrongSignature: true },
    });
    const { data } = aa.internalAuthenticate(challenge);
    expect(() => iso9796Verify(rsa1024, data, challenge)).toThrow(expect.objectContaining({ code: 'CRYPTO_FAILED' }));
  });
});
