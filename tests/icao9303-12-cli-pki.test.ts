// The PKI commands: `cccd pki init` (ICAO 9303-12 development PKI), `cccd lds build --pki` (signed EF.SOD and
// EF.CardSecurity) and `cccd pa verify` (ICAO 9303-11 §5.1), run through run(argv, deps) on a temporary directory.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliDeps } from '../src/cli/deps.js';
import { nodeDeps } from '../src/cli/node-deps.js';
import { run } from '../src/cli/run.js';
import { decodeCardSecurity } from '../src/lds/card-security.js';
import { parseCertificate } from '../src/pki/certificate.js';
import { fromPem } from '../src/pki/pem.js';
import { openPkcs11Signer } from '../src/pki/pkcs11-signer.js';
import { verifySignerInfo } from '../src/pki/verify.js';
import { createSoftHsm, SOFTHSM_MODULE, softhsmMissing } from './helpers/softhsm.js';

const ROOT = join(import.meta.dirname, '..');
const AN = join(ROOT, 'examples', 'citizens', 'nguyen-van-an.json');
const NOW = new Date('2026-01-15T08:30:00Z');
let dir: string;

function cli(env: Record<string, string> = {}) {
  const out = { stdout: '', stderr: '' };
  const deps: CliDeps = {
    ...nodeDeps(),
    stdout: (t) => {
      out.stdout += t;
    },
    stderr: (t) => {
      out.stderr += t;
    },
    env,
    now: () => NOW,
  };
  return { deps, out, run: (...argv: string[]) => run(argv, deps) };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cccd-cli-pki-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cccd pki init', () => {
  it('writes csca.pem, ds.pem, csca.key.pem, ds.key.pem, csca.crl and masterlist.ml', async () => {
    const c = cli();
    expect(await c.run('pki', 'init', '--dir', join(dir, 'pki'))).toBe(0);
    for (const f of ['csca.pem', 'ds.pem', 'csca.key.pem', 'ds.key.pem', 'csca.crl', 'masterlist.ml']) {
      expect(c.out.stdout).toContain(join(dir, 'pki', f));
    }
    const ds = parseCertificate(fromPem(readFileSync(join(dir, 'pki', 'ds.pem'), 'utf8'), 'CERTIFICATE'));
    expect(ds.notBefore).toEqual(NOW);
    expect(readFileSync(join(dir, 'pki', 'ds.key.pem'), 'utf8')).toContain('BEGIN PRIVATE KEY');
    expect(c.out.stderr).toMatch(/keep them secret/);
  });

  it('encrypts the private keys when CCCD_KEY_PASSPHRASE is set, and signs with them later', async () => {
    const c = cli({ CCCD_KEY_PASSPHRASE: 'correct horse' });
    expect(
      await c.run('pki', 'init', '--dir', join(dir, 'enc'), '--country', 'VN', '--algorithm', 'brainpoolP256r1'),
    ).toBe(0);
    expect(readFileSync(join(dir, 'enc', 'ds.key.pem'), 'utf8')).toContain('BEGIN ENCRYPTED PRIVATE KEY');
    const build = cli({ CCCD_KEY_PASSPHRASE: 'correct horse' });
    expect(
      await build.run(
        'lds',
        'build',
        '--profile',
        'cccd-2021',
        '--citizen',
        AN,
        '--out',
        join(dir, 'enc-card'),
        '--pki',
        join(dir, 'enc'),
      ),
    ).toBe(0);
    const wrong = cli({ CCCD_KEY_PASSPHRASE: 'wrong' });
    expect(
      await wrong.run(
        'lds',
        'build',
        '--profile',
        'cccd-2021',
        '--citizen',
        AN,
        '--out',
        join(dir, 'x'),
        '--pki',
        join(dir, 'enc'),
      ),
    ).toBe(1);
    expect(wrong.out.stderr).toMatch(/SIGNER_FAILED/);
    expect(wrong.out.stderr).not.toContain('wrong');
  });

  it('refuses bad options with exit code 2', async () => {
    expect(await cli().run('pki', 'init', '--dir', join(dir, 'bad'), '--country', 'VNM')).toBe(2);
    expect(await cli().run('pki', 'init', '--dir', join(dir, 'bad'), '--algorithm', 'dsa1024')).toBe(2);
    expect(await cli().run('pki', 'init', '--dir', join(dir, 'bad'), '--pkcs11-module', SOFTHSM_MODULE)).toBe(2);
  });
});

/** `cccd pa verify` of the card built below against `trust` and the development CRL. */
async function verifyCard(trust: string) {
  const c = cli();
  const code = await c.run(
    'pa',
    'verify',
    '--dir',
    join(dir, 'card'),
    '--trust',
    trust,
    '--crl',
    join(dir, 'pki', 'csca.crl'),
  );
  return { c, code };
}

describe('cccd lds build --pki and cccd pa verify', () => {
  beforeAll(async () => {
    expect(
      await cli().run(
        'lds',
        'build',
        '--profile',
        'cccd-2021',
        '--citizen',
        AN,
        '--out',
        join(dir, 'card'),
        '--pki',
        join(dir, 'pki'),
      ),
    ).toBe(0);
  });

  it('verifies the card against the master list and CRL: every check passed, exit 0', async () => {
    const { c, code } = await verifyCard(join(dir, 'pki', 'masterlist.ml'));
    expect(c.out.stdout).toContain('VALID: every check passed');
    expect(c.out.stdout).not.toContain('FAILED');
    expect(code).toBe(0);
  });

  it('loads an LDIF export whose broken entry it skips, says so on stderr, and still verifies', async () => {
    const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
    const ldif = [
      'version: 1',
      '',
      'dn: cn=ml,o=ml,c=VN,dc=data,dc=download,dc=pkd,dc=icao,dc=int',
      `CscaMasterListData:: ${b64(readFileSync(join(dir, 'pki', 'masterlist.ml')))}`,
      '',
      'dn: cn=broken,o=csca,c=XX,dc=data,dc=download,dc=pkd,dc=icao,dc=int',
      `userCertificate;binary:: ${b64(Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x00))}`,
      '',
    ].join('\n');
    writeFileSync(join(dir, 'pkd.ldif'), ldif);
    const { c, code } = await verifyCard(join(dir, 'pkd.ldif'));
    expect(c.out.stderr).toMatch(/note: 1 trust object\(s\) skipped, the rest loaded/);
    expect(c.out.stderr).toMatch(/cn=broken.*\[PKI_MALFORMED\]/);
    expect(c.out.stdout).toContain('VALID: every check passed');
    expect(code).toBe(0);
  });

  it('prints JSON with every check and no key material', async () => {
    const c = cli();
    expect(await c.run('pa', 'verify', '--dir', join(dir, 'card'), '--trust', join(dir, 'pki'), '--json')).toBe(0);
    const json = JSON.parse(c.out.stdout);
    expect(json.valid).toBe(true);
    expect(json.checks.map((x: { check: string }) => x.check)).toContain('revocation');
    expect(c.out.stdout).not.toMatch(/PRIVATE|BEGIN/);
  });

  it('exits 1 and names the failed check when a data group file changed', async () => {
    const card = join(dir, 'card');
    const dg13 = readFileSync(join(card, 'DG13.bin'));
    writeFileSync(
      join(card, 'DG13.bin'),
      Buffer.concat([dg13.subarray(0, dg13.length - 1), Buffer.from([dg13[dg13.length - 1]! ^ 1])]),
    );
    try {
      const c = cli();
      expect(
        await c.run(
          'pa',
          'verify',
          '--dir',
          card,
          '--trust',
          join(dir, 'pki', 'csca.pem'),
          '--crl',
          join(dir, 'pki', 'csca.crl'),
        ),
      ).toBe(1);
      expect(c.out.stdout).toMatch(/FAILED\s+data-group-hash DG13/);
      expect(c.out.stdout).toContain('NOT VALID');
    } finally {
      writeFileSync(join(card, 'DG13.bin'), dg13);
    }
  });

  it('exits 1 without a CRL or past the certificates validity, and 2 without --trust', async () => {
    expect(await cli().run('pa', 'verify', '--dir', join(dir, 'card'), '--trust', join(dir, 'pki', 'csca.pem'))).toBe(
      1,
    );
    expect(
      await cli().run('pa', 'verify', '--dir', join(dir, 'card'), '--trust', join(dir, 'pki'), '--at', '2050-01-01'),
    ).toBe(1);
    expect(
      await cli().run('pa', 'verify', '--dir', join(dir, 'card'), '--trust', join(dir, 'pki'), '--at', 'signing-time'),
    ).toBe(0);
    expect(await cli().run('pa', 'verify', '--dir', join(dir, 'card'))).toBe(2);
    expect(
      await cli().run('pa', 'verify', '--dir', join(dir, 'card'), '--trust', join(dir, 'pki'), '--at', 'soon'),
    ).toBe(2);
  });

  it('signs EF.CardSecurity for a profile that has one (TD3 passport)', async () => {
    const citizen = JSON.parse(readFileSync(AN, 'utf8'));
    citizen.documentNumber = 'C01X00T47';
    citizen.portrait = join(ROOT, 'examples', 'portraits', 'synthetic-face-1.jpg');
    writeFileSync(join(dir, 'td3.json'), JSON.stringify(citizen));
    const c = cli();
    expect(
      await c.run(
        'lds',
        'build',
        '--profile',
        'td3-passport',
        '--citizen',
        join(dir, 'td3.json'),
        '--out',
        join(dir, 'td3'),
        '--pki',
        join(dir, 'pki'),
      ),
    ).toBe(0);
    const cs = decodeCardSecurity(new Uint8Array(readFileSync(join(dir, 'td3', 'EF.CardSecurity.bin'))));
    const ds = parseCertificate(fromPem(readFileSync(join(dir, 'pki', 'ds.pem'), 'utf8'), 'CERTIFICATE'));
    expect(verifySignerInfo(cs.signedData, cs.signedData.signerInfos[0]!, ds).valid).toBe(true);
    const p = cli();
    expect(await p.run('pa', 'verify', '--dir', join(dir, 'td3'), '--trust', join(dir, 'pki'), '--json')).toBe(1);
    // The TD3 profile's document code P is not in the development DS's list (ID): the verdict says so.
    expect(JSON.parse(p.out.stdout).checks.find((x: { check: string }) => x.check === 'document-type').status).toBe(
      'failed',
    );
  });
});

const missing = softhsmMissing();
describe.skipIf(missing !== undefined)('cccd pki init with the DS key in a PKCS#11 token', () => {
  it('generates the DS key in the token, writes no ds.key.pem and certifies the token key', async () => {
    const hsm = createSoftHsm();
    try {
      hsm.initToken('cli-ds', '1111');
      const env = { CCCD_PKCS11_PIN: '1111' };
      const c = cli(env);
      const out = join(dir, 'hsm');
      expect(
        await c.run(
          'pki',
          'init',
          '--dir',
          out,
          '--pkcs11-module',
          SOFTHSM_MODULE,
          '--pkcs11-token',
          'cli-ds',
          '--pkcs11-key',
          'ds1',
        ),
      ).toBe(0);
      expect(c.out.stdout).not.toContain('ds.key.pem');
      expect(c.out.stderr).toContain('pkcs11:cli-ds/ds1');
      const ds = parseCertificate(fromPem(readFileSync(join(out, 'ds.pem'), 'utf8'), 'CERTIFICATE'));
      const signer = await openPkcs11Signer({ module: SOFTHSM_MODULE, token: 'cli-ds', keyLabel: 'ds1', env });
      try {
        expect(Buffer.from(signer.publicKey).equals(Buffer.from(ds.publicKey.spki))).toBe(true);
      } finally {
        signer.close();
      }
      const bad = cli({ CCCD_PKCS11_PIN: '0000' });
      expect(
        await bad.run(
          'pki',
          'init',
          '--dir',
          join(dir, 'hsm2'),
          '--pkcs11-module',
          SOFTHSM_MODULE,
          '--pkcs11-token',
          'cli-ds',
        ),
      ).toBe(1);
      expect(bad.out.stderr).toMatch(/PKCS11_UNAVAILABLE/);
      expect(bad.out.stderr).not.toContain('0000');
    } finally {
      hsm.cleanup();
    }
  });
});
