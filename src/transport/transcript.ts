// APDU transcripts (ISO/IEC 7816-4 §5.1 exchanges with time and step): the model and the text format of apdu/README.md.
import { decodeCommand } from '../apdu/command.js';
import { fromHex, toHex } from '../bytes.js';
import { CccdError } from '../errors.js';

/** One command-response pair as recorded. */
export interface TranscriptExchange {
  /** Milliseconds from the start of the recording to the moment the command was sent. */
  readonly at: number;
  /** Milliseconds until the response (or the error) came back. */
  readonly duration: number;
  /** Step label in force when the command was sent (e.g. `PACE general-authenticate-2`). */
  readonly step: string | undefined;
  /** The command; for a secret exchange read from text, its data field is zero-filled (only the length is known). */
  readonly command: Uint8Array;
  /** The response (data || SW1 SW2); undefined when the transport threw. */
  readonly response: Uint8Array | undefined;
  /** The error the transport threw instead of answering. */
  readonly error: { readonly code: string; readonly message: string } | undefined;
  /** True when command and response data are secrets: text shows them as `[secret N bytes]`. */
  readonly secret: boolean;
  /**
   * True when the data fields were read from text as `[secret N bytes]`: the bytes here are zeros, only the
   * lengths are known. A replay matches such a command on everything but its data and cannot serve its response.
   */
  readonly redacted?: boolean;
}

/** What the recorded link said about itself, so that a replay makes the same choices (chunk sizes, chaining). */
export interface TranscriptLink {
  readonly extendedLength?: boolean;
  readonly maxCommandLength?: number;
  readonly maxResponseLength?: number;
}

export interface Transcript {
  /** Name of the transport that was recorded (reader name, `sim:...`). */
  readonly name: string | undefined;
  /** The recorded transport's capabilities (TransportInfo without the name). */
  readonly link?: TranscriptLink;
  readonly exchanges: readonly TranscriptExchange[];
}

/** First line of every transcript file; the number is the format version. */
export const TRANSCRIPT_MAGIC = '# cccd-transcript 1';

function ms(value: number): string {
  return value.toFixed(3);
}

/**
 * Hex of a command; when `secret`, its data field is replaced by `[secret N bytes]` (header, Lc and Le stay
 * visible). Bytes that do not parse as a command are shown whole only when not secret.
 */
export function commandText(bytes: Uint8Array, secret: boolean): string {
  if (!secret) return toHex(bytes);
  let c: ReturnType<typeof decodeCommand>;
  try {
    c = decodeCommand(bytes);
  } catch {
    return bytes.length > 4 ? `${toHex(bytes.subarray(0, 4))} [secret ${bytes.length - 4} bytes]` : toHex(bytes);
  }
  if (c.data.length === 0) return toHex(bytes);
  const start = c.data.byteOffset - bytes.byteOffset;
  const end = start + c.data.length;
  const le = bytes.subarray(end);
  return `${toHex(bytes.subarray(0, start))} [secret ${c.data.length} bytes]${le.length ? ` ${toHex(le)}` : ''}`;
}

/** Hex of a response; when `secret`, its data is replaced by `[secret N bytes]` and only SW1 SW2 shows. */
export function responseText(bytes: Uint8Array, secret: boolean): string {
  if (!secret) return toHex(bytes);
  const n = bytes.length - 2;
  return n > 0 ? `[secret ${n} bytes] ${toHex(bytes.subarray(n))}` : toHex(bytes);
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}

/**
 * The text form of a transcript (apdu/README.md): a `> command @at` line and a `< response +duration` (or
 * `! CODE message +duration`) line per exchange, `# step: label` lines where the step changes.
 * Secret exchanges never reach the text.
 */
export function formatTranscript(transcript: Transcript): string {
  const lines = [TRANSCRIPT_MAGIC];
  if (transcript.name !== undefined) lines.push(`# name: ${oneLine(transcript.name)}`);
  for (const [key, field] of LINK_FIELDS) {
    const v = transcript.link?.[field];
    if (v !== undefined) lines.push(`# ${key}: ${v}`);
  }
  let step: string | undefined;
  for (const x of transcript.exchanges) {
    if (x.step !== step) {
      lines.push(`# step: ${oneLine(x.step ?? '')}`);
      step = x.step;
    }
    lines.push(`> ${commandText(x.command, x.secret)} @${ms(x.at)}`);
    if (x.response !== undefined) {
      lines.push(`< ${responseText(x.response, x.secret)} +${ms(x.duration)}`);
    } else {
      const e = x.error ?? { code: 'TRANSPORT_FAILED', message: 'no response' };
      lines.push(`! ${e.code} ${oneLine(e.message)} +${ms(x.duration)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Header lines for the link capabilities, one table for writing and parsing. */
const LINK_FIELDS: readonly (readonly [string, keyof TranscriptLink])[] = [
  ['extended-length', 'extendedLength'],
  ['max-command-length', 'maxCommandLength'],
  ['max-response-length', 'maxResponseLength'],
];

function parseLinkValue(field: keyof TranscriptLink, text: string, lineNo: number): boolean | number {
  if (field === 'extendedLength') {
    if (text !== 'true' && text !== 'false') throw invalid(lineNo, `${field}: '${text}' is not true or false`);
    return text === 'true';
  }
  if (!/^\d+$/.test(text)) throw invalid(lineNo, `${field}: '${text}' is not a number`);
  return Number(text);
}

const TIME_AT = /\s+@(\d+(?:\.\d+)?)\s*$/;
const DURATION = /\s+\+(\d+(?:\.\d+)?)\s*$/;
const SECRET = /\[secret (\d+) bytes?\]/;

function invalid(lineNo: number, message: string): CccdError {
  return new CccdError('SCRIPT_INVALID', message, { path: `transcript line ${lineNo}` });
}

/** Splits `text [secret N bytes] text` into bytes, the secret zero-filled; `secret` tells whether there was one. */
function parseBytes(text: string, lineNo: number): { bytes: Uint8Array; secret: boolean } {
  const m = SECRET.exec(text);
  try {
    if (!m) return { bytes: fromHex(text), secret: false };
    const before = fromHex(text.slice(0, m.index));
    const after = fromHex(text.slice(m.index + m[0].length));
    const n = Number(m[1]);
    if (n > 65536) throw invalid(lineNo, `secret of ${n} bytes is larger than an APDU`);
    const bytes = new Uint8Array(before.length + n + after.length);
    bytes.set(before, 0);
    bytes.set(after, before.length + n);
    return { bytes, secret: true };
  } catch (cause) {
    if (cause instanceof CccdError && cause.code === 'SCRIPT_INVALID') throw cause;
    throw new CccdError('SCRIPT_INVALID', 'not hexadecimal bytes', { path: `transcript line ${lineNo}`, cause });
  }
}

function takeTime(text: string, re: RegExp): [string, number] {
  const m = re.exec(text);
  return m ? [text.slice(0, m.index), Number(m[1])] : [text, 0];
}

/** Parses the text form (see {@link formatTranscript}); any syntax error is SCRIPT_INVALID naming the line. */
export function parseTranscript(text: string): Transcript {
  let name: string | undefined;
  const link: Record<string, boolean | number> = {};
  let step: string | undefined;
  const exchanges: TranscriptExchange[] = [];
  let pending: { at: number; command: Uint8Array; secret: boolean; step: string | undefined; line: number } | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      if (line.startsWith('# cccd-transcript') && line !== TRANSCRIPT_MAGIC) {
        throw invalid(lineNo, `unsupported transcript version '${line}'`);
      }
      if (line.startsWith('# name:')) name = line.slice(7).trim();
      if (line.startsWith('# step:')) step = line.slice(7).trim() || undefined;
      for (const [key, field] of LINK_FIELDS) {
        if (line.startsWith(`# ${key}:`))
          link[field] = parseLinkValue(field, line.slice(key.length + 3).trim(), lineNo);
      }
      continue;
    }
    const marker = line[0];
    const rest = line.slice(1).trim();
    if (marker === '>') {
      if (pending) throw invalid(lineNo, 'a command follows a command without a response');
      const [body, at] = takeTime(rest, TIME_AT);
      const { bytes, secret } = parseBytes(body, lineNo);
      try {
        decodeCommand(bytes);
      } catch (cause) {
        throw new CccdError('SCRIPT_INVALID', 'not a valid command APDU', { path: `transcript line ${lineNo}`, cause });
      }
      pending = { at, command: bytes, secret, step, line: lineNo };
    } else if (marker === '<' || marker === '!') {
      if (!pending) throw invalid(lineNo, 'a response without a command');
      const [body, duration] = takeTime(rest, DURATION);
      const base = { at: pending.at, duration, step: pending.step, command: pending.command };
      if (marker === '<') {
        const { bytes, secret } = parseBytes(body, lineNo);
        if (bytes.length < 2) throw invalid(lineNo, 'a response needs at least the status word');
        const hidden = pending.secret || secret;
        exchanges.push({ ...base, response: bytes, error: undefined, secret: hidden, redacted: hidden });
      } else {
        const [code = '', ...words] = body.split(/\s+/);
        if (!/^[A-Z0-9_]+$/.test(code)) throw invalid(lineNo, 'an error line needs an error code');
        const error = { code, message: words.join(' ') };
        exchanges.push({ ...base, response: undefined, error, secret: pending.secret, redacted: pending.secret });
      }
      pending = undefined;
    } else {
      throw invalid(lineNo, `unexpected '${marker}': lines start with >, <, ! or #`);
    }
  }
  if (pending) throw invalid(pending.line, 'the last command has no response');
  return { name, link: link as TranscriptLink, exchanges };
}
