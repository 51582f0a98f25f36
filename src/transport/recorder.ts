// Recording transport (architecture rule 2): every ISO/IEC 7816-4 exchange with its time offset and step label.
import { copyBytes } from '../bytes.js';
import { CccdError } from '../errors.js';
import { isSecretExchange } from './secrets.js';
import { formatTranscript, type Transcript, type TranscriptExchange } from './transcript.js';
import type { TransmitOptions, Transport } from './types.js';

export interface RecorderOptions {
  /** Clock in milliseconds (default `performance.now`); inject one so that transcripts replay exactly. */
  now?: () => number;
  /** Name written in the transcript (default: the wrapped transport's name). */
  name?: string;
  /** Marks more commands secret than the built-in table (VERIFY, PUT DATA, ...) and `transmit` hints do. */
  isSecret?: (command: Uint8Array) => boolean;
}

export interface RecordingTransport extends Transport {
  /** The exchanges so far (a snapshot). Secret data stays in memory here and is redacted only in `text()`. */
  readonly transcript: Transcript;
  /** Labels the exchanges that follow (until the next call); a `step` hint on transmit wins for its exchange. */
  step(label: string | undefined): void;
  /** The transcript in the text format of apdu/README.md. */
  text(): string;
}

/**
 * Wraps `transport` and records each exchange, including those that fail (the error is recorded and rethrown).
 *
 * @example
 * const rec = withRecorder(card, { now: () => 0 });
 * rec.step('select LDS1');
 * await rec.transmit(fromHex('00A4040C07A0000002471001'));
 * rec.text(); // '# cccd-transcript 1\n# name: ...\n# step: select LDS1\n> 00A4040C07A0000002471001 @0.000\n< 9000 +0.000\n'
 */
export function withRecorder(transport: Transport, options: RecorderOptions = {}): RecordingTransport {
  const now = options.now ?? (() => performance.now());
  const start = now();
  const exchanges: TranscriptExchange[] = [];
  let step: string | undefined;
  const name = options.name ?? transport.info.name;
  const { extendedLength, maxCommandLength, maxResponseLength } = transport.info;
  const link = { extendedLength, maxCommandLength, maxResponseLength };
  const snapshot = (): Transcript => ({ name, link, exchanges: [...exchanges] });

  const recorder: RecordingTransport = {
    info: transport.info,
    async transmit(command: Uint8Array, hints?: TransmitOptions): Promise<Uint8Array> {
      const base = {
        at: now() - start,
        step: hints?.step ?? step,
        command: copyBytes(command),
        secret: isSecretExchange(command, hints, options.isSecret),
      };
      try {
        const response = await transport.transmit(command, hints);
        exchanges.push({ ...base, duration: now() - start - base.at, response: copyBytes(response), error: undefined });
        return response;
      } catch (e) {
        const error =
          e instanceof CccdError
            ? { code: e.code, message: e.message }
            : { code: 'TRANSPORT_FAILED', message: e instanceof Error ? e.message : String(e) };
        exchanges.push({ ...base, duration: now() - start - base.at, response: undefined, error });
        throw e;
      }
    },
    get transcript() {
      return snapshot();
    },
    step(label: string | undefined) {
      step = label;
    },
    text() {
      return formatTranscript(snapshot());
    },
  };
  if (transport.close) recorder.close = () => (transport.close as () => Promise<void>).call(transport);
  return recorder;
}
