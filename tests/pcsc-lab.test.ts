// PC/SC through the real stack: pcsc-lite's pcscd with the vsmartcard vpcd driver, our cards bridged in as
// virtual cards (tests/helpers/pcsc-lab.ts), our transport and Debian's own clients (opensc-tool, scriptor).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../src/bytes.js';
import { openPcsc, type PcscContext } from '../src/transport/pcsc.js';
import { LAB_READERS, type LabProcess, type PcscLab, skipPcscLab, startPcscLab } from './helpers/pcsc-lab.js';
import { patternByte } from './helpers/pcsc-lab-card.js';

const SELECT_LDS1 = fromHex('00A4040C07A0000002471001');
const GET_CHALLENGE = fromHex('0084000008');
const [SLOT0, SLOT1] = LAB_READERS;
const sw = (r: Uint8Array) => toHex(r.subarray(-2));

describe.skipIf(await skipPcscLab())('PC/SC through pcscd and vpcd (isolated lab)', () => {
  let lab: PcscLab;
  let card0: LabProcess;
  let pcsc: PcscContext;

  beforeAll(async () => {
    lab = await startPcscLab();
    card0 = await lab.startLabCard(0, { uid: '04A1B2C3D4E5F6' });
    pcsc = await openPcsc();
    await pcsc.waitForCard({ reader: SLOT0, timeoutMs: 30_000 });
  });

  afterAll(async () => {
    await pcsc?.close();
    await lab?.stop();
  });

  it('lists both vpcd slots, the card in slot 0 with its ATR parsed as a contactless ISO/IEC 14443-4 card', async () => {
    const readers = await pcsc.readers();
    expect(readers.map((r) => r.name)).toEqual([SLOT0, SLOT1]);
    const atr = (await pcsc.connect({ reader: SLOT0 })).parsedAtr;
    expect(atr?.card.type).toBe('contactless-iso14443-4');
    expect(atr?.extendedLength).toBe(true);
    await pcsc.close();
    pcsc = await openPcsc();
  });

  it('selects the LDS1 application and gets an 8-byte challenge through pcscd (T=1)', async () => {
    const card = await pcsc.connect({ reader: SLOT0 });
    expect(card.protocol).toBe('T1');
    expect(toHex(await card.transmit(SELECT_LDS1))).toBe('9000');
    const challenge = await card.transmit(GET_CHALLENGE);
    expect([challenge.length, sw(challenge)]).toEqual([10, '9000']);
    await card.close();
  });

  it('reads a 65,533-byte extended-length answer through pcscd whole', async () => {
    const card = await pcsc.connect({ reader: SLOT0 });
    await card.transmit(SELECT_LDS1);
    const answer = await card.transmit(fromHex('00B00000000000'));
    expect([answer.length, sw(answer)]).toEqual([65535, '9000']);
    expect(answer.subarray(0, -2).every((b, i) => b === patternByte(i))).toBe(true);
    await card.close();
  });

  it('reads the UID with GET DATA FF CA as a contactless reader reports it', async () => {
    const card = await pcsc.connect({ reader: SLOT0 });
    expect(toHex((await card.readUid()) as Uint8Array)).toBe('04A1B2C3D4E5F6');
    await card.close();
  });

  it('answers opensc-tool (OpenSC) with 9000 to SELECT and 8 bytes + 9000 to GET CHALLENGE', () => {
    const r = spawnSync(
      'opensc-tool',
      ['--reader', '0', '--send-apdu', '00A4040C07A0000002471001', '--send-apdu', '0084000008'],
      { env: lab.env, encoding: 'utf8', timeout: 20_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    // opensc-tool prints "Received (SW1=0x90, SW2=0x00)" and, when there is data, a hex dump line of it.
    const received = r.stdout.match(/Received \(SW1=0x([0-9A-F]{2}), SW2=0x([0-9A-F]{2})\)/g);
    expect(received).toEqual(['Received (SW1=0x90, SW2=0x00)', 'Received (SW1=0x90, SW2=0x00)']);
    expect(r.stdout).toMatch(/SW2=0x00\):\n([0-9A-F]{2} ){8}/);
  });

  it('answers scriptor (pcsc-tools) with the same, in its "> command / < answer" format', () => {
    const r = spawnSync('scriptor', ['-r', SLOT0], {
      env: lab.env,
      encoding: 'utf8',
      input: '00 A4 04 0C 07 A0 00 00 02 47 10 01\n00 84 00 00 08\n',
      timeout: 20_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const answers = r.stdout.split('\n').filter((l) => l.startsWith('< '));
    expect(answers[0]).toBe('< 90 00 : Normal processing.');
    expect(answers[1]).toMatch(/^< ([0-9A-F]{2} ){8}90 00 : Normal processing\.$/);
  });

  it('serves two cards at once, one per vpcd slot, and waits for the second to be inserted', async () => {
    const inserted = pcsc.waitForCard({ reader: SLOT1, timeoutMs: 30_000 });
    const card1 = await lab.startLabCard(1);
    await inserted;
    const [a, b] = [await pcsc.connect({ reader: SLOT0 }), await pcsc.connect({ reader: SLOT1 })];
    expect(toHex(await a.transmit(SELECT_LDS1))).toBe('9000');
    expect(sw(await b.transmit(GET_CHALLENGE))).toBe('6985');
    expect(sw(await a.transmit(GET_CHALLENGE))).toBe('9000');
    await Promise.all([a.close(), b.close()]);
    await card1.stop();
    await pcsc.waitForRemoval({ reader: SLOT1, timeoutMs: 30_000 });
  });

  it('fails a read with reason removed when the card leaves mid-session, then sees it come back', async () => {
    const card = await pcsc.connect({ reader: SLOT0 });
    await card.transmit(SELECT_LDS1);
    card0.send('remove');
    try {
      await card0.waitFor((e) => e.type === 'removed');
      const failure = await card.transmit(fromHex('00B00000000000')).catch((e: unknown) => e);
      expect(failure).toMatchObject({ code: 'PCSC_FAILED', reason: 'removed' });
      await expect(card.transmit(GET_CHALLENGE)).rejects.toMatchObject({ code: 'PCSC_FAILED' });
    } finally {
      await card.close().catch(() => undefined);
      card0.send('insert');
    }
    await pcsc.waitForCard({ reader: SLOT0, timeoutMs: 30_000 });
    const again = await pcsc.connect({ reader: SLOT0 });
    expect(sw(await again.transmit(GET_CHALLENGE))).toBe('6985');
    await again.close();
  });

  it('fails the next command with reason reset after another application resets the card, which forgot its session', async () => {
    const other = await openPcsc();
    try {
      const ours = await pcsc.connect({ reader: SLOT0, share: 'shared' });
      expect(toHex(await ours.transmit(SELECT_LDS1))).toBe('9000');
      const theirs = await other.connect({ reader: SLOT0, share: 'shared' });
      await theirs.reset();
      await card0.waitFor((e) => e.type === 'control' && e.control === 'reset');
      await expect(ours.transmit(GET_CHALLENGE)).rejects.toMatchObject({ code: 'PCSC_FAILED', reason: 'reset' });
      // The handle is usable again, and access control must run again: the card forgot the selection.
      expect(sw(await ours.transmit(GET_CHALLENGE))).toBe('6985');
      expect(toHex(await ours.transmit(SELECT_LDS1))).toBe('9000');
      expect(sw(await ours.transmit(GET_CHALLENGE))).toBe('9000');
      await ours.close();
    } finally {
      await other.close();
    }
  });

  it('keeps the card when pcscd restarts: the bridge reconnects and a new context finds it', async () => {
    const connectedBefore = card0.events.filter((e) => e.type === 'connected').length;
    await pcsc.close();
    await lab.restartPcscd();
    await card0.waitFor((e) => e.type === 'connected' && card0.events.indexOf(e) >= connectedBefore, 30_000);
    pcsc = await openPcsc();
    await pcsc.waitForCard({ reader: SLOT0, timeoutMs: 30_000 });
    const card = await pcsc.connect({ reader: SLOT0 });
    expect(toHex(await card.transmit(SELECT_LDS1))).toBe('9000');
    await card.close();
  });

  it('stops every process a lab started, by PID, and removes its directory', async () => {
    const socket = process.env.PCSCLITE_CSOCK_NAME;
    const second = await startPcscLab();
    try {
      second.startInLab(['sleep', '600']);
      const pids = second.pids();
      expect(pids.length).toBe(3);
      await second.stop();
      const alive = (pid: number) => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      };
      expect(pids.filter(alive)).toEqual([]);
      expect(existsSync(second.dir)).toBe(false);
    } finally {
      process.env.PCSCLITE_CSOCK_NAME = socket;
      await second.stop();
    }
  });
});
