// ICAO 9303-11 §4.4 and App. G, H, I: the chip's side of PACE replayed with the published nonces and keys. Every
// response APDU the appendices print is reproduced byte for byte from the published terminal commands.
import { describe, expect, it } from 'vitest';
import { decodeCommand } from '../src/apdu/command.js';
import { encodeResponse } from '../src/apdu/response.js';
import { asciiToBytes, bytesToBigInt, fromHex, numberToBytes, toHex } from '../src/bytes.js';
import { type PaceFaults, PaceResponder } from '../src/card/protocols/pace.js';
import { integratedMappingPrf } from '../src/card/protocols/pace-mapping.js';
import { SW } from '../src/card/protocols/status.js';
import { hash } from '../src/crypto/hash.js';
import { replayRandom } from '../src/crypto/random.js';
import { modInverse } from '../src/crypto/rsa-core.js';
import { hexOf, vector } from './helpers/vectors.js';

const G = 'icao9303-11-appendix-g-pace-gm.json';
const H = 'icao9303-11-appendix-h-pace-im.json';
const g1 = vector(G, 'icao9303-11.G.1.pace-ecdh-gm');
const g1Apdus = vector(G, 'icao9303-11.G.1.apdus');
const g2 = vector(G, 'icao9303-11.G.2.pace-dh-gm');
const g2Apdus = vector(G, 'icao9303-11.G.2.apdus');
const h1 = vector(H, 'icao9303-11.H.1.pace-ecdh-im');
const h1Apdus = vector(H, 'icao9303-11.H.1.apdus');
const h2 = vector(H, 'icao9303-11.H.2.pace-dh-im');
const group0 = vector(G, 'rfc5114.modp1024-160');

const mrzKey = hash('SHA-1', asciiToBytes(g1.mrz_information_text as string));

/** Chip private keys printed in the appendices but not in the shared vector files (ICAO 9303-11 App. H.1, H.2). */
const H1_SK_IC = fromHex('107CF58696EF6155053340FD633392BA81909DF7B9706F226F32086C7AFF974A');
const H2_SK_IC = fromHex(
  '020F018C7284B047FA7721A337EFB7ACB1440BB30C5252BD41C97C30C994BB78E9F0C5B32744D84017D21FFA6878396A6469CA28' +
    '3EF5C000DAF7D261A39AB8860ED4610AB5343390897AAB5A7787E4FAEFA0649C6A94FDF82D991E8E3FC332F5142729E7040A3F7D' +
    '5A4D3CD75CBEE1F043C1CAD2DD484FEB4ED22B597D36688E',
);

/** Sends one published command APDU to the chip and returns the response APDU as hex. */
function exchange(chip: PaceResponder, capdu: string): string {
  const command = decodeCommand(fromHex(capdu));
  if (command.ins === 0x22) return toHex(encodeResponse(new Uint8Array(0), chip.mseSetAt(command.data)));
  const r = chip.generalAuthenticate(command.data, (command.cla & 0x10) !== 0);
  return toHex(encodeResponse(r.data, r.sw));
}

function mseSetAt(oidHex: string, reference = 1, parameterId?: number): Uint8Array {
  const oidValue = fromHex(oidHex);
  const parts = [0x80, oidValue.length, ...oidValue, 0x83, 1, reference];
  if (parameterId !== undefined) parts.push(0x84, 1, parameterId);
  return Uint8Array.from(parts);
}

/** The DH private exponent reduced modulo q, the form a chip draws (the public key is the same). */
function reduceModQ(sk: Uint8Array): Uint8Array {
  const q = bytesToBigInt(hexOf(group0, 'q'));
  return numberToBytes(bytesToBigInt(sk) % q, 20);
}

describe('ICAO 9303-11 App. G.1: PACE ECDH generic mapping on brainpoolP256r1, card side', () => {
  const chip = () =>
    new PaceResponder({
      protocols: [{ oid: g1.pace_oid_text as string, domain: 13 }],
      passwords: { mrz: mrzKey },
      random: replayRandom(hexOf(g1, 'nonce_s'), hexOf(g1, 'sk_map_ic'), hexOf(g1, 'sk_ic')),
    });

  it('answers every published command with the published response', () => {
    const pace = chip();
    for (const step of ['mse_set_at', 'ga1', 'ga2', 'ga3', 'ga4']) {
      const capdu = g1Apdus[step === 'mse_set_at' ? step : `${step}_capdu`] as string;
      const rapdu = g1Apdus[step === 'mse_set_at' ? 'mse_set_at_rapdu' : `${step}_rapdu`] as string;
      expect(exchange(pace, capdu), step).toBe(rapdu);
    }
  });

  it('accepts MSE:Set AT with the domain parameter reference 84 0D', () => {
    const pace = chip();
    expect(pace.mseSetAt(mseSetAt(g1.pace_oid as string, 1, 13))).toBe(SW.OK);
    expect(exchange(pace, g1Apdus.ga1_capdu as string)).toBe(g1Apdus.ga1_rapdu);
  });

  it('hands over the published session keys with a zero SSC after the last step', () => {
    const pace = chip();
    let last: ReturnType<PaceResponder['generalAuthenticate']> | undefined;
    pace.mseSetAt(decodeCommand(fromHex(g1Apdus.mse_set_at as string)).data);
    for (const step of ['ga1', 'ga2', 'ga3', 'ga4']) {
      const c = decodeCommand(fromHex(g1Apdus[`${step}_capdu`] as string));
      last = pace.generalAuthenticate(c.data, (c.cla & 0x10) !== 0);
    }
    expect(last?.established?.protocol).toBe('PACE');
    expect(last?.established?.cipher).toBe('AES-128');
    expect(toHex(last!.established!.ksEnc)).toBe(g1.ksenc);
    expect(toHex(last!.established!.ksMac)).toBe(g1.ksmac);
    expect(toHex(last!.established!.ssc)).toBe(g1.ssc_after_pace);
    expect(last?.info?.passwordReference).toBe(1);
    expect(pace.active).toBe(false);
  });
});

describe('ICAO 9303-11 App. G.2: PACE DH generic mapping on the 1024-bit MODP group, card side', () => {
  it('answers every published command with the published response', () => {
    const pace = new PaceResponder({
      protocols: [{ oid: '0.4.0.127.0.7.2.2.4.1.2', domain: 0 }],
      passwords: { mrz: mrzKey },
      random: replayRandom(hexOf(g2, 'nonce_s'), hexOf(g2, 'sk_map_ic'), hexOf(g2, 'sk_ic')),
    });
    expect(exchange(pace, g2Apdus.mse_set_at as string)).toBe('9000');
    for (const step of ['ga1', 'ga2', 'ga3', 'ga4']) {
      expect(exchange(pace, g2Apdus[`${step}_capdu`] as string), step).toBe(g2Apdus[`${step}_rapdu`]);
    }
  });
});

describe('ICAO 9303-11 §4.4.5: Certification Authority References after a CHAT', () => {
  it("answers the last step with the CAR '87' when MSE:Set AT carried a CHAT, as dmrtd's G.2 run shows", () => {
    const pace = new PaceResponder({
      protocols: [{ oid: '0.4.0.127.0.7.2.2.4.1.2', domain: 0 }],
      passwords: { mrz: mrzKey },
      certificationAuthorityReferences: [asciiToBytes('DETESTCVCA00003')],
      random: replayRandom(hexOf(g2, 'nonce_s'), hexOf(g2, 'sk_map_ic'), hexOf(g2, 'sk_ic')),
    });
    // CHAT of an inspection system (id-IS 0.4.0.127.0.7.3.1.2.1), all access bits set.
    const chat = fromHex('7F4C0E060904007F000703010201530103');
    const mse = decodeCommand(fromHex(g2Apdus.mse_set_at as string)).data;
    expect(pace.mseSetAt(Uint8Array.from([...mse, ...chat]))).toBe(SW.OK);
    for (const step of ['ga1', 'ga2', 'ga3']) exchange(pace, g2Apdus[`${step}_capdu`] as string);
    expect(exchange(pace, g2Apdus.ga4_capdu as string)).toBe(`${g2Apdus.ga4_rapdu_with_car_dmrtd}9000`);
  });
});

describe('PACE configuration errors surface when the chip is built', () => {
  it('refuses PACE-IM on secp224r1, where the App. B point encoding does not apply (p ≡ 1 mod 4)', () => {
    expect(
      () =>
        new PaceResponder({
          protocols: [{ oid: '0.4.0.127.0.7.2.2.4.4.2', domain: 10 }],
          passwords: { can: '123456' },
          random: replayRandom(),
        }),
    ).toThrow(expect.objectContaining({ code: 'CRYPTO_UNSUPPORTED' }));
  });

  it('refuses an ECDH protocol on DH domain parameters and a reserved parameter ID', () => {
    for (const domain of [0, 5]) {
      expect(
        () =>
          new PaceResponder({
            protocols: [{ oid: g1.pace_oid_text as string, domain }],
            passwords: { can: '123456' },
            random: replayRandom(),
          }),
      ).toThrow(expect.objectContaining({ code: 'CRYPTO_UNSUPPORTED' }));
    }
  });
});

describe('ICAO 9303-11 App. H.1: PACE ECDH integrated mapping, card side', () => {
  it('computes the published R(s,t) and R_p(s,t)', () => {
    const r = integratedMappingPrf(
      'AES-128',
      hexOf(h1, 'nonce_s'),
      hexOf(h1, 'nonce_t'),
      bytesToBigInt(BRAINPOOL_P256_P),
    );
    expect(toHex(r)).toBe(h1.r_s_t);
    expect(toHex(numberToBytes(bytesToBigInt(r) % bytesToBigInt(BRAINPOOL_P256_P), 32))).toBe(h1.rp_s_t);
  });

  it('answers every published command with the published response (7C 02 82 00 at the mapping step)', () => {
    // App. H.1 states Kπ directly; the password behind it is the CAN-style string of the BSI example (see vector note).
    const pace = new PaceResponder({
      protocols: [{ oid: '0.4.0.127.0.7.2.2.4.4.2', domain: 13 }],
      passwords: { can: '123456' },
      random: replayRandom(hexOf(h1, 'nonce_s'), H1_SK_IC),
    });
    expect(pace.mseSetAt(mseSetAt(h1.pace_oid as string, 2))).toBe(SW.OK);
    expect(exchange(pace, h1Apdus.ga1_capdu as string)).toBe(h1Apdus.ga1_rapdu);
    expect(exchange(pace, h1Apdus.ga2_capdu as string)).toBe('7C0282009000');
    expect(exchange(pace, h1Apdus.ga3_capdu as string)).toBe(h1Apdus.ga3_rapdu);
    expect(exchange(pace, h1Apdus.ga4_capdu as string)).toBe(h1Apdus.ga4_rapdu);
  });
});

describe('ICAO 9303-11 App. H.2: PACE DH integrated mapping, card side', () => {
  it('computes the published R(s,t) and R_p(s,t)', () => {
    const p = bytesToBigInt(hexOf(group0, 'p'));
    const r = integratedMappingPrf('AES-128', hexOf(h2, 'nonce_s'), hexOf(h2, 'nonce_t'), p);
    expect(toHex(r)).toBe(h2.r_s_t);
    expect(toHex(numberToBytes(bytesToBigInt(r) % p, 128))).toBe(h2.rp_s_t);
  });

  it('answers the published commands with the published nonce, public key and token', () => {
    const pace = new PaceResponder({
      protocols: [{ oid: '0.4.0.127.0.7.2.2.4.3.2', domain: 0 }],
      passwords: { can: '123456' },
      random: replayRandom(hexOf(h2, 'nonce_s'), reduceModQ(H2_SK_IC)),
    });
    expect(pace.mseSetAt(mseSetAt(h2.pace_oid as string, 2))).toBe(SW.OK);
    expect(exchange(pace, '10860000027C0000')).toBe(`7C128010${h2.encrypted_nonce_z}9000`);
    expect(exchange(pace, h2.ga2_capdu as string)).toBe('7C0282009000');
    expect(exchange(pace, h2.ga3_capdu as string)).toBe(`7C8183848180${h2.pk_ic}9000`);
    expect(exchange(pace, h2.ga4_capdu as string)).toBe(h2.ga4_rapdu);
  });
});

/** ICAO 9303-11 App. I.1 (PACE-CAM, ECDH brainpoolP256r1, AES-128), as printed; not yet in the shared vector set. */
const I1 = {
  mrzKey: '894D03F148C6265E89845B218856EA34D00EF8E8',
  oid: '04007F00070202040602',
  nonceS: '658B860BC94DF6F044FCE6D5C82CF8E5',
  skMapIc: '9E56A6B59C95D06ECE5CD10F983BB2F4F1943528E577F23881D89D8C3BBEE0AA',
  skIc: 'CD626EF3C256E235FE8912CAC28279E626008EDA6B3A05C4CF862A3BDAB79E78',
  caIc: '85DC3FA93D0952BFA82F5FD189EE75BD82F11D1F0B8ED4BF5319AC9B53C426B3',
  mse: '0022C1A40F800A04007F00070202040602830101',
  ga1: '10860000027C0000',
  ga1Response: '7C128010CB60E8E0D85B76A9BD304747C2AD42E29000',
  ga2:
    '10860000457C438141047F1D410ADB7DDB3B84BF1030800981A9105D7457B4A3ADE002384F3086C67EDE1AB889104A27DB6D842B0190' +
    '20FBF3CEACB0DC627F7BDCAC29969E19D0E553C100',
  ga2Response:
    '7C43824104A234236AA9B9621E8EFB73B5245C0E09D2576E5277183C1208BDD55280CAE8B304F365713A356E65A451E165ECC9AC0A' +
    'C46E3771342C8FE5AEDD092685338E239000',
  ga3:
    '10860000457C43834104446C934084D9DAB863944F219520076C29EE3F7AE6722B11FF319EC1C7728F955483400BFF60BF0C59292700' +
    '09277DC2A515E12575010AD9BA916CF1BF86FEFC00',
  ga3Response:
    '7C4384410402AD566F3C6EC7F9324509AD50A51FA52030782A4968FCFEDF737DAEA993333111C3B9B4C2287789BD137E7F8AA882E2' +
    'A3C633CCD6ECC2C63C57AD401A09C2E19000',
  ga4: '008600000C7C0A8508E86BD06018A1CD3B00',
  ga4Response:
    '7C3C86088596CF055C67C1A38A301EEA964DAAE372AC990E3EFDE6333353BFC89A6704D93DA8798CF77F5B7A54BD10CBA372B42BE0' +
    'B9B5F28AA8DE2F4F929000',
};

/** brainpoolP256r1 (RFC 5639 §3.4) p and n, as App. H.1 and I.1 print them. */
const BRAINPOOL_P256_P = fromHex('A9FB57DBA1EEA9BC3E660A909D838D726E3BF623D52620282013481D1F6E5377');
const BRAINPOOL_P256_N = fromHex('A9FB57DBA1EEA9BC3E660A909D838D718C397AA3B561A6F7901E0E82974856A7');

describe('ICAO 9303-11 App. I.1: PACE ECDH chip authentication mapping, card side', () => {
  // App. I prints CA_IC and SK_Map,IC but not the static key SK_IC; §4.4.3.5.1 CA_IC = SK_IC^-1 · SK_Map,IC gives it.
  const n = bytesToBigInt(BRAINPOOL_P256_N);
  const staticKey = (bytesToBigInt(fromHex(I1.skMapIc)) * modInverse(bytesToBigInt(fromHex(I1.caIc)), n)) % n;

  it('answers every published command with the published response, including A_IC', () => {
    const pace = new PaceResponder({
      protocols: [{ oid: '0.4.0.127.0.7.2.2.4.6.2', domain: 13 }],
      passwords: { mrz: fromHex(I1.mrzKey) },
      chipAuthenticationKey: staticKey,
      // App. I.1 prints an SK_DH,IC above n; a chip draws keys below n, and (SK mod n) · Ĝ is the same point.
      random: replayRandom(
        fromHex(I1.nonceS),
        fromHex(I1.skMapIc),
        numberToBytes(bytesToBigInt(fromHex(I1.skIc)) % n, 32),
      ),
    });
    expect(exchange(pace, I1.mse)).toBe('9000');
    expect(exchange(pace, I1.ga1)).toBe(I1.ga1Response);
    expect(exchange(pace, I1.ga2)).toBe(I1.ga2Response);
    expect(exchange(pace, I1.ga3)).toBe(I1.ga3Response);
    expect(exchange(pace, I1.ga4)).toBe(I1.ga4Response);
  });

  it('refuses PACE-CAM with 6A88 when the chip has no Chip Authentication key', () => {
    const pace = new PaceResponder({
      protocols: [{ oid: '0.4.0.127.0.7.2.2.4.6.2', domain: 13 }],
      passwords: { mrz: fromHex(I1.mrzKey) },
      random: replayRandom(),
    });
    expect(exchange(pace, I1.mse)).toBe('6A88');
  });
});

/** The G.1 chip, with its published randomness, a password and fault switches of our choosing. */
function g1Chip(options: { faults?: PaceFaults; random?: Uint8Array[] } = {}) {
  return new PaceResponder({
    protocols: [{ oid: g1.pace_oid_text as string, domain: 13 }],
    passwords: { mrz: mrzKey },
    random: replayRandom(...(options.random ?? [hexOf(g1, 'nonce_s'), hexOf(g1, 'sk_map_ic'), hexOf(g1, 'sk_ic')])),
    faults: options.faults,
  });
}

function runG1(pace: PaceResponder, upTo = 4): string[] {
  const out = [exchange(pace, g1Apdus.mse_set_at as string)];
  for (const step of ['ga1', 'ga2', 'ga3', 'ga4'].slice(0, upTo))
    out.push(exchange(pace, g1Apdus[`${step}_capdu`] as string));
  return out;
}

const OTHER_NONCE = fromHex('00112233445566778899AABBCCDDEEFF');
const swOf = (rapdu: string | undefined) => rapdu?.slice(-4);

describe('ICAO 9303-11 §4.4.4: PACE rejections, card side', () => {
  it('answers 6300 at the token step when the terminal decrypted another nonce (a wrong password), establishing nothing', () => {
    // With a wrong password the terminal decrypts z into some s' ≠ s; replaying the G.1 terminal (which used s)
    // against a chip that drew another s is exactly that situation.
    const pace = g1Chip({ random: [OTHER_NONCE, hexOf(g1, 'sk_map_ic'), hexOf(g1, 'sk_ic')] });
    pace.mseSetAt(decodeCommand(fromHex(g1Apdus.mse_set_at as string)).data);
    const results = ['ga1', 'ga2', 'ga3', 'ga4'].map((step) => {
      const c = decodeCommand(fromHex(g1Apdus[`${step}_capdu`] as string));
      return pace.generalAuthenticate(c.data, (c.cla & 0x10) !== 0);
    });
    expect(results.map((r) => r.sw)).toEqual([SW.OK, SW.OK, SW.OK, SW.AUTHENTICATION_FAILED]);
    expect(results[3]?.established).toBeUndefined();
    expect(results[3]?.data.length).toBe(0);
    expect(pace.active).toBe(false);
  });

  it('answers 6985 to GENERAL AUTHENTICATE before MSE:Set AT', () => {
    expect(exchange(g1Chip(), g1Apdus.ga1_capdu as string)).toBe('6985');
  });

  it('answers 6985 to a step out of order and resets, so that the next step also needs a new MSE:Set AT', () => {
    const pace = g1Chip();
    exchange(pace, g1Apdus.mse_set_at as string);
    expect(exchange(pace, g1Apdus.ga2_capdu as string)).toBe('6985');
    expect(pace.active).toBe(false);
    expect(exchange(pace, g1Apdus.ga1_capdu as string)).toBe('6985');
  });

  it('answers 6985 to a step sent without command chaining, and to the last step sent with it', () => {
    const pace = g1Chip();
    exchange(pace, g1Apdus.mse_set_at as string);
    expect(pace.generalAuthenticate(fromHex('7C00'), false).sw).toBe(SW.CONDITIONS_NOT_SATISFIED);
    const last = g1Chip();
    const steps = runG1(last, 3);
    expect(steps.map(swOf)).toEqual(['9000', '9000', '9000', '9000']);
    const t = decodeCommand(fromHex(g1Apdus.ga4_capdu as string));
    expect(last.generalAuthenticate(t.data, true).sw).toBe(SW.CONDITIONS_NOT_SATISFIED);
  });

  it('answers 6A80 to MSE:Set AT with an OID it does not offer, a Chip Authentication OID, or no OID', () => {
    const pace = g1Chip();
    expect(pace.mseSetAt(mseSetAt('04007F00070202040204'))).toBe(SW.INCORRECT_DATA);
    expect(pace.mseSetAt(mseSetAt('04007F00070202030202'))).toBe(SW.INCORRECT_DATA);
    expect(pace.mseSetAt(fromHex('830101'))).toBe(SW.INCORRECT_DATA);
    expect(pace.mseSetAt(fromHex('800A04007F000702020402'))).toBe(SW.INCORRECT_DATA);
    expect(pace.mseSetAt(fromHex('FF'))).toBe(SW.INCORRECT_DATA);
  });

  it('answers 6A80 to an unknown password reference and 6A88 to a password the chip does not hold', () => {
    const pace = g1Chip();
    expect(pace.mseSetAt(mseSetAt(g1.pace_oid as string, 9))).toBe(SW.INCORRECT_DATA);
    expect(pace.mseSetAt(mseSetAt(g1.pace_oid as string, 2))).toBe(SW.REFERENCED_DATA_NOT_FOUND);
    expect(pace.mseSetAt(mseSetAt(g1.pace_oid as string, 3))).toBe(SW.REFERENCED_DATA_NOT_FOUND);
  });

  it('answers 6A88 to a domain parameter reference it does not offer', () => {
    expect(g1Chip().mseSetAt(mseSetAt(g1.pace_oid as string, 1, 12))).toBe(SW.REFERENCED_DATA_NOT_FOUND);
  });

  it('ignores data objects it does not know in MSE:Set AT (§4.4.4.1 Note 2)', () => {
    const data = Uint8Array.from([...mseSetAt(g1.pace_oid as string, 1), 0x5f, 0x20, 0x01, 0x00]);
    expect(g1Chip().mseSetAt(data)).toBe(SW.OK);
  });

  it('answers 6A80 to a mapping key that is not on the curve and resets', () => {
    const pace = g1Chip();
    exchange(pace, g1Apdus.mse_set_at as string);
    exchange(pace, g1Apdus.ga1_capdu as string);
    const bad = fromHex(g1Apdus.ga2_capdu as string);
    bad[bad.length - 2] = (bad[bad.length - 2] as number) ^ 0x01;
    expect(exchange(pace, toHex(bad))).toBe('6A80');
    expect(pace.active).toBe(false);
  });

  it("answers 6A80 when the terminal's ephemeral key equals the chip's", () => {
    const pace = g1Chip();
    runG1(pace, 2);
    const echo = `10860000457C438341${g1.pk_ic}00`;
    expect(exchange(pace, echo)).toBe('6A80');
  });

  it('answers 6A80 to a key agreement key that is not on the curve', () => {
    const pace = g1Chip();
    runG1(pace, 2);
    const bad = fromHex(g1Apdus.ga3_capdu as string);
    bad[10] = (bad[10] as number) ^ 0x01;
    expect(exchange(pace, toHex(bad))).toBe('6A80');
  });

  it('answers 6A80 to dynamic authentication data that is not one 7C object', () => {
    const pace = g1Chip();
    exchange(pace, g1Apdus.mse_set_at as string);
    expect(pace.generalAuthenticate(fromHex('7D00'), true).sw).toBe(SW.INCORRECT_DATA);
    exchange(pace, g1Apdus.mse_set_at as string);
    expect(pace.generalAuthenticate(fromHex('7C0099'), true).sw).toBe(SW.INCORRECT_DATA);
  });
});

describe('PACE fault switches for hostile-chip tests', () => {
  it('establishes a session despite a wrong password when acceptWrongToken is set', () => {
    const pace = g1Chip({
      faults: { acceptWrongToken: true },
      random: [OTHER_NONCE, hexOf(g1, 'sk_map_ic'), hexOf(g1, 'sk_ic')],
    });
    pace.mseSetAt(mseSetAt(g1.pace_oid as string, 1));
    for (const step of ['ga1', 'ga2', 'ga3']) exchange(pace, g1Apdus[`${step}_capdu`] as string);
    const c = decodeCommand(fromHex(g1Apdus.ga4_capdu as string));
    const r = pace.generalAuthenticate(c.data, false);
    expect(r.sw).toBe(SW.OK);
    expect(r.established).toBeDefined();
  });

  it('answers a wrong token with the configured status word when wrongTokenStatus is set', () => {
    const pace = g1Chip({
      faults: { wrongTokenStatus: 0x9000 },
      random: [OTHER_NONCE, hexOf(g1, 'sk_map_ic'), hexOf(g1, 'sk_ic')],
    });
    pace.mseSetAt(mseSetAt(g1.pace_oid as string, 1));
    for (const step of ['ga1', 'ga2', 'ga3']) exchange(pace, g1Apdus[`${step}_capdu`] as string);
    expect(exchange(pace, g1Apdus.ga4_capdu as string)).toBe('9000');
  });

  it('sends a corrupted T_IC when wrongToken is set', () => {
    const out = runG1(g1Chip({ faults: { wrongToken: true } }));
    expect(swOf(out[4])).toBe('9000');
    expect(out[4]).not.toBe(g1Apdus.ga4_rapdu);
  });

  it('sends the terminal its own key back when echoTerminalKey is set', () => {
    const out = runG1(g1Chip({ faults: { echoTerminalKey: true } }), 3);
    expect(out[3]).toBe(`7C438441${g1.pk_ifd}9000`);
  });

  it('sends a key that is not on the curve when invalidPublicKey is set', () => {
    const out = runG1(g1Chip({ faults: { invalidPublicKey: true } }), 3);
    expect(out[3]?.slice(0, 10)).toBe('7C43844104');
    expect(out[3]).not.toBe(g1Apdus.ga3_rapdu);
  });

  it('encrypts the same nonce in every run when reuseNonce is set', () => {
    const pace = g1Chip({
      faults: { reuseNonce: true },
      random: [hexOf(g1, 'nonce_s'), hexOf(g1, 'sk_map_ic'), hexOf(g1, 'sk_ic')],
    });
    const first = runG1(pace);
    expect(exchange(pace, g1Apdus.mse_set_at as string)).toBe('9000');
    expect(exchange(pace, g1Apdus.ga1_capdu as string)).toBe(first[1]);
  });

  it('answers with the same ephemeral key in every run when reuseEphemeralKey is set', () => {
    const pace = g1Chip({
      faults: { reuseEphemeralKey: true },
      random: [
        hexOf(g1, 'nonce_s'),
        hexOf(g1, 'sk_map_ic'),
        hexOf(g1, 'sk_ic'),
        hexOf(g1, 'nonce_s'),
        hexOf(g1, 'sk_map_ic'),
      ],
    });
    const first = runG1(pace);
    expect(runG1(pace)[3]).toBe(first[3]);
  });

  it('accepts a key agreement key off the curve when acceptInvalidKey is set', () => {
    const pace = g1Chip({ faults: { acceptInvalidKey: true } });
    runG1(pace, 2);
    const bad = fromHex(g1Apdus.ga3_capdu as string);
    bad[10] = (bad[10] as number) ^ 0x01;
    expect(swOf(exchange(pace, toHex(bad)))).toBe('9000');
  });

  it('corrupts A_IC when wrongChipAuthenticationData is set (App. I.1 otherwise)', () => {
    const n = bytesToBigInt(BRAINPOOL_P256_N);
    const pace = new PaceResponder({
      protocols: [{ oid: '0.4.0.127.0.7.2.2.4.6.2', domain: 13 }],
      passwords: { mrz: fromHex(I1.mrzKey) },
      chipAuthenticationKey: (bytesToBigInt(fromHex(I1.skMapIc)) * modInverse(bytesToBigInt(fromHex(I1.caIc)), n)) % n,
      random: replayRandom(
        fromHex(I1.nonceS),
        fromHex(I1.skMapIc),
        numberToBytes(bytesToBigInt(fromHex(I1.skIc)) % n, 32),
      ),
      faults: { wrongChipAuthenticationData: true },
    });
    for (const c of [I1.mse, I1.ga1, I1.ga2, I1.ga3]) exchange(pace, c);
    const last = exchange(pace, I1.ga4);
    expect(last.slice(0, 24)).toBe(I1.ga4Response.slice(0, 24));
    expect(last).not.toBe(I1.ga4Response);
  });
});
