import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runScript } from '../src/apdu/script-runner.js';
import { blankState, chipConfigFor, SimulatedChip } from '../src/card/chip.js';
import { validateCitizen } from '../src/citizen/schema.js';
import type { CitizenRecord } from '../src/citizen/types.js';
import type { FingerprintImage } from '../src/lds/compose.js';
import { personalize } from '../src/perso/personalize.js';
import { type PreparedCard, prepareCard } from '../src/perso/prepare.js';
import { personalizationScript } from '../src/perso/script.js';
import { createDevelopmentPki, type DevelopmentPki } from '../src/pki/dev-pki.js';
import { builtinProfile } from '../src/profile/builtin.js';
import { readDocument } from '../src/reader/read-document.js';
import type { Transport } from '../src/transport/types.js';

const EXAMPLES = join(import.meta.dirname, '..', 'examples');

function citizen(file: string): { citizen: CitizenRecord; portrait: Uint8Array; fingerprints: FingerprintImage[] } {
  const c = validateCitizen(JSON.parse(readFileSync(join(EXAMPLES, 'citizens', file), 'utf8')));
  const load = (path: string) => new Uint8Array(readFileSync(join(EXAMPLES, 'citizens', path)));
  const fingerprints = (c.fingerprints ?? []).map((f) => ({ position: f.position, image: load(f.image) }));
  return { citizen: c, portrait: load(c.portrait), fingerprints };
}

describe('personalize a CCCD and read it back as a verifier (ICAO 9303-11 §4.2, §5.1, §6)', () => {
  let pki: DevelopmentPki;
  let card: PreparedCard;
  let chip: SimulatedChip;
  const profile = builtinProfile('cccd-2021');

  beforeAll(async () => {
    pki = await createDevelopmentPki({ key: 'brainpoolP256r1' });
    const { citizen: c, portrait } = citizen('nguyen-van-an.json');
    card = await prepareCard({ profile, citizen: c, portrait, signer: pki.dsSigner, certificate: pki.ds });
    chip = new SimulatedChip(blankState(chipConfigFor(profile)));
    await runScript(chip, personalizationScript(card.image));
  });

  it('writes every file of the profile and locks the chip', () => {
    expect(chip.lifeCycle).toBe('operational');
    expect([...card.files.keys()].sort()).toEqual(
      ['DG1', 'DG13', 'DG14', 'DG15', 'DG2', 'EF.COM', 'EF.CardAccess', 'EF.SOD'].sort(),
    );
    expect(card.can).toBe('012345');
  });

  it('reads with PACE-CAN, runs CA and AA, and verifies the SOD up to the CSCA', async () => {
    chip.reset();
    const report = await readDocument(chip, {
      credentials: { can: card.can },
      trust: { certificates: [pki.csca], crls: [pki.crl] },
    });
    const failing = report.checks.filter((c) => c.status !== 'passed');
    expect(failing).toEqual([]);
    expect(report.verified).toBe(true);
    expect(report.access.protocol).toBe('PACE');
    for (const name of ['EF.COM', 'EF.SOD', 'DG1', 'DG2', 'DG13', 'DG14', 'DG15']) {
      expect(report.raw.get(name)).toEqual(card.files.get(name));
    }
    // Issue 5: at most 20 round trips when the chip offers extended length.
    expect(report.stats.apdus).toBeLessThanOrEqual(20);
  });

  it('reads with BAC when the policy allows only BAC', async () => {
    chip.reset();
    const report = await readDocument(chip, {
      credentials: { mrz: card.bac },
      policy: { methods: [{ protocol: 'BAC' }] },
      trust: { certificates: [pki.csca], crls: [pki.crl] },
    });
    expect(report.access.protocol).toBe('BAC');
    expect(report.verified).toBe(true);
  });

  it('detects PACE withheld by a man in the middle who hides EF.CardAccess (ICAO 9303-11 §9.2, DG14)', async () => {
    chip.reset();
    const hiding = hidingCardAccess(chip);
    const report = await readDocument(hiding, {
      credentials: { can: card.can, mrz: card.bac },
      trust: { certificates: [pki.csca], crls: [pki.crl] },
    });
    expect(report.access.protocol).toBe('BAC');
    expect(report.checks).toContainEqual(expect.objectContaining({ check: 'pace-not-withheld', status: 'failed' }));
    // Everything else of the chip checks out: the verdict fails on the downgrade alone.
    expect(report.checks.filter((c) => c.status !== 'passed').map((c) => c.check)).toEqual(['pace-not-withheld']);
    expect(report.verified).toBe(false);
  });

  it('does not decide on PACE from a DG14 that an unverifiable EF.SOD lists', async () => {
    const { citizen: c, portrait } = citizen('nguyen-van-an.json');
    const forged = await prepareCard({ profile, citizen: c, portrait, signer: pki.dsSigner, certificate: pki.ds });
    // The last byte of EF.SOD is the last byte of the signature: it no longer verifies, every hash still matches.
    for (const f of forged.image.applicationFiles) {
      if (f.name === 'EF.SOD') f.data[f.data.length - 1] = (f.data[f.data.length - 1] as number) ^ 1;
    }
    const forgedChip = new SimulatedChip(blankState(chipConfigFor(profile)));
    await runScript(forgedChip, personalizationScript(forged.image));
    const hiding = hidingCardAccess(forgedChip);
    const report = await readDocument(hiding, {
      credentials: { can: forged.can, mrz: forged.bac },
      trust: { certificates: [pki.csca], crls: [pki.crl] },
    });
    expect(report.checks).toContainEqual(
      expect.objectContaining({ check: 'pace-not-withheld', status: 'not-checked' }),
    );
    expect(report.checks).toContainEqual(
      expect.objectContaining({ check: 'passive-authentication/signature', status: 'failed' }),
    );
    expect(report.verified).toBe(false);
  });

  it('accepts BAC from a chip whose authenticated DG14 offers no PACE', async () => {
    const noPace = { ...profile, access: { ...profile.access, pace: [] } };
    const { citizen: c, portrait } = citizen('nguyen-van-an.json');
    const bacCard = await prepareCard({
      profile: noPace,
      citizen: c,
      portrait,
      signer: pki.dsSigner,
      certificate: pki.ds,
    });
    const bacChip = new SimulatedChip(blankState(chipConfigFor(noPace)));
    await runScript(bacChip, personalizationScript(bacCard.image));
    const report = await readDocument(bacChip, {
      credentials: { can: bacCard.can, mrz: bacCard.bac },
      trust: { certificates: [pki.csca], crls: [pki.crl] },
    });
    expect(report.access.protocol).toBe('BAC');
    expect(report.checks).toContainEqual(expect.objectContaining({ check: 'pace-not-withheld', status: 'passed' }));
    expect(report.verified).toBe(true);
  });

  it('refuses a wrong CAN with AUTH_FAILED and does not fall back to BAC', async () => {
    chip.reset();
    await expect(
      readDocument(chip, {
        credentials: { can: '999999', mrz: card.bac },
        trust: { certificates: [pki.csca], crls: [] },
      }),
    ).rejects.toMatchObject({ code: 'AUTH_FAILED' });
  });

  it('skips DG3 (fingerprints) behind Terminal Authentication and the chip refuses it with 6982', async () => {
    const { citizen: c, portrait, fingerprints } = citizen('pham-thu-trang-fingerprints.json');
    const withDg3 = await prepareCard({
      profile,
      citizen: c,
      portrait,
      fingerprints,
      signer: pki.dsSigner,
      certificate: pki.ds,
    });
    const chip3 = new SimulatedChip(blankState(chipConfigFor(profile)));
    await runScript(chip3, personalizationScript(withDg3.image));
    const byDefault = await readDocument(chip3, {
      credentials: { can: withDg3.can },
      trust: { certificates: [pki.csca], crls: [pki.crl] },
    });
    expect(byDefault.skipped).toContainEqual({ name: 'DG3', reason: 'needs Terminal Authentication' });
    expect(byDefault.checks.filter((c) => c.status !== 'passed').map((c) => c.check)).toEqual([
      'passive-authentication/data-group-hash/DG3',
    ]);
    expect(byDefault.verified).toBe(true);
    chip3.reset();
    const asked = await readDocument(chip3, { credentials: { can: withDg3.can }, dataGroups: [1, 3, 14] });
    expect(asked.skipped).toContainEqual({ name: 'DG3', reason: 'access denied (6982)', sw: 0x6982 });
  });

  it('does not verify without trust anchors: the chain is not checked', async () => {
    chip.reset();
    const report = await readDocument(chip, { credentials: { can: card.can } });
    expect(report.verified).toBe(false);
    expect(report.checks.some((c) => c.status === 'not-checked' || c.status === 'failed')).toBe(true);
    expect(report.checks.find((c) => c.check === 'active-authentication')?.status).toBe('passed');
  });
});

describe('personalize and read other profiles and every PACE mapping (ICAO 9303-11 §4.4)', () => {
  it('personalizes the generic TD3 passport and verifies it over PACE-CAN, PACE-MRZ and BAC, EF.CardSecurity included', async () => {
    const profile = builtinProfile('td3-passport');
    const pki = await createDevelopmentPki({ country: 'UT', documentTypes: ['P'] });
    const { citizen: c, portrait } = citizen('do-quang-huy-passport.json');
    const chip = new SimulatedChip(blankState(chipConfigFor(profile)));
    const trust = { certificates: [pki.csca], crls: [pki.crl] };
    const result = await personalize(chip, {
      profile,
      citizen: c,
      portrait,
      signer: pki.dsSigner,
      certificate: pki.ds,
      trust,
      reset: async () => chip.reset(),
    });
    expect(result.verification.runs.map((r) => [r.method, r.report.verified, r.mismatches])).toEqual([
      ['PACE-CAN', true, []],
      ['PACE-MRZ', true, []],
      ['BAC', true, []],
    ]);
    expect(result.verification.runs[0]?.report.checks).toContainEqual(
      expect.objectContaining({ check: 'card-security', status: 'passed' }),
    );
    chip.reset();
    const im = await readDocument(chip, {
      credentials: { mrz: result.card.bac },
      policy: { methods: [{ protocol: 'PACE', password: 'mrz' }], paceMappings: ['IM'] },
      trust,
    });
    expect(im.access.description).toMatch(/^PACE-IM ECDH AES-128 with the MRZ/);
    expect(im.verified).toBe(true);
  });

  it('runs PACE-CAM when the chip offers it and verifies the chip authentication data against DG14', async () => {
    const base = builtinProfile('cccd-2021');
    const profile = {
      ...base,
      access: { ...base.access, pace: [{ protocol: 'id-PACE-ECDH-CAM-AES-CBC-CMAC-128' as const, parameterId: 13 }] },
    };
    const pki = await createDevelopmentPki();
    const { citizen: c, portrait } = citizen('tran-thi-hoa-no-expiry.json');
    const card = await prepareCard({ profile, citizen: c, portrait, signer: pki.dsSigner, certificate: pki.ds });
    const chip = new SimulatedChip(blankState(chipConfigFor(profile)));
    await runScript(chip, personalizationScript(card.image));
    const report = await readDocument(chip, {
      credentials: { can: card.can },
      trust: { certificates: [pki.csca], crls: [pki.crl] },
    });
    expect(report.access.description).toMatch(/^PACE-CAM/);
    expect(report.checks).toContainEqual(
      expect.objectContaining({
        check: 'chip-authentication',
        status: 'passed',
        reason: expect.stringMatching(/PACE-CAM/),
      }),
    );
    expect(report.verified).toBe(true);
    // A card without expiry: MRZ 991231 (cccd-chip.md).
    expect(card.bac.expiryDate).toBe('991231');
  });
});

/** A man in the middle who answers 6A82 to SELECT EF 011C (EF.CardAccess) and passes everything else through. */
function hidingCardAccess(chip: SimulatedChip): Transport {
  return {
    info: chip.info,
    transmit: async (apdu) =>
      apdu[1] === 0xa4 && apdu[4] === 2 && apdu[5] === 0x01 && apdu[6] === 0x1c
        ? Uint8Array.of(0x6a, 0x82)
        : chip.transmit(apdu),
  };
}
