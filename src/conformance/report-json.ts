// The machine-readable conformance report: a stable JSON schema (`cccd-conformance/1`) for labs and CI.
import type { ConformanceReport } from './runner.js';

/** The report as JSON text (two-space indented, keys in a fixed order, absent values as null, ending with a newline). */
export function reportToJson(report: ConformanceReport): string {
  return `${JSON.stringify(
    {
      format: report.format,
      toolkit: report.toolkit,
      startedAt: report.startedAt,
      milliseconds: Math.round(report.milliseconds),
      chip: report.chip,
      claims: report.claims,
      counts: report.counts,
      results: report.results.map((r) => ({
        id: r.id,
        title: r.title,
        clause: r.clause,
        layer: r.layer,
        unit: r.unit,
        verdict: r.verdict,
        expected: r.expected ?? null,
        received: r.received ?? null,
        reason: r.reason ?? null,
        preconditions: r.preconditions,
        steps: r.steps,
        milliseconds: Math.round(r.milliseconds * 10) / 10,
        transcript: r.transcript,
      })),
    },
    null,
    2,
  )}\n`;
}
