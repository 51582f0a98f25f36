import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex, utf8ToBytes } from '../src/bytes.js';
import { run } from '../src/cli/run.js';
import { decodeDg13 } from '../src/lds/dg13.js';
import { decodeEf } from '../src/lds/ef.js';
import { fakeDeps } from './helpers/fake-deps.js';
import { vector } from './helpers/vectors.js';

const ROOT = join(import.meta.dirname, '..');
const AN = join(ROOT, 'examples', 'citizens', 'nguyen-van-an.json');
const HOA = join(ROOT, 'examples', 'citizens', 'tran-thi-hoa-no-expiry.json');
const SYNTHETIC = vector('cccd-chip-synthetic.json', 'cccd.synthetic');

describe('cccd lds build', () => {
  it('writes every file as <name>.bin and the generated chip keys under clear names', async () => {
    const { deps, out, files } = fakeDeps();
    expect(await run(['lds', 'build', '--profile', 'cccd-2021', '--citizen', AN, '--out', '/mem/card'], deps)).toBe(0);
    const names = [...files.keys()].filter((k) => k.startsWith('/mem/card/')).map((k) => k.slice(10));
    expect(names.sort()).toEqual(
      [
        'EF.COM.bin',
        'DG1.bin',
        'DG2.bin',
        'DG13.bin',
        'DG14.bin',
        'DG15.bin',
        'EF.CardAccess.bin',
        'chip-ca.key.pem',
        'chip-ca.pub.pem',
        'chip-aa.key.pem',
        'chip-aa.pub.pem',
      ].sort(),
    );
    expect(toHex(files.get('/mem/card/DG13.bin')!)).toBe(SYNTHETIC.dg13);
    expect(new TextDecoder().decode(files.get('/mem/card/chip-ca.key.pem')!)).toContain('BEGIN PRIVATE KEY');
    expect(out.stdout).toContain('DG13.bin');
    expect(out.stderr).toContain('private chip keys written');
    for (const name of names.filter((n) => n.endsWith('.bin'))) {
      expect(() => decodeEf(files.get(`/mem/card/${name}`)!)).not.toThrow();
    }
  });

  it('reuses the chip keys given with --keys and writes no new private key', async () => {
    const first = fakeDeps();
    await run(['lds', 'build', '--profile', 'cccd-2021', '--citizen', AN, '--out', '/mem/a'], first.deps);
    const keys = Object.fromEntries(
      ['chip-ca.key.pem', 'chip-aa.key.pem'].map((k) => [`/mem/keys/${k}`, first.files.get(`/mem/a/${k}`)!]),
    );
    const second = fakeDeps(keys);
    const argv = ['lds', 'build', '--profile', 'cccd-2021', '--citizen', AN, '--out', '/mem/b', '--keys', '/mem/keys'];
    expect(await run(argv, second.deps)).toBe(0);
    expect([...second.files.keys()].some((k) => k.startsWith('/mem/b/') && k.endsWith('.pem'))).toBe(false);
    expect(toHex(second.files.get('/mem/b/DG14.bin')!)).toBe(toHex(first.files.get('/mem/a/DG14.bin')!));
    expect(toHex(second.files.get('/mem/b/DG15.bin')!)).toBe(toHex(first.files.get('/mem/a/DG15.bin')!));
  });

  it('builds the no-expiry citizen with "Không thời hạn" in DG13 field 12', async () => {
    const { deps, files } = fakeDeps();
    expect(await run(['lds', 'build', '--profile', 'cccd-2024', '--citizen', HOA, '--out', '/mem/h'], deps)).toBe(0);
    expect(decodeDg13(files.get('/mem/h/DG13.bin')!).dateOfExpiry).toBe('Không thời hạn');
  });

  it('writes nothing, not even a private key, when the card cannot be built', async () => {
    const { deps, out, files } = fakeDeps();
    // The TD3 passport profile needs citizen.documentNumber, which the CCCD example does not have.
    expect(await run(['lds', 'build', '--profile', 'td3-passport', '--citizen', AN, '--out', '/mem/x'], deps)).toBe(2);
    expect(out.stderr).toContain('citizen.documentNumber');
    expect(files.size).toBe(0);
  });

  it('exits 2 with the field named when the citizen record is invalid, and on missing options', async () => {
    const bad = fakeDeps({ '/mem/bad.json': utf8ToBytes('{"id": "12"}') });
    expect(
      await run(['lds', 'build', '--profile', 'cccd-2021', '--citizen', '/mem/bad.json', '--out', '/o'], bad.deps),
    ).toBe(2);
    expect(bad.out.stderr).toContain('CITIZEN_INVALID');
    expect(bad.out.stderr).not.toContain('    at ');
    const usage = fakeDeps();
    expect(await run(['lds', 'build', '--citizen', AN], usage.deps)).toBe(2);
    expect(usage.out.stderr).toContain('missing --profile');
  });
});

describe('cccd lds dump', () => {
  it('prints DG13 as a tree with the Vietnamese field names', async () => {
    const { deps, out } = fakeDeps({ '/mem/DG13.bin': fromHex(SYNTHETIC.dg13!) });
    expect(await run(['lds', 'dump', '/mem/DG13.bin'], deps)).toBe(0);
    expect(out.stdout).toContain('DG13 - ');
    expect(out.stdout).toContain('2 Họ và tên (full name): "NGUYỄN VĂN AN"');
    expect(out.stdout).toContain('13 Họ tên mẹ (mother\'s name): "TRẦN THỊ LAN"');
  });

  it('prints EF.CardAccess as JSON with the OIDs and names', async () => {
    const { deps, out } = fakeDeps({ '/mem/ca.bin': fromHex(SYNTHETIC.ef_cardaccess!) });
    expect(await run(['lds', 'dump', '/mem/ca.bin', '--json'], deps)).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(json.file).toBe('EF.CardAccess');
    expect(json.size).toBe(54);
    expect(json.fields.infos[2]).toEqual({
      type: 'PACEInfo',
      protocol: '0.4.0.127.0.7.2.2.4.2.2',
      version: 2,
      parameterId: 13,
    });
  });

  it('summarises images instead of printing them', async () => {
    const built = fakeDeps();
    await run(['lds', 'build', '--profile', 'cccd-2021', '--citizen', AN, '--out', '/mem/c'], built.deps);
    const { deps, out } = fakeDeps({ '/mem/DG2.bin': built.files.get('/mem/c/DG2.bin')! });
    expect(await run(['lds', 'dump', '/mem/DG2.bin'], deps)).toBe(0);
    expect(out.stdout).toMatch(/image: <8726 bytes, JPEG: FFD8/);
    expect(out.stdout).toContain('width: 240');
  });

  it('exits 2 naming the offset for a truncated file and the field for a malformed one, without a stack trace', async () => {
    const truncated = fromHex(SYNTHETIC.dg13!).subarray(0, 100);
    const t = fakeDeps({ '/mem/t.bin': truncated });
    expect(await run(['lds', 'dump', '/mem/t.bin'], t.deps)).toBe(2);
    expect(t.out.stderr).toContain('at offset 0');
    expect(t.out.stderr).toContain('[TLV_TRUNCATED]');
    const bad = fromHex('311B300D060804007F0007020202020101300A02010206052B06010203');
    const m = fakeDeps({ '/mem/m.bin': bad });
    expect(await run(['lds', 'dump', '/mem/m.bin'], m.deps)).toBe(2);
    expect(m.out.stderr).toContain('EF.CardAccess/SecurityInfos[1]/protocol at offset 19');
    expect(m.out.stderr).not.toContain('    at ');
  });

  it('dumps a real EF.SOD (Austria 2023) with its data group hashes, through the PKI decoder', async () => {
    const sod = fromHex(vector('icao9303-10-real-sod.json', 'sod.at-2023').ef_sod!);
    const { deps, out } = fakeDeps({ '/mem/sod.bin': sod });
    expect(await run(['lds', 'dump', '/mem/sod.bin', '--json'], deps)).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(json.file).toBe('EF.SOD');
    expect(Object.keys(json.fields.securityObject.dataGroupHashes)).toEqual(['1', '2', '3', '11', '12', '14']);
  });

  it('accepts chip padding only with --lenient, and refuses files of unknown tags', async () => {
    const padded = new Uint8Array([...fromHex(SYNTHETIC.ef_cardaccess!), 0x00, 0x00]);
    const strict = fakeDeps({ '/mem/p.bin': padded });
    expect(await run(['lds', 'dump', '/mem/p.bin'], strict.deps)).toBe(2);
    const lenient = fakeDeps({ '/mem/p.bin': padded });
    expect(await run(['lds', 'dump', '/mem/p.bin', '--lenient'], lenient.deps)).toBe(0);
    const unknown = fakeDeps({ '/mem/u.bin': fromHex('5A00') });
    expect(await run(['lds', 'dump', '/mem/u.bin'], unknown.deps)).toBe(2);
    expect(unknown.out.stderr).toContain('LDS_UNSUPPORTED');
  });
});
