// PC/SC workgroup part 5 resource manager over pcsc-lite: reader listing and card events, and connecting to a
// card as a PcscTransport (pcsc-transport.ts).
import { CccdError } from '../errors.js';
import { type BindingContext, type BindingReader, loadPcscBinding, type PcscBinding, SCARD } from './pcsc-binding.js';
import { PcscError, pcscErrorFrom } from './pcsc-errors.js';
import { type ConnectOptions, PcscTransport, type ReaderStatus } from './pcsc-transport.js';

export { PCSC_INSTALL_HINT } from './pcsc-binding.js';
export { PcscError, type PcscReason } from './pcsc-errors.js';
export { type ConnectOptions, type PcscProtocol, PcscTransport, type ReaderStatus } from './pcsc-transport.js';

export interface PcscOpenOptions {
  /** The binding (default: the `pcsclite` module, loaded on first use); tests pass a fake. */
  binding?: PcscBinding;
}

export interface WaitOptions {
  /** A reader name, or omitted for any reader. */
  reader?: string;
  /** Gives up with PCSC_FAILED (reason `timeout`) after this many milliseconds (default: wait for ever). */
  timeoutMs?: number;
  /** Gives up with PCSC_FAILED (reason `cancelled`) when aborted. */
  signal?: AbortSignal;
}

interface Entry {
  reader: BindingReader;
  state: number | undefined;
  atr: Uint8Array | undefined;
}

function statusOf(name: string, e: Entry): ReaderStatus {
  const state = e.state ?? 0;
  const mute = (state & SCARD.STATE_MUTE) !== 0;
  const present = (state & SCARD.STATE_PRESENT) !== 0 && !mute;
  return {
    name,
    present,
    mute,
    exclusive: (state & SCARD.STATE_EXCLUSIVE) !== 0,
    inUse: (state & SCARD.STATE_INUSE) !== 0,
    atr: present && e.atr && e.atr.length > 0 ? e.atr : undefined,
  };
}

/**
 * A session with the PC/SC resource manager: readers and their cards, followed live. Open with `openPcsc()`,
 * close when done (the binding runs one monitoring thread per reader).
 */
export class PcscContext {
  private readonly entries = new Map<string, Entry>();
  private readonly transports = new Set<PcscTransport>();
  private listed = false;
  private failure: PcscError | undefined;
  private changed: (() => void)[] = [];
  private closed = false;
  /** Opened by connectPcscCard: closing its one transport closes the context. */
  private ownedByCard = false;

  /** @internal use `openPcsc()` */
  constructor(private readonly context: BindingContext) {
    // pcsclite 1.0.1 emits nothing for a listing without readers: hook its start to learn when one arrived.
    const start = context.start.bind(context);
    context.start = (callback) =>
      start((error, readers) => {
        callback(error, readers);
        this.listed = true;
        this.notify();
      });
    context.on('reader', (reader) => this.track(reader));
    context.on('error', (error) => {
      this.failure = pcscErrorFrom(error, 'reader monitor');
      this.notify();
    });
  }

  private track(reader: BindingReader): void {
    const entry: Entry = { reader, state: undefined, atr: undefined };
    this.entries.set(reader.name, entry);
    reader.on('status', (status) => {
      entry.state = status.state;
      entry.atr = status.atr ? new Uint8Array(status.atr) : undefined;
      this.notify();
    });
    reader.on('end', () => {
      if (this.entries.get(reader.name) === entry) this.entries.delete(reader.name);
      this.notify();
    });
    reader.on('error', (error) => {
      this.failure = pcscErrorFrom(error, 'reader status', reader.name);
      this.notify();
    });
  }

  private notify(): void {
    const waiting = this.changed;
    this.changed = [];
    for (const w of waiting) w();
  }

  /** Resolves on the next change, or rejects per `options` (timeout, abort). */
  private nextChange(options: WaitOptions, deadline: number | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = () => {
        if (timer !== undefined) clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
      };
      const onChange = () => {
        done();
        resolve();
      };
      const onAbort = () => {
        done();
        this.changed = this.changed.filter((w) => w !== onChange);
        reject(new PcscError('cancelled', 'wait was cancelled', { path: options.reader }));
      };
      if (options.signal?.aborted) return onAbort();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (deadline !== undefined) {
        timer = setTimeout(
          () => {
            done();
            this.changed = this.changed.filter((w) => w !== onChange);
            reject(new PcscError('timeout', `gave up waiting after ${options.timeoutMs} ms`, { path: options.reader }));
          },
          Math.max(0, deadline - Date.now()),
        );
      }
      this.changed.push(onChange);
    });
  }

  private settled(): boolean {
    return this.listed && [...this.entries.values()].every((e) => e.state !== undefined);
  }

  private check(): void {
    if (this.closed) throw new PcscError('not-connected', 'the PC/SC context is closed');
    if (this.failure) throw this.failure;
  }

  /** Waits until `predicate` holds on the settled reader list. */
  private async until<T>(options: WaitOptions, predicate: (readers: ReaderStatus[]) => T | undefined): Promise<T> {
    const deadline = options.timeoutMs === undefined ? undefined : Date.now() + options.timeoutMs;
    for (;;) {
      this.check();
      if (this.settled()) {
        const found = predicate(this.snapshot());
        if (found !== undefined) return found;
      }
      await this.nextChange(options, deadline);
    }
  }

  private snapshot(): ReaderStatus[] {
    return [...this.entries.entries()]
      .map(([name, e]) => statusOf(name, e))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Lists the readers and whether each holds a card (with its ATR). */
  readers(options: Omit<WaitOptions, 'reader'> = {}): Promise<ReaderStatus[]> {
    return this.until(options, (readers) => readers);
  }

  /** Waits for a card in `options.reader` (or in any reader) and returns that reader's status. */
  waitForCard(options: WaitOptions = {}): Promise<ReaderStatus> {
    return this.until(options, (readers) =>
      readers.find((r) => r.present && (options.reader === undefined || r.name === options.reader)),
    );
  }

  /** Waits until `options.reader` (or every reader, when omitted) holds no card. */
  waitForRemoval(options: WaitOptions = {}): Promise<void> {
    return this.until(options, (readers) => {
      const watched = readers.filter((r) => options.reader === undefined || r.name === options.reader);
      return watched.every((r) => !r.present && !r.mute) ? true : undefined;
    }).then(() => undefined);
  }

  /** Connects to the card in `options.reader` (default: the first reader with a card). */
  async connect(options: ConnectOptions = {}): Promise<PcscTransport> {
    const readers = await this.readers();
    const name = options.reader ?? readers.find((r) => r.present)?.name;
    if (name === undefined) {
      throw new PcscError(readers.length === 0 ? 'no-reader' : 'no-card', 'no reader holds a card');
    }
    const entry = this.entries.get(name);
    if (!entry) throw new PcscError('no-reader', `no reader named '${name}'`, { path: name });
    // pcsclite keeps one card handle per reader object: a second handle needs a second context.
    if ([...this.transports].some((t) => t.info.name === name)) {
      throw new PcscError('sharing-violation', 'this context already holds the card; open another context', {
        path: name,
      });
    }
    const transport = new PcscTransport(entry.reader, options, {
      status: () => {
        const e = this.entries.get(name);
        return e ? statusOf(name, e) : undefined;
      },
      closed: () => {
        this.transports.delete(transport);
        if (this.ownedByCard && this.transports.size === 0) void this.close();
      },
      cardGone: (withinMs) =>
        this.waitForRemoval({ reader: name, timeoutMs: withinMs }).then(
          () => true,
          () => false,
        ),
    });
    await transport.open();
    this.transports.add(transport);
    return transport;
  }

  /** @internal connectPcscCard hands the context to its one transport. */
  ownCard(): void {
    this.ownedByCard = true;
  }

  /** Disconnects every transport opened here and stops monitoring. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.transports].map((t) => t.close().catch(() => undefined)));
    for (const e of this.entries.values()) e.reader.close();
    this.context.close();
    this.notify();
  }
}

/**
 * Opens the PC/SC resource manager. Throws PCSC_UNAVAILABLE with what to install or start when the binding,
 * libpcsclite or pcscd is missing.
 *
 * @example
 * const pcsc = await openPcsc();
 * const card = await pcsc.connect({ reader: 'Virtual PCD 00 00' });
 * const answer = await card.transmit(fromHex('0084000008'));
 * await pcsc.close();
 */
export async function openPcsc(options: PcscOpenOptions = {}): Promise<PcscContext> {
  const binding = options.binding ?? (await loadPcscBinding());
  let context: BindingContext;
  try {
    context = binding();
  } catch (cause) {
    const error = pcscErrorFrom(cause, 'establish context');
    if (error.reason === 'no-service') {
      throw new PcscError(
        'no-service',
        'pcscd is not running: start it (apt-get install pcscd; pcscd or systemctl start pcscd.socket)',
        { cause, scardCode: error.scardCode },
      );
    }
    throw error;
  }
  return new PcscContext(context);
}

/** Where to find the card: `connectPcscCard` options plus how long to wait for one. */
export interface PcscCardOptions extends ConnectOptions, PcscOpenOptions {
  /** Wait up to this long for a card (in `reader`, or in any reader) instead of failing with reason no-card. */
  waitMs?: number;
  signal?: AbortSignal;
}

/**
 * Opens the resource manager, optionally waits for a card, connects to it and resets it, so that a job (a read,
 * a personalization) starts from the state after the answer to reset whatever the previous application left
 * (ICAO 9303-11 §4.2 starts access control from there); closing the returned transport also closes the
 * resource manager. What `--card pcsc[:NAME] [--wait]` needs.
 *
 * @example
 * const card = await connectPcscCard({ reader: parsePcscCardSpec('pcsc:ACS ACR1252')?.reader, waitMs: 30_000 });
 * try { await card.transmit(fromHex('00A4040C07A0000002471001')); } finally { await card.close(); }
 */
export async function connectPcscCard(options: PcscCardOptions = {}): Promise<PcscTransport> {
  const pcsc = await openPcsc(options);
  try {
    if (options.waitMs !== undefined) {
      await pcsc.waitForCard({
        ...(options.reader === undefined ? {} : { reader: options.reader }),
        timeoutMs: options.waitMs,
        ...(options.signal ? { signal: options.signal } : {}),
      });
    }
    const card = await pcsc.connect(options);
    pcsc.ownCard();
    try {
      await card.reset();
    } catch (e) {
      await card.close({ disposition: 'leave' });
      throw e;
    }
    return card;
  } catch (e) {
    await pcsc.close();
    throw e;
  }
}

/**
 * Reads a card specification `pcsc` (first reader with a card) or `pcsc:NAME` (that reader); undefined for
 * anything else (e.g. `sim:STATE.json`), so that callers can try their other schemes.
 */
export function parsePcscCardSpec(spec: string): { reader: string | undefined } | undefined {
  if (spec === 'pcsc') return { reader: undefined };
  if (!spec.startsWith('pcsc:')) return undefined;
  const reader = spec.slice(5);
  if (reader === '') throw new CccdError('INVALID_ARGUMENT', "card: empty reader name after 'pcsc:'");
  return { reader };
}
