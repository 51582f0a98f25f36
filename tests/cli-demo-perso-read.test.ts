import { describe, expect, it } from 'vitest';
import { bytesToUtf8, utf8ToBytes } from '../src/bytes.js';
import { run } from '../src/cli/run.js';
import { fakeDeps } from './helpers/fake-deps.js';

const AN = 'examples/citizens/nguyen-van-an.json';

describe('cccd demo (the main job on embedded defaults)', () => {
  it('personalizes a simulated CCCD, verifies it over PACE-CAN and BAC, and exits 0', async () => {
    const { deps, out, files } = fakeDeps();
    expect(await run(['demo', '--out', '/mem/demo'], deps)).toBe(0);
    expect(out.stdout).toContain('NGUYỄN VĂN AN, ID 001099012345');
    expect(out.stdout).toContain('read back with PACE-CAN: verified, every file as written');
    expect(out.stdout).toContain('read back with BAC: verified');
    expect(out.stdout).toContain('Verdict: VERIFIED');
    expect(out.stdout).toContain('EVERYTHING VERIFIED');
    expect(files.has('/mem/demo/chip.json')).toBe(true);
    expect(bytesToUtf8(files.get('/mem/demo/perso.script') as Uint8Array)).toContain('[secret 20 bytes]');
  });
});

describe('cccd pki init, perso and read (ICAO 9303-11 §4.2, §5.1, §6)', () => {
  async function personalized() {
    const env = fakeDeps();
    expect(await run(['pki', 'init', '--dir', '/mem/pki', '--algorithm', 'brainpoolP256r1'], env.deps)).toBe(0);
    const code = await run(
      [
        'perso',
        '--profile',
        'cccd-2021',
        '--citizen',
        AN,
        '--pki',
        '/mem/pki',
        '--card',
        'sim:/mem/chip.json',
        '--record',
        '/mem/record.json',
      ],
      env.deps,
    );
    expect(code).toBe(0);
    return env;
  }

  it('personalizes, keeps a record without secrets, and reads the chip back with the CAN (exit 0)', async () => {
    const { deps, out, files } = await personalized();
    const record = JSON.parse(bytesToUtf8(files.get('/mem/record.json') as Uint8Array));
    expect(record.result).toBe('personalized-and-verified');
    expect(record.documentNumber).toBe('099012345');
    // No secrets: neither the CAN nor the MRZ key nor private keys.
    expect(Object.keys(record).sort()).toEqual(
      [
        'card',
        'chipKeys',
        'documentNumber',
        'files',
        'finishedAt',
        'format',
        'profile',
        'result',
        'script',
        'sodSha256',
        'startedAt',
        'verification',
      ].sort(),
    );
    expect(JSON.stringify(record)).not.toMatch(/PRIVATE KEY|"can"/);
    out.stdout = '';
    expect(
      await run(['read', '--card', 'sim:/mem/chip.json', '--can', '012345', '--trust', '/mem/pki', '--json'], deps),
    ).toBe(0);
    const report = JSON.parse(out.stdout);
    expect(report.verified).toBe(true);
    expect(report.dg13.fullName).toBe('NGUYỄN VĂN AN');
    expect(report.stats.apdus).toBeLessThanOrEqual(20);
  });

  it('reads with BAC from the MRZ fields', async () => {
    const { deps } = await personalized();
    expect(
      await run(
        ['read', '--card', 'sim:/mem/chip.json', '--bac', '099012345,990101,390101', '--trust', '/mem/pki'],
        deps,
      ),
    ).toBe(0);
  });

  it('refuses a wrong CAN (exit 1) and a wrong MRZ (exit 1) without falling back', async () => {
    const { deps, out } = await personalized();
    expect(await run(['read', '--card', 'sim:/mem/chip.json', '--can', '999999', '--trust', '/mem/pki'], deps)).toBe(1);
    expect(out.stderr).toContain('AUTH_FAILED');
    expect(
      await run(
        ['read', '--card', 'sim:/mem/chip.json', '--bac', '099012345,990101,390102', '--trust', '/mem/pki'],
        deps,
      ),
    ).toBe(1);
  });

  it('reports revocation as not checked, and does not verify, when the verifier has no CRL', async () => {
    const { deps, out } = await personalized();
    out.stdout = '';
    expect(
      await run(
        ['read', '--card', 'sim:/mem/chip.json', '--can', '012345', '--trust', '/mem/pki/csca.pem', '--json'],
        deps,
      ),
    ).toBe(1);
    const report = JSON.parse(out.stdout);
    expect(report.checks.filter((c: { status: string }) => c.status !== 'passed')).toEqual([
      expect.objectContaining({ check: 'passive-authentication/revocation/DS', status: 'not-checked' }),
    ]);
  });

  it('does not verify a chip whose CSCA is not trusted (exit 1, chain not built)', async () => {
    const { deps, out } = await personalized();
    expect(await run(['pki', 'init', '--dir', '/mem/other'], deps)).toBe(0);
    out.stdout = '';
    expect(
      await run(
        ['read', '--card', 'sim:/mem/chip.json', '--can', '012345', '--trust', '/mem/other/csca.pem', '--json'],
        deps,
      ),
    ).toBe(1);
    const report = JSON.parse(out.stdout);
    expect(report.verified).toBe(false);
    expect(
      report.checks.find((c: { check: string }) => c.check.startsWith('passive-authentication/chain'))?.status,
    ).not.toBe('passed');
  });

  it('detects a tampered data group: the DG13 hash no longer matches EF.SOD (exit 1)', async () => {
    const { deps, out, files } = await personalized();
    const state = JSON.parse(bytesToUtf8(files.get('/mem/chip.json') as Uint8Array));
    const dg13 = state.dfs[1].files.find((f: { fid: string }) => f.fid === '010D');
    // Change one character of the residence text (same length, so the file stays well-formed).
    dg13.data = dg13.data.replace('48C3A0204EE1BB9969', '48C3A0204EE1BB9968');
    files.set('/mem/chip.json', utf8ToBytes(JSON.stringify(state)));
    out.stdout = '';
    expect(
      await run(['read', '--card', 'sim:/mem/chip.json', '--can', '012345', '--trust', '/mem/pki', '--json'], deps),
    ).toBe(1);
    const report = JSON.parse(out.stdout);
    expect(report.checks).toContainEqual(
      expect.objectContaining({ check: 'passive-authentication/data-group-hash/DG13', status: 'failed' }),
    );
  });

  it('refuses to personalize a locked chip again: the first command fails and nothing is written (exit 1)', async () => {
    const { deps, out } = await personalized();
    const before = await deps.readFile('/mem/chip.json');
    expect(
      await run(
        ['perso', '--profile', 'cccd-2021', '--citizen', AN, '--pki', '/mem/pki', '--card', 'sim:/mem/chip.json'],
        deps,
      ),
    ).toBe(1);
    expect(out.stderr).toContain('SCRIPT_FAILED');
    expect(out.stderr).toContain('no step completed');
    expect(bytesToUtf8(await deps.readFile('/mem/chip.json'))).toBe(bytesToUtf8(before));
  });

  it('exits 2 with a usage message for missing credentials', async () => {
    const { deps, out } = fakeDeps();
    expect(await run(['read', '--card', 'sim:/mem/none.json'], deps)).toBe(2);
    expect(out.stderr).toContain('give exactly one of --can, --mrz or --bac');
  });
});
