import { beforeAll, describe, expect, it } from 'vitest';
import { SimulatedChip } from '../src/card/chip.js';
import { CASES, layerAndUnit, selectCases } from '../src/conformance/cases/index.js';
import { claimsFromProfile, isFeature } from '../src/conformance/claims.js';
import { applyDataFault, DATA_FAULTS } from '../src/conformance/faults-data.js';
import { createReferenceCard, credentialsFromState, type ReferenceCard } from '../src/conformance/reference-card.js';
import { type ConformanceReport, reportPassed, runConformance } from '../src/conformance/runner.js';
import { builtinProfile } from '../src/profile/builtin.js';

const target = (chip: SimulatedChip) => ({
  transport: chip,
  reset: async () => chip.reset(),
  atr: chip.atr,
  name: 'sim:test',
});

describe('the conformance suite on a correct CCCD chip (ICAO 9303-10/-11 test practice)', () => {
  let ref: ReferenceCard;
  let report: ConformanceReport;

  beforeAll(async () => {
    ref = await createReferenceCard({ profile: builtinProfile('cccd-2021') });
    const chip = new SimulatedChip(structuredClone(ref.state));
    report = await runConformance({
      chip: target(chip),
      claims: claimsFromProfile(ref.profile, { add: ['personalization-commands'] }),
      lab: ref.lab,
      cases: CASES,
    });
  });

  it('holds at least 150 cases with unique ids in the L6/L7 namespace', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(150);
    expect(new Set(CASES.map((c) => c.id)).size).toBe(CASES.length);
    for (const c of CASES) {
      expect(c.id).toMatch(/^L[67]\.[A-Z0-9]+\.\d{2}$/);
      expect(c.title.length).toBeGreaterThan(10);
      expect(c.clause).toMatch(/ICAO 9303|ISO\/IEC|BSI TR-03110|RFC|cccd-chip/);
      expect(c.expected.length).toBeGreaterThan(0);
      expect(c.steps.length).toBeGreaterThan(0);
      expect(c.preconditions.length).toBeGreaterThan(0);
      for (const f of c.requires) expect(f === 'csca' || isFeature(f)).toBe(true);
    }
  });

  it('passes every case the chip claims, with nothing failed or errored', () => {
    const bad = report.results.filter((r) => r.verdict !== 'PASSED' && r.verdict !== 'NOT APPLICABLE');
    expect(bad.map((r) => `${r.id} ${r.verdict} ${r.received ?? r.reason}`)).toEqual([]);
    expect(reportPassed(report)).toBe(true);
    expect(report.counts.PASSED).toBeGreaterThanOrEqual(150);
  });

  it('marks unclaimed cases NOT APPLICABLE with the missing claim, never silently skips them', () => {
    expect(report.results.length).toBe(CASES.length);
    const na = report.results.filter((r) => r.verdict === 'NOT APPLICABLE');
    expect(na.length).toBeGreaterThan(0);
    for (const r of na) expect(r.reason).toMatch(/^not claimed: /);
    expect(report.results.find((r) => r.id === 'L6.PACE.30')?.reason).toBe('not claimed: pace-mrz');
  });

  it('keeps each case transcript with the exchanges of that case only', () => {
    const bac = report.results.find((r) => r.id === 'L6.BAC.02');
    expect(bac?.transcript).toMatch(/^# cccd-transcript 1/);
    expect(bac?.transcript).toContain('> 0084000008');
    expect(bac?.transcript).not.toContain('GENERAL AUTHENTICATE');
    expect(report.results.find((r) => r.id === 'L7.COM.02')?.transcript).toBe('');
  });

  it('records expected and received values for each case it ran', () => {
    const r = report.results.find((x) => x.id === 'L6.AC.21');
    expect(r).toMatchObject({ verdict: 'PASSED', expected: 'SW 6982', received: 'SW 6982', layer: 'L6', unit: 'AC' });
  });

  it('makes cases NOT APPLICABLE when an override removes a claim', async () => {
    const chip = new SimulatedChip(structuredClone(ref.state));
    const r = await runConformance({
      chip: target(chip),
      claims: claimsFromProfile(ref.profile, { remove: ['bac'] }),
      lab: ref.lab,
      cases: selectCases(CASES, 'L6.BAC.*'),
    });
    expect(r.results.every((x) => x.verdict === 'NOT APPLICABLE' && x.reason === 'not claimed: bac')).toBe(true);
  });

  it('reports a case whose lab precondition is missing as ERROR, not FAILED', async () => {
    const chip = new SimulatedChip(structuredClone(ref.state));
    const r = await runConformance({
      chip: target(chip),
      claims: claimsFromProfile(ref.profile),
      lab: { credentials: { can: ref.lab.credentials.can as string } },
      cases: selectCases(CASES, 'L6.BAC.01'),
    });
    expect(r.results[0]?.verdict).toBe('ERROR');
    expect(reportPassed(r)).toBe(false);
  });

  it('reports a broken recommendation as WARNING, which does not fail the run', async () => {
    const state = structuredClone(ref.state);
    const fault = DATA_FAULTS.find((f) => f.id === 'sod-signed-after-key-usage-period');
    if (!fault) throw new Error('fault missing');
    await applyDataFault(fault, state, ref.pki, ref.profile);
    const chip = new SimulatedChip(state);
    const r = await runConformance({
      chip: target(chip),
      claims: claimsFromProfile(ref.profile),
      lab: ref.lab,
      cases: selectCases(CASES, 'L7.SOD.*'),
    });
    expect(r.results.find((x) => x.id === 'L7.SOD.12')).toMatchObject({
      verdict: 'WARNING',
      reason: 'signed outside the private key usage period',
    });
    expect(r.counts.WARNING).toBe(1);
    expect(reportPassed(r)).toBe(true);
  });

  it('reads the CAN and the MRZ of a saved chip from its state', () => {
    expect(credentialsFromState(ref.state)).toEqual(ref.lab.credentials);
  });

  it('selects cases by glob patterns', () => {
    expect(selectCases(CASES, 'L6.BAC.*').map((c) => c.id)).toEqual(
      CASES.filter((c) => c.id.startsWith('L6.BAC.')).map((c) => c.id),
    );
    expect(selectCases(CASES, 'L7').every((c) => layerAndUnit(c.id).layer === 'L7')).toBe(true);
    expect(selectCases(CASES, '*.SOD.2?,L6.GC.01').map((c) => c.id)).toContain('L6.GC.01');
    expect(selectCases(CASES, 'nothing')).toEqual([]);
  });
});
