// A scripted stand-in for the pcsclite binding (PC/SC part 5 semantics as pcsclite 1.0.1 reports them), for tests
// of the transport and the CLI without pcscd.
import { EventEmitter } from 'node:events';
import { fromHex } from '../../src/bytes.js';
import { openPcsc } from '../../src/transport/pcsc.js';
import { type BindingContext, type BindingReader, SCARD } from '../../src/transport/pcsc-binding.js';

export const ATR = fromHex('3B8580018073000040B7');
export const scardError = (op: string, code: number) => new Error(`${op} error: some text.(0x${code.toString(16)})`);

/** A reader whose card and answers the test scripts; it follows pcsclite 1.0.1's callback conventions. */
export class FakeReader extends EventEmitter implements BindingReader {
  connects: { share_mode: number; protocol: number }[] = [];
  disconnects: number[] = [];
  responseLengths: number[] = [];
  connectError: Error | undefined;
  /** Answers to transmit, in order: bytes or an error. */
  script: (Uint8Array | Error)[] = [];
  closed = false;
  constructor(
    readonly name: string,
    public state: number,
    public atr?: Uint8Array,
  ) {
    super();
  }
  announce(): void {
    this.emit('status', { state: this.state, ...(this.atr ? { atr: Buffer.from(this.atr) } : {}) });
  }
  insert(atr = ATR): void {
    this.state = SCARD.STATE_PRESENT;
    this.atr = atr;
    this.announce();
  }
  removeCard(): void {
    this.state = SCARD.STATE_EMPTY;
    this.atr = undefined;
    this.announce();
  }
  connect(options: { share_mode: number; protocol: number }, callback: (e: unknown, p: number) => void): void {
    this.connects.push(options);
    setImmediate(() => callback(this.connectError, SCARD.PROTOCOL_T1));
  }
  disconnect(disposition: number, callback: (e: unknown) => void): void {
    this.disconnects.push(disposition);
    setImmediate(() => callback(null));
  }
  transmit(_data: Uint8Array, length: number, _p: number, callback: (e: unknown, r: Uint8Array) => void): void {
    this.responseLengths.push(length);
    const next = this.script.shift() ?? fromHex('9000');
    setImmediate(() => (next instanceof Error ? callback(next, Buffer.alloc(0)) : callback(null, Buffer.from(next))));
  }
  close(): void {
    this.closed = true;
  }
}

/** The context: lists its readers on the next tick like pcsclite, then each reader reports its first status. */
export class FakeContext extends EventEmitter implements BindingContext {
  closed = false;
  constructor(readonly readers: FakeReader[]) {
    super();
    process.nextTick(() =>
      this.start(() => {
        for (const r of readers) {
          this.emit('reader', r);
          setImmediate(() => r.announce());
        }
      }),
    );
  }
  start(callback: (error: unknown, readers: Uint8Array) => void): void {
    callback(undefined, new Uint8Array(0));
  }
  close(): void {
    this.closed = true;
  }
}

export function fake(readers: FakeReader[]) {
  const context = new FakeContext(readers);
  return { context, open: () => openPcsc({ binding: () => context }) };
}
