// The conformance runner (ICAO 9303 test practice): for each case, NOT APPLICABLE unless the chip claims what it
// needs; otherwise reset the chip, run the case over a recorded transport, and keep verdict and transcript.
import { toHex } from '../bytes.js';
import { CccdError } from '../errors.js';
import { withRecorder } from '../transport/recorder.js';
import type { Transport } from '../transport/types.js';
import { layerAndUnit } from './cases/index.js';
import type { Claims } from './claims.js';
import { createCaseContext, type DocumentData } from './context.js';
import type { CaseResult, ConformanceCase, LabConfig, Verdict } from './types.js';
import { isChipError } from './verdicts.js';

/** The chip under test: a transport and how to reset it between cases. */
export interface ChipUnderTest {
  readonly transport: Transport;
  /** Warm reset (ISO/IEC 7816-3 §6.2.3): the session, selected files and SM keys are lost. */
  reset(): Promise<void>;
  readonly atr?: Uint8Array;
  /** E.g. `sim:cccd-2021` or the reader's name. */
  readonly name: string;
}

export interface RunOptions {
  readonly chip: ChipUnderTest;
  readonly claims: Claims;
  readonly lab: LabConfig;
  readonly cases: readonly ConformanceCase[];
  /** Called after each case (progress displays). */
  readonly onCase?: (result: CaseResult, index: number, total: number) => void;
  /** Clock for the report (default Date). */
  readonly now?: () => Date;
  /** Milliseconds clock for durations (default performance.now); inject for replayable reports. */
  readonly clock?: () => number;
}

export type VerdictCounts = Record<Verdict, number>;

export interface ConformanceReport {
  readonly format: 'cccd-conformance/1';
  readonly startedAt: string;
  readonly milliseconds: number;
  readonly chip: {
    readonly name: string;
    readonly atr?: string;
    readonly profile: string;
    readonly profileDescription: string;
    readonly lds: string;
  };
  readonly claims: readonly string[];
  readonly toolkit: string;
  readonly counts: VerdictCounts;
  readonly results: readonly CaseResult[];
}

/** The toolkit version written in reports. */
export const TOOLKIT = 'cccd-toolkit conformance suite 1';

export function emptyCounts(): VerdictCounts {
  return { PASSED: 0, FAILED: 0, WARNING: 0, 'NOT APPLICABLE': 0, ERROR: 0 };
}

/** Runs the cases in order and returns the report; never throws for a case (ERROR verdict instead). */
export async function runConformance(o: RunOptions): Promise<ConformanceReport> {
  const now = o.now ?? (() => new Date());
  const clock = o.clock ?? (() => performance.now());
  const started = now();
  const t0 = clock();
  const features = new Set(o.claims.features);
  if (o.lab.trust?.certificates.length) features.add('csca');
  const claims: Claims = { ...o.claims, features };
  const shared: { document?: Promise<DocumentData> } = {};
  const results: CaseResult[] = [];
  const counts = emptyCounts();
  for (const [index, c] of o.cases.entries()) {
    const { layer, unit } = layerAndUnit(c.id);
    const base = {
      id: c.id,
      title: c.title,
      clause: c.clause,
      layer,
      unit,
      preconditions: c.preconditions,
      steps: c.steps,
    };
    const missing = c.requires.filter((f) => !features.has(f));
    let result: CaseResult;
    if (missing.length > 0) {
      result = {
        ...base,
        verdict: 'NOT APPLICABLE',
        reason: `not claimed: ${missing.join(', ')}`,
        transcript: '',
        milliseconds: 0,
      };
    } else {
      const t = clock();
      await o.chip.reset();
      const wire = withRecorder(o.chip.transport, { now: clock, name: o.chip.name });
      const ctx = createCaseContext({ id: c.id, claims, lab: o.lab, wire, shared });
      let outcome: Omit<CaseResult, keyof typeof base | 'transcript' | 'milliseconds'>;
      try {
        const r = await c.run(ctx);
        outcome = {
          verdict: r.verdict,
          ...(r.expected ? { expected: r.expected } : {}),
          ...(r.received ? { received: r.received } : {}),
          ...(r.reason ? { reason: r.reason } : {}),
        };
      } catch (e) {
        const why = e instanceof CccdError ? `${e.code}: ${e.message}` : String(e);
        outcome = isChipError(e)
          ? { verdict: 'FAILED', expected: c.expected, received: why, reason: 'the chip broke the procedure' }
          : { verdict: 'ERROR', reason: why };
      }
      result = {
        ...base,
        ...outcome,
        transcript: wire.transcript.exchanges.length ? wire.text() : '',
        milliseconds: clock() - t,
      };
    }
    counts[result.verdict]++;
    results.push(result);
    o.onCase?.(result, index, o.cases.length);
  }
  await o.chip.reset();
  const p = o.claims.profile;
  return {
    format: 'cccd-conformance/1',
    startedAt: started.toISOString(),
    milliseconds: clock() - t0,
    chip: {
      name: o.chip.name,
      ...(o.chip.atr ? { atr: toHex(o.chip.atr) } : {}),
      profile: p.id,
      profileDescription: p.description,
      lds: `${p.lds.version} / Unicode ${p.lds.unicodeVersion}`,
    },
    claims: [...o.claims.features].sort(),
    toolkit: TOOLKIT,
    counts,
    results,
  };
}

/** Exit status rule of `cccd conformance`: success only when nothing FAILED or ERRORED. */
export function reportPassed(report: Pick<ConformanceReport, 'counts'>): boolean {
  return report.counts.FAILED === 0 && report.counts.ERROR === 0;
}
