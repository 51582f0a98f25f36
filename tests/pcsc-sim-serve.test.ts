// `cccd sim serve` through the real stack: a blank simulated chip served to pcscd through vpcd is personalized
// over PC/SC (our transport and pcsc-tools' scriptor), saved, then read back with extended-length READ BINARY
// (ICAO 9303-10 §3.9) through pcscd.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandCount, toScriptor } from '../src/apdu/script.js';
import { runScript } from '../src/apdu/script-runner.js';
import { fromHex, toHex } from '../src/bytes.js';
import { stateFromJson } from '../src/card/state.js';
import type { CliDeps } from '../src/cli/deps.js';
import { run } from '../src/cli/run.js';
import type { ChipImage } from '../src/perso/chip-image.js';
import { personalizationScript } from '../src/perso/script.js';
import { readFile } from '../src/reader/read-file.js';
import { openPcsc, type PcscContext } from '../src/transport/pcsc.js';
import {
  LAB_PORTS,
  LAB_READERS,
  type LabProcess,
  type PcscLab,
  skipPcscLab,
  startPcscLab,
} from './helpers/pcsc-lab.js';

const CLI = join(import.meta.dirname, '..', 'src', 'cli', 'bin.ts');
const SELECT_LDS1 = fromHex('00A4040C07A0000002471001');
const CARD_ACCESS = fromHex('31143012060A04007F0007020204020202010202010D');
/** A file of `n` value bytes under tag 77 with a 3-byte length, so that a reader learns its size from the header. */
function bigFile(n: number): Uint8Array {
  const value = new Uint8Array(n).map((_, i) => (i * 13 + (i >> 9)) & 0xff);
  return new Uint8Array([0x77, 0x83, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff, ...value]);
}
/** Readable without access control, so that the extended-length read-back needs no PACE. */
const BIG_FILE = bigFile(50_000);
const DG2_FILE = bigFile(4_000);

/** A chip image; `large` adds a 50 kB file under the MF (its UPDATE BINARY beyond 32,767 needs extended length). */
function image(large: boolean): ChipImage {
  const big = { name: 'EF.CardSecurity', fid: 0x011d, sfi: 0x1d, access: 'always' as const, data: BIG_FILE };
  return {
    aid: fromHex('A0000002471001'),
    mfFiles: [
      { name: 'EF.CardAccess', fid: 0x011c, sfi: 0x1c, access: 'always', data: CARD_ACCESS },
      ...(large ? [big] : []),
    ],
    applicationFiles: [
      {
        name: 'EF.COM',
        fid: 0x011e,
        sfi: 0x1e,
        access: 'bac-or-pace',
        data: fromHex('60145F0104303130375F36063034303030305C026175'),
      },
      { name: 'DG2', fid: 0x0102, sfi: 0x02, access: 'bac-or-pace', data: DG2_FILE },
    ],
    secrets: { mrzKey: new Uint8Array(20).fill(1), can: '012345' },
  };
}

function cliDeps(out: string[]): CliDeps {
  return {
    stdout: (t) => out.push(t),
    stderr: (t) => out.push(t),
    readFile: async (p) => new Uint8Array(readFileSync(p)),
    writeFile: async (p, d) => writeFileSync(p, d),
    mkdir: async () => undefined,
    readDir: async () => [],
    isDirectory: async () => false,
    env: process.env,
    now: () => new Date(0),
    isTTY: false,
  };
}

describe.skipIf(await skipPcscLab())('cccd sim serve through pcscd and vpcd (isolated lab)', () => {
  let lab: PcscLab;
  let dir: string;
  let pcsc: PcscContext;
  const servers: LabProcess[] = [];
  const statePath = (slot: number) => join(dir, `chip-${slot}.json`);

  function serve(slot: 0 | 1): Promise<LabProcess> {
    const argv = ['sim', 'serve', '--state', statePath(slot), '--vpcd', `127.0.0.1:${LAB_PORTS[slot]}`, '--json'];
    const server = lab.startInLab([process.execPath, '--import', 'tsx', CLI, ...argv, '--profile', 'cccd-2024']);
    servers.push(server);
    return server.waitFor((e) => e.type === 'connected').then(() => server);
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cccd-sim-serve-'));
    lab = await startPcscLab();
    // Both chips start together: starting a CLI process is the slow part of this file.
    await Promise.all([serve(0), serve(1)]);
    pcsc = await openPcsc();
    // vpcd accepting the socket is not yet pcscd seeing the card: wait until both slots report one.
    for (const reader of LAB_READERS) await pcsc.waitForCard({ reader, timeoutMs: 30_000 });
  });

  afterAll(async () => {
    await pcsc?.close();
    await lab?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows both blank chips in `cccd readers --json` with their contactless ATR', async () => {
    const out: string[] = [];
    expect(await run(['readers', '--json'], cliDeps(out))).toBe(0);
    const readers = JSON.parse(out.join('')) as { name: string; card: string; atr?: string; type?: { type: string } }[];
    expect(readers[0]).toMatchObject({ name: LAB_READERS[0], card: 'present', atr: '3B80800101' });
    expect(readers[0]?.type?.type).toBe('contactless-iso14443-4');
    expect(readers[1]).toMatchObject({ name: LAB_READERS[1], card: 'present', atr: '3B80800101' });
  });

  it('personalizes the blank chip through pcscd with extended-length UPDATE BINARY, and the server saves it', async () => {
    const card = await pcsc.connect({ reader: LAB_READERS[0] });
    const report = await runScript(card, personalizationScript(image(true)));
    expect(report.commands).toBeGreaterThan(5);
    await card.close();
    await servers[0]?.waitFor((e) => e.type === 'saved' && e.lifeCycle === 'operational');
    const saved = stateFromJson(readFileSync(statePath(0), 'utf8'));
    expect(saved.lifeCycle).toBe('operational');
    expect(saved.secrets.can).toBe('012345');
  });

  it('reads a 50 kB file back through pcscd with extended-length READ BINARY, byte for byte', async () => {
    const card = await pcsc.connect({ reader: LAB_READERS[0] });
    try {
      const access = await readFile(card, { fid: 0x011c, name: 'EF.CardAccess', under: 'mf' });
      expect(toHex(access.bytes)).toBe(toHex(CARD_ACCESS));
      const big = await readFile(card, { fid: 0x011d, name: 'EF.CardSecurity', under: 'mf' });
      expect(big.bytes.length).toBe(BIG_FILE.length);
      expect(toHex(big.bytes)).toBe(toHex(BIG_FILE));
      expect(big.stats.extended).toBe(true);
      expect(big.stats.apdus).toBeLessThan(8);
    } finally {
      await card.close();
    }
  });

  it('keeps DG2 behind access control through pcscd: a plain READ BINARY is refused', async () => {
    const card = await pcsc.connect({ reader: LAB_READERS[0] });
    try {
      expect(toHex(await card.transmit(SELECT_LDS1))).toBe('9000');
      const refused = await readFile(card, { fid: 0x0102, name: 'DG2' }).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'STATUS_WORD' });
    } finally {
      await card.close();
    }
  });

  it('runs the personalization script exported for scriptor on a second blank chip (pcsc-tools)', async () => {
    const server = servers[1] as LabProcess;
    await pcsc.waitForCard({ reader: LAB_READERS[1], timeoutMs: 30_000 });
    const script = join(dir, 'perso.scriptor');
    const perso = personalizationScript(image(false), { maxChunk: 255 });
    writeFileSync(script, toScriptor(perso));
    const r = spawnSync('scriptor', ['-r', LAB_READERS[1], script], {
      env: lab.env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    // scriptor prints "> APDU" and "< DATA SW1 SW2 : meaning" per command (and "< OK: ATR" for the reset line).
    const answers = r.stdout.split('\n').filter((l) => /^< [0-9A-F]{2}( [0-9A-F]{2})* : /.test(l));
    expect(answers.length).toBe(commandCount(perso));
    expect(answers.every((l) => l.startsWith('< 90 00'))).toBe(true);
    await server.waitFor((e) => e.type === 'saved' && e.lifeCycle === 'operational', 20_000);
  });

  it('saves the chip state when the server is stopped', async () => {
    const server = servers[1] as LabProcess;
    await server.stop();
    const state = stateFromJson(readFileSync(statePath(1), 'utf8'));
    expect(state.lifeCycle).toBe('operational');
    const lds = state.dfs.find((d) => d.name === 'LDS1');
    expect(toHex(lds?.files.find((f) => f.fid === 0x0102)?.data ?? new Uint8Array(0))).toBe(toHex(DG2_FILE));
  });
});
