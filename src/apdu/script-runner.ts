// Executes an APDU script (src/apdu/script.ts) over any Transport, checking every status word (ISO/IEC 7816-4
// §5.6). Stops at the first unexpected answer and says which step failed and what had already been written.
import { CccdError } from '../errors.js';
import type { Transport } from '../transport/types.js';
import { decodeResponse, swHex } from './response.js';
import type { ApduScript } from './script.js';

export interface StepReport {
  name: string;
  commands: number;
  bytesSent: number;
  milliseconds: number;
}

export interface ScriptRunReport {
  steps: StepReport[];
  commands: number;
  bytesSent: number;
  bytesReceived: number;
  milliseconds: number;
}

/** Thrown when a command answers an unexpected status word; `completed` lists the steps that ran in full. */
export class ScriptFailure extends CccdError {
  readonly step: string;
  readonly commandIndex: number;
  readonly sw: number | undefined;
  readonly completed: readonly string[];
  constructor(step: string, commandIndex: number, sw: number | undefined, completed: string[], cause?: unknown) {
    const what = sw === undefined ? 'the transport failed' : `answered ${swHex(sw)}`;
    const state =
      completed.length > 0
        ? `the chip is partly written: ${completed.length} step(s) completed, the last '${completed[completed.length - 1]}'`
        : 'no step completed';
    super('SCRIPT_FAILED', `step '${step}' command ${commandIndex + 1} ${what}; ${state}`, {
      path: `${step}[${commandIndex}]`,
      cause,
    });
    this.name = 'ScriptFailure';
    this.step = step;
    this.commandIndex = commandIndex;
    this.sw = sw;
    this.completed = completed;
  }
}

export interface RunOptions {
  /** Called after each step (progress displays). */
  onStep?: (report: StepReport) => void;
  now?: () => number;
}

/**
 * Runs every command in order. Redacted scripts (secrets replaced by their length) cannot run.
 *
 * @example
 * const report = await runScript(transport, parseScript(text));
 */
export async function runScript(
  transport: Transport,
  script: ApduScript,
  options: RunOptions = {},
): Promise<ScriptRunReport> {
  if ((script as { redacted?: boolean }).redacted) {
    throw new CccdError('SCRIPT_INVALID', 'the script has redacted secrets; use the script written with secrets');
  }
  const now = options.now ?? (() => performance.now());
  const start = now();
  const completed: string[] = [];
  const steps: StepReport[] = [];
  let bytesSent = 0;
  let bytesReceived = 0;
  let commands = 0;
  for (const step of script.steps) {
    const t0 = now();
    let stepBytes = 0;
    for (let i = 0; i < step.commands.length; i++) {
      const c = step.commands[i] as (typeof step.commands)[number];
      let raw: Uint8Array;
      try {
        raw = await transport.transmit(c.apdu, { secret: c.secret, step: step.name });
      } catch (cause) {
        throw new ScriptFailure(step.name, i, undefined, completed, cause);
      }
      commands++;
      stepBytes += c.apdu.length;
      bytesReceived += raw.length;
      const { sw } = decodeResponse(raw);
      if (!c.expect.includes(sw)) throw new ScriptFailure(step.name, i, sw, completed);
    }
    bytesSent += stepBytes;
    completed.push(step.name);
    const report = { name: step.name, commands: step.commands.length, bytesSent: stepBytes, milliseconds: now() - t0 };
    steps.push(report);
    options.onStep?.(report);
  }
  return { steps, commands, bytesSent, bytesReceived, milliseconds: now() - start };
}
