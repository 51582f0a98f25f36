// vsmartcard vpcd wire protocol and bridge, against an in-process stand-in for vpcd (no pcscd needed).
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { concatBytes, fromHex, toHex } from '../src/bytes.js';
import { isCccdError } from '../src/errors.js';
import { startVpcdBridge, type VirtualCard, type VpcdBridge, type VpcdEvent } from '../src/transport/vpcd.js';
import { decodeVpcdMessage, encodeVpcdFrame, VpcdFrameReader } from '../src/transport/vpcd-protocol.js';
import { LabCard, patternByte } from './helpers/pcsc-lab-card.js';

/** The vpcd side: listens like the driver does, sends frames, collects the card's answers. */
class FakeVpcd {
  readonly server: Server;
  socket: Socket | undefined;
  private answers: Uint8Array[] = [];
  private reader = new VpcdFrameReader();
  private waiting: (() => void)[] = [];
  private connections: (() => void)[] = [];

  constructor() {
    this.server = createServer((s) => {
      this.socket = s;
      this.reader = new VpcdFrameReader();
      s.setNoDelay(true);
      s.on('data', (chunk: Uint8Array) => {
        this.answers.push(...this.reader.push(chunk));
        for (const w of this.waiting.splice(0)) w();
      });
      s.on('error', () => undefined);
      for (const c of this.connections.splice(0)) c();
    });
  }

  async listen(port = 0): Promise<number> {
    this.server.listen(port, '127.0.0.1');
    await once(this.server, 'listening');
    return (this.server.address() as { port: number }).port;
  }

  connection(): Promise<void> {
    return this.socket && !this.socket.destroyed ? Promise.resolve() : new Promise((r) => this.connections.push(r));
  }

  async answer(): Promise<Uint8Array> {
    while (this.answers.length === 0) await new Promise<void>((r) => this.waiting.push(r));
    return this.answers.shift() as Uint8Array;
  }

  send(bytes: Uint8Array): void {
    this.socket?.write(bytes);
  }

  /** Sends one APDU split into single bytes, each its own write, as a slow link would deliver it. */
  async sendSlowly(bytes: Uint8Array): Promise<void> {
    for (const b of bytes) {
      this.socket?.write(Uint8Array.of(b));
      await new Promise((r) => setImmediate(r));
    }
  }

  async exchange(apdu: string): Promise<string> {
    this.send(encodeVpcdFrame(fromHex(apdu)));
    return toHex(await this.answer());
  }

  async close(): Promise<void> {
    this.socket?.destroy();
    await new Promise((r) => this.server.close(r));
  }
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(card: VirtualCard = new LabCard(), options: { uid?: Uint8Array } = {}) {
  const vpcd = new FakeVpcd();
  const port = await vpcd.listen();
  const events: VpcdEvent[] = [];
  const bridge: VpcdBridge = startVpcdBridge(card, {
    port,
    retryDelayMs: 20,
    onEvent: (e) => events.push(e),
    ...options,
  });
  cleanups.push(
    () => vpcd.close(),
    () => bridge.close(),
  );
  await bridge.waitConnected();
  await vpcd.connection();
  return { vpcd, bridge, events, card, port };
}

describe('vpcd wire protocol (2-byte big-endian length, then the payload)', () => {
  it('frames a payload behind its big-endian length', () => {
    expect(toHex(encodeVpcdFrame(fromHex('9000')))).toBe('00029000');
    expect(encodeVpcdFrame(new Uint8Array(0xffff)).subarray(0, 2)).toEqual(Uint8Array.of(0xff, 0xff));
  });

  it('refuses a payload over 65,535 bytes with TRANSPORT_LIMIT', () => {
    expect(() => encodeVpcdFrame(new Uint8Array(0x10000))).toThrow(
      expect.objectContaining({ code: 'TRANSPORT_LIMIT' }),
    );
  });

  it('reads one-byte messages as control codes and longer ones as APDUs', () => {
    expect(decodeVpcdMessage(Uint8Array.of(0))).toEqual({ kind: 'control', control: 'powerOff' });
    expect(decodeVpcdMessage(Uint8Array.of(1))).toEqual({ kind: 'control', control: 'powerOn' });
    expect(decodeVpcdMessage(Uint8Array.of(2))).toEqual({ kind: 'control', control: 'reset' });
    expect(decodeVpcdMessage(Uint8Array.of(4))).toEqual({ kind: 'control', control: 'getAtr' });
    expect(decodeVpcdMessage(fromHex('0084000008')).kind).toBe('apdu');
  });

  it('rejects unknown control codes and empty frames with TRANSPORT_FAILED', () => {
    for (const bad of [Uint8Array.of(3), Uint8Array.of(0xff), new Uint8Array(0)]) {
      expect(() => decodeVpcdMessage(bad)).toThrow(expect.objectContaining({ code: 'TRANSPORT_FAILED' }));
    }
  });

  it('reassembles frames however the stream is split or coalesced (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 50 }),
        (payloads, cuts) => {
          const stream = concatBytes(...payloads.map(encodeVpcdFrame));
          const reader = new VpcdFrameReader();
          const got: Uint8Array[] = [];
          let offset = 0;
          for (let i = 0; offset < stream.length; i++) {
            const n = cuts[i % cuts.length] as number;
            got.push(...reader.push(stream.subarray(offset, offset + n)));
            offset += n;
          }
          expect(got).toEqual(payloads);
          expect(reader.pending).toBe(0);
        },
      ),
    );
  });
});

describe('vpcd bridge', () => {
  it('answers get-ATR with the card ATR and passes power on, reset and power off to the card unanswered', async () => {
    const { vpcd, events, card } = await setup();
    vpcd.send(encodeVpcdFrame(Uint8Array.of(1)));
    vpcd.send(encodeVpcdFrame(Uint8Array.of(4)));
    expect(await vpcd.answer()).toEqual(card.atr);
    expect((card as LabCard).powered).toBe(true);
    vpcd.send(encodeVpcdFrame(Uint8Array.of(2)));
    vpcd.send(encodeVpcdFrame(Uint8Array.of(0)));
    vpcd.send(encodeVpcdFrame(Uint8Array.of(4)));
    expect(await vpcd.answer()).toEqual(card.atr);
    expect((card as LabCard).resets).toBe(1);
    expect((card as LabCard).powered).toBe(false);
    expect(events.filter((e) => e.type === 'control').map((e) => e.type === 'control' && e.control)).toEqual([
      'powerOn',
      'getAtr',
      'reset',
      'powerOff',
      'getAtr',
    ]);
  });

  it('answers SELECT of the LDS1 application with 9000 and then GET CHALLENGE with 8 bytes and 9000', async () => {
    const { vpcd } = await setup();
    expect(await vpcd.exchange('00A4040C07A0000002471001')).toBe('9000');
    const challenge = await vpcd.exchange('0084000008');
    expect(challenge).toMatch(/^[0-9A-F]{16}9000$/);
    expect(await vpcd.exchange('00CA010100')).toBe('6D00');
  });

  it('reads an APDU delivered one byte per write, and three frames coalesced into one write, in order', async () => {
    const { vpcd } = await setup();
    await vpcd.sendSlowly(encodeVpcdFrame(fromHex('00A4040C07A0000002471001')));
    expect(toHex(await vpcd.answer())).toBe('9000');
    vpcd.send(
      concatBytes(
        encodeVpcdFrame(fromHex('00A4040C07A0000002471002')),
        encodeVpcdFrame(fromHex('0084000008')),
        encodeVpcdFrame(Uint8Array.of(4)),
      ),
    );
    expect(toHex(await vpcd.answer())).toBe('6A82');
    expect(toHex(await vpcd.answer())).toBe('6985');
    expect((await vpcd.answer()).length).toBe(10);
  });

  it('carries an extended-length answer of 65,533 data bytes and the status word whole', async () => {
    const { vpcd } = await setup();
    await vpcd.exchange('00A4040C07A0000002471001');
    vpcd.send(encodeVpcdFrame(fromHex('00B00000000000')));
    const answer = await vpcd.answer();
    expect(answer.length).toBe(65535);
    expect(answer.subarray(-2)).toEqual(Uint8Array.of(0x90, 0x00));
    expect(answer.subarray(0, -2).every((b, i) => b === patternByte(i))).toBe(true);
  });

  it('answers 6F00 and reports a typed error when the card throws, and keeps serving', async () => {
    const broken: VirtualCard = {
      atr: fromHex('3B80800101'),
      powerOn() {},
      powerOff() {},
      reset() {},
      async transmit(apdu) {
        if (apdu[1] === 0x84) throw new Error('chip fault');
        return Uint8Array.of(0x90, 0x00);
      },
    };
    const { vpcd, events } = await setup(broken);
    expect(await vpcd.exchange('0084000008')).toBe('6F00');
    expect(await vpcd.exchange('00A4040C07A0000002471001')).toBe('9000');
    const error = events.find((e) => e.type === 'error');
    expect(error?.type === 'error' && isCccdError(error.error, 'TRANSPORT_FAILED')).toBe(true);
  });

  it('answers the PC/SC part 3 GET DATA UID pseudo-APDU when given a UID, 6C XX for a wrong Le', async () => {
    const { vpcd } = await setup(new LabCard(), { uid: fromHex('04A1B2C3') });
    expect(await vpcd.exchange('FFCA000000')).toBe('04A1B2C39000');
    expect(await vpcd.exchange('FFCA000002')).toBe('6C04');
    expect(await vpcd.exchange('FFCA010000')).toBe('6A81');
  });

  it('passes FF CA to the card when it has no UID to give', async () => {
    const { vpcd } = await setup();
    expect(await vpcd.exchange('FFCA000000')).toBe('6D00');
  });

  it('reconnects when vpcd drops the link (pcscd restarted), and the card loses power meanwhile', async () => {
    const { vpcd, events, card } = await setup();
    vpcd.send(encodeVpcdFrame(Uint8Array.of(1)));
    await vpcd.exchange('00A4040C07A0000002471001');
    expect((card as LabCard).selected).toBe(true);
    vpcd.socket?.destroy();
    vpcd.socket = undefined;
    await vpcd.connection();
    expect((card as LabCard).powered).toBe(false);
    expect(await vpcd.exchange('0084000008')).toBe('6985');
    expect(events.filter((e) => e.type === 'connected' || e.type === 'disconnected').map((e) => e.type)).toEqual([
      'connected',
      'disconnected',
      'connected',
    ]);
  });

  it('keeps retrying while vpcd is not listening and connects once it is', async () => {
    const probe = new FakeVpcd();
    const port = await probe.listen();
    await probe.close();
    const bridge = startVpcdBridge(new LabCard(), { port, retryDelayMs: 10 });
    cleanups.push(() => bridge.close());
    await new Promise((r) => setTimeout(r, 60));
    expect(bridge.connected).toBe(false);
    const vpcd = new FakeVpcd();
    cleanups.push(() => vpcd.close());
    await vpcd.listen(port);
    await bridge.waitConnected();
    await vpcd.connection();
    expect(await vpcd.exchange('0084000008')).toBe('6985');
  });

  it('stays out after remove() until insert(), like a card pulled from the field', async () => {
    const { vpcd, bridge } = await setup();
    await bridge.remove();
    expect(bridge.connected).toBe(false);
    await new Promise((r) => setTimeout(r, 60));
    expect(bridge.connected).toBe(false);
    vpcd.socket = undefined;
    bridge.insert();
    await bridge.waitConnected();
    await vpcd.connection();
    expect(await vpcd.exchange('00A4040C07A0000002471001')).toBe('9000');
  });

  it('stops waiting for a connection when the signal aborts', async () => {
    const probe = new FakeVpcd();
    const port = await probe.listen();
    await probe.close();
    const bridge = startVpcdBridge(new LabCard(), { port, retryDelayMs: 10 });
    cleanups.push(() => bridge.close());
    const controller = new AbortController();
    const waiting = bridge.waitConnected(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'TRANSPORT_FAILED' });
  });
});
