// ICAO 9303-11 §6.2: Chip Authentication v1, terminal side, against an in-test chip under secure messaging:
// ECDH and DH, 3DES through MSE:Set KAT and AES through MSE:Set AT + GENERAL AUTHENTICATE, then SM restarted.
import { describe, expect, it } from 'vitest';
import { encodeCommand } from '../src/apdu/command.js';
import { selectFile } from '../src/apdu/commands.js';
import { oid } from '../src/asn1/oids.js';
import { CHIP_AUTHENTICATION_ALGORITHMS } from '../src/auth/ca-algorithms.js';
import { chipAuthenticationOffers, performChipAuthentication } from '../src/auth/chip-authentication.js';
import { fromHex, toHex } from '../src/bytes.js';
import { modPow } from '../src/crypto/dh.js';
import { domainParameters } from '../src/crypto/domain-parameters.js';
import { ecPublicKey } from '../src/crypto/ec.js';
import { buildDg14, decodeDg14 } from '../src/lds/dg14.js';
import type { PublicKeyInfo } from '../src/lds/public-key.js';
import type { SecurityInfo } from '../src/lds/security-infos.js';
import { withSecureMessaging } from '../src/sm/index.js';
import { fakeAuthChip } from './helpers/fake-chip-auth.js';
import { vector } from './helpers/vectors.js';

const D3 = vector('icao9303-11-appendix-d-bac.json', 'icao9303-11.D.3.bac-mutual-auth');
const G1 = vector('icao9303-11-appendix-g-pace-gm.json', 'icao9303-11.G.1.pace-ecdh-gm');
const BAC_KEYS = {
  suite: '3DES',
  ksEnc: fromHex(D3.ksenc!),
  ksMac: fromHex(D3.ksmac!),
  ssc: fromHex(D3.ssc!),
} as const;
const PACE_KEYS = {
  suite: 'AES-128',
  ksEnc: fromHex(G1.ksenc!),
  ksMac: fromHex(G1.ksmac!),
  ssc: new Uint8Array(16),
} as const;
const EC_SK = 0x5a1e_c0de_cafe_f00d_1234_5678_9abc_def0n;
const DH_SK = 0x1f2e3d4c5b6a79881234567890abcdefn;

function ecKey(): PublicKeyInfo {
  const curve = domainParameters(13);
  if (curve.kind !== 'ec') throw new Error('curve');
  return { kind: 'ec', curve: oid('brainpoolP256r1'), point: ecPublicKey(curve, EC_SK) };
}

function dhKey(): PublicKeyInfo {
  const g = domainParameters(0);
  if (g.kind !== 'dh') throw new Error('group');
  return { kind: 'dh', algorithm: oid('dhpublicnumber'), p: g.p, g: g.g, q: g.q, y: modPow(g.g, DH_SK, g.p) };
}

const SELECT_EF_COM = encodeCommand(selectFile(0x011e));

const CASES = [
  { name: 'ECDH with 3DES (MSE:Set KAT) after BAC', protocol: 'id-CA-ECDH-3DES-CBC-CBC', keys: BAC_KEYS, ec: true },
  { name: 'DH with 3DES (MSE:Set KAT) after BAC', protocol: 'id-CA-DH-3DES-CBC-CBC', keys: BAC_KEYS, ec: false },
  { name: 'ECDH with AES-128 after PACE', protocol: 'id-CA-ECDH-AES-CBC-CMAC-128', keys: PACE_KEYS, ec: true },
  { name: 'ECDH with AES-192 after BAC', protocol: 'id-CA-ECDH-AES-CBC-CMAC-192', keys: BAC_KEYS, ec: true },
  { name: 'DH with AES-256 after PACE', protocol: 'id-CA-DH-AES-CBC-CMAC-256', keys: PACE_KEYS, ec: false },
] as const;

describe('ICAO 9303-11 §6.2 Chip Authentication', () => {
  it('knows the eight CA protocol OIDs of Tables 5 and 6', () => {
    expect(CHIP_AUTHENTICATION_ALGORITHMS.size).toBe(8);
    expect(CHIP_AUTHENTICATION_ALGORITHMS.get(oid('id-CA-ECDH-AES-CBC-CMAC-128'))).toMatchObject({
      agreement: 'ECDH',
      cipher: 'AES',
      keyLength: 128,
    });
  });

  for (const c of CASES) {
    it(`runs ${c.name} and restarts secure messaging with the new keys`, async () => {
      const chip = fakeAuthChip({
        keys: c.keys,
        ca: { privateKey: c.ec ? EC_SK : DH_SK, parameters: domainParameters(c.ec ? 13 : 0) },
      });
      const secure = withSecureMessaging(chip, c.keys);
      const ca = await performChipAuthentication(secure, {
        protocol: oid(c.protocol as Parameters<typeof oid>[0]),
        publicKey: c.ec ? ecKey() : dhKey(),
      });
      expect(secure.closed).toBe(true);
      expect(ca.keys.suite).toBe(chip.cipher);
      expect(toHex(ca.keys.ssc)).toBe('00'.repeat(chip.cipher === '3DES' ? 8 : 16));
      // The chip is authentic when a command under the new keys verifies.
      expect(toHex(await ca.transport.transmit(SELECT_EF_COM))).toBe('9000');
      expect(chip.log).toContain(c.protocol.includes('3DES') ? '22' : '86');
      expect(ca.terminalPublicKey.length).toBe(c.ec ? 65 : 128);
    });
  }

  it('uses MSE:Set AT for 3DES when asked', async () => {
    const chip = fakeAuthChip({ keys: BAC_KEYS, ca: { privateKey: EC_SK, parameters: domainParameters(13) } });
    const ca = await performChipAuthentication(withSecureMessaging(chip, BAC_KEYS), {
      protocol: oid('id-CA-ECDH-3DES-CBC-CBC'),
      publicKey: ecKey(),
      commands: 'set-at',
    });
    expect(chip.log).toEqual(['22', oid('id-CA-ECDH-3DES-CBC-CBC'), '86']);
    expect(toHex(await ca.transport.transmit(SELECT_EF_COM))).toBe('9000');
  });

  it('detects a chip without the private key: the first command under the new keys fails its MAC', async () => {
    const chip = fakeAuthChip({
      keys: PACE_KEYS,
      ca: { privateKey: EC_SK, parameters: domainParameters(13) },
      fault: 'wrong-ca-keys',
    });
    const ca = await performChipAuthentication(withSecureMessaging(chip, PACE_KEYS), {
      protocol: oid('id-CA-ECDH-AES-CBC-CMAC-128'),
      publicKey: ecKey(),
    });
    await expect(ca.transport.transmit(SELECT_EF_COM)).rejects.toMatchObject({ code: 'SM_MAC_MISMATCH' });
  });

  it('fails at mse-set-kat with the status word when the chip refuses', async () => {
    const chip = fakeAuthChip({
      keys: BAC_KEYS,
      ca: { privateKey: EC_SK, parameters: domainParameters(13) },
      fault: 'refuse-ca',
    });
    const run = performChipAuthentication(withSecureMessaging(chip, BAC_KEYS), {
      protocol: oid('id-CA-ECDH-3DES-CBC-CBC'),
      publicKey: ecKey(),
    });
    await expect(run).rejects.toMatchObject({ code: 'AUTH_FAILED', protocol: 'CA', step: 'mse-set-kat', sw: 0x6a80 });
  });

  it('fails at general-authenticate with the status word when the chip refuses', async () => {
    const chip = fakeAuthChip({
      keys: PACE_KEYS,
      ca: { privateKey: EC_SK, parameters: domainParameters(13) },
      fault: 'refuse-ca',
    });
    const run = performChipAuthentication(withSecureMessaging(chip, PACE_KEYS), {
      protocol: oid('id-CA-ECDH-AES-CBC-CMAC-128'),
      publicKey: ecKey(),
    });
    await expect(run).rejects.toMatchObject({ code: 'AUTH_FAILED', step: 'general-authenticate', sw: 0x6300 });
  });

  it('rejects a DG14 key that is not on its curve before sending anything', async () => {
    const key = ecKey() as Extract<PublicKeyInfo, { kind: 'ec' }>;
    const bad = { ...key, point: Uint8Array.from(key.point, (b, i) => (i === 64 ? b ^ 1 : b)) };
    const chip = fakeAuthChip({ keys: PACE_KEYS });
    const run = performChipAuthentication(withSecureMessaging(chip, PACE_KEYS), {
      protocol: oid('id-CA-ECDH-AES-CBC-CMAC-128'),
      publicKey: bad,
    });
    await expect(run).rejects.toMatchObject({ code: 'CRYPTO_FAILED' });
    expect(chip.log).toEqual([]);
  });

  it('rejects a key of the wrong agreement for the protocol', async () => {
    const run = performChipAuthentication(withSecureMessaging(fakeAuthChip({ keys: PACE_KEYS }), PACE_KEYS), {
      protocol: oid('id-CA-DH-AES-CBC-CMAC-128'),
      publicKey: ecKey(),
    });
    await expect(run).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('pairs ChipAuthenticationInfo with the public key of the same key ID from DG14', () => {
    const infos: SecurityInfo[] = [
      { type: 'ChipAuthenticationPublicKeyInfo', protocol: oid('id-PK-ECDH'), publicKey: ecKey(), keyId: 1 },
      { type: 'ChipAuthenticationPublicKeyInfo', protocol: oid('id-PK-DH'), publicKey: dhKey(), keyId: 2 },
      { type: 'ChipAuthenticationInfo', protocol: oid('id-CA-DH-3DES-CBC-CBC'), version: 1, keyId: 2 },
      { type: 'ChipAuthenticationInfo', protocol: oid('id-CA-ECDH-AES-CBC-CMAC-128'), version: 1, keyId: 1 },
      { type: 'ChipAuthenticationInfo', protocol: '1.2.3.4', version: 1, keyId: 1 },
    ];
    const offers = chipAuthenticationOffers(infos);
    expect(offers.map((o) => [o.protocol, o.publicKey.kind, o.keyId])).toEqual([
      [oid('id-CA-DH-3DES-CBC-CBC'), 'dh', 2],
      [oid('id-CA-ECDH-AES-CBC-CMAC-128'), 'ec', 1],
    ]);
  });

  it('runs from the bytes of a DG14 with one ECDH key (the CCCD layout)', async () => {
    const dg14 = buildDg14({
      infos: [
        { type: 'ChipAuthenticationPublicKeyInfo', protocol: oid('id-PK-ECDH'), publicKey: ecKey() },
        { type: 'ChipAuthenticationInfo', protocol: oid('id-CA-ECDH-AES-CBC-CMAC-128'), version: 1 },
      ],
    });
    const [offer] = chipAuthenticationOffers(decodeDg14(dg14).infos);
    expect(offer?.keyId).toBeUndefined();
    const chip = fakeAuthChip({ keys: PACE_KEYS, ca: { privateKey: EC_SK, parameters: domainParameters(13) } });
    const ca = await performChipAuthentication(withSecureMessaging(chip, PACE_KEYS), offer!);
    expect(toHex(await ca.transport.transmit(SELECT_EF_COM))).toBe('9000');
    expect(chip.log).not.toContain('84=01');
  });

  it('sends the key ID in DO 84 when given', async () => {
    const chip = fakeAuthChip({ keys: PACE_KEYS, ca: { privateKey: EC_SK, parameters: domainParameters(13) } });
    const ca = await performChipAuthentication(withSecureMessaging(chip, PACE_KEYS), {
      protocol: oid('id-CA-ECDH-AES-CBC-CMAC-128'),
      publicKey: ecKey(),
      keyId: 1,
    });
    expect(ca.keyId).toBe(1);
    expect(chip.log).toContain('84=01');
  });
});
