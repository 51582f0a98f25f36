import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToUtf8, utf8ToBytes } from '../src/bytes.js';
import { stateToJson } from '../src/card/state.js';
import { run } from '../src/cli/run.js';
import { CASES } from '../src/conformance/cases/index.js';
import { createReferenceCard, type ReferenceCard } from '../src/conformance/reference-card.js';
import { builtinProfile } from '../src/profile/builtin.js';
import { fakeDeps } from './helpers/fake-deps.js';

describe('cccd conformance (run(argv, deps) with an in-memory file system)', () => {
  let ref: ReferenceCard;
  let good: Uint8Array;
  let broken: Uint8Array;

  beforeAll(async () => {
    ref = await createReferenceCard({ profile: builtinProfile('cccd-2021') });
    good = utf8ToBytes(stateToJson(ref.state));
    const s = structuredClone(ref.state);
    // DG1 personalized with the access condition "always": readable before BAC/PACE.
    const dg1 = s.dfs.flatMap((d) => d.files).find((f) => f.fid === 0x0101);
    if (dg1) dg1.access = 'always';
    broken = utf8ToBytes(stateToJson(s));
  });

  it('lists every case, and with a profile marks those the chip does not claim', async () => {
    const { deps, out } = fakeDeps();
    expect(await run(['conformance', '--list'], deps)).toBe(0);
    expect(out.stdout).toContain(`${CASES.length} cases`);
    expect(out.stdout).toMatch(/^L6\.ISO\.01 +An unknown instruction is refused/m);
    const withProfile = fakeDeps();
    expect(await run(['conformance', '--list', '--profile', 'cccd-2021', '--json'], withProfile.deps)).toBe(0);
    const rows = JSON.parse(withProfile.out.stdout) as { id: string; applicable: boolean }[];
    expect(rows.find((r) => r.id === 'L6.PACE.30')?.applicable).toBe(false);
    expect(rows.find((r) => r.id === 'L6.PACE.20')?.applicable).toBe(true);
  });

  it('runs a saved chip, shows progress and writes the three reports; exit 0 when nothing failed', async () => {
    const { deps, out, files } = fakeDeps({ 'chip.json': good, 'csca.der': ref.pki.csca.raw });
    const code = await run(
      [
        'conformance',
        '--card',
        'sim:chip.json',
        '--profile',
        'cccd-2021',
        '--csca',
        'csca.der',
        '--only',
        'L6.BAC.*,L7.PA.*',
        '--report',
        'out',
      ],
      deps,
    );
    expect(out.stdout).toMatch(/\[ {2}1\/8\] PASSED +L6\.BAC\.01/);
    expect(out.stdout).toContain('8 cases: 8 passed, 0 failed, 0 errors');
    expect(code).toBe(0);
    expect(JSON.parse(bytesToUtf8(files.get('out/conformance.json') as Uint8Array)).counts.PASSED).toBe(8);
    expect(bytesToUtf8(files.get('out/conformance.junit.xml') as Uint8Array)).toContain('<testsuites ');
    expect(bytesToUtf8(files.get('out/conformance.html') as Uint8Array)).toContain('CONFORMANT');
  });

  it('exits 1 and shows expected and received values when a case fails', async () => {
    const { deps, out, files } = fakeDeps({ 'chip.json': broken });
    const code = await run(
      [
        'conformance',
        '--card',
        'sim:chip.json',
        '--profile',
        'cccd-2021',
        '--only',
        'L6.AC.2?',
        '--report',
        'r',
        '--formats',
        'json',
      ],
      deps,
    );
    expect(code).toBe(1);
    expect(out.stdout).toMatch(/FAILED +L6\.AC\.21 .*\n +expected SW 6982; received SW 9000/);
    expect([...files.keys()].filter((k) => k.startsWith('r/'))).toEqual(['r/conformance.json']);
  });

  it('runs the mutants and prints the kill rate', async () => {
    const { deps, out } = fakeDeps({ 'chip.json': good });
    const code = await run(
      ['conformance', '--mutants', '--profile', 'cccd-2021', '--card', 'sim:chip.json', '--only', 'L6.BAC.*,L6.AC.*'],
      deps,
    );
    expect(out.stdout).toMatch(/caught +read-without-authentication +by L6\.AC/);
    expect(out.stdout).toMatch(/n\/a +aa-wrong-signature +\(no selected case of AA passes/);
    // A saved chip has no lab PKI: the faults that re-sign EF.SOD are not applicable.
    expect(out.stdout).toMatch(/n\/a +sod-sha1 +\(no selected case/);
    expect(out.stdout).toMatch(/kill rate: \d+\/\d+ faults caught/);
    expect(code).toBe(1);
  });

  it('refuses unknown formats, claims and card specifications as usage errors', async () => {
    for (const argv of [
      ['conformance', '--card', 'sim:chip.json', '--profile', 'cccd-2021', '--formats', 'pdf'],
      ['conformance', '--card', 'sim:chip.json', '--profile', 'cccd-2021', '--claim', 'teleportation'],
      ['conformance', '--card', 'nfc:phone', '--profile', 'cccd-2021'],
      ['conformance', '--card', 'sim:chip.json'],
    ]) {
      const { deps } = fakeDeps({ 'chip.json': good });
      expect(await run(argv, deps)).toBe(2);
    }
  });
});
