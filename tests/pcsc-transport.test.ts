// PC/SC part 5 resource manager semantics of the transport (reader events, errors, reset, extended length),
// against a scripted stand-in for the pcsclite binding; the real stack is in pcsc-lab.test.ts.
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../src/bytes.js';
import { connectPcscCard, openPcsc, PcscError, parsePcscCardSpec } from '../src/transport/pcsc.js';
import { loadPcscBinding, PCSC_INSTALL_HINT, SCARD } from '../src/transport/pcsc-binding.js';
import { ATR, FakeReader, fake, scardError } from './helpers/pcsc-fake-binding.js';

describe('PC/SC transport (resource manager semantics)', () => {
  it('lists readers with card presence and ATR once every reader has reported', async () => {
    const a = new FakeReader('ACS ACR1252 PICC 00', SCARD.STATE_PRESENT, ATR);
    const b = new FakeReader('ACS ACR1252 SAM 01', SCARD.STATE_EMPTY);
    const pcsc = await fake([b, a]).open();
    const readers = await pcsc.readers();
    expect(readers.map((r) => [r.name, r.present, r.atr && toHex(r.atr)])).toEqual([
      ['ACS ACR1252 PICC 00', true, toHex(ATR)],
      ['ACS ACR1252 SAM 01', false, undefined],
    ]);
    await pcsc.close();
    expect(a.closed && b.closed).toBe(true);
  });

  it('lists no readers when there are none, instead of waiting for one', async () => {
    const pcsc = await fake([]).open();
    expect(await pcsc.readers()).toEqual([]);
    await expect(pcsc.connect()).rejects.toMatchObject({ code: 'PCSC_FAILED', reason: 'no-reader' });
    await pcsc.close();
  });

  it('refuses to connect to an empty reader with reason no-card', async () => {
    const pcsc = await fake([new FakeReader('R', SCARD.STATE_EMPTY)]).open();
    await expect(pcsc.connect()).rejects.toMatchObject({ code: 'PCSC_FAILED', reason: 'no-card' });
    await pcsc.close();
  });

  it('does not count a mute card (no answer to reset) as present', async () => {
    const pcsc = await fake([new FakeReader('R', SCARD.STATE_PRESENT | SCARD.STATE_MUTE)]).open();
    const [r] = await pcsc.readers();
    expect([r?.present, r?.mute]).toEqual([false, true]);
    await pcsc.close();
  });

  it('waits for a card insertion and then for its removal', async () => {
    const reader = new FakeReader('R', SCARD.STATE_EMPTY);
    const pcsc = await fake([reader]).open();
    const inserted = pcsc.waitForCard({ reader: 'R', timeoutMs: 5000 });
    setTimeout(() => reader.insert(), 20);
    expect((await inserted).atr).toEqual(ATR);
    const removed = pcsc.waitForRemoval({ reader: 'R', timeoutMs: 5000 });
    setTimeout(() => reader.removeCard(), 20);
    await expect(removed).resolves.toBeUndefined();
    await pcsc.close();
  });

  it('gives up waiting with reason timeout after timeoutMs, and with reason cancelled on abort', async () => {
    const pcsc = await fake([new FakeReader('R', SCARD.STATE_EMPTY)]).open();
    await expect(pcsc.waitForCard({ timeoutMs: 30 })).rejects.toMatchObject({ code: 'PCSC_FAILED', reason: 'timeout' });
    const controller = new AbortController();
    const waiting = pcsc.waitForCard({ signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expect(waiting).rejects.toMatchObject({ code: 'PCSC_FAILED', reason: 'cancelled' });
    await pcsc.close();
  });

  it('connects exclusively to T=0 or T=1 by default, shared on request, and reports protocol and ATR', async () => {
    const reader = new FakeReader('R', SCARD.STATE_PRESENT, ATR);
    const pcsc = await fake([reader]).open();
    const card = await pcsc.connect();
    expect(reader.connects[0]).toEqual({
      share_mode: SCARD.SHARE_EXCLUSIVE,
      protocol: SCARD.PROTOCOL_T0 | SCARD.PROTOCOL_T1,
    });
    expect([card.protocol, card.atr && toHex(card.atr), card.parsedAtr?.card.type]).toEqual([
      'T1',
      toHex(ATR),
      'contactless-iso14443-4',
    ]);
    await expect(pcsc.connect()).rejects.toMatchObject({ reason: 'sharing-violation' });
    await card.close();
    await pcsc.connect({ reader: 'R', share: 'shared', protocol: 'T1' });
    expect(reader.connects[1]).toEqual({ share_mode: SCARD.SHARE_SHARED, protocol: SCARD.PROTOCOL_T1 });
    await pcsc.close();
  });

  it('receives with a 65,538-byte buffer so that extended-length answers are not truncated', async () => {
    const reader = new FakeReader('R', SCARD.STATE_PRESENT, ATR);
    const big = new Uint8Array(65538);
    big.set([0x90, 0x00], 65536);
    reader.script.push(big);
    const pcsc = await fake([reader]).open();
    const card = await pcsc.connect();
    const answer = await card.transmit(fromHex('00B00000000000'));
    expect(answer.length).toBe(65538);
    expect(Buffer.isBuffer(answer)).toBe(false);
    expect(reader.responseLengths).toEqual([65538]);
    await pcsc.close();
  });

  it('maps pcsc-lite return codes to reasons: sharing violation on connect, removal on transmit', async () => {
    const reader = new FakeReader('R', SCARD.STATE_PRESENT, ATR);
    reader.connectError = scardError('SCardConnect', 0x8010000b);
    const pcsc = await fake([reader]).open();
    await expect(pcsc.connect()).rejects.toMatchObject({ code: 'PCSC_FAILED', reason: 'sharing-violation' });
    reader.connectError = undefined;
    const card = await pcsc.connect();
    reader.script.push(scardError('SCardTransmit', 0x80100069));
    const failure = await card.transmit(fromHex('0084000008')).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PcscError);
    expect(failure).toMatchObject({ code: 'PCSC_FAILED', reason: 'removed', scardCode: 0x80100069 });
    await expect(card.transmit(fromHex('0084000008'))).rejects.toMatchObject({ reason: 'not-connected' });
    await pcsc.close();
  });

  it('re-establishes the handle after another application reset the card, failing that one command', async () => {
    const reader = new FakeReader('R', SCARD.STATE_PRESENT, ATR);
    const pcsc = await fake([reader]).open();
    const card = await pcsc.connect();
    reader.script.push(scardError('SCardTransmit', 0x80100068), fromHex('6985'));
    await expect(card.transmit(fromHex('0084000008'))).rejects.toMatchObject({ code: 'PCSC_FAILED', reason: 'reset' });
    expect(reader.connects.length).toBe(2);
    expect(reader.disconnects).toEqual([SCARD.LEAVE_CARD]);
    expect(toHex(await card.transmit(fromHex('0084000008')))).toBe('6985');
    await pcsc.close();
  });

  it('resets the card on request with SCARD_RESET_CARD and reconnects', async () => {
    const reader = new FakeReader('R', SCARD.STATE_PRESENT, ATR);
    const pcsc = await fake([reader]).open();
    const card = await pcsc.connect();
    await card.reset();
    expect(reader.disconnects).toEqual([SCARD.RESET_CARD]);
    expect(reader.connects.length).toBe(2);
    await card.close({ disposition: 'unpower' });
    expect(reader.disconnects).toEqual([SCARD.RESET_CARD, SCARD.UNPOWER_CARD]);
    await pcsc.close();
  });

  it('reads the UID with GET DATA FF CA where the reader supports it, undefined where it does not', async () => {
    const reader = new FakeReader('R', SCARD.STATE_PRESENT, ATR);
    reader.script.push(fromHex('04A1B2C39000'), fromHex('6E00'));
    const pcsc = await fake([reader]).open();
    const card = await pcsc.connect();
    expect(toHex((await card.readUid()) as Uint8Array)).toBe('04A1B2C3');
    expect(await card.readUid()).toBeUndefined();
    await pcsc.close();
  });

  it('reports pcscd gone as PCSC_UNAVAILABLE, from the context and from the monitor', async () => {
    const noService = () => {
      throw scardError('SCardEstablishContext', 0x8010001d);
    };
    await expect(openPcsc({ binding: noService })).rejects.toMatchObject({ code: 'PCSC_UNAVAILABLE' });
    const { context, open } = fake([new FakeReader('R', SCARD.STATE_EMPTY)]);
    const pcsc = await open();
    await pcsc.readers();
    context.emit('error', scardError('SCardGetStatusChange', 0x8010001d));
    await expect(pcsc.readers()).rejects.toMatchObject({ code: 'PCSC_UNAVAILABLE', reason: 'no-service' });
    await pcsc.close();
  });

  it('says exactly what to install when the native binding is missing', async () => {
    const failure = await loadPcscBinding('pcsclite-not-installed-here').catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'PCSC_UNAVAILABLE' });
    expect((failure as Error).message).toContain(PCSC_INSTALL_HINT);
    expect(PCSC_INSTALL_HINT).toBe('apt-get install pcscd libpcsclite-dev && npm install pcsclite');
  });

  it('connects to the first card with connectPcscCard, waiting for it and resetting it, and closes the context with the card', async () => {
    const reader = new FakeReader('R', SCARD.STATE_EMPTY);
    const { context } = fake([reader]);
    setTimeout(() => reader.insert(), 20);
    const card = await connectPcscCard({ binding: () => context, waitMs: 5000 });
    expect(card.info.name).toBe('R');
    // A job starts from the answer to reset, whatever the previous application left on the card.
    expect(reader.disconnects).toEqual([SCARD.RESET_CARD]);
    expect(reader.connects.length).toBe(2);
    await card.close();
    expect(reader.disconnects).toEqual([SCARD.RESET_CARD, SCARD.RESET_CARD]);
    expect(context.closed).toBe(true);
  });

  it('closes the context when connectPcscCard finds no card in time', async () => {
    const { context } = fake([new FakeReader('R', SCARD.STATE_EMPTY)]);
    await expect(connectPcscCard({ binding: () => context, waitMs: 20 })).rejects.toMatchObject({ reason: 'timeout' });
    expect(context.closed).toBe(true);
  });

  it('reads card specifications pcsc and pcsc:NAME, and leaves other schemes to the caller', () => {
    expect(parsePcscCardSpec('pcsc')).toEqual({ reader: undefined });
    expect(parsePcscCardSpec('pcsc:ACS ACR1252 1S CL Reader PICC 00')).toEqual({
      reader: 'ACS ACR1252 1S CL Reader PICC 00',
    });
    expect(parsePcscCardSpec('sim:chip.json')).toBeUndefined();
    expect(() => parsePcscCardSpec('pcsc:')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
