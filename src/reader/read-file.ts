// ICAO 9303-10 §3.9 and ISO/IEC 7816-4 §11.2.3: reading an elementary file whole, adaptively and within bounds.

import type { CommandApdu } from '../apdu/command.js';
import { discretionaryHeaderLength, MAX_EVEN_INS_OFFSET, readBinary, readBinaryOdd } from '../apdu/commands.js';
import { describeStatusWord } from '../apdu/status-words.js';
import { CccdError, StatusWordError } from '../errors.js';
import { decodeTlv, peekTlvLength } from '../tlv/decode.js';
import type { Transport } from '../transport/types.js';
import { type FileRef, fileName, type SelectEfOptions, type SendCommand, selectEf, sender } from './select-file.js';

export type { FileRef, MasterFileSelection } from './select-file.js';

export interface ReadFileOptions extends SelectEfOptions {
  /** Largest file accepted (default 1 MiB); a header claiming more fails with TLV_LIMIT before any allocation. */
  maxFileSize?: number;
  /**
   * Extended-length reads: 'auto' (default) uses them when the transport reports support and probes once when it
   * does not say, falling back to short reads for good on a refusal; 'never'; 'always' (no fallback).
   */
  extendedLength?: 'auto' | 'never' | 'always';
  /**
   * Ne budget of a short READ BINARY (default 223 = 0xDF: the largest that still fits 256 bytes once secure
   * messaging pads it and adds DO'87', DO'99' and DO'8E', ICAO 9303-11 §9.8).
   */
  shortChunk?: number;
  /** Ne budget of an extended READ BINARY (default: the link's maxResponseLength less 66, at most 65,472). */
  extendedChunk?: number;
  /** Retries (shrinks, re-issues, timeouts) allowed per file before TRANSPORT_LIMIT (default 16). */
  maxRetries?: number;
  /** APDUs allowed per file before TRANSPORT_LIMIT (default 8192), against a card that answers a byte at a time. */
  maxApdus?: number;
  /**
   * The first READ BINARY of a file: 'header' asks for its TLV header only (4 bytes), 'greedy' for as much as one
   * APDU carries, so that a file up to ~64 KB costs one APDU. 'auto' (default): greedy once the link is known to
   * carry extended length, header otherwise.
   */
  firstRead?: 'auto' | 'header' | 'greedy';
}

/** What reading cost, for reports and benchmarks. */
export interface ReadStats {
  /** APDUs sent, SELECTs included. */
  apdus: number;
  /** Bytes of command APDUs sent and of response APDUs received (status words included). */
  bytesSent: number;
  bytesReceived: number;
  /** Shrinks, re-issues after 6Cxx and retries after a transport failure. */
  retries: number;
  /** Whether the last READ BINARY used extended length. */
  extended: boolean;
}

export interface ReadFileResult {
  /** The file exactly as read: its TLV header says its length, nothing after it is kept. */
  bytes: Uint8Array;
  stats: ReadStats;
}

/** What the reader learned about the link; kept across files so that a refusal is not probed again. */
export interface LinkState {
  /** true: extended reads work; false: refused; undefined: not yet probed. */
  extended: boolean | undefined;
  /** Current short budget (shrinks after 6700). */
  shortChunk: number;
}

export interface FileReader {
  readFile(ref: FileRef): Promise<ReadFileResult>;
  readonly link: LinkState;
}

/** ISO/IEC 7816-4 §5.1 Table 5: Ne 256 is the largest a short Le carries. */
const SHORT_NE_MAX = 256;
const MIN_CHUNK = 8;
const HEADER_PROBE = 4;
const HEADER_MAX = 10;

function positive(name: string, v: number | undefined, fallback: number): number {
  const x = v ?? fallback;
  if (!Number.isInteger(x) || x < 1) throw new CccdError('INVALID_ARGUMENT', `${name}: ${x} is not a positive integer`);
  return x;
}

interface Chunk {
  data: Uint8Array;
  /** The card said the file ends here (6282 or 6B00). */
  end: boolean;
  /** How many file bytes the READ BINARY asked for (less than `want` when Ne or DO'53' limited it). */
  asked: number;
}

/**
 * A reader bound to `transport`, keeping what it learns about the link across files (use one per session).
 * Works over any Transport, plain or wrapped in secure messaging.
 *
 * @example
 * const reader = createFileReader(transport);
 * const { bytes } = await reader.readFile({ fid: 0x011c, under: 'mf', name: 'EF.CardAccess' });
 */
export function createFileReader(transport: Transport, options: ReadFileOptions = {}): FileReader {
  const maxFileSize = positive('maxFileSize', options.maxFileSize, 1 << 20);
  const maxRetries = positive('maxRetries', options.maxRetries ?? 16, 16);
  const maxApdus = positive('maxApdus', options.maxApdus, 8192);
  const mode = options.extendedLength ?? 'auto';
  const linkMax = Math.min(65538, transport.info.maxResponseLength ?? 65538);
  const extendedChunk = positive('extendedChunk', options.extendedChunk, Math.max(SHORT_NE_MAX + 1, linkMax - 66));
  const link: LinkState = {
    extended:
      mode === 'never' || transport.info.extendedLength === false
        ? false
        : mode === 'always' || transport.info.extendedLength
          ? true
          : undefined,
    shortChunk: Math.min(SHORT_NE_MAX, positive('shortChunk', options.shortChunk, 0xdf)),
  };

  async function readFile(ref: FileRef): Promise<ReadFileResult> {
    const name = fileName(ref);
    const stats: ReadStats = { apdus: 0, bytesSent: 0, bytesReceived: 0, retries: 0, extended: false };
    const send: SendCommand = sender(transport, (sent, received) => {
      stats.apdus++;
      stats.bytesSent += sent;
      stats.bytesReceived += received;
    });
    let { bySfi } = await selectEf(send, ref, options);

    const limit = (message: string) => new CccdError('TRANSPORT_LIMIT', message, { path: name });

    /** Largest Ne for this link: the short budget, or the extended one while extended length works or is unprobed. */
    const budget = (responseWant: number): number =>
      link.extended === false || responseWant <= link.shortChunk
        ? Math.min(responseWant, link.shortChunk)
        : Math.min(responseWant, extendedChunk);

    async function readChunk(offset: number, want: number): Promise<Chunk> {
      const odd = offset > MAX_EVEN_INS_OFFSET;
      // ISO/IEC 7816-4 §11.2.3: the odd INS wraps the bytes in DO'53', whose header counts against Ne.
      const responseWant = odd ? want + discretionaryHeaderLength(want) : want;
      let ne = budget(responseWant);
      let shortOnly = false;
      for (let attempt = 0; ; attempt++) {
        if (attempt > maxRetries) throw limit(`more than ${maxRetries} retries reading at offset ${offset}`);
        if (stats.apdus >= maxApdus) throw limit(`more than ${maxApdus} APDUs`);
        let n = odd ? ne - 2 : ne;
        while (odd && n > 1 && n + discretionaryHeaderLength(n) > ne) n--;
        // An Ne above the short budget goes out in the extended form even when 256 would fit it: the point is
        // to learn whether the link carries extended APDUs (architecture rule 7: probe once, then remember).
        const extended = !shortOnly && link.extended !== false && ne > link.shortChunk;
        const cmd: CommandApdu = odd
          ? readBinaryOdd({ offset, ne, extended, cla: options.cla })
          : readBinary({ offset, ne, extended, sfi: bySfi ? ref.sfi : undefined, cla: options.cla });
        let r: Awaited<ReturnType<SendCommand>>;
        try {
          r = await send(cmd, `read ${name}`);
        } catch (e) {
          // A timeout or a reader whose buffer is too small for the answer: retry smaller. Secure messaging
          // errors end the session and are never retried.
          if (!(e instanceof CccdError && e.code === 'TRANSPORT_FAILED')) throw e;
          stats.retries++;
          if (extended && mode !== 'always') link.extended = false;
          else if (ne > MIN_CHUNK) link.shortChunk = Math.max(MIN_CHUNK, Math.min(link.shortChunk, ne >> 1));
          else throw e;
          ne = budget(responseWant);
          continue;
        }
        const sw = r.sw;
        if (sw === 0x9000 || sw === 0x6282) {
          const data = odd ? unwrapDiscretionary(r.data, name, offset) : r.data;
          if (data.length > n) {
            throw new CccdError('APDU_INVALID', `READ BINARY asked for ${n} bytes and got ${data.length}`, {
              path: name,
              offset,
            });
          }
          if (extended) link.extended = true;
          stats.extended = extended;
          bySfi = false;
          return { data, end: sw === 0x6282, asked: n };
        }
        if (sw === 0x6b00) return { data: new Uint8Array(0), end: true, asked: n };
        stats.retries++;
        if ((sw & 0xff00) === 0x6c00) {
          // §5.3.4: wrong Le; the card states how many response bytes it holds from this offset.
          ne = Math.min(sw & 0xff || SHORT_NE_MAX, responseWant);
          shortOnly = true;
          continue;
        }
        if (extended && mode !== 'always' && sw !== 0x6982 && sw !== 0x6a82) {
          // An extended Le refused (6700, 6F00, 6A86, ...): the link or the card lacks extended length.
          link.extended = false;
          ne = budget(responseWant);
          continue;
        }
        if (sw === 0x6700 && ne > MIN_CHUNK) {
          link.shortChunk = Math.max(MIN_CHUNK, ne >> 1);
          ne = budget(responseWant);
          continue;
        }
        throw new StatusWordError(
          sw,
          `READ BINARY ${name}`,
          `READ BINARY ${name} at offset ${offset} answered ${describeStatusWord(sw)}`,
        );
      }
    }

    if (ref.extent === 'to-end') return { bytes: await readToEnd(), stats };

    /** Reads until the card reports the end of the EF, never keeping more than maxFileSize bytes. */
    async function readToEnd(): Promise<Uint8Array> {
      const parts: Uint8Array[] = [];
      let offset = 0;
      for (;;) {
        const want = Math.min(link.extended === false ? link.shortChunk : extendedChunk, maxFileSize + 1 - offset);
        const { data, end, asked } = await readChunk(offset, want);
        parts.push(data);
        offset += data.length;
        if (offset > maxFileSize) {
          throw new CccdError('TLV_LIMIT', `the file is larger than the ${maxFileSize} bytes allowed`, { path: name });
        }
        if (end || data.length < asked) break;
      }
      const out = new Uint8Array(offset);
      let at = 0;
      for (const p of parts) {
        out.set(p, at);
        at += p.length;
      }
      return out;
    }

    // ICAO 9303-10 §3.9: read the first bytes, take the length from the TLV header, then read the rest. With
    // extended length the first read asks for everything one APDU carries (the card stops at the end of the EF).
    const firstRead = options.firstRead ?? 'auto';
    const greedy = firstRead === 'greedy' || (firstRead === 'auto' && link.extended === true);
    const firstWant = greedy
      ? Math.min(link.extended === false ? link.shortChunk : extendedChunk, maxFileSize)
      : HEADER_PROBE;
    let head = new Uint8Array(0);
    let total: number | undefined;
    while (total === undefined) {
      if (head.length >= Math.max(HEADER_MAX, firstWant))
        throw new CccdError('TLV_MALFORMED', 'no TLV header in the first bytes', { path: name });
      const { data, end } = await readChunk(head.length, head.length === 0 ? firstWant : HEADER_MAX - head.length);
      const joined = new Uint8Array(head.length + data.length);
      joined.set(head, 0);
      joined.set(data, head.length);
      head = joined;
      total = peekTlvLength(head, { path: name });
      if (total === undefined && (end || data.length === 0)) {
        throw new CccdError('TLV_TRUNCATED', `the file ends after ${head.length} bytes, inside its TLV header`, {
          path: name,
        });
      }
    }
    if (total > maxFileSize) {
      throw new CccdError('TLV_LIMIT', `the header announces ${total} bytes, more than the ${maxFileSize} allowed`, {
        path: name,
        offset: 0,
      });
    }
    const out = new Uint8Array(total);
    out.set(head.subarray(0, Math.min(total, head.length)), 0);
    let offset = Math.min(total, head.length);
    while (offset < total) {
      const { data } = await readChunk(offset, total - offset);
      if (data.length === 0) {
        throw new CccdError(
          'TLV_TRUNCATED',
          `the file ends after ${offset} of the ${total} bytes its header announces`,
          {
            path: name,
            offset,
          },
        );
      }
      const take = Math.min(data.length, total - offset);
      out.set(data.subarray(0, take), offset);
      offset += take;
    }
    return { bytes: out, stats };
  }

  return { readFile, link };
}

/** The content of the DO'53' an odd-INS READ BINARY answers with (empty data at the end of the file). */
function unwrapDiscretionary(data: Uint8Array, name: string, offset: number): Uint8Array {
  if (data.length === 0) return data;
  const node = decodeTlv(data, { path: `${name} READ BINARY B1`, baseOffset: offset, allowNonMinimalLength: true });
  if (node.tag !== 0x53) {
    throw new CccdError('APDU_INVALID', `odd-INS READ BINARY answered tag ${node.tag.toString(16)} instead of 53`, {
      path: name,
      offset,
    });
  }
  return node.value;
}

/**
 * Selects and reads one file (see {@link createFileReader}; use a reader to keep link knowledge across files).
 *
 * @example
 * const { bytes, stats } = await readFile(transport, { fid: 0x011e, name: 'EF.COM' });
 */
export function readFile(transport: Transport, ref: FileRef, options: ReadFileOptions = {}): Promise<ReadFileResult> {
  return createFileReader(transport, options).readFile(ref);
}
