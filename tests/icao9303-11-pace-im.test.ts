// ICAO 9303-11 §4.4.3.3.2 / Appendix H: PACE with the Integrated Mapping, terminal side, against the worked
// examples H.1 (ECDH, brainpoolP256r1) and H.2 (DH, RFC 5114 1024-bit group).
import { describe, expect, it } from 'vitest';
import { CIPHER_SUITES } from '../src/access/cipher-suite.js';
import { standardizedGroup } from '../src/access/groups.js';
import { performPace } from '../src/access/pace.js';
import { pseudoRandomNumber } from '../src/access/pace-mappings.js';
import { passwordBytes } from '../src/access/passwords.js';
import { bytesToBigInt, numberToBytes, toHex } from '../src/bytes.js';
import { kdfPi } from '../src/crypto/kdf.js';
import { replayRandom } from '../src/crypto/random.js';
import { scriptedTransport } from './helpers/fake-chip-script.js';
import { hexOf, vector } from './helpers/vectors.js';

const FILE = 'icao9303-11-appendix-h-pace-im.json';
const H1 = vector(FILE, 'icao9303-11.H.1.pace-ecdh-im');
const H1_APDUS = vector(FILE, 'icao9303-11.H.1.apdus');
const H2 = vector(FILE, 'icao9303-11.H.2.pace-dh-im');
const CAN = { kind: 'can', value: '123456' } as const;
const ECDH_IM_AES128 = '0.4.0.127.0.7.2.2.4.4.2';
const DH_IM_AES128 = '0.4.0.127.0.7.2.2.4.3.2';

describe('ICAO 9303-11 Appendix H.1: PACE ECDH Integrated Mapping on brainpoolP256r1', () => {
  it('derives the Kπ of the worked example from the password 123456', () => {
    expect(toHex(kdfPi(passwordBytes(CAN), 'AES-128'))).toBe(H1.k_pi);
  });

  it('reproduces R_p(s, t) and the point encoding f_G', () => {
    const group = standardizedGroup(13);
    const r = pseudoRandomNumber(CIPHER_SUITES['AES-128'], hexOf(H1, 'nonce_s'), hexOf(H1, 'nonce_t'), group.prime);
    expect(toHex(numberToBytes(r, 32))).toBe(H1.rp_s_t);
    expect(toHex(group.encode(group.mapToGroup(r)))).toBe(H1.mapped_generator);
  });

  it('sends the GENERAL AUTHENTICATE chain byte for byte and derives KSenc and KSmac', async () => {
    const chip = scriptedTransport([
      { command: '0022C1A40F800A04007F00070202040402830102', response: '9000' },
      { command: H1_APDUS.ga1_capdu as string, response: H1_APDUS.ga1_rapdu as string },
      { command: H1_APDUS.ga2_capdu as string, response: '7C009000' },
      { command: H1_APDUS.ga3_capdu as string, response: H1_APDUS.ga3_rapdu as string },
      { command: H1_APDUS.ga4_capdu as string, response: H1_APDUS.ga4_rapdu as string },
    ]);
    const result = await performPace(chip, {
      protocol: ECDH_IM_AES128,
      password: CAN,
      domainParameters: 13,
      random: replayRandom(hexOf(H1, 'nonce_t'), hexOf(H1, 'sk_ifd')),
    });
    expect(chip.remaining()).toBe(0);
    expect(toHex(result.keys.ksEnc)).toBe(H1.ksenc);
    expect(toHex(result.keys.ksMac)).toBe(H1.ksmac);
    expect(toHex(result.terminalMappingData)).toBe(H1.nonce_t);
    expect(result.chipMappingData.length).toBe(0);
    expect(result.algorithm.mapping).toBe('IM');
    expect(result.password).toBe('can');
  });

  it('rejects a mapping answer without the 7C template (a bare 9000)', async () => {
    const chip = scriptedTransport([
      { command: () => true, response: '9000' },
      { command: H1_APDUS.ga1_capdu as string, response: H1_APDUS.ga1_rapdu as string },
      { command: H1_APDUS.ga2_capdu as string, response: H1_APDUS.ga2_rapdu as string },
    ]);
    const run = performPace(chip, {
      protocol: ECDH_IM_AES128,
      password: CAN,
      domainParameters: 13,
      random: replayRandom(hexOf(H1, 'nonce_t'), hexOf(H1, 'sk_ifd')),
    });
    await expect(run).rejects.toMatchObject({ code: 'AUTH_FAILED', step: 'general-authenticate-2' });
  });

  it('rejects a chip that sends mapping data in the integrated mapping', async () => {
    const chip = scriptedTransport([
      { command: () => true, response: '9000' },
      { command: H1_APDUS.ga1_capdu as string, response: H1_APDUS.ga1_rapdu as string },
      { command: H1_APDUS.ga2_capdu as string, response: '7C0382010A9000' },
    ]);
    const run = performPace(chip, {
      protocol: ECDH_IM_AES128,
      password: CAN,
      domainParameters: 13,
      random: replayRandom(hexOf(H1, 'nonce_t'), hexOf(H1, 'sk_ifd')),
    });
    await expect(run).rejects.toMatchObject({ code: 'AUTH_FAILED', step: 'general-authenticate-2' });
  });
});

describe('ICAO 9303-11 Appendix H.2: PACE DH Integrated Mapping on the 1024-bit MODP group', () => {
  it('reproduces R_p(s, t) and the mapped generator f_g', () => {
    const group = standardizedGroup(0);
    const r = pseudoRandomNumber(CIPHER_SUITES['AES-128'], hexOf(H2, 'nonce_s'), hexOf(H2, 'nonce_t'), group.prime);
    expect(toHex(numberToBytes(r, 128))).toBe(H2.rp_s_t);
    expect(toHex(group.encode(group.mapToGroup(r)))).toBe(H2.mapped_generator);
  });

  it('sends the GENERAL AUTHENTICATE chain byte for byte and derives KSenc and KSmac', async () => {
    // The appendix prints a 1024-bit private key; reduced mod q it gives the same public key (see the vector note).
    const q = standardizedGroup(0).order;
    const skIfd = numberToBytes(bytesToBigInt(hexOf(H2, 'sk_ifd')) % q, 20);
    const chip = scriptedTransport([
      { command: '0022C1A40F800A04007F00070202040302830102', response: '9000' },
      { command: '10860000027C0000', response: `7C128010${H2.encrypted_nonce_z}9000` },
      { command: H2.ga2_capdu as string, response: '7C009000' },
      { command: H2.ga3_capdu as string, response: `7C8183848180${H2.pk_ic}9000` },
      { command: H2.ga4_capdu as string, response: H2.ga4_rapdu as string },
    ]);
    const result = await performPace(chip, {
      protocol: DH_IM_AES128,
      password: CAN,
      domainParameters: 0,
      random: replayRandom(hexOf(H2, 'nonce_t'), skIfd),
    });
    expect(chip.remaining()).toBe(0);
    expect(toHex(result.keys.ksEnc)).toBe(H2.ksenc);
    expect(toHex(result.keys.ksMac)).toBe(H2.ksmac);
    expect(toHex(result.terminalPublicKey)).toBe(H2.pk_ifd);
  });
});
