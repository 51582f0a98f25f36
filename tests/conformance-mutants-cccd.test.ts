import { beforeAll, describe, expect, it } from 'vitest';
import { CASES } from '../src/conformance/cases/index.js';
import { claimsFromProfile } from '../src/conformance/claims.js';
import { FAULTS } from '../src/conformance/faults.js';
import { type MutantsReport, runMutants } from '../src/conformance/mutants.js';
import { createReferenceCard } from '../src/conformance/reference-card.js';
import { builtinProfile } from '../src/profile/builtin.js';

// Faults a CCCD cannot show: it has no DG11 or DG12 to break.
const NOT_ON_CCCD = new Set(['dg11-hash-mismatch', 'dg12-hash-mismatch']);

describe('every fault of the catalogue is caught on a CCCD (cccd-2021) chip', () => {
  let r: MutantsReport;

  beforeAll(async () => {
    const ref = await createReferenceCard({ profile: builtinProfile('cccd-2021') });
    r = await runMutants({
      reference: ref,
      claims: claimsFromProfile(ref.profile, { add: ['personalization-commands'] }),
    });
  }, 60_000);

  it('holds at least 40 distinct faults', () => {
    expect(FAULTS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(FAULTS.map((f) => f.id)).size).toBe(FAULTS.length);
  });

  it('passes every applicable case on the correct chip', () => {
    expect(r.reference.counts.FAILED + r.reference.counts.ERROR).toBe(0);
  });

  it.each(FAULTS.map((f) => f.id))('catches the fault %s (or it cannot show on this chip)', (id) => {
    const m = r.mutants.find((x) => x.fault === id);
    expect(m?.applicable).toBe(!NOT_ON_CCCD.has(id));
    if (m?.applicable) expect(m.caughtBy.length).toBeGreaterThan(0);
  });

  it('reaches a kill rate of 100% over the applicable faults', () => {
    expect(r.killRate).toBe(1);
  });

  // Each case the CCCD claims passes on the correct chip and fails against at least one fault of its kind.
  it.each(CASES.map((c) => c.id))('%s passes on the correct chip and fails on a chip broken its way', (id) => {
    const verdict = r.reference.results.find((x) => x.id === id)?.verdict;
    if (verdict === 'NOT APPLICABLE')
      return expect(r.reference.results.find((x) => x.id === id)?.reason).toMatch(/^not claimed/);
    expect(verdict).toBe('PASSED');
    const catchers = r.mutants.filter((m) => m.caughtBy.includes(id)).map((m) => m.fault);
    expect(catchers.length).toBeGreaterThan(0);
  });
});
