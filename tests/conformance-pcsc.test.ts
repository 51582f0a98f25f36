// Issue 7 through the real stack: the conformance suite runs against a CCCD served by `cccd sim serve` to pcscd
// (vpcd, isolated lab), with `cccd conformance --card pcsc:READER`, reset between cases by SCARD_RESET_CARD.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateToJson } from '../src/card/state.js';
import type { CliDeps } from '../src/cli/deps.js';
import { nodeDeps } from '../src/cli/node-deps.js';
import { run } from '../src/cli/run.js';
import { createReferenceCard, type ReferenceCard } from '../src/conformance/reference-card.js';
import { builtinProfile } from '../src/profile/builtin.js';
import { LAB_PORTS, LAB_READERS, type PcscLab, skipPcscLab, startPcscLab } from './helpers/pcsc-lab.js';

const CLI = join(import.meta.dirname, '..', 'src', 'cli', 'bin.ts');

async function cccd(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const deps: CliDeps = { ...nodeDeps(), stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTTY: false };
  const code = await run(argv, deps);
  return { code, out: out.join(''), err: err.join('') };
}

describe.skipIf(await skipPcscLab())('the conformance suite through pcscd and vpcd (isolated lab)', () => {
  let lab: PcscLab;
  let dir: string;
  let ref: ReferenceCard;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cccd-conformance-pcsc-'));
    ref = await createReferenceCard({ profile: builtinProfile('cccd-2021') });
    writeFileSync(join(dir, 'chip.json'), stateToJson(ref.state));
    writeFileSync(join(dir, 'csca.der'), ref.pki.csca.raw);
    lab = await startPcscLab();
    const server = lab.startInLab([
      process.execPath,
      ...['--import', 'tsx', CLI, 'sim', 'serve', '--state', join(dir, 'chip.json')],
      ...['--vpcd', `127.0.0.1:${LAB_PORTS[0]}`, '--json'],
    ]);
    await server.waitFor((e) => e.type === 'connected');
  }, 60_000);

  afterAll(async () => {
    await lab?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes every case the CCCD claims, with the reports written; the ATR comes from the reader', async () => {
    const mrz = ref.lab.credentials.mrz as { documentNumber: string; birthDate: string; expiryDate: string };
    const r = await cccd(
      ...['conformance', '--card', `pcsc:${LAB_READERS[0]}`, '--profile', 'cccd-2021'],
      ...[
        '--can',
        ref.lab.credentials.can as string,
        '--mrz',
        `${mrz.documentNumber},${mrz.birthDate},${mrz.expiryDate}`,
      ],
      ...['--csca', join(dir, 'csca.der'), '--report', join(dir, 'report'), '--wait', '30'],
    );
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toMatch(/\d+ cases: 1[45]\d passed, 0 failed, 0 errors/);
    const json = JSON.parse(readFileSync(join(dir, 'report', 'conformance.json'), 'utf8'));
    expect(json.chip.name).toBe(LAB_READERS[0]);
    expect(json.chip.atr).toMatch(/^3B/);
    // The personalization command set is the simulator's: through a reader it is not claimed.
    expect(json.results.find((x: { id: string }) => x.id === 'L6.LC.01').verdict).toBe('NOT APPLICABLE');
  }, 60_000);
});
