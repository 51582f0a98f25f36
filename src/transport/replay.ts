// Replay transport (architecture rule 2): serves a recorded ISO/IEC 7816-4 transcript, failing on any deviation.
import { decodeCommand } from '../apdu/command.js';
import { copyBytes, equalBytes, toHex } from '../bytes.js';
import { CccdError, ERROR_CODES, type ErrorCode } from '../errors.js';
import { parseTranscript, type Transcript, type TranscriptExchange } from './transcript.js';
import type { Transport, TransportInfo } from './types.js';

export interface ReplayOptions {
  /** Transport name (default `replay:` and the transcript's name). */
  name?: string;
}

export interface ReplayTransport extends Transport {
  /** Exchanges not yet served. */
  readonly remaining: number;
  /** Throws TRANSCRIPT_MISMATCH unless every recorded exchange was served: a replay that stops early is a deviation too. */
  assertDone(): void;
}

/** A redacted exchange (read from text) has a zero-filled data field: match everything but those bytes. */
function matches(recorded: TranscriptExchange, sent: Uint8Array): boolean {
  if (!recorded.redacted) return equalBytes(recorded.command, sent);
  if (recorded.command.length !== sent.length) return false;
  let a: ReturnType<typeof decodeCommand>;
  let b: ReturnType<typeof decodeCommand>;
  try {
    a = decodeCommand(recorded.command);
    b = decodeCommand(sent);
  } catch {
    return false;
  }
  const start = a.data.byteOffset - recorded.command.byteOffset;
  const end = start + a.data.length;
  const outside = (x: Uint8Array) => [x.subarray(0, start), x.subarray(end)];
  const [ra, rb] = outside(recorded.command);
  const [sa, sb] = outside(sent);
  return (
    b.data.length === a.data.length &&
    equalBytes(ra as Uint8Array, sa as Uint8Array) &&
    equalBytes(rb as Uint8Array, sb as Uint8Array)
  );
}

/**
 * A Transport that answers from `transcript` (a Transcript or its text): the n-th command sent must equal the
 * n-th command recorded, byte for byte (for a secret exchange: header, lengths and Le). Any deviation, a command
 * after the end, or a redacted response that cannot be served throws TRANSCRIPT_MISMATCH naming the exchange;
 * the replay then stays failed. A recorded error is thrown again with its code.
 *
 * @example
 * const card = replayTransport(readFileSync('apdu/transcripts/read-ef-com.txt', 'utf8'));
 */
export function replayTransport(transcript: Transcript | string, options: ReplayOptions = {}): ReplayTransport {
  const t = typeof transcript === 'string' ? parseTranscript(transcript) : transcript;
  const exchanges = t.exchanges;
  let next = 0;
  let failed: CccdError | undefined;
  let closed = false;
  const info: TransportInfo = { name: options.name ?? `replay:${t.name ?? 'transcript'}`, ...t.link };

  const mismatch = (index: number, message: string): CccdError => {
    const step = exchanges[index]?.step;
    return new CccdError('TRANSCRIPT_MISMATCH', message, { path: `exchange ${index + 1}${step ? ` (${step})` : ''}` });
  };
  /** A deviation during transmit ends the replay: later commands get the same error. */
  const fail = (index: number, message: string): never => {
    failed = mismatch(index, message);
    throw failed;
  };

  return {
    info,
    async transmit(command: Uint8Array): Promise<Uint8Array> {
      if (closed) throw new CccdError('TRANSPORT_FAILED', 'replay transport is closed');
      if (failed) throw failed;
      const index = next;
      const x = exchanges[index];
      if (!x) return fail(index, `command ${toHex(command)} sent after the last recorded exchange`);
      if (!matches(x, command)) {
        return fail(index, `sent ${toHex(command)}, recorded ${x.redacted ? 'a secret command' : toHex(x.command)}`);
      }
      next++;
      if (x.error) {
        const code: ErrorCode = x.error.code in ERROR_CODES ? (x.error.code as ErrorCode) : 'TRANSPORT_FAILED';
        throw new CccdError(code, x.error.message, { path: `replay exchange ${index + 1}` });
      }
      const response = x.response as Uint8Array;
      if (x.redacted && response.length > 2) {
        return fail(index, 'the recorded response is redacted and cannot be served');
      }
      return copyBytes(response);
    },
    get remaining() {
      return exchanges.length - next;
    },
    assertDone() {
      if (failed) throw failed;
      if (next < exchanges.length)
        throw mismatch(next, `${exchanges.length - next} recorded exchanges were not replayed`);
    },
    async close() {
      closed = true;
    },
  };
}
