// Issue 6 end to end through the real stack: blank CCCD chips served by `cccd sim serve` to pcscd (vpcd) are
// personalized with `cccd perso --card pcsc:READER` and under pcsc-tools' scriptor, then read and verified with
// `cccd read --card pcsc:READER --can` (ICAO 9303-11 §4.4 PACE-CAN, §6.1 AA, §6.2 CA, §5.1 passive
// authentication, extended length); a reset makes access control run again; a card pulled out mid-read gives a
// typed error and no verdict.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../src/bytes.js';
import { stateFromJson } from '../src/card/state.js';
import type { CliDeps } from '../src/cli/deps.js';
import { nodeDeps } from '../src/cli/node-deps.js';
import { loadTrust } from '../src/cli/pki-dir.js';
import { run } from '../src/cli/run.js';
import { readDocument } from '../src/reader/read-document.js';
import { connectPcscCard } from '../src/transport/pcsc.js';
import type { Transport } from '../src/transport/types.js';
import {
  LAB_PORTS,
  LAB_READERS,
  type LabProcess,
  type PcscLab,
  skipPcscLab,
  startPcscLab,
} from './helpers/pcsc-lab.js';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'src', 'cli', 'bin.ts');
const CITIZEN = join(ROOT, 'examples', 'citizens', 'nguyen-van-an.json');
/** The CCCD 2021 profile derives the CAN from the last six digits of the citizen's ID (profiles/README.md). */
const CAN = '012345';

/** Runs the CLI in this process (its PC/SC client reaches the lab through PCSCLITE_CSOCK_NAME). */
async function cccd(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const deps: CliDeps = { ...nodeDeps(), stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTTY: false };
  const code = await run(argv, deps);
  return { code, out: out.join(''), err: err.join('') };
}

describe.skipIf(await skipPcscLab())('a CCCD personalized and read through pcscd and vpcd (isolated lab)', () => {
  let lab: PcscLab;
  let dir: string;
  const servers: LabProcess[] = [];
  const statePath = (slot: number) => join(dir, `cccd-${slot}.json`);
  const pcscCard = (slot: 0 | 1) => `pcsc:${LAB_READERS[slot]}`;

  function serve(slot: 0 | 1): Promise<LabProcess> {
    const argv = ['sim', 'serve', '--state', statePath(slot), '--vpcd', `127.0.0.1:${LAB_PORTS[slot]}`];
    const server = lab.startInLab([
      process.execPath,
      '--import',
      'tsx',
      CLI,
      ...argv,
      '--profile',
      'cccd-2021',
      '--json',
    ]);
    servers.push(server);
    return server.waitFor((e) => e.type === 'connected').then(() => server);
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cccd-pcsc-e2e-'));
    lab = await startPcscLab();
    const started = Promise.all([serve(0), serve(1)]);
    const pki = await cccd('pki', 'init', '--dir', join(dir, 'pki'), '--algorithm', 'brainpoolP256r1');
    expect(pki.code, pki.err).toBe(0);
    await started;
  });

  afterAll(async () => {
    await lab?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('personalizes a blank chip with `cccd perso --card pcsc:READER`, which reads it back and verifies it', async () => {
    const perso = await cccd(
      'perso',
      ...['--profile', 'cccd-2021', '--citizen', CITIZEN, '--pki', join(dir, 'pki')],
      ...['--card', pcscCard(0), '--wait', '30', '--scriptor-out', join(dir, 'perso.scriptor'), '--json'],
    );
    expect(perso.code, perso.err).toBe(0);
    await servers[0]?.waitFor((e) => e.type === 'saved' && e.lifeCycle === 'operational');
    expect(stateFromJson(readFileSync(statePath(0), 'utf8')).lifeCycle).toBe('operational');
  });

  it('reads and verifies it with `cccd read --card pcsc:READER --can`: PACE, CA, AA, passive authentication', async () => {
    const read = await cccd('read', '--card', pcscCard(0), '--can', CAN, '--trust', join(dir, 'pki'), '--json');
    expect(read.code, read.err).toBe(0);
    const report = JSON.parse(read.out) as { verified: boolean; access: { protocol: string } };
    expect(report.verified).toBe(true);
    expect(report.access.protocol).toBe('PACE');
  });

  it('runs the personalization script exported for scriptor under scriptor, and that chip verifies too', async () => {
    const r = spawnSync('scriptor', ['-r', LAB_READERS[1], join(dir, 'perso.scriptor')], {
      env: lab.env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const answers = r.stdout.split('\n').filter((l) => /^< [0-9A-F]{2}( [0-9A-F]{2})* : /.test(l));
    expect(answers.length).toBeGreaterThan(10);
    expect(answers.filter((l) => !l.startsWith('< 90 00'))).toEqual([]);
    await servers[1]?.waitFor((e) => e.type === 'saved' && e.lifeCycle === 'operational');
    const read = await cccd('read', '--card', pcscCard(1), '--can', CAN, '--trust', join(dir, 'pki'));
    expect(read.code, read.out + read.err).toBe(0);
  });

  it('makes access control run again after a reset: the chip refuses DG1 in plain, a new read verifies', async () => {
    const transport = await connectPcscCard({ reader: LAB_READERS[0] });
    try {
      expect(toHex(await transport.transmit(fromHex('00A4040C07A0000002471001')))).toBe('9000');
      // READ BINARY of DG1 by short EF identifier (ICAO 9303-10 §3.9.1), no secure messaging.
      const plain = await transport.transmit(fromHex('00B0810000'));
      expect(toHex(plain.subarray(-2))).toBe('6982');
    } finally {
      await transport.close();
    }
    const read = await cccd('read', '--card', pcscCard(0), '--can', CAN, '--trust', join(dir, 'pki'));
    expect(read.code, read.out + read.err).toBe(0);
  });

  it('gives a typed error and no verdict when the card is pulled out in the middle of a read', async () => {
    const trust = await loadTrust(nodeDeps(), join(dir, 'pki'));
    const transport = await connectPcscCard({ reader: LAB_READERS[1] });
    let sent = 0;
    // The chip's server dies while DG2 is read (after PACE and CA): vpcd sees its socket close, a removal.
    const pulling: Transport = {
      info: transport.info,
      async transmit(command, options) {
        if (++sent === 19) await servers[1]?.stop();
        return transport.transmit(command, options);
      },
    };
    try {
      const outcome = await readDocument(pulling, { credentials: { can: CAN }, trust }).catch((e: unknown) => e);
      expect(outcome).toMatchObject({ code: 'PCSC_FAILED', reason: 'removed' });
    } finally {
      await transport.close().catch(() => undefined);
    }
  });
});
