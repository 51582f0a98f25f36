// The PC/SC commands of the CLI, `cccd readers` and `cccd sim serve`, run as `run(argv, deps)` against a scripted
// PC/SC binding and an in-process stand-in for vpcd (the real stack is in pcsc-lab and pcsc-sim-serve tests).
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../src/bytes.js';
import { encodeFcp } from '../src/card/fcp.js';
import { stateFromJson } from '../src/card/state.js';
import { readersCommand } from '../src/cli/cmd-readers.js';
import { simServeCommand } from '../src/cli/cmd-sim.js';
import type { CliDeps } from '../src/cli/deps.js';
import { run } from '../src/cli/run.js';
import { openPcsc } from '../src/transport/pcsc.js';
import { SCARD } from '../src/transport/pcsc-binding.js';
import { encodeVpcdFrame, VpcdFrameReader } from '../src/transport/vpcd-protocol.js';
import { ATR, FakeReader, fake, scardError } from './helpers/pcsc-fake-binding.js';

const dir = mkdtempSync(join(tmpdir(), 'cccd-pcsc-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function deps(): CliDeps & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    readFile: async (p) => {
      try {
        return new Uint8Array(readFileSync(p));
      } catch (cause) {
        const { CccdError } = await import('../src/errors.js');
        throw new CccdError('IO_FAILED', `cannot read ${p}`, { path: p, cause });
      }
    },
    writeFile: async (p, d) => writeFileSync(p, d),
    mkdir: async () => undefined,
    readDir: async () => [],
    isDirectory: async () => false,
    env: {},
    now: () => new Date(0),
    isTTY: false,
  };
}

describe('cccd readers', () => {
  const readers = () => {
    const picc = new FakeReader('ACS ACR1252 1S CL Reader PICC 00', SCARD.STATE_PRESENT, ATR);
    picc.script.push(fromHex('04A1B2C3D4E5F69000'));
    const sam = new FakeReader('ACS ACR1252 1S CL Reader SAM 01', SCARD.STATE_EMPTY);
    const odd = new FakeReader('Contact Reader 02', SCARD.STATE_PRESENT, fromHex('3B8580018073000040B6'));
    return readersCommand({ open: fake([picc, sam, odd]).open });
  };

  it('lists readers, card presence and what the ATR says, for a terminal', async () => {
    const d = deps();
    expect(await run(['readers'], d, [readers()])).toBe(0);
    expect(d.out.join('')).toBe(
      [
        'ACS ACR1252 1S CL Reader PICC 00: card 3B8580018073000040B7',
        '  T=CL, contactless ISO/IEC 14443-4, extended length',
        'ACS ACR1252 1S CL Reader SAM 01: no card',
        'Contact Reader 02: card 3B8580018073000040B6',
        '  malformed ATR (ATR at offset 9: TCK does not make the XOR of T0..TCK zero)',
        '',
      ].join('\n'),
    );
  });

  it('prints JSON with --json and the UID with --uid', async () => {
    const d = deps();
    expect(await run(['readers', '--json', '--uid'], d, [readers()])).toBe(0);
    const list = JSON.parse(d.out.join('')) as Record<string, unknown>[];
    expect(list[0]).toMatchObject({
      card: 'present',
      atr: '3B8580018073000040B7',
      protocols: [0, 1],
      type: { type: 'contactless-iso14443-4' },
      extendedLength: true,
      uid: '04A1B2C3D4E5F6',
    });
    expect(list[1]).toEqual({ name: 'ACS ACR1252 1S CL Reader SAM 01', card: 'absent' });
    expect(list[2]?.atrError).toMatch(/TCK/);
  });

  it('exits 1 with PCSC_UNAVAILABLE and what to do when pcscd is not running', async () => {
    const d = deps();
    const open = () =>
      openPcsc({
        binding: () => {
          throw scardError('SCardEstablishContext', 0x8010001d);
        },
      });
    expect(await run(['readers'], d, [readersCommand({ open })])).toBe(1);
    expect(d.err.join('')).toMatch(/pcscd is not running.*\[PCSC_UNAVAILABLE\]/);
  });
});

/** A free TCP port on loopback (listen on 0, note the port, close). */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/** A stand-in for vpcd on `port`: waits for the card to connect, then sends frames and collects answers. */
async function vpcdStandIn(port: number) {
  const server = createServer();
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const [socket] = (await once(server, 'connection')) as [Socket];
  const reader = new VpcdFrameReader();
  const answers: Uint8Array[] = [];
  let wake: (() => void) | undefined;
  socket.on('data', (chunk: Uint8Array) => {
    answers.push(...reader.push(chunk));
    wake?.();
  });
  return {
    /** Control codes 00, 01, 02 get no answer. */
    send(frame: Uint8Array) {
      socket.write(encodeVpcdFrame(frame));
    },
    async exchange(frame: Uint8Array) {
      socket.write(encodeVpcdFrame(frame));
      while (answers.length === 0) await new Promise<void>((r) => (wake = r));
      return answers.shift() as Uint8Array;
    },
    close() {
      socket.destroy();
      server.close();
    },
  };
}

describe('cccd sim serve', () => {
  it('refuses a missing --state and a malformed --vpcd with exit code 2', async () => {
    const d = deps();
    expect(await run(['sim', 'serve'], d, [simServeCommand()])).toBe(2);
    expect(
      await run(['sim', 'serve', '--state', join(dir, 'x.json'), '--vpcd', 'nowhere'], d, [simServeCommand()]),
    ).toBe(2);
    expect(d.err.join('')).toContain('[USAGE]');
  });

  it('serves a blank chip of the profile, answers vpcd, and saves the state after a personalization command', async () => {
    const statePath = join(dir, 'blank.json');
    const port = await freePort();
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((r) => (stop = r));
    const d = deps();
    const serving = run(
      ['sim', 'serve', '--state', statePath, '--vpcd', `127.0.0.1:${port}`, '--profile', 'cccd-2024', '--json'],
      d,
      [simServeCommand({ until: () => stopped })],
    );
    // The bridge retries until something listens: the stand-in may start after the server.
    const vpcd = await vpcdStandIn(port);
    vpcd.send(Uint8Array.of(1));
    expect(toHex(await vpcd.exchange(Uint8Array.of(4)))).toBe('3B80800101');
    const create = encodeFcp({ kind: 'ef', fid: 0x011c, size: 4, sfi: 0x1c, access: 'always' });
    const answer = await vpcd.exchange(Uint8Array.of(0x00, 0xe0, 0x00, 0x00, create.length, ...create));
    expect(toHex(answer)).toBe('9000');
    stop();
    expect(await serving).toBe(0);
    vpcd.close();
    const state = stateFromJson(readFileSync(statePath, 'utf8'));
    expect(state.config.profile).toBe('cccd-2024');
    expect(state.dfs[0]?.files.map((f) => f.fid)).toEqual([0x011c]);
    const events = d.out
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string });
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['serving', 'connected', 'control', 'apdu', 'saved', 'stopped']),
    );
    // Command data never appears in the event stream, only headers and status words.
    expect(d.out.join('')).not.toContain(toHex(create));
  });
});
