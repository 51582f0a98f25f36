// Independent checks with OpenSSL: our certificates, CRLs, master lists and EF.SOD SignedData verify there
// (RFC 5280, RFC 5652), and what OpenSSL signs verifies here.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asciiToBytes, toHex } from '../src/bytes.js';
import { buildDg1 } from '../src/lds/dg1.js';
import { decodeLdsSecurityObject, decodeSod, signSod } from '../src/lds/sod.js';
import { parseCertificate } from '../src/pki/certificate.js';
import { parseSignedData } from '../src/pki/cms.js';
import { decodeDer } from '../src/pki/der-read.js';
import { createDevelopmentPki } from '../src/pki/dev-pki.js';
import { toPem } from '../src/pki/pem.js';
import { verifyCertificateSignature, verifySignerInfo } from '../src/pki/verify.js';

function opensslMissing(): string | undefined {
  if (process.env.CI === 'true') return undefined;
  return spawnSync('openssl', ['version']).status === 0
    ? undefined
    : 'openssl is not on PATH (apt-get install openssl)';
}
const missing = opensslMissing();
if (missing) console.log(`openssl-interop: skipped: ${missing}`);

const DG1 = buildDg1({
  lines: ['IDVNM0990123459001099012345<<0', '9901018M3901016VNM<<<<<<<<<<<0', 'NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<'],
});
let dir: string;

function openssl(args: string[]): { status: number | null; out: string } {
  const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe.skipIf(missing !== undefined)('OpenSSL interoperability', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cccd-openssl-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const key of ['p256', 'brainpoolP256r1', 'rsa2048']) {
    it(`accepts our ${key} CSCA, DS certificate, CRL, master list and EF.SOD SignedData`, async () => {
      const pki = await createDevelopmentPki({ key });
      writeFileSync(join(dir, 'csca.pem'), toPem('CERTIFICATE', pki.csca.raw));
      writeFileSync(join(dir, 'ds.pem'), toPem('CERTIFICATE', pki.ds.raw));
      writeFileSync(join(dir, 'csca.crl'), toPem('X509 CRL', pki.crl.raw));
      writeFileSync(join(dir, 'masterlist.ml'), pki.masterList);
      const sod = await signSod({
        dataGroups: new Map([[1, DG1]]),
        signer: pki.dsSigner,
        certificate: pki.ds,
        signingTime: new Date(),
      });
      writeFileSync(join(dir, 'sod.cms'), decodeDer(sod, 'EF.SOD').children[0]!.raw);

      expect(openssl(['verify', '-CAfile', 'csca.pem', 'ds.pem'])).toMatchObject({
        status: 0,
        out: expect.stringContaining('ds.pem: OK'),
      });
      expect(openssl(['crl', '-in', 'csca.crl', '-CAfile', 'csca.pem', '-noout'])).toMatchObject({
        status: 0,
        out: expect.stringContaining('verify OK'),
      });
      const text = openssl(['x509', '-in', 'ds.pem', '-noout', '-text']).out;
      expect(text).toContain('X509v3 Private Key Usage Period');
      expect(text).toContain('Digital Signature');
      const cms = openssl([
        'cms',
        '-verify',
        '-inform',
        'DER',
        '-in',
        'sod.cms',
        '-CAfile',
        'csca.pem',
        '-binary',
        '-out',
        'lso.der',
      ]);
      expect(cms).toMatchObject({ status: 0, out: expect.stringContaining('Verification successful') });
      const lso = decodeLdsSecurityObject(new Uint8Array(readFileSync(join(dir, 'lso.der'))));
      expect(toHex(lso.dataGroupHashes.get(1)!)).toBe(toHex(decodeSod(sod).securityObject.dataGroupHashes.get(1)!));
      // The ML signer's extended key usage is ICAO's own: accept any purpose.
      const ml = openssl([
        'cms',
        '-verify',
        '-inform',
        'DER',
        '-in',
        'masterlist.ml',
        '-CAfile',
        'csca.pem',
        '-binary',
        '-purpose',
        'any',
        '-out',
        'ml.der',
      ]);
      expect(ml).toMatchObject({ status: 0, out: expect.stringContaining('Verification successful') });
    });
  }

  it('rejects a DS certificate against the wrong CSCA, as OpenSSL does too', async () => {
    const a = await createDevelopmentPki();
    const b = await createDevelopmentPki();
    writeFileSync(join(dir, 'a.pem'), toPem('CERTIFICATE', a.csca.raw));
    writeFileSync(join(dir, 'b-ds.pem'), toPem('CERTIFICATE', b.ds.raw));
    expect(openssl(['verify', '-CAfile', 'a.pem', 'b-ds.pem']).status).not.toBe(0);
    expect(verifyCertificateSignature(b.ds, a.csca.publicKey)).toBe(false);
  });

  it('parses and verifies a brainpool certificate and a CMS SignedData made by OpenSSL', () => {
    execFileSync('openssl', ['ecparam', '-name', 'brainpoolP256r1', '-genkey', '-noout', '-out', 'ossl.key'], {
      cwd: dir,
    });
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-new',
        '-key',
        'ossl.key',
        '-subj',
        '/C=VN/O=OpenSSL/CN=CSCA OSSL',
        '-days',
        '30',
        '-sha256',
        '-outform',
        'DER',
        '-out',
        'ossl.der',
      ],
      { cwd: dir },
    );
    const cert = parseCertificate(new Uint8Array(readFileSync(join(dir, 'ossl.der'))));
    expect(verifyCertificateSignature(cert, cert.publicKey)).toBe(true);
    writeFileSync(join(dir, 'content.bin'), asciiToBytes('LDS content'));
    execFileSync('openssl', ['x509', '-inform', 'DER', '-in', 'ossl.der', '-out', 'ossl.pem'], { cwd: dir });
    execFileSync(
      'openssl',
      [
        'cms',
        '-sign',
        '-binary',
        '-nodetach',
        '-in',
        'content.bin',
        '-signer',
        'ossl.pem',
        '-inkey',
        'ossl.key',
        '-econtent_type',
        '2.23.136.1.1.1',
        '-md',
        'sha256',
        '-outform',
        'DER',
        '-out',
        'ossl.cms',
      ],
      { cwd: dir },
    );
    const sd = parseSignedData(new Uint8Array(readFileSync(join(dir, 'ossl.cms'))));
    expect(sd.contentType).toBe('2.23.136.1.1.1');
    expect(verifySignerInfo(sd, sd.signerInfos[0]!, cert).valid).toBe(true);
  });
});
