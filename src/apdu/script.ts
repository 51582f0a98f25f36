// APDU scripts (apdu/README.md, "Scripts"): a sequence of ISO/IEC 7816-4 commands in named steps, each with the
// status words it must answer; secrets marked so that every text form can redact them. Personalization writes
// them, `cccd script run` executes them, and `toScriptor` exports them for pcsc-tools' scriptor.
import { fromHex, toHex } from '../bytes.js';
import { CccdError } from '../errors.js';
import { decodeCommand } from './command.js';
import { swHex } from './response.js';

export interface ScriptCommand {
  /** The serialized command APDU. */
  readonly apdu: Uint8Array;
  /** Status words that count as success (usually [0x9000]). */
  readonly expect: readonly number[];
  /** The command data is secret (keys, CAN): text forms show only its length unless asked otherwise. */
  readonly secret: boolean;
  /** Optional comment shown after the command. */
  readonly note?: string;
}

export interface ScriptStep {
  readonly name: string;
  readonly commands: readonly ScriptCommand[];
}

export interface ApduScript {
  /** Free-form header fields (profile, document number, generator); never secrets. */
  readonly header: Readonly<Record<string, string>>;
  readonly steps: readonly ScriptStep[];
}

export const SCRIPT_MAGIC = '# cccd-apdu-script 1';

function redacted(apdu: Uint8Array): string {
  const c = decodeCommand(apdu);
  if (c.data.length === 0) return toHex(apdu);
  const start = c.data.byteOffset - apdu.byteOffset;
  const end = start + c.data.length;
  const le = apdu.subarray(end);
  return `${toHex(apdu.subarray(0, start))} [secret ${c.data.length} bytes]${le.length ? ` ${toHex(le)}` : ''}`;
}

export interface FormatOptions {
  /**
   * Write secret command data in the clear (marked `secret`), producing a script that can be executed.
   * Default false: secrets are replaced by `[secret N bytes]`, for records and logs.
   */
  includeSecrets?: boolean;
}

/**
 * The text form:
 * ```
 * # cccd-apdu-script 1
 * # profile: cccd-2021
 * [create EF.COM]
 * 00E0000016621480020016820101830201 1E8801F0860101 -> 9000   # optional note
 * secret 00DA010206313233343536 -> 9000
 * ```
 */
export function formatScript(script: ApduScript, options: FormatOptions = {}): string {
  const lines = [SCRIPT_MAGIC];
  for (const [k, v] of Object.entries(script.header)) lines.push(`# ${k}: ${v.replace(/[\r\n]+/g, ' ')}`);
  for (const step of script.steps) {
    lines.push(`[${step.name}]`);
    for (const c of step.commands) {
      const body = c.secret
        ? options.includeSecrets
          ? `secret ${toHex(c.apdu)}`
          : `secret ${redacted(c.apdu)}`
        : toHex(c.apdu);
      const note = c.note ? `   # ${c.note}` : '';
      lines.push(`${body} -> ${c.expect.map(swHex).join('|')}${note}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function invalid(line: number, message: string, cause?: unknown): CccdError {
  return new CccdError('SCRIPT_INVALID', message, { path: `script line ${line}`, cause });
}

/** Parses the text form; syntax errors are SCRIPT_INVALID naming the line. Redacted secrets parse as `redacted`. */
export function parseScript(text: string): ApduScript & { redacted: boolean } {
  const header: Record<string, string> = {};
  const steps: { name: string; commands: ScriptCommand[] }[] = [];
  let hasRedacted = false;
  const lines = text.split(/\r?\n/);
  if ((lines[0] ?? '').trim() !== SCRIPT_MAGIC) throw invalid(1, `expected '${SCRIPT_MAGIC}'`);
  for (let i = 1; i < lines.length; i++) {
    const n = i + 1;
    const raw = (lines[i] as string).trim();
    const noteMatch = raw.startsWith('#') ? null : /\s+#\s?(.*)$/.exec(raw);
    const note = noteMatch ? (noteMatch[1] as string).trim() : undefined;
    const line = noteMatch ? raw.slice(0, noteMatch.index).trim() : raw;
    if (line === '') continue;
    if (line.startsWith('#')) {
      const m = /^#\s*([\w-]+):\s*(.*)$/.exec(line);
      if (m) header[m[1] as string] = m[2] as string;
      continue;
    }
    const stepMatch = /^\[(.+)\]$/.exec(line);
    if (stepMatch) {
      steps.push({ name: stepMatch[1] as string, commands: [] });
      continue;
    }
    const parts = line.split('->');
    if (parts.length !== 2) throw invalid(n, "a command line is 'HEX -> SW[|SW...]'");
    let body = (parts[0] as string).trim();
    const secret = body.startsWith('secret ');
    if (secret) body = body.slice(7).trim();
    if (/\[secret \d+ bytes?\]/.test(body)) {
      hasRedacted = true;
      body = body.replace(/\[secret (\d+) bytes?\]/, (_, k: string) => '00'.repeat(Number(k)));
    }
    let apdu: Uint8Array;
    try {
      apdu = fromHex(body);
      decodeCommand(apdu);
    } catch (cause) {
      throw invalid(n, 'not a valid command APDU', cause);
    }
    const expect = (parts[1] as string)
      .trim()
      .split('|')
      .map((s) => {
        if (!/^[0-9A-Fa-f]{4}$/.test(s.trim())) throw invalid(n, `'${s}' is not a status word`);
        return Number.parseInt(s.trim(), 16);
      });
    if (steps.length === 0) steps.push({ name: 'script', commands: [] });
    (steps[steps.length - 1] as { commands: ScriptCommand[] }).commands.push(
      note ? { apdu, expect, secret, note } : { apdu, expect, secret },
    );
  }
  return { header, steps, redacted: hasRedacted };
}

/**
 * The script in the input format of pcsc-tools' `scriptor` (one APDU per line as spaced hex, `#` comments,
 * `reset` first). scriptor does not check status words: the expected ones are written as comments.
 */
export function toScriptor(script: ApduScript): string {
  const lines = ['#!/usr/bin/env scriptor', `# ${script.header.title ?? 'cccd-toolkit APDU script'}`, 'reset'];
  for (const step of script.steps) {
    lines.push(`# ${step.name}`);
    for (const c of step.commands) {
      lines.push(`# expect ${c.expect.map(swHex).join(' or ')}`);
      lines.push(toHex(c.apdu).replace(/(..)(?!$)/g, '$1 '));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Number of commands in a script. */
export function commandCount(script: ApduScript): number {
  return script.steps.reduce((n, s) => n + s.commands.length, 0);
}
