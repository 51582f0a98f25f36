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
