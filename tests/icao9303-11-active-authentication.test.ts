// ICAO 9303-11 §6.1 / Appendix F: Active Authentication, terminal side: INTERNAL AUTHENTICATE with the challenge,
// RSA signatures with ISO/IEC 9796-2 scheme 1 (every trailer) and ECDSA in the plain format of TR-03111.
import { describe, expect, it } from 'vitest';
import { oid } from '../src/asn1/oids.js';
import { performActiveAuthentication, verifyActiveAuthentication } from '../src/auth/active-authentication.js';
import { concatBytes, fromHex, toHex } from '../src/bytes.js';
import { curveByName } from '../src/crypto/ec.js';
import { ecdsaSign } from '../src/crypto/ecdsa.js';
import { iso9796Sign } from '../src/crypto/iso9796-2.js';
import { ecPrivateKeyFromScalar } from '../src/crypto/keys.js';
import { nodeBackend } from '../src/crypto/node-backend.js';
import { replayRandom } from '../src/crypto/random.js';
import type { PublicKeyInfo } from '../src/lds/public-key.js';
import { withSecureMessaging } from '../src/sm/index.js';
import { fakeAuthChip } from './helpers/fake-chip-auth.js';
import { scriptedTransport } from './helpers/fake-chip-script.js';
import { hexOf, vector } from './helpers/vectors.js';

const F = vector('icao9303-11-appendix-f-aa.json', 'icao9303-11.F.aa-rsa');
const G1 = vector('icao9303-11-appendix-g-pace-gm.json', 'icao9303-11.G.1.pace-ecdh-gm');
const RSA = nodeBackend.generateRsaKey(1024, 65537n);
const RSA_DG15: PublicKeyInfo = { kind: 'rsa', modulus: RSA.n, exponent: RSA.e };
const EC_KEY = ecPrivateKeyFromScalar(curveByName('brainpoolP256r1'), 0x0badc0ffee0ddf00dn);
const EC_DG15: PublicKeyInfo = { kind: 'ec', curve: oid('brainpoolP256r1'), point: EC_KEY.point };
const CHALLENGE = hexOf(F, 'm2');

/** The chip's answer to a challenge: a fresh M1 of the capacity, signed with recovery. */
function rsaChip(hash: 'SHA-1' | 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512') {
  return (challenge: Uint8Array) => {
    const m1 = new Uint8Array(
      128 -
        1 -
        { 'SHA-1': 20, 'SHA-224': 28, 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 }[hash] -
        (hash === 'SHA-1' ? 1 : 2),
    ).fill(0x5a);
    return iso9796Sign(RSA, concatBytes(m1, challenge), { hash });
  };
}

describe('ICAO 9303-11 Appendix F: Active Authentication with RSA', () => {
  it('sends INTERNAL AUTHENTICATE with the challenge and recovers M1 of the worked example', async () => {
    const signature = iso9796Sign(RSA, hexOf(F, 'm'));
    const chip = scriptedTransport([
      { command: F.internal_authenticate_capdu as string, response: `${toHex(signature)}9000` },
    ]);
    const aa = await performActiveAuthentication(chip, { publicKey: RSA_DG15, challenge: CHALLENGE });
    expect(chip.remaining()).toBe(0);
    expect(aa).toMatchObject({ protocol: 'AA', algorithm: 'RSA', hash: 'SHA-1' });
    expect(toHex(aa.recovered!)).toBe(F.m1);
    expect(toHex(aa.challenge)).toBe(F.m2);
  });

  for (const hash of ['SHA-224', 'SHA-256', 'SHA-384', 'SHA-512'] as const) {
    it(`verifies the trailer option 2 signature with ${hash}`, () => {
      const aa = verifyActiveAuthentication(rsaChip(hash)(CHALLENGE), { publicKey: RSA_DG15, challenge: CHALLENGE });
      expect(aa.hash).toBe(hash);
    });
  }

  it('rejects a signature over another challenge', () => {
    const signature = rsaChip('SHA-256')(fromHex('0001020304050607'));
    expect(() => verifyActiveAuthentication(signature, { publicKey: RSA_DG15, challenge: CHALLENGE })).toThrow(
      expect.objectContaining({ code: 'AUTH_FAILED', protocol: 'AA', step: 'verify-signature' }),
    );
  });

  it('rejects a signature made with another key', () => {
    const other = nodeBackend.generateRsaKey(1024, 65537n);
    const signature = iso9796Sign(other, hexOf(F, 'm'));
    expect(() => verifyActiveAuthentication(signature, { publicKey: RSA_DG15, challenge: CHALLENGE })).toThrow(
      expect.objectContaining({ code: 'AUTH_FAILED' }),
    );
  });

  it('draws a random challenge when the caller gives none, and returns it', async () => {
    const chip = fakeAuthChip({
      keys: { suite: 'AES-128', ksEnc: fromHex(G1.ksenc!), ksMac: fromHex(G1.ksmac!), ssc: new Uint8Array(16) },
      aa: rsaChip('SHA-1'),
    });
    const secure = withSecureMessaging(chip, {
      suite: 'AES-128',
      ksEnc: fromHex(G1.ksenc!),
      ksMac: fromHex(G1.ksmac!),
      ssc: new Uint8Array(16),
    });
    const aa = await performActiveAuthentication(secure, {
      publicKey: RSA_DG15,
      random: replayRandom(fromHex('1122334455667788')),
    });
    expect(toHex(aa.challenge)).toBe('1122334455667788');
    expect(chip.log).toEqual(['88']);
  });

  it('fails at internal-authenticate with the status word when the chip refuses', async () => {
    const chip = scriptedTransport([{ command: F.internal_authenticate_capdu as string, response: '6985' }]);
    const run = performActiveAuthentication(chip, { publicKey: RSA_DG15, challenge: CHALLENGE });
    await expect(run).rejects.toMatchObject({ code: 'AUTH_FAILED', step: 'internal-authenticate', sw: 0x6985 });
  });

  it('refuses a challenge that is not 8 bytes', async () => {
    const run = performActiveAuthentication(scriptedTransport([]), {
      publicKey: RSA_DG15,
      challenge: new Uint8Array(7),
    });
    await expect(run).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('ICAO 9303-11 §6.1.2.3: Active Authentication with ECDSA', () => {
  const sign =
    (hash: 'SHA-256' | 'SHA-224' | 'SHA-1', format: 'plain' | 'der' = 'plain') =>
    (c: Uint8Array) =>
      ecdsaSign(EC_KEY, c, { hash, format });

  it('verifies a plain r || s signature with the hash ActiveAuthenticationInfo names', () => {
    const aa = verifyActiveAuthentication(sign('SHA-224')(CHALLENGE), {
      publicKey: EC_DG15,
      challenge: CHALLENGE,
      signatureAlgorithm: oid('ecdsa-plain-SHA224'),
    });
    expect(aa).toMatchObject({ algorithm: 'ECDSA', hash: 'SHA-224' });
  });

  it('defaults to SHA-256 for a 256-bit key without ActiveAuthenticationInfo', () => {
    const aa = verifyActiveAuthentication(sign('SHA-256')(CHALLENGE), { publicKey: EC_DG15, challenge: CHALLENGE });
    expect(aa.hash).toBe('SHA-256');
  });

  it('runs under secure messaging against the in-test chip', async () => {
    const keys = {
      suite: 'AES-128',
      ksEnc: fromHex(G1.ksenc!),
      ksMac: fromHex(G1.ksmac!),
      ssc: new Uint8Array(16),
    } as const;
    const chip = fakeAuthChip({ keys, aa: sign('SHA-256') });
    const aa = await performActiveAuthentication(withSecureMessaging(chip, keys), {
      publicKey: EC_DG15,
      challenge: CHALLENGE,
    });
    expect(aa.signature.length).toBe(64);
  });

  it('accepts DER only when the caller says the chip sends DER', () => {
    const der = sign('SHA-256', 'der')(CHALLENGE);
    expect(() => verifyActiveAuthentication(der, { publicKey: EC_DG15, challenge: CHALLENGE })).toThrow(
      expect.objectContaining({ code: 'AUTH_FAILED' }),
    );
    const aa = verifyActiveAuthentication(der, { publicKey: EC_DG15, challenge: CHALLENGE, ecdsaFormat: 'der' });
    expect(aa.algorithm).toBe('ECDSA');
  });

  it('rejects a signature over another challenge and one with the wrong hash', () => {
    const signature = sign('SHA-256')(fromHex('0001020304050607'));
    expect(() => verifyActiveAuthentication(signature, { publicKey: EC_DG15, challenge: CHALLENGE })).toThrow(
      expect.objectContaining({ code: 'AUTH_FAILED', step: 'verify-signature' }),
    );
    const sha1 = sign('SHA-1')(CHALLENGE);
    expect(() => verifyActiveAuthentication(sha1, { publicKey: EC_DG15, challenge: CHALLENGE })).toThrow(
      expect.objectContaining({ code: 'AUTH_FAILED' }),
    );
  });

  it('refuses a signature algorithm that is not ECDSA plain', () => {
    expect(() =>
      verifyActiveAuthentication(sign('SHA-256')(CHALLENGE), {
        publicKey: EC_DG15,
        challenge: CHALLENGE,
        signatureAlgorithm: oid('sha256WithRSAEncryption'),
      }),
    ).toThrow(expect.objectContaining({ code: 'CRYPTO_UNSUPPORTED' }));
  });
});
