// PC/SC workgroup part 5 resource manager over pcsc-lite: reader listing, card events, and the Transport of
// architecture.md rule 2 for a card in a PC/SC reader (contact T=0/T=1 or contactless, extended length).
import { abytes, copyBytes } from '../bytes.js';
import { type Atr, parseAtr } from './atr.js';
import { type BindingContext, type BindingReader, loadPcscBinding, type PcscBinding, SCARD } from './pcsc-binding.js';
import { PcscError, pcscErrorFrom } from './pcsc-errors.js';
import type { Transport, TransportInfo } from './types.js';

export { PCSC_INSTALL_HINT } from './pcsc-binding.js';
export { PcscError, type PcscReason } from './pcsc-errors.js';

/** One reader and the card in it, as the resource manager last reported. */
export interface ReaderStatus {
  readonly name: string;
  /** A card is in the reader and answered the reset (SCARD_STATE_PRESENT without SCARD_STATE_MUTE). */
  readonly present: boolean;
  /** A card is there but did not answer the reset. */
  readonly mute: boolean;
  /** Another application holds the card exclusively. */
  readonly exclusive: boolean;
  readonly inUse: boolean;
  /** The ATR when a card is present. */
  readonly atr: Uint8Array | undefined;
}

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

export type PcscProtocol = 'T0' | 'T1' | 'any';

export interface ConnectOptions {
  /** A reader name; omitted: the first reader with a card. */
  reader?: string;
  /** `exclusive` (default, nobody else talks to the card during a session) or `shared`. */
  share?: 'exclusive' | 'shared';
  /** T=0, T=1 or either (default); contactless cards always present themselves as T=1 (PC/SC part 3 §3.1.3). */
  protocol?: PcscProtocol;
  /**
   * Receive buffer for one response APDU (default 65,538: 65,536 data bytes + SW1 SW2, ISO/IEC 7816-4 §5.1
   * extended Le). Bindings default to 258 bytes, which truncates extended-length reads.
   */
  maxResponseLength?: number;
}

const PROTOCOLS: Record<PcscProtocol, number> = {
  T0: SCARD.PROTOCOL_T0,
  T1: SCARD.PROTOCOL_T1,
  any: SCARD.PROTOCOL_T0 | SCARD.PROTOCOL_T1,
};

const DISPOSITIONS = { leave: SCARD.LEAVE_CARD, reset: SCARD.RESET_CARD, unpower: SCARD.UNPOWER_CARD } as const;

const PROTOCOL_NAMES: ReadonlyMap<number, 'T0' | 'T1'> = new Map([
  [SCARD.PROTOCOL_T0, 'T0'],
  [SCARD.PROTOCOL_T1, 'T1'],
]);

/** pcsc-lite MAX_BUFFER_SIZE_EXTENDED: the largest APDU the client library carries (4 + 3 + 65,536 + 3 + 2). */
const MAX_COMMAND_LENGTH = 65548;
const DEFAULT_RESPONSE_LENGTH = 65538;
const SCARD_E_NOT_TRANSACTED = 0x80100016;
/** pcscd polls readers for card presence every 400 ms (PCSCLITE_STATUS_POLL_RATE): wait a few polls. */
const REMOVAL_GRACE_MS = 1500;

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

function asBytes(b: Uint8Array): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
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
      entry.atr = status.atr ? copyBytes(asBytes(status.atr)) : undefined;
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
            reject(new PcscError('timeout', `no change within ${options.timeoutMs} ms`, { path: options.reader }));
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
      closed: () => this.transports.delete(transport),
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

/** A card in a PC/SC reader as a Transport: one card handle, exclusive by default. */
export class PcscTransport implements Transport {
  private protocolCode = 0;
  private connected = false;
  private busy: Promise<unknown> = Promise.resolve();
  private readonly shareMode: number;
  private readonly preferred: number;
  private readonly responseLength: number;
  private atrBytes: Uint8Array | undefined;
  readonly info: TransportInfo;

  /** @internal use `PcscContext.connect()` */
  constructor(
    private readonly reader: BindingReader,
    options: ConnectOptions,
    private readonly owner: {
      status(): ReaderStatus | undefined;
      closed(): void;
      cardGone(withinMs: number): Promise<boolean>;
    },
  ) {
    this.shareMode = options.share === 'shared' ? SCARD.SHARE_SHARED : SCARD.SHARE_EXCLUSIVE;
    this.preferred = PROTOCOLS[options.protocol ?? 'any'];
    this.responseLength = options.maxResponseLength ?? DEFAULT_RESPONSE_LENGTH;
    this.info = { name: reader.name, maxCommandLength: MAX_COMMAND_LENGTH, maxResponseLength: this.responseLength - 2 };
  }

  /** The protocol the reader negotiated with the card. */
  get protocol(): 'T0' | 'T1' | undefined {
    return PROTOCOL_NAMES.get(this.protocolCode);
  }

  /** The ATR the card gave at connection (or the last reconnection). */
  get atr(): Uint8Array | undefined {
    return this.atrBytes;
  }

  /** The parsed ATR (ISO/IEC 7816-3 §8 and PC/SC part 3 contactless ATR). */
  get parsedAtr(): Atr | undefined {
    return this.atrBytes ? parseAtr(this.atrBytes) : undefined;
  }

  /** @internal */
  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.reader.connect({ share_mode: this.shareMode, protocol: this.preferred }, (error, protocol) => {
        if (error) return reject(pcscErrorFrom(error, 'connect', this.reader.name));
        this.protocolCode = protocol;
        this.connected = true;
        this.atrBytes = this.owner.status()?.atr;
        resolve();
      });
    });
  }

  private release(disposition: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.reader.disconnect(disposition, (error) => {
        this.connected = false;
        if (error) return reject(pcscErrorFrom(error, 'disconnect', this.reader.name));
        resolve();
      });
    });
  }

  private exchange(command: Uint8Array): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      this.reader.transmit(command, this.responseLength, this.protocolCode, (error, response) => {
        if (error) return reject(pcscErrorFrom(error, 'transmit', this.reader.name));
        resolve(asBytes(response));
      });
    });
  }

  /** Runs one operation at a time on the handle: pcsc-lite serializes too, but our state must follow it. */
  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.busy.then(op, op);
    this.busy = run.catch(() => undefined);
    return run;
  }

  /**
   * Sends one command APDU. A card reset by another application fails the command with reason `reset` after the
   * handle is re-established: the card forgot its session, so the caller must run access control again.
   */
  transmit(command: Uint8Array): Promise<Uint8Array> {
    abytes(command, 'command');
    return this.serial(async () => {
      if (!this.connected)
        throw new PcscError('not-connected', 'the card is not connected', { path: this.reader.name });
      if (command.length > MAX_COMMAND_LENGTH) {
        throw new PcscError('insufficient-buffer', `command of ${command.length} bytes exceeds ${MAX_COMMAND_LENGTH}`);
      }
      try {
        return await this.exchange(command);
      } catch (error) {
        let e = pcscErrorFrom(error, 'transmit', this.reader.name);
        // A card pulled out during an exchange first fails the exchange (SCARD_E_NOT_TRANSACTED: the driver lost
        // the card) and is reported absent at pcscd's next presence poll: name the removal when that follows.
        if (e.scardCode === SCARD_E_NOT_TRANSACTED && (await this.owner.cardGone(REMOVAL_GRACE_MS))) {
          e = new PcscError('removed', 'transmit: the card was removed during the exchange', {
            cause: error,
            path: this.reader.name,
          });
        }
        if (e.reason === 'reset') await this.reestablish(SCARD.LEAVE_CARD).catch(() => undefined);
        if (e.reason === 'removed' || e.reason === 'no-card')
          await this.release(SCARD.LEAVE_CARD).catch(() => undefined);
        throw e;
      }
    });
  }

  private async reestablish(disposition: number): Promise<void> {
    await this.release(disposition).catch(() => undefined);
    await this.open();
  }

  /**
   * Resets the card (ISO/IEC 7816-3 §6.2.3 warm reset through SCARD_RESET_CARD) and reconnects: the card
   * forgets its session, so access control runs again afterwards.
   */
  reset(): Promise<void> {
    return this.serial(() => this.reestablish(SCARD.RESET_CARD));
  }

  /**
   * The card's UID from the reader (PC/SC part 3 §3.2.2.1.3 GET DATA, FF CA 00 00 00), or undefined when the
   * reader does not support it (contact readers) or the card has none.
   */
  async readUid(): Promise<Uint8Array | undefined> {
    const r = await this.transmit(Uint8Array.of(0xff, 0xca, 0x00, 0x00, 0x00));
    const n = r.length;
    return n >= 2 && r[n - 2] === 0x90 && r[n - 1] === 0x00 ? r.subarray(0, n - 2) : undefined;
  }

  /**
   * Disconnects. `leave` (default) keeps the card powered for the next application; `reset` and `unpower` end
   * its session (PC/SC part 5 SCardDisconnect dispositions).
   */
  close(options: { disposition?: 'leave' | 'reset' | 'unpower' } = {}): Promise<void> {
    return this.serial(async () => {
      this.owner.closed();
      if (!this.connected) return;
      await this.release(DISPOSITIONS[options.disposition ?? 'leave']);
    });
  }
}
