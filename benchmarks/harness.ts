// A tiny benchmark harness for `npm run bench`: runs a function in rounds and reports the median rate.
// Ratios that matter (ours against the raw primitive) are computed from medians of the same run.

export interface BenchResult {
  name: string;
  /** Median operations per second over the rounds. */
  opsPerSecond: number;
  /** Median microseconds per operation. */
  microsPerOp: number;
  rounds: number;
}

export interface BenchOptions {
  /** Operations per round (default: calibrated so that a round takes about 100 ms). */
  perRound?: number;
  /** Number of rounds (default 7). */
  rounds?: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

export async function bench(name: string, fn: () => unknown, options: BenchOptions = {}): Promise<BenchResult> {
  let perRound = options.perRound;
  if (perRound === undefined) {
    perRound = 1;
    for (;;) {
      const t0 = performance.now();
      for (let i = 0; i < perRound; i++) await fn();
      const dt = performance.now() - t0;
      if (dt > 50 || perRound >= 1 << 20) {
        perRound = Math.max(1, Math.round((perRound * 100) / Math.max(dt, 1)));
        break;
      }
      perRound *= 4;
    }
  }
  const rates: number[] = [];
  for (let r = 0; r < (options.rounds ?? 7); r++) {
    const t0 = performance.now();
    for (let i = 0; i < perRound; i++) await fn();
    const dt = performance.now() - t0;
    rates.push((perRound * 1000) / dt);
  }
  const ops = median(rates);
  return { name, opsPerSecond: ops, microsPerOp: 1e6 / ops, rounds: rates.length };
}

export function report(results: BenchResult[]): string {
  const w = Math.max(...results.map((r) => r.name.length));
  return results
    .map(
      (r) =>
        `${r.name.padEnd(w)}  ${r.opsPerSecond.toFixed(1).padStart(12)} ops/s  ${r.microsPerOp.toFixed(2).padStart(10)} µs/op`,
    )
    .join('\n');
}

/** Median µs per operation (wall and process CPU) of one side of a comparison. */
export interface SideTiming {
  wallMicros: number;
  cpuMicros: number;
}

/** Two operations timed in alternating rounds, and the ratio of their rates (ours / raw). */
export interface RateComparison {
  raw: SideTiming;
  ours: SideTiming;
  /** Median over the round pairs of (raw time / our time), i.e. our rate as a share of the raw rate. */
  ratioWall: number;
  ratioCpu: number;
}

/**
 * Compares our operation with the raw primitive it is built on: both warm up, then run in alternating rounds so
 * that a machine whose speed drifts (shared, throttled) affects both sides alike; each pair of rounds gives one
 * ratio and the median ratio is reported. CPU time is process.cpuUsage (all threads, so garbage collection on
 * helper threads counts against us).
 */
export async function compareRates(
  raw: () => unknown,
  ours: () => unknown,
  options: { perRound?: number; rounds?: number; warmup?: number } = {},
): Promise<RateComparison> {
  const perRound = options.perRound ?? 1000;
  const round = async (fn: () => unknown): Promise<SideTiming> => {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    for (let i = 0; i < perRound; i++) await fn();
    const c = process.cpuUsage(c0);
    return { wallMicros: ((performance.now() - w0) * 1000) / perRound, cpuMicros: (c.user + c.system) / perRound };
  };
  for (let i = 0; i < (options.warmup ?? 3); i++) {
    await round(raw);
    await round(ours);
  }
  const a: SideTiming[] = [];
  const b: SideTiming[] = [];
  for (let i = 0; i < (options.rounds ?? 11); i++) {
    a.push(await round(raw));
    b.push(await round(ours));
  }
  const side = (xs: SideTiming[]) => ({
    wallMicros: median(xs.map((x) => x.wallMicros)),
    cpuMicros: median(xs.map((x) => x.cpuMicros)),
  });
  return {
    raw: side(a),
    ours: side(b),
    ratioWall: median(a.map((x, i) => x.wallMicros / (b[i] as SideTiming).wallMicros)),
    ratioCpu: median(a.map((x, i) => x.cpuMicros / (b[i] as SideTiming).cpuMicros)),
  };
}

/** One line of a comparison for the bench report. */
export function comparisonLine(title: string, c: RateComparison, goal: number): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const verdict = Math.min(c.ratioWall, c.ratioCpu) >= goal ? 'meets' : 'misses';
  return (
    `${title}: ${pct(c.ratioWall)} of the raw rate by wall clock, ${pct(c.ratioCpu)} by CPU time ` +
    `(${c.ours.wallMicros.toFixed(1)} vs ${c.raw.wallMicros.toFixed(1)} µs; goal >= ${pct(goal)}: ${verdict})`
  );
}
