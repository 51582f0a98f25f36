// Text and JSON forms of the verifier's report for the CLI: who the holder is, which protocols ran, each check's
// verdict with its reason, and what reading cost. No secrets are in a report (access keys never enter it).
import { toHex } from '../bytes.js';
import { decodeDg1 } from '../lds/dg1.js';
import { DG13_LABELS, decodeDg13 } from '../lds/dg13.js';
import type { DocumentReport } from '../reader/report.js';

const MARK = { passed: 'PASS', failed: 'FAIL', 'not-checked': ' -- ' } as const;

function holder(report: DocumentReport): string[] {
  const lines: string[] = [];
  const dg1 = report.raw.get('DG1');
  if (dg1) {
    try {
      lines.push('MRZ (DG1):', ...decodeDg1(dg1).lines.map((l) => `  ${l}`));
    } catch {
      lines.push('MRZ (DG1): could not be decoded');
    }
  }
  const dg13 = report.raw.get('DG13');
  if (dg13) {
    try {
      const fields = decodeDg13(dg13);
      lines.push('Holder (DG13):');
      for (const label of DG13_LABELS) {
        const v = fields[label.key];
        if (v !== undefined && v !== '') lines.push(`  ${`${label.vi} / ${label.en}`.padEnd(44)} ${v}`);
      }
    } catch {
      lines.push('Holder (DG13): could not be decoded');
    }
  }
  return lines;
}

/** The report as text for a person at a terminal. */
export function formatReport(report: DocumentReport): string {
  const out = [`Chip: ${report.transport}`, `Access: ${report.access.description}`];
  for (const a of report.access.attempts.filter((x) => x.outcome !== 'succeeded')) {
    out.push(`  (${a.method.protocol} ${a.outcome}: ${a.reason ?? ''})`);
  }
  out.push('Files read:');
  for (const f of report.files) {
    out.push(
      `  ${f.name.padEnd(14)} ${String(f.length).padStart(6)} bytes  ${String(f.apdus).padStart(3)} APDUs  ${f.milliseconds.toFixed(1).padStart(7)} ms`,
    );
  }
  for (const s of report.skipped) out.push(`  ${s.name.padEnd(14)} not read: ${s.reason}`);
  out.push(...holder(report));
  out.push('Checks:');
  const width = Math.max(...report.checks.map((c) => c.check.length));
  for (const c of report.checks) out.push(`  ${MARK[c.status]}  ${c.check.padEnd(width)}  ${c.reason}`);
  const s = report.stats;
  out.push(
    `Verdict: ${report.verified ? 'VERIFIED' : 'NOT VERIFIED'} (${s.apdus} APDUs, ${s.bytesSent + s.bytesReceived} bytes exchanged, ${s.milliseconds.toFixed(0)} ms)`,
  );
  return `${out.join('\n')}\n`;
}

/** A JSON-safe form: bytes as hex, files summarized with their lengths (the files themselves go to --out). */
export function reportToJson(report: DocumentReport): unknown {
  return {
    transport: report.transport,
    verified: report.verified,
    access: report.access,
    files: report.files,
    skipped: report.skipped,
    checks: report.checks,
    activeAuthenticationChallenge: report.activeAuthenticationChallenge && toHex(report.activeAuthenticationChallenge),
    dg1: report.raw.get('DG1') ? safe(() => decodeDg1(report.raw.get('DG1') as Uint8Array).lines) : undefined,
    dg13: report.raw.get('DG13') ? safe(() => stripRaw(decodeDg13(report.raw.get('DG13') as Uint8Array))) : undefined,
    stats: report.stats,
  };
}

function stripRaw<T extends { raw?: unknown }>(x: T): Omit<T, 'raw'> {
  const { raw: _raw, ...rest } = x;
  return rest;
}

function safe<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}
