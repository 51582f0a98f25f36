// PC/SC workgroup part 5 card access (SCardConnect, SCardTransmit, SCardDisconnect) as the Transport of
// architecture.md rule 2: contact T=0/T=1 or contactless cards, extended length, reset and removal as typed errors.
import { abytes } from '../bytes.js';
import { type Atr, parseAtr } from './atr.js';
import { type BindingReader, SCARD } from './pcsc-binding.js';
import { PcscError, pcscErrorFrom } from './pcsc-errors.js';
import type { TransmitOptions, Transport, TransportInfo } from './types.js';

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
const REMOVAL_GRACE_MS = 3000;

/** What a transport needs from the context that opened it. @internal */
export interface TransportOwner {
  status(): ReaderStatus | undefined;
  closed(): void;
  /** Whether the reader reports the card gone within `withinMs`. */
  cardGone(withinMs: number): Promise<boolean>;
}

function asBytes(b: Uint8Array): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
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
    private readonly owner: TransportOwner,
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
  transmit(command: Uint8Array, _options?: TransmitOptions): Promise<Uint8Array> {
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
   * Disconnects (PC/SC part 5 SCardDisconnect dispositions). `reset` (default) ends the card's session, so that
   * no secure messaging session or access right outlives us for the next application; `leave` keeps it (for a
   * shared connection that must not disturb another application); `unpower` switches the card off.
   */
  close(options: { disposition?: 'leave' | 'reset' | 'unpower' } = {}): Promise<void> {
    return this.serial(async () => {
      try {
        if (this.connected) await this.release(DISPOSITIONS[options.disposition ?? 'reset']);
      } finally {
        this.owner.closed();
      }
    });
  }
}
