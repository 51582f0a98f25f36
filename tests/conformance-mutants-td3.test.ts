import { beforeAll, describe, expect, it } from 'vitest';
import { SimulatedChip } from '../src/card/chip.js';
import { CASES } from '../src/conformance/cases/index.js';
import { claimsFromProfile } from '../src/conformance/claims.js';
import { type MutantsReport, runMutants } from '../src/conformance/mutants.js';
import { createReferenceCard, REFERENCE_CITIZEN } from '../src/conformance/reference-card.js';
import { runConformance } from '../src/conformance/runner.js';
import { builtinProfile } from '../src/profile/builtin.js';

// The cases a CCCD does not claim (PACE-MRZ, a second PACE mapping, EF.CardSecurity, DG11/DG12, SELECT MF ...)
// are shown here on the TD3 reference passport, which claims them.
describe('cases a CCCD does not claim, on a TD3 passport (td3-passport)', () => {
  let onCccd: Set<string>;
  let r: MutantsReport;
  let td3Only: string[];

  beforeAll(async () => {
    const cccd = await createReferenceCard({ profile: builtinProfile('cccd-2021') });
    const chip = new SimulatedChip(structuredClone(cccd.state));
    const rep = await runConformance({
      chip: { transport: chip, reset: async () => chip.reset(), name: 'sim' },
      claims: claimsFromProfile(cccd.profile, { add: ['personalization-commands'] }),
      lab: cccd.lab,
      cases: CASES.filter((c) => c.requires.length > 0),
    });
    onCccd = new Set(rep.results.filter((x) => x.verdict !== 'NOT APPLICABLE').map((x) => x.id));
    const ref = await createReferenceCard({
      profile: builtinProfile('td3-passport'),
      citizen: { ...REFERENCE_CITIZEN, documentNumber: 'B1234567' },
    });
    const claims = claimsFromProfile(ref.profile, { add: ['personalization-commands'] });
    const cases = CASES.filter(
      (c) => c.requires.length > 0 && !onCccd.has(c.id) && c.requires.every((f) => claims.features.has(f)),
    );
    td3Only = cases.map((c) => c.id);
    r = await runMutants({ reference: ref, claims, cases });
  }, 60_000);

  it('has cases only the passport claims, and the passport passes them', () => {
    expect(td3Only.length).toBeGreaterThanOrEqual(10);
    expect(r.reference.results.map((x) => x.verdict).every((v) => v === 'PASSED')).toBe(true);
  });

  it('catches a fault against each of them', () => {
    const uncaught = td3Only.filter((id) => !r.mutants.some((m) => m.caughtBy.includes(id)));
    expect(uncaught).toEqual([]);
  });

  it('covers every case of the suite between the two profiles', () => {
    const neither = CASES.map((c) => c.id).filter(
      (id) => !onCccd.has(id) && !td3Only.includes(id) && CASES.find((c) => c.id === id)?.requires.length,
    );
    expect(neither).toEqual([]);
  });
});
