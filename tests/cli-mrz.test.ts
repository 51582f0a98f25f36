import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { utf8ToBytes } from '../src/bytes.js';
import type { CliDeps } from '../src/cli/deps.js';
import { run } from '../src/cli/run.js';
import { CccdError } from '../src/errors.js';

const ROOT = join(import.meta.dirname, '..');
const AN = join(ROOT, 'examples', 'citizens', 'nguyen-van-an.json');
const HOA = join(ROOT, 'examples', 'citizens', 'tran-thi-hoa-no-expiry.json');
const EXAMPLE = ['IDVNM0990123459001099012345<<0', '9901018M3901016VNM<<<<<<<<<<<0', 'NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<'];

/** CliDeps over an in-memory file map that falls back to the repository's files. */
function fakeDeps(files: Record<string, string> = {}) {
  const out = { stdout: '', stderr: '' };
  const deps: CliDeps = {
    stdout: (t) => {
      out.stdout += t;
    },
    stderr: (t) => {
      out.stderr += t;
    },
    async readFile(path) {
      const text = files[path];
      if (text !== undefined) return utf8ToBytes(text);
      try {
        return new Uint8Array(await readFile(path));
      } catch (cause) {
        throw new CccdError('IO_FAILED', `cannot read ${path}`, { path, cause });
      }
    },
    writeFile: async () => {
      throw new Error('cccd mrz writes no files');
    },
    mkdir: async () => undefined,
    readDir: async () => [],
    isDirectory: async () => false,
    env: {},
    now: () => new Date('2026-01-01T00:00:00Z'),
    isTTY: false,
  };
  return { deps, out };
}

describe('cccd mrz --citizen', () => {
  it('prints the MRZ of the example holder of cccd-chip.md', async () => {
    const { deps, out } = fakeDeps();
    expect(await run(['mrz', '--citizen', AN], deps)).toBe(0);
    expect(out.stdout).toBe(`${EXAMPLE.join('\n')}\n`);
  });

  it('writes 991231 for the citizen without expiry', async () => {
    const { deps, out } = fakeDeps();
    expect(await run(['mrz', '--citizen', HOA, '--profile', 'cccd-2024'], deps)).toBe(0);
    expect(out.stdout.split('\n')[1]).toMatch(/^5003154F9912315VNM<{11}\d$/);
  });

  it('gives the fields, the BAC key material and the CAN as JSON', async () => {
    const { deps, out } = fakeDeps();
    expect(await run(['mrz', '--citizen', AN, '--json'], deps)).toBe(0);
    const r = JSON.parse(out.stdout);
    expect(r.lines).toEqual(EXAMPLE);
    expect(r.can).toBe('012345');
    expect(r.bac.mrzInformation).toBe('099012345999010183901016');
  });

  it('uses a profile given as a file', async () => {
    const profile = JSON.parse(await readFile(join(ROOT, 'profiles', 'td3-passport.json'), 'utf8'));
    const citizen = { ...JSON.parse(await readFile(AN, 'utf8')), documentNumber: 'C0123456' };
    const { deps, out } = fakeDeps({ '/in/p.json': JSON.stringify(profile), '/in/c.json': JSON.stringify(citizen) });
    expect(await run(['mrz', '--citizen', '/in/c.json', '--profile', '/in/p.json'], deps)).toBe(0);
    expect(out.stdout.split('\n')[0]).toBe('P<UTONGUYEN<<VAN<AN<<<<<<<<<<<<<<<<<<<<<<<<<');
    expect(out.stdout.split('\n')[1]!.slice(0, 10)).toBe('C0123456<5');
  });

  it('exits 2 naming the field of an invalid record', async () => {
    const bad = { ...JSON.parse(await readFile(AN, 'utf8')), birthDate: '1999-13-01' };
    const { deps, out } = fakeDeps({ '/in/bad.json': JSON.stringify(bad) });
    expect(await run(['mrz', '--citizen', '/in/bad.json'], deps)).toBe(2);
    expect(out.stderr).toContain('citizen.birthDate');
    expect(out.stderr).toContain('[CITIZEN_INVALID]');
    expect(out.stderr).not.toContain('    at ');
  });

  it('exits 2 when a passport profile has no document number to use', async () => {
    const { deps, out } = fakeDeps();
    expect(await run(['mrz', '--citizen', AN, '--profile', 'td3-passport'], deps)).toBe(2);
    expect(out.stderr).toContain('citizen.documentNumber');
  });

  it('exits 2 for a missing file, an unknown profile and missing arguments', async () => {
    for (const argv of [
      ['mrz', '--citizen', '/nonexistent.json'],
      ['mrz', '--citizen', AN, '--profile', 'cccd-1999'],
      ['mrz'],
      ['mrz', 'IDVNM'],
      ['mrz', '--parse', '--citizen', AN],
      ['mrz', '--bogus'],
    ]) {
      const { deps } = fakeDeps();
      expect(await run(argv, deps), argv.join(' ')).toBe(2);
    }
  });
});

describe('cccd mrz --parse', () => {
  it('validates the CCCD example and shows the ID, the CAN and the BAC key material', async () => {
    const { deps, out } = fakeDeps();
    expect(await run(['mrz', '--parse', ...EXAMPLE], deps)).toBe(0);
    expect(out.stdout).toMatch(/personal ID\s+001099012345/);
    expect(out.stdout).toMatch(/PACE CAN\s+012345/);
    expect(out.stdout).toContain('td1.line2.composite: ok');
    expect(out.stdout).toContain('BAC MRZ information  099012345999010183901016');
  });

  it('accepts the lines as one argument', async () => {
    const { deps, out } = fakeDeps();
    expect(await run(['mrz', '--parse', EXAMPLE.join('\n'), '--json'], deps)).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ format: 'TD1', valid: true, id: '001099012345', can: '012345' });
  });

  it('validates a passport MRZ without CCCD fields', async () => {
    const { deps, out } = fakeDeps();
    const td3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
    expect(await run(['mrz', '--parse', ...td3, '--json'], deps)).toBe(0);
    const r = JSON.parse(out.stdout);
    expect(r.fields.documentNumber).toBe('L898902C3');
    expect(r.id).toBeUndefined();
  });

  it('exits 2 and names every wrong check digit', async () => {
    const { deps, out } = fakeDeps();
    const printed = [
      'I<UTOL898902C<3<<<<<<<<<<<<<<<',
      '6908061F9406236UTO<<<<<<<<<<<1',
      'ERIKSSON<<ANNA<MARIA<<<<<<<<<<',
    ];
    expect(await run(['mrz', '--parse', ...printed], deps)).toBe(2);
    expect(out.stderr).toBe("cccd mrz: td1.line2.composite: check digit '1' should be '2' [MRZ_CHECK_DIGIT]\n");
    const json = fakeDeps();
    expect(await run(['mrz', '--parse', ...printed, '--json'], json.deps)).toBe(2);
    const r = JSON.parse(json.out.stdout);
    expect(r.valid).toBe(false);
    expect(r.bac).toBeUndefined();
  });

  it('exits 2 with the field path for malformed lines', async () => {
    const { deps, out } = fakeDeps();
    expect(await run(['mrz', '--parse', EXAMPLE[0]!, '9901318M3901016VNM<<<<<<<<<<<0', EXAMPLE[2]!], deps)).toBe(2);
    expect(out.stderr).toContain('td1.line2.birthDate');
    const short = fakeDeps();
    expect(await run(['mrz', '--parse', 'IDVNM099'], short.deps)).toBe(2);
    expect(short.out.stderr).toContain('[MRZ_INVALID]');
    const none = fakeDeps();
    expect(await run(['mrz', '--parse'], none.deps)).toBe(2);
  });

  it('prints its usage on --help', async () => {
    const { deps, out } = fakeDeps();
    expect(await run(['mrz', '--help'], deps)).toBe(0);
    expect(out.stdout).toContain('cccd mrz --citizen FILE');
  });
});
