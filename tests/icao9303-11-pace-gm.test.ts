// ICAO 9303-11 §4.4 / Appendix G: PACE with the Generic Mapping, terminal side, against the worked examples
// G.1 (ECDH, brainpoolP256r1) and G.2 (DH, RFC 5114 1024-bit group), APDUs included.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { standardizedGroup } from '../src/access/groups.js';
import { authenticationTokenInput, performPace } from '../src/access/pace.js';
import { passwordBytes } from '../src/access/passwords.js';
import { bytesToBigInt, fromHex, toHex } from '../src/bytes.js';
import { kdfPi } from '../src/crypto/kdf.js';
import { replayRandom } from '../src/crypto/random.js';
import { CccdError } from '../src/errors.js';
import { withSecureMessaging } from '../src/sm/index.js';
import { scriptedTransport } from './helpers/fake-chip-script.js';
import { hexOf, vector } from './helpers/vectors.js';

const FILE = 'icao9303-11-appendix-g-pace-gm.json';
const G1 = vector(FILE, 'icao9303-11.G.1.pace-ecdh-gm');
const G1_APDUS = vector(FILE, 'icao9303-11.G.1.apdus');
const G2 = vector(FILE, 'icao9303-11.G.2.pace-dh-gm');
const G2_APDUS = vector(FILE, 'icao9303-11.G.2.apdus');
const MRZ = { kind: 'mrz', mrz: { documentNumber: 'T22000129', birthDate: '640812', expiryDate: '101031' } } as const;
const ECDH_GM_AES128 = '0.4.0.127.0.7.2.2.4.2.2';
const DH_GM_AES128 = '0.4.0.127.0.7.2.2.4.1.2';

function chipFor(apdus: Record<string, string>, overrides: Partial<Record<string, string>> = {}) {
  const r = { ...apdus, ...overrides } as Record<string, string>;
  return scriptedTransport([
    { command: r.mse_set_at as string, response: '9000' },
    { command: r.ga1_capdu as string, response: r.ga1_rapdu as string },
    { command: r.ga2_capdu as string, response: r.ga2_rapdu as string },
    { command: r.ga3_capdu as string, response: r.ga3_rapdu as string },
    { command: r.ga4_capdu as string, response: r.ga4_rapdu as string },
  ]);
}

describe('ICAO 9303-11 Appendix G.1: PACE ECDH Generic Mapping on brainpoolP256r1', () => {
  it('derives Kπ from the MRZ information', () => {
    expect(toHex(passwordBytes(MRZ))).toBe(G1.k_pi_seed);
    expect(toHex(kdfPi(passwordBytes(MRZ), 'AES-128'))).toBe(G1.k_pi);
  });

  it('computes H and the mapped generator of the worked example', () => {
    const group = standardizedGroup(13);
    const h = group.multiply(group.decode(hexOf(G1, 'pk_map_ic')), bytesToBigInt(hexOf(G1, 'sk_map_ifd')));
    expect(toHex(group.encode(h))).toBe(G1.shared_secret_h);
    const mapped = group.add(group.multiply(group.generator, bytesToBigInt(hexOf(G1, 'nonce_s'))), h);
    expect(toHex(group.encode(mapped))).toBe(G1.mapped_generator);
  });

  it('builds the authentication token inputs', () => {
    expect(toHex(authenticationTokenInput(ECDH_GM_AES128, 'ECDH', hexOf(G1, 'pk_ic')))).toBe(G1.t_ifd_input);
    expect(toHex(authenticationTokenInput(ECDH_GM_AES128, 'ECDH', hexOf(G1, 'pk_ifd')))).toBe(G1.t_ic_input);
  });

  it('sends every APDU of the worked example byte for byte and derives KSenc and KSmac', async () => {
    const chip = chipFor(G1_APDUS);
    const result = await performPace(chip, {
      protocol: ECDH_GM_AES128,
      password: MRZ,
      domainParameters: 13,
      random: replayRandom(hexOf(G1, 'sk_map_ifd'), hexOf(G1, 'sk_ifd')),
    });
    expect(chip.remaining()).toBe(0);
    expect(toHex(result.keys.ksEnc)).toBe(G1.ksenc);
    expect(toHex(result.keys.ksMac)).toBe(G1.ksmac);
    expect(toHex(result.keys.ssc)).toBe(G1.ssc_after_pace);
    expect(result.keys.suite).toBe('AES-128');
    expect(toHex(result.terminalPublicKey)).toBe(G1.pk_ifd);
    expect(toHex(result.chipPublicKey)).toBe(G1.pk_ic);
    expect(result.algorithm).toMatchObject({ mapping: 'GM', agreement: 'ECDH', cipher: 'AES', keyLength: 128 });
    expect(result.password).toBe('mrz');
    expect(result.domainParameterId).toBe(13);
    expect(result.chipAuthentication).toBeUndefined();
  });

  it('hands secure messaging keys that protect SELECT EF.COM as the published AES example does', async () => {
    const SM = vector('icao9303-11-kdf-and-aes-sm.json', 'pm3.aes-sm.icao-G1-keys');
    const chip = scriptedTransport([
      { command: G1_APDUS.mse_set_at as string, response: '9000' },
      { command: G1_APDUS.ga1_capdu as string, response: G1_APDUS.ga1_rapdu as string },
      { command: G1_APDUS.ga2_capdu as string, response: G1_APDUS.ga2_rapdu as string },
      { command: G1_APDUS.ga3_capdu as string, response: G1_APDUS.ga3_rapdu as string },
      { command: G1_APDUS.ga4_capdu as string, response: G1_APDUS.ga4_rapdu as string },
      { command: SM.select_protected_capdu as string, response: `990290008E08${SM.select_resp_cc_over_99029000}9000` },
    ]);
    const result = await performPace(chip, {
      protocol: ECDH_GM_AES128,
      password: MRZ,
      domainParameters: 13,
      random: replayRandom(hexOf(G1, 'sk_map_ifd'), hexOf(G1, 'sk_ifd')),
    });
    const secure = withSecureMessaging(chip, result.keys);
    expect(toHex(await secure.transmit(fromHex('00A4020C02011E')))).toBe('9000');
    expect(chip.sent.at(-1)).toBe(SM.select_protected_capdu);
  });

  it("sends the domain parameter reference 84 when asked (gmrtd's form of MSE:Set AT)", async () => {
    const chip = chipFor(G1_APDUS, { mse_set_at: '0022C1A412800A04007F0007020204020283010184010D' });
    await performPace(chip, {
      protocol: ECDH_GM_AES128,
      password: MRZ,
      domainParameters: 13,
      domainParameterReference: 13,
      random: replayRandom(hexOf(G1, 'sk_map_ifd'), hexOf(G1, 'sk_ifd')),
    });
    expect(chip.remaining()).toBe(0);
  });

  it('rejects a chip authentication token that does not verify, at general-authenticate-4', async () => {
    const chip = chipFor(G1_APDUS, { ga4_rapdu: '7C0A86083ABB9674BCE93C099000' });
    const run = performPace(chip, {
      protocol: ECDH_GM_AES128,
      password: MRZ,
      domainParameters: 13,
      random: replayRandom(hexOf(G1, 'sk_map_ifd'), hexOf(G1, 'sk_ifd')),
    });
    await expect(run).rejects.toMatchObject({ code: 'AUTH_FAILED', protocol: 'PACE', step: 'general-authenticate-4' });
  });

  it('reports a wrong password as the 6300 of general-authenticate-4', async () => {
    const chip = chipFor(G1_APDUS, { ga4_rapdu: '6300' });
    const run = performPace(chip, {
      protocol: ECDH_GM_AES128,
      password: MRZ,
      domainParameters: 13,
      random: replayRandom(hexOf(G1, 'sk_map_ifd'), hexOf(G1, 'sk_ifd')),
    });
    await expect(run).rejects.toMatchObject({ code: 'AUTH_FAILED', step: 'general-authenticate-4', sw: 0x6300 });
  });

  it('rejects a chip mapping key that is not on the curve', async () => {
    const bad = (G1_APDUS.ga2_rapdu as string).replace(/54 ?9000$/, '559000');
    const chip = chipFor(G1_APDUS, { ga2_rapdu: bad });
    const run = performPace(chip, {
      protocol: ECDH_GM_AES128,
      password: MRZ,
      domainParameters: 13,
      random: replayRandom(hexOf(G1, 'sk_map_ifd'), hexOf(G1, 'sk_ifd')),
    });
    await expect(run).rejects.toMatchObject({ code: 'AUTH_FAILED', step: 'general-authenticate-2' });
  });

  it("rejects a chip that echoes the terminal's ephemeral public key", async () => {
    const echo = `7C4384${(G1_APDUS.ga3_capdu as string).slice(16, 16 + 2 * 0x43 - 2)}9000`;
    const chip = chipFor(G1_APDUS, { ga3_rapdu: echo });
    const run = performPace(chip, {
      protocol: ECDH_GM_AES128,
      password: MRZ,
      domainParameters: 13,
      random: replayRandom(hexOf(G1, 'sk_map_ifd'), hexOf(G1, 'sk_ifd')),
    });
    await expect(run).rejects.toMatchObject({ code: 'AUTH_FAILED', step: 'general-authenticate-3' });
  });

  it('fails at mse-set-at with the status word when the chip refuses the protocol', async () => {
    const chip = scriptedTransport([{ command: G1_APDUS.mse_set_at as string, response: '6A80' }]);
    const run = performPace(chip, { protocol: ECDH_GM_AES128, password: MRZ, domainParameters: 13 });
    await expect(run).rejects.toMatchObject({ code: 'AUTH_FAILED', step: 'mse-set-at', sw: 0x6a80 });
  });

  it('refuses an OID that is not a PACE protocol', async () => {
    const chip = scriptedTransport([]);
    const run = performPace(chip, { protocol: '0.4.0.127.0.7.2.2.3.2.2', password: MRZ, domainParameters: 13 });
    await expect(run).rejects.toMatchObject({ code: 'CRYPTO_UNSUPPORTED' });
  });
});

describe('ICAO 9303-11 Appendix G.2: PACE DH Generic Mapping on the 1024-bit MODP group', () => {
  it('computes h and the mapped generator of the worked example', () => {
    const group = standardizedGroup(0);
    const h = group.multiply(group.decode(hexOf(G2, 'pk_map_ic')), bytesToBigInt(hexOf(G2, 'sk_map_ifd')));
    expect(toHex(group.encode(h))).toBe(G2.shared_secret_h);
    const mapped = group.add(group.multiply(group.generator, bytesToBigInt(hexOf(G2, 'nonce_s'))), h);
    expect(toHex(group.encode(mapped))).toBe(G2.mapped_generator);
  });

  it('builds the DH authentication token inputs with tag 84', () => {
    expect(toHex(authenticationTokenInput(DH_GM_AES128, 'DH', hexOf(G2, 'pk_ic')))).toBe(G2.t_ifd_input);
    expect(toHex(authenticationTokenInput(DH_GM_AES128, 'DH', hexOf(G2, 'pk_ifd')))).toBe(G2.t_ic_input);
  });

  it('sends every APDU of the worked example byte for byte and derives KSenc and KSmac', async () => {
    const chip = chipFor(G2_APDUS, { mse_set_at_rapdu: '9000' });
    const result = await performPace(chip, {
      protocol: DH_GM_AES128,
      password: MRZ,
      domainParameters: 0,
      random: replayRandom(hexOf(G2, 'sk_map_ifd'), hexOf(G2, 'sk_ifd')),
    });
    expect(chip.remaining()).toBe(0);
    expect(toHex(result.keys.ksEnc)).toBe(G2.ksenc);
    expect(toHex(result.keys.ksMac)).toBe(G2.ksmac);
    expect(toHex(result.terminalPublicKey)).toBe(G2.pk_ifd);
    expect(result.algorithm).toMatchObject({ mapping: 'GM', agreement: 'DH' });
  });

  it("accepts a chip's certification authority reference 87 in step 4 (dmrtd's EAC chip)", async () => {
    const chip = chipFor(G2_APDUS, { ga4_rapdu: `${G2_APDUS.ga4_rapdu_with_car_dmrtd}9000` });
    const result = await performPace(chip, {
      protocol: DH_GM_AES128,
      password: MRZ,
      domainParameters: 0,
      random: replayRandom(hexOf(G2, 'sk_map_ifd'), hexOf(G2, 'sk_ifd')),
    });
    expect(result.certificationAuthorityReferences.map(toHex)).toEqual(['444554455354435643413030303033']);
  });

  it('rejects a DH public key outside the prime-order subgroup', async () => {
    const one = `7C8183848180${'0'.repeat(254)}019000`;
    const chip = chipFor(G2_APDUS, { ga3_rapdu: one });
    const run = performPace(chip, {
      protocol: DH_GM_AES128,
      password: MRZ,
      domainParameters: 0,
      random: replayRandom(hexOf(G2, 'sk_map_ifd'), hexOf(G2, 'sk_ifd')),
    });
    await expect(run).rejects.toMatchObject({ code: 'AUTH_FAILED', step: 'general-authenticate-3' });
  });
});

describe('PACE against a hostile chip', () => {
  it('ends with a typed error whatever a chip answers at any step (property)', async () => {
    const steps = ['ga1_rapdu', 'ga2_rapdu', 'ga3_rapdu', 'ga4_rapdu'] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...steps),
        fc.oneof(
          fc.uint8Array({ maxLength: 80 }).map((b) => `${toHex(b)}9000`),
          fc
            .uint8Array({ minLength: 1, maxLength: 70 })
            .map((b) => `7C${toHex(Uint8Array.of(b.length))}${toHex(b)}9000`),
          fc.integer({ min: 0x6000, max: 0x6fff }).map((sw) => sw.toString(16)),
        ),
        async (step, response) => {
          const chip = chipFor(G1_APDUS, { [step]: response });
          const error = await performPace(chip, {
            protocol: ECDH_GM_AES128,
            password: MRZ,
            domainParameters: 13,
            random: replayRandom(hexOf(G1, 'sk_map_ifd'), hexOf(G1, 'sk_ifd')),
          }).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(error).toBeInstanceOf(CccdError);
          expect((error as CccdError).code).toBe('AUTH_FAILED');
        },
      ),
      { numRuns: 60 },
    );
  });
});
