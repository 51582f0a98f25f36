// `cccd transcript FILE`: an APDU transcript (apdu/README.md) annotated with ISO/IEC 7816-4 §5.6 status words and step costs.
import { describeStatusWord } from '../apdu/status-words.js';
import { bytesToUtf8 } from '../bytes.js';
import { commandText, parseTranscript, responseText, type TranscriptExchange } from '../transport/transcript.js';
import { flag, parse } from './args.js';
import type { Command } from './command.js';

const USAGE = `Usage: cccd transcript FILE [--json]

Reads an APDU transcript (the format of apdu/README.md, written by the recorder) and prints every exchange with
the meaning of its status word, then the number of APDUs, bytes and milliseconds spent in each step.
Secret exchanges stay redacted.
  --json   machine-readable output`;

interface StepCost {
  step: string;
  apdus: number;
  bytesOut: number;
  bytesIn: number;
  ms: number;
}

function statusOf(x: TranscriptExchange): string {
  if (!x.response) return `${x.error?.code ?? 'TRANSPORT_FAILED'} ${x.error?.message ?? ''}`.trim();
  const n = x.response.length;
  return describeStatusWord(((x.response[n - 2] as number) << 8) | (x.response[n - 1] as number));
}

function costs(exchanges: readonly TranscriptExchange[]): StepCost[] {
  const byStep = new Map<string, StepCost>();
  for (const x of exchanges) {
    const step = x.step ?? '(no step)';
    const c = byStep.get(step) ?? { step, apdus: 0, bytesOut: 0, bytesIn: 0, ms: 0 };
    c.apdus++;
    c.bytesOut += x.command.length;
    c.bytesIn += x.response?.length ?? 0;
    c.ms += x.duration;
    byStep.set(step, c);
  }
  return [...byStep.values()];
}

export const TRANSCRIPT: Command = {
  name: 'transcript',
  summary: 'annotate an APDU transcript with status word meanings and per-step costs',
  usage: USAGE,
  async run(args, deps) {
    const p = parse(args, { json: { type: 'boolean' } }, true);
    if (p.positionals.length !== 1) {
      deps.stderr(`${USAGE}\n`);
      return 2;
    }
    const path = p.positionals[0] as string;
    const t = parseTranscript(bytesToUtf8(await deps.readFile(path)));
    const steps = costs(t.exchanges);
    if (flag(p, 'json')) {
      const exchanges = t.exchanges.map((x) => ({
        step: x.step,
        at: x.at,
        duration: x.duration,
        command: commandText(x.command, x.secret),
        response: x.response && responseText(x.response, x.secret),
        status: statusOf(x),
      }));
      deps.stdout(`${JSON.stringify({ name: t.name, link: t.link, exchanges, steps }, null, 2)}\n`);
      return 0;
    }
    const total = t.exchanges.reduce((s, x) => s + x.duration, 0);
    const lines = [`${path}: ${t.exchanges.length} exchanges, ${total.toFixed(3)} ms${t.name ? ` (${t.name})` : ''}`];
    let step: string | undefined;
    t.exchanges.forEach((x, i) => {
      if (x.step !== step) lines.push(`# ${x.step ?? '(no step)'}`);
      step = x.step;
      lines.push(`${String(i + 1).padStart(4)} > ${commandText(x.command, x.secret)}`);
      const answer = x.response ? responseText(x.response, x.secret) : '!';
      lines.push(`${' '.repeat(4)} < ${answer}  ${statusOf(x)}  (${x.duration.toFixed(3)} ms)`);
    });
    const w = Math.max(4, ...steps.map((s) => s.step.length));
    lines.push('', `${'step'.padEnd(w)}  apdus  bytes out  bytes in        ms`);
    for (const s of steps) {
      lines.push(
        `${s.step.padEnd(w)}  ${String(s.apdus).padStart(5)}  ${String(s.bytesOut).padStart(9)}  ${String(s.bytesIn).padStart(8)}  ${s.ms.toFixed(3).padStart(8)}`,
      );
    }
    deps.stdout(`${lines.join('\n')}\n`);
    return 0;
  },
};
