// ICAO 9303-11 §4.2 chip access procedure under an access policy: what may run, in which order, and the
// record of what ran; no silent PACE-to-BAC fallback (a wrong password never leads to BAC).
import { describe, expect, it } from 'vitest';
import { paceOffers } from '../src/access/card-access.js';
import { passwordBytes } from '../src/access/passwords.js';
import { ACCESS_POLICIES, AccessError, accessChip, accessSummary } from '../src/access/policy.js';
import { oid } from '../src/asn1/oids.js';
import { fromHex, toHex } from '../src/bytes.js';
import { NAMED_CURVES } from '../src/crypto/curves.js';
import { replayRandom } from '../src/crypto/random.js';
import { decodeCardAccess } from '../src/lds/card-access.js';
import { decodeAlgorithmIdentifier, encodePublicKeyInfo } from '../src/lds/public-key.js';
import { decodeTlv } from '../src/tlv/index.js';
import type { Transport } from '../src/transport/types.js';
import { fakePaceChip } from './helpers/fake-chip-pace.js';
import { scriptedTransport } from './helpers/fake-chip-script.js';
import { hexOf, vector } from './helpers/vectors.js';

const D3 = vector('icao9303-11-appendix-d-bac.json', 'icao9303-11.D.3.bac-mutual-auth');
const MRZ = { documentNumber: 'L898902C', birthDate: '690806', expiryDate: '940623' };
const GM = oid('id-PACE-ECDH-GM-AES-CBC-CMAC-128');
const IM = oid('id-PACE-ECDH-IM-AES-CBC-CMAC-256');
const CARD_ACCESS = [{ protocol: GM, version: 2, parameterId: 13 }];

/** A chip that answers PACE with the fake PACE chip and BAC with the Appendix D.3 script. */
function chip(options: { can?: string; fault?: 'refuse-protocol'; protocol?: string } = {}) {
  const protocol = options.protocol ?? GM;
  const pace = fakePaceChip({
    protocol,
    parameters: 13,
    passwordReference: 2,
    passwordKey: passwordBytes({ kind: 'can', value: options.can ?? '012345' }),
    fault: options.fault,
  });
  const bac = scriptedTransport([
    { command: D3.get_challenge_capdu as string, response: `${D3.rnd_ic}9000` },
    { command: D3.ext_auth_capdu as string, response: `${D3.ext_auth_resp_data}9000` },
  ]);
  const sent: string[] = [];
  const transport: Transport = {
    info: { name: 'pace+bac' },
    transmit(apdu) {
      sent.push(toHex(apdu));
      return apdu[1] === 0x84 || apdu[1] === 0x82 ? bac.transmit(apdu) : pace.transmit(apdu);
    },
  };
  return { transport, bac, sent };
}

const bacRandom = () => replayRandom(hexOf(D3, 'rnd_ifd'), hexOf(D3, 'k_ifd'));

describe('the access policy', () => {
  it('opens a CCCD with PACE and the CAN, and records that PACE ran', async () => {
    const { transport, bac } = chip();
    const access = await accessChip(transport, {
      policy: ACCESS_POLICIES.cccd,
      credentials: { can: '012345', mrz: MRZ },
      paceInfos: CARD_ACCESS,
    });
    expect(access.method).toEqual({ protocol: 'PACE', password: 'can' });
    expect(access.pace?.algorithm.oid).toBe(GM);
    expect(access.fellBack).toBe(false);
    expect(access.attempts).toEqual([{ method: access.method, outcome: 'succeeded', algorithm: GM }]);
    expect(bac.sent).toEqual([]);
    const summary = accessSummary(access);
    expect(summary).toMatchObject({
      protocol: 'PACE',
      password: 'can',
      algorithm: 'id-PACE-ECDH-GM-AES-CBC-CMAC-128',
      domainParameterId: 13,
      secureMessaging: 'AES-128',
      fellBack: false,
    });
    expect(JSON.stringify(summary)).not.toContain('ksEnc');
  });

  it('never falls back to BAC after a wrong CAN (6300), even when the policy lists BAC', async () => {
    const { transport, bac } = chip({ can: '999999' });
    const error = await accessChip(transport, {
      policy: ACCESS_POLICIES.cccd,
      credentials: { can: '012345', mrz: MRZ },
      paceInfos: CARD_ACCESS,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccessError);
    expect(error).toMatchObject({ code: 'AUTH_FAILED', step: 'general-authenticate-4', sw: 0x6300 });
    expect((error as AccessError).attempts).toMatchObject([
      { method: { protocol: 'PACE', password: 'can' }, outcome: 'failed', sw: 0x6300, step: 'general-authenticate-4' },
    ]);
    expect(bac.sent).toEqual([]);
  });

  it('runs BAC when the chip offers no PACE, and says so', async () => {
    const { transport } = chip();
    const access = await accessChip(transport, {
      policy: ACCESS_POLICIES.cccd,
      credentials: { can: '012345', mrz: MRZ },
      paceInfos: [],
      random: bacRandom(),
    });
    expect(access.method).toEqual({ protocol: 'BAC' });
    expect(access.fellBack).toBe(true);
    expect(toHex(access.keys.ksEnc)).toBe(D3.ksenc);
    expect(access.attempts).toMatchObject([
      { method: { protocol: 'PACE' }, outcome: 'skipped', reason: 'the chip offers no PACE' },
      { method: { protocol: 'BAC' }, outcome: 'succeeded' },
    ]);
  });

  it('moves on when the chip refuses the PACE algorithm in MSE:Set AT, recording the status word', async () => {
    const { transport } = chip({ fault: 'refuse-protocol' });
    const access = await accessChip(transport, {
      policy: ACCESS_POLICIES.cccd,
      credentials: { can: '012345', mrz: MRZ },
      paceInfos: CARD_ACCESS,
      random: bacRandom(),
    });
    expect(access.method.protocol).toBe('BAC');
    expect(access.attempts[0]).toMatchObject({ outcome: 'failed', step: 'mse-set-at', sw: 0x6a80, algorithm: GM });
  });

  it('denies access when the policy allows only PACE and the chip has none', async () => {
    const { transport, bac } = chip();
    const run = accessChip(transport, {
      policy: ACCESS_POLICIES.paceCanOnly,
      credentials: { can: '012345', mrz: MRZ },
      paceInfos: [],
    });
    await expect(run).rejects.toMatchObject({ code: 'POLICY_DENIED', name: 'AccessError' });
    expect(bac.sent).toEqual([]);
  });

  it('skips PACE with a password the holder did not give', async () => {
    const { transport } = chip();
    const access = await accessChip(transport, {
      policy: ACCESS_POLICIES.cccd,
      credentials: { mrz: MRZ },
      paceInfos: CARD_ACCESS,
      random: bacRandom(),
    });
    expect(access.attempts[0]).toMatchObject({ outcome: 'skipped', reason: 'no CAN given' });
    expect(access.method.protocol).toBe('BAC');
  });

  it('skips PACE algorithms the policy excludes and says which', async () => {
    const { transport } = chip();
    const run = accessChip(transport, {
      policy: { methods: [{ protocol: 'PACE', password: 'can' }], paceMappings: ['IM'] },
      credentials: { can: '012345' },
      paceInfos: CARD_ACCESS,
    });
    const error = (await run.catch((e: unknown) => e)) as AccessError;
    expect(error.code).toBe('POLICY_DENIED');
    expect(error.attempts[0]?.reason).toContain('excluded by the policy');
  });

  it('does not run PACE version 1', async () => {
    const { transport } = chip();
    const error = (await accessChip(transport, {
      policy: ACCESS_POLICIES.paceCanOnly,
      credentials: { can: '012345' },
      paceInfos: [{ protocol: GM, version: 1, parameterId: 13 }],
    }).catch((e: unknown) => e)) as AccessError;
    expect(error.code).toBe('POLICY_DENIED');
    expect(error.attempts[0]?.reason).toContain('version 1');
  });

  it('sends the domain parameter reference when the chip offers several PACEInfos, preferring the policy order', async () => {
    const { transport, sent } = chip({ protocol: IM });
    const access = await accessChip(transport, {
      policy: { methods: [{ protocol: 'PACE', password: 'can' }], paceMappings: ['IM', 'GM'] },
      credentials: { can: '012345' },
      paceInfos: [...CARD_ACCESS, { protocol: IM, version: 2, parameterId: 13 }],
    });
    expect(access.pace?.algorithm.mapping).toBe('IM');
    expect(access.pace?.domainParameterReference).toBe(13);
    expect(sent[0]).toBe('0022C1A412800A04007F0007020204040483010284010D');
  });

  it('tries the next offered PACE algorithm when the chip refuses one', async () => {
    const { transport } = chip({ protocol: GM });
    const access = await accessChip(transport, {
      policy: { methods: [{ protocol: 'PACE', password: 'can' }], paceMappings: ['IM', 'GM'] },
      credentials: { can: '012345' },
      paceInfos: [...CARD_ACCESS, { protocol: IM, version: 2, parameterId: 13 }],
    });
    expect(access.attempts.map((a) => [a.outcome, a.algorithm])).toEqual([
      ['failed', IM],
      ['succeeded', GM],
    ]);
  });
});

describe('PACE offers from EF.CardAccess', () => {
  it('reads the PACEInfo of the CCCD EF.CardAccess (ECDH-GM AES-128, parameter 13) and ignores CA and TA', () => {
    const bytes = fromHex(
      '3134300D060804007F00070202020201013' +
        '00F060A04007F000702020302020201013012060A04007F0007020204020202010202010D',
    );
    expect(paceOffers(decodeCardAccess(bytes).infos)).toEqual([{ protocol: GM, version: 2, parameterId: 13 }]);
  });

  it('resolves explicit domain parameters from a PACEDomainParameterInfo and runs PACE on them', async () => {
    const c = NAMED_CURVES.brainpoolP256r1;
    const h = (x: string) => BigInt(`0x${x}`);
    const explicit = {
      p: h(c.p),
      a: fromHex(c.a),
      b: fromHex(c.b),
      generator: fromHex(`04${c.gx}${c.gy}`),
      order: h(c.n),
      cofactor: 1n,
    };
    const spki = encodePublicKeyInfo({ kind: 'ec', curve: explicit, point: fromHex(`04${c.gx}${c.gy}`) });
    const domainParameter = decodeAlgorithmIdentifier(decodeTlv(spki).children[0]!, 'alg');
    const offers = paceOffers([
      { type: 'PACEInfo', protocol: GM, version: 2, parameterId: 7 },
      { type: 'PACEDomainParameterInfo', protocol: oid('id-PACE-ECDH-GM'), domainParameter, parameterId: 7 },
    ]);
    expect(offers[0]?.domainParameters?.agreement).toBe('ECDH');
    const { transport } = chip();
    const access = await accessChip(transport, {
      policy: ACCESS_POLICIES.paceCanOnly,
      credentials: { can: '012345' },
      paceInfos: offers,
    });
    expect(access.pace?.domainParameterId).toBeUndefined();
    expect(access.pace?.algorithm.oid).toBe(GM);
  });
});
