// vsmartcard vpcd bridge: plugs any virtual card into pcscd as the card of a virtual reader slot, so that every
// PC/SC program (ours, opensc-tool, scriptor) talks to it through the real pcsc-lite stack.
import { connect, type Socket } from 'node:net';
import { CccdError } from '../errors.js';
import {
  decodeVpcdMessage,
  encodeVpcdFrame,
  VPCD_MAX_PAYLOAD,
  type VpcdControl,
  VpcdFrameReader,
} from './vpcd-protocol.js';

/** What the bridge needs from a card: an ATR, the power contacts and APDU exchange (ISO/IEC 7816-3 §6). */
export interface VirtualCard {
  readonly atr: Uint8Array;
  powerOn(): void;
  powerOff(): void;
  /** Warm reset (ISO/IEC 7816-3 §6.2.3): the card forgets its session, security state and selected files. */
  reset(): void;
  transmit(apdu: Uint8Array): Promise<Uint8Array>;
}

/** vpcd listens on 35963 for slot "Virtual PCD 00 00" and on 35964 for slot "Virtual PCD 00 01". */
export const VPCD_DEFAULT_PORT = 35963;

export type VpcdEvent =
  | { type: 'connected' }
  | { type: 'disconnected' }
  | { type: 'control'; control: VpcdControl }
  | { type: 'apdu'; command: Uint8Array; response: Uint8Array }
  | { type: 'error'; error: CccdError };

export interface VpcdBridgeOptions {
  /** vpcd host (default 127.0.0.1). */
  host?: string;
  /** vpcd port: 35963 (default) for the first slot, 35964 for the second. */
  port?: number;
  /** First delay before reconnecting after the link drops or is refused (default 100 ms, doubling up to 2 s). */
  retryDelayMs?: number;
  /**
   * Answer the PC/SC part 3 §3.2.2.1.3 GET DATA pseudo-APDU (FF CA 00 00) with this UID, as a contactless reader
   * does for the card in its field; without it the command reaches the card like any other.
   */
  uid?: Uint8Array;
  /** Observes the link and every exchange (tests, logs); never given key material beyond the APDUs themselves. */
  onEvent?: (event: VpcdEvent) => void;
}

/** A running bridge; the card is "inserted" while the socket to vpcd is open. */
export interface VpcdBridge {
  /** Whether the socket to vpcd is currently open. */
  readonly connected: boolean;
  /** Resolves when the socket to vpcd is open (at once if it is). */
  waitConnected(signal?: AbortSignal): Promise<void>;
  /** Pulls the card out of the reader: closes the socket and stays out until `insert()`. */
  remove(): Promise<void>;
  /** Puts the card back: reconnects to vpcd (pcscd sees an insertion). */
  insert(): void;
  /** Stops the bridge for good. */
  close(): Promise<void>;
}

const SW_NO_PRECISE_DIAGNOSIS = Uint8Array.of(0x6f, 0x00);
const MAX_RETRY_DELAY_MS = 2000;

/** PC/SC part 3 §3.2.2.1.3: the reader answers GET DATA (FF CA 00 00 Le) with the UID, or 6C XX for a wrong Le. */
function answerGetUid(uid: Uint8Array, apdu: Uint8Array): Uint8Array | undefined {
  if (apdu.length !== 5 || apdu[0] !== 0xff || apdu[1] !== 0xca || apdu[3] !== 0x00) return undefined;
  if (apdu[2] !== 0x00) return Uint8Array.of(0x6a, 0x81);
  const le = apdu[4] as number;
  if (le !== 0 && le !== uid.length) return Uint8Array.of(0x6c, uid.length);
  const out = new Uint8Array(uid.length + 2);
  out.set(uid, 0);
  out[uid.length] = 0x90;
  return out;
}

/**
 * Connects `card` to vpcd and serves it until closed; reconnects whenever the link drops (pcscd restarted),
 * which pcscd sees as a card removal followed by an insertion.
 *
 * @example
 * const bridge = startVpcdBridge(card, { port: 35964 });
 * await bridge.waitConnected();
 * // ... PC/SC clients see a card in "Virtual PCD 00 01"
 * await bridge.close();
 */
export function startVpcdBridge(card: VirtualCard, options: VpcdBridgeOptions = {}): VpcdBridge {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? VPCD_DEFAULT_PORT;
  const firstDelay = options.retryDelayMs ?? 100;
  const emit = options.onEvent ?? (() => undefined);
  let socket: Socket | undefined;
  let open = false;
  let wanted = true;
  let stopped = false;
  let delay = firstDelay;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let waiters: (() => void)[] = [];

  const fail = (message: string, cause?: unknown) =>
    emit({ type: 'error', error: new CccdError('TRANSPORT_FAILED', message, { path: `vpcd ${host}:${port}`, cause }) });

  async function answer(s: Socket, payload: Uint8Array): Promise<void> {
    const message = decodeVpcdMessage(payload);
    if (message.kind === 'control') {
      emit({ type: 'control', control: message.control });
      const actions: Record<VpcdControl, () => Uint8Array | undefined> = {
        powerOff: () => void card.powerOff(),
        powerOn: () => void card.powerOn(),
        reset: () => void card.reset(),
        getAtr: () => card.atr,
      };
      const reply = actions[message.control]();
      if (reply !== undefined) s.write(encodeVpcdFrame(reply));
      return;
    }
    let response: Uint8Array;
    try {
      response = (options.uid && answerGetUid(options.uid, message.apdu)) || (await card.transmit(message.apdu));
      if (response.length < 2 || response.length > VPCD_MAX_PAYLOAD) {
        fail(`card answered ${response.length} bytes, outside 2..${VPCD_MAX_PAYLOAD}`);
        response = SW_NO_PRECISE_DIAGNOSIS;
      }
    } catch (cause) {
      // ISO/IEC 7816-4 §5.6: a card that fails internally answers 6F00; the bridge must answer something or
      // pcscd waits for ever.
      fail('card failed to answer an APDU', cause);
      response = SW_NO_PRECISE_DIAGNOSIS;
    }
    emit({ type: 'apdu', command: message.apdu, response });
    if (!s.destroyed) s.write(encodeVpcdFrame(response));
  }

  function dial(): void {
    timer = undefined;
    if (stopped || !wanted) return;
    const s = connect({ host, port });
    socket = s;
    s.setNoDelay(true);
    const reader = new VpcdFrameReader();
    // vpcd sends one message and waits for its answer, but frames are still handled strictly in order.
    let queue: Promise<void> = Promise.resolve();
    s.on('connect', () => {
      open = true;
      delay = firstDelay;
      emit({ type: 'connected' });
      for (const w of waiters) w();
      waiters = [];
    });
    s.on('data', (chunk: Uint8Array) => {
      for (const frame of reader.push(chunk)) {
        queue = queue.then(() => answer(s, frame)).catch((cause) => fail('bad message from vpcd', cause));
      }
    });
    s.on('error', () => undefined);
    s.on('close', () => {
      if (socket === s) socket = undefined;
      if (open) {
        open = false;
        // Removal takes the power away (ISO/IEC 7816-3 §6.4 deactivation): the card forgets its session.
        card.powerOff();
        emit({ type: 'disconnected' });
      }
      if (!stopped && wanted) {
        timer = setTimeout(dial, delay);
        delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS);
      }
    });
  }

  function hangUp(): Promise<void> {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const s = socket;
    if (!s || s.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      s.once('close', () => resolve());
      s.destroy();
    });
  }

  dial();
  return {
    get connected() {
      return open;
    },
    waitConnected(signal) {
      if (open) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const onAbort = () => {
          waiters = waiters.filter((w) => w !== done);
          reject(new CccdError('TRANSPORT_FAILED', 'stopped waiting for vpcd', { path: `vpcd ${host}:${port}` }));
        };
        const done = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        if (signal?.aborted) return onAbort();
        signal?.addEventListener('abort', onAbort, { once: true });
        waiters.push(done);
      });
    },
    remove() {
      wanted = false;
      return hangUp();
    },
    insert() {
      if (stopped || wanted) return;
      wanted = true;
      delay = firstDelay;
      dial();
    },
    close() {
      stopped = true;
      return hangUp();
    },
  };
}
