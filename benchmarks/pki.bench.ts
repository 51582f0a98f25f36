// ICAO 9303-12 PKI speed: EF.SOD signing against raw node:crypto P-256 signatures, passive authentication
// against raw P-256 verifications (medians of one run), and the same with a SoftHSM2 key when available.

import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { oid } from '../src/asn1/oids.js';

import { buildDg1 } from '../src/lds/dg1.js';
import { signSod } from '../src/lds/sod.js';
import { issueCertificate } from '../src/pki/certificate.js';
import { createDevelopmentPki } from '../src/pki/dev-pki.js';
import { passiveAuthentication } from '../src/pki/passive-authentication.js';
import { generatePkcs11KeyPair, openPkcs11Signer } from '../src/pki/pkcs11-signer.js';
import { documentSignerTemplate } from '../src/pki/profiles.js';
import { softwareSigner } from '../src/pki/software-signer.js';
import { loadTrustStore } from '../src/pki/trust-store.js';
import { type BenchResult, bench, report } from './harness.js';

const SOFTHSM = '/usr/lib/softhsm/libsofthsm2.so';

/**
 * Operations per second of process CPU time (user + system), median of 5 rounds: on a machine shared with other
 * jobs, wall-clock rates swing with the load while CPU time per operation does not.
 */
async function cpuRate(fn: () => unknown, perRound: number): Promise<number> {
  const rates: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = process.cpuUsage();
    for (let i = 0; i < perRound; i++) await fn();
    const d = process.cpuUsage(t0);
    rates.push((perRound * 1e6) / (d.user + d.system));
  }
  return rates.sort((a, b) => a - b)[2] as number;
}

export default async function pkiBench(): Promise<string> {
  const pki = await createDevelopmentPki();
  // A CCCD-sized set of data groups: DG1, a 9 KB DG2, DG13, DG14, DG15.
  const groups = new Map<number, Uint8Array>([
    [
      1,
      buildDg1({
        lines: ['IDVNM0990123459001099012345<<0', '9901018M3901016VNM<<<<<<<<<<<0', 'NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<'],
      }),
    ],
    [2, new Uint8Array(9000).fill(0x75)],
    [13, new Uint8Array(400).fill(0x6d)],
    [14, new Uint8Array(190).fill(0x6e)],
    [15, new Uint8Array(94).fill(0x6f)],
  ]);
  const trust = loadTrustStore([
    { name: 'ml', bytes: pki.masterList },
    { name: 'crl', bytes: pki.crl.raw },
  ]);
  const sod = await signSod({ dataGroups: groups, signer: pki.dsSigner, certificate: pki.ds, signingTime: new Date() });

  const nodeKey = createPrivateKey({ key: pki.dsKeyPem as string, format: 'pem' });
  const nodePub = createPublicKey(nodeKey);
  const message = new Uint8Array(110); // the size of signed attributes with a signing time
  const raw = sign('sha256', message, nodeKey);

  const results: BenchResult[] = [];
  const rawSign = await bench('raw node:crypto P-256 sign', () => sign('sha256', message, nodeKey));
  const sodSign = await bench('signSod (software P-256)', () =>
    signSod({ dataGroups: groups, signer: pki.dsSigner, certificate: pki.ds, signingTime: new Date() }),
  );
  const rawVerify = await bench('raw node:crypto P-256 verify', () => verify('sha256', message, nodePub, raw));
  const pa = await bench('passiveAuthentication (P-256)', () => {
    if (!passiveAuthentication({ sod, dataGroups: groups, trust }).valid) throw new Error('PA failed');
  });
  results.push(rawSign, sodSign, rawVerify, pa);
  const cpu = {
    rawSign: await cpuRate(() => sign('sha256', message, nodeKey), 2000),
    sodSign: await cpuRate(
      () => signSod({ dataGroups: groups, signer: pki.dsSigner, certificate: pki.ds, signingTime: new Date() }),
      500,
    ),
    rawVerify: await cpuRate(() => verify('sha256', message, nodePub, raw), 1000),
    pa: await cpuRate(() => passiveAuthentication({ sod, dataGroups: groups, trust }), 300),
  };
  const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(0)}%`;
  const lines = [
    `SOD signing: ${pct(sodSign.opsPerSecond, rawSign.opsPerSecond)} of raw signing by wall clock, ${pct(cpu.sodSign, cpu.rawSign)} by CPU time (${cpu.sodSign.toFixed(0)} vs ${cpu.rawSign.toFixed(0)} per CPU-second; goal >= 60%)`,
    `passive authentication: ${pct(pa.opsPerSecond, rawVerify.opsPerSecond)} of raw verification by wall clock, ${pct(cpu.pa, cpu.rawVerify)} by CPU time (${cpu.pa.toFixed(0)} vs ${cpu.rawVerify.toFixed(0)} per CPU-second; goal >= 70%)`,
  ];

  if (existsSync(SOFTHSM)) {
    const dir = mkdtempSync(join(tmpdir(), 'cccd-bench-hsm-'));
    try {
      writeFileSync(
        join(dir, 'softhsm2.conf'),
        `directories.tokendir = ${dir}\nobjectstore.backend = file\nlog.level = ERROR\n`,
      );
      process.env.SOFTHSM2_CONF = join(dir, 'softhsm2.conf');
      execFileSync(
        'softhsm2-util',
        ['--init-token', '--free', '--label', 'bench', '--pin', '1234', '--so-pin', '5678'],
        { stdio: 'ignore' },
      );
      const env = { CCCD_PKCS11_PIN: '1234' };
      await generatePkcs11KeyPair({
        module: SOFTHSM,
        token: 'bench',
        keyLabel: 'ds',
        key: { curve: oid('secp256r1') },
        env,
      });
      const signer = await openPkcs11Signer({ module: SOFTHSM, token: 'bench', keyLabel: 'ds', env });
      try {
        const cert = await issueCertificate(
          documentSignerTemplate({
            issuer: pki.csca,
            subject: { country: 'VN', commonName: 'HSM DS' },
            publicKey: signer.publicKey,
            serialNumber: 99n,
            notBefore: new Date(),
            notAfter: new Date(Date.now() + 3e11),
            documentTypes: ['ID'],
          }),
          softwareSigner({ privateKey: pki.cscaKeyPem }),
        );
        const rawHsm = await bench('raw SoftHSM2 P-256 sign (CKM_ECDSA)', () => signer.sign(message));
        const hsmSod = await bench('signSod (SoftHSM2 P-256)', () =>
          signSod({ dataGroups: groups, signer, certificate: cert, signingTime: new Date() }),
        );
        const hsmSodBytes = await signSod({ dataGroups: groups, signer, certificate: cert, signingTime: new Date() });
        const hsmPa = await bench('passiveAuthentication (SoftHSM2-signed SOD)', () =>
          passiveAuthentication({ sod: hsmSodBytes, dataGroups: groups, trust }),
        );
        results.push(rawHsm, hsmSod, hsmPa);
        lines.push(
          `SoftHSM2 SOD signing: ${((100 * hsmSod.opsPerSecond) / rawHsm.opsPerSecond).toFixed(0)}% of the token's signing rate`,
        );
      } finally {
        signer.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else lines.push(`SoftHSM2 not measured: ${SOFTHSM} absent`);
  return `${report(results)}\n${lines.join('\n')}`;
}
