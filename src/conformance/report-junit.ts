// The conformance report as JUnit XML (the Ant/Surefire schema CI servers read): one testsuite per unit,
// FAILED as <failure>, ERROR as <error>, NOT APPLICABLE as <skipped> with the reason, transcripts in system-out.
import type { ConformanceReport } from './runner.js';
import type { CaseResult } from './types.js';

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** XML 1.0 text: escapes markup and drops characters XML cannot carry. */
export function xmlEscape(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 §2.2 excludes these characters.
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function testcase(r: CaseResult): string {
  const name = xmlEscape(`${r.id} ${r.title}`);
  const detail = xmlEscape(
    `expected: ${r.expected ?? '-'}\nreceived: ${r.received ?? '-'}${r.reason ? `\nreason: ${r.reason}` : ''}\nclause: ${r.clause}`,
  );
  const body =
    r.verdict === 'FAILED'
      ? `<failure message="${xmlEscape(r.received ?? r.reason ?? 'failed')}" type="FAILED">${detail}</failure>`
      : r.verdict === 'ERROR'
        ? `<error message="${xmlEscape(r.reason ?? 'error')}" type="ERROR">${detail}</error>`
        : r.verdict === 'NOT APPLICABLE'
          ? `<skipped message="${xmlEscape(`NOT APPLICABLE: ${r.reason ?? ''}`)}"/>`
          : r.verdict === 'WARNING'
            ? `<system-err>${xmlEscape(`WARNING: ${r.reason ?? ''}`)}</system-err>`
            : '';
  const out = r.transcript ? `<system-out>${xmlEscape(r.transcript)}</system-out>` : '';
  return `    <testcase classname="${xmlEscape(`${r.layer}.${r.unit}`)}" name="${name}" time="${seconds(r.milliseconds)}">${body}${out}</testcase>`;
}

/** JUnit XML of a report. */
export function reportToJunit(report: ConformanceReport): string {
  const units = new Map<string, CaseResult[]>();
  for (const r of report.results) units.set(`${r.layer}.${r.unit}`, [...(units.get(`${r.layer}.${r.unit}`) ?? []), r]);
  const suites = [...units].map(([unit, rs]) => {
    const count = (v: CaseResult['verdict']) => rs.filter((r) => r.verdict === v).length;
    const time = rs.reduce((a, r) => a + r.milliseconds, 0);
    return `  <testsuite name="${xmlEscape(unit)}" tests="${rs.length}" failures="${count('FAILED')}" errors="${count('ERROR')}" skipped="${count('NOT APPLICABLE')}" time="${seconds(time)}" timestamp="${report.startedAt.replace(/\.\d+Z$/, '')}">\n${rs.map(testcase).join('\n')}\n  </testsuite>`;
  });
  const c = report.counts;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xmlEscape(`cccd conformance ${report.chip.profile} ${report.chip.name}`)}" tests="${report.results.length}" failures="${c.FAILED}" errors="${c.ERROR}" skipped="${c['NOT APPLICABLE']}" time="${seconds(report.milliseconds)}">\n${suites.join('\n')}\n</testsuites>\n`;
}
