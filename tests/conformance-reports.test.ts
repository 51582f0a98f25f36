import { beforeAll, describe, expect, it } from 'vitest';
import { SimulatedChip } from '../src/card/chip.js';
import { CASES, selectCases } from '../src/conformance/cases/index.js';
import { claimsFromProfile } from '../src/conformance/claims.js';
import { createReferenceCard } from '../src/conformance/reference-card.js';
import { reportToHtml } from '../src/conformance/report-html.js';
import { reportToJson } from '../src/conformance/report-json.js';
import { reportToJunit, xmlEscape } from '../src/conformance/report-junit.js';
import { type ConformanceReport, runConformance } from '../src/conformance/runner.js';
import { builtinProfile } from '../src/profile/builtin.js';

describe('conformance reports: JSON, JUnit XML and a self-contained HTML page', () => {
  let report: ConformanceReport;

  beforeAll(async () => {
    const ref = await createReferenceCard({ profile: builtinProfile('cccd-2021') });
    const chip = new SimulatedChip(structuredClone(ref.state));
    // A chip that serves data groups before access control, so that the reports hold failures too.
    chip.setFault('readWithoutAuthentication', true);
    let t = 0;
    report = await runConformance({
      chip: { transport: chip, reset: async () => chip.reset(), atr: chip.atr, name: 'sim:<faulty & "test">' },
      claims: claimsFromProfile(ref.profile, { remove: ['pace'] }),
      lab: ref.lab,
      cases: selectCases(CASES, 'L6.AC.*,L6.BAC.0?,L6.PACE.01,L7.COM.*'),
      now: () => new Date('2026-01-02T03:04:05Z'),
      clock: () => (t += 1),
    });
  });

  it('counts every verdict kind the run produced', () => {
    expect(report.counts.FAILED).toBeGreaterThan(0);
    expect(report.counts.PASSED).toBeGreaterThan(0);
    expect(report.counts['NOT APPLICABLE']).toBeGreaterThan(0);
    expect(Object.values(report.counts).reduce((a, b) => a + b, 0)).toBe(report.results.length);
  });

  it('writes JSON with a stable schema and the transcripts', () => {
    const doc = JSON.parse(reportToJson(report));
    expect(Object.keys(doc)).toEqual([
      'format',
      'toolkit',
      'startedAt',
      'milliseconds',
      'chip',
      'claims',
      'counts',
      'results',
    ]);
    expect(doc.format).toBe('cccd-conformance/1');
    expect(doc.startedAt).toBe('2026-01-02T03:04:05.000Z');
    expect(doc.chip).toMatchObject({ atr: '3B80800101', profile: 'cccd-2021', lds: '0107 / Unicode 040000' });
    const failed = doc.results.find((r: { id: string }) => r.id === 'L6.AC.21');
    expect(failed).toMatchObject({
      verdict: 'FAILED',
      expected: 'SW 6982',
      received: 'SW 9000',
      layer: 'L6',
      unit: 'AC',
    });
    expect(failed.transcript).toContain('< ');
    expect(doc.results.find((r: { id: string }) => r.id === 'L6.AC.31')).toMatchObject({
      verdict: 'NOT APPLICABLE',
      expected: null,
      transcript: '',
    });
    expect(Object.keys(failed)).toEqual([
      'id',
      'title',
      'clause',
      'layer',
      'unit',
      'verdict',
      'expected',
      'received',
      'reason',
      'preconditions',
      'steps',
      'milliseconds',
      'transcript',
    ]);
  });

  it('writes JUnit XML: a suite per unit, failures, skipped cases with the reason, escaped text', () => {
    const xml = reportToJunit(report);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(xml).toContain(`failures="${report.counts.FAILED}"`);
    expect(xml).toContain('<testsuite name="L6.AC"');
    expect(xml).toContain('<failure message="SW 9000" type="FAILED">');
    expect(xml).toContain('<skipped message="NOT APPLICABLE: not claimed: dg:11');
    expect(xml).toContain('sim:&lt;faulty &amp; &quot;test&quot;&gt;');
    expect((xml.match(/<testcase /g) ?? []).length).toBe(report.results.length);
    expect((xml.match(/<testsuite /g) ?? []).length).toBe((xml.match(/<\/testsuite>/g) ?? []).length);
    expect(xmlEscape('a\u0001<b>')).toBe('a&lt;b&gt;');
  });

  it('writes one self-contained HTML page: no scripts, no external assets, every case and its transcript', () => {
    const html = reportToHtml(report);
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/<script|<link|src=|@import|url\(|https?:/i);
    expect(html).toContain('NOT CONFORMANT');
    expect(html).toContain('3B80800101');
    expect(html).toContain('sim:&lt;faulty &amp; &quot;test&quot;&gt;');
    for (const r of report.results) expect(html).toContain(`id="${r.id}"`);
    expect(html).toContain('# cccd-transcript 1');
  });

  it('says CONFORMANT when nothing failed', () => {
    const ok = { ...report, counts: { ...report.counts, FAILED: 0, ERROR: 0 } };
    expect(reportToHtml(ok)).toContain('CONFORMANT: no case failed');
  });
});
