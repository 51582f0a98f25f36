// ICAO 9303-12 PKI speed: EF.SOD signing against raw node:crypto P-256 signatures, passive authentication
// against raw P-256 verifications (medians of one run), and the same with a SoftHSM2 key when available.

import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The built package, as users run it: tsx's transform of src/ names every closure at run time (keepNames), which
// costs signing several percent that no user pays.
import { buildDg1, oid, pki as P, signSod } from '../dist/index.js';
import { generatePkcs11KeyPair, openPkcs11Signer } from '../dist/node.js';
import { benchDocuments } from './documents.js';
import { type BenchResult, bench, compareRates, comparisonLine, report } from './harness.js';

const SOFTHSM = '/usr/lib/softhsm/libsofthsm2.so';

/** Fails when dist/ is older than src/, so that a number never describes code other than the checkout's. */
function assertBuildCurrent(): void {
  const root = join(import.meta.dirname, '..');
  const newest = (dir: string): number =>
    Math.max(
      ...readdirSync(dir, { withFileTypes: true }).map((e) =>
        e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs,
      ),
    );
  const built = join(root, 'dist', 'index.js');
  if (!existsSync(built) || statSync(built).mtimeMs < newest(join(root, 'src'))) {
    throw new Error('dist/ is older than src/: run `npm run build` (npm run bench does) before measuring');
  }
}

export default async function pkiBench(): Promise<string> {
  assertBuildCurrent();
  const pki = await P.createDevelopmentPki();
  const documents = benchDocuments(buildDg1);
  const trust = P.loadTrustStore([
    { name: 'ml', bytes: pki.masterList },
    { name: 'crl', bytes: pki.crl.raw },
  ]);
  const sods = await Promise.all(
    documents.map((dataGroups) =>
      signSod({ dataGroups, signer: pki.dsSigner, certificate: pki.ds, signingTime: new Date() }),
    ),
  );
  for (const [i, sod] of sods.entries()) {
    if (!P.passiveAuthentication({ sod, dataGroups: documents[i] as Map<number, Uint8Array>, trust }).valid)
      throw new Error('passive authentication of a freshly signed EF.SOD failed');
  }

  const nodeKey = createPrivateKey({ key: pki.dsKeyPem as string, format: 'pem' });
  const nodePub = createPublicKey(nodeKey);
  const message = new Uint8Array(104); // the size of signed attributes with a signing time
  const raw = sign('sha256', message, nodeKey);
  let next = 0;
  const nextIndex = () => next++ % documents.length;
  const signOne = () =>
    signSod({
      dataGroups: documents[nextIndex()] as Map<number, Uint8Array>,
      signer: pki.dsSigner,
      certificate: pki.ds,
      signingTime: new Date(),
    });
  const verifyWith = (store: typeof trust) => () => {
    const i = nextIndex();
    return P.passiveAuthentication({
      sod: sods[i] as Uint8Array,
      dataGroups: documents[i] as Map<number, Uint8Array>,
      trust: store,
    });
  };
  const verifyOne = verifyWith(trust);
  const cscaSigner = P.softwareSigner({ privateKey: pki.cscaKeyPem });
  // A CSCA whose CRL lists 20,000 serials: the revocation check must stay a lookup, not a scan.
  const bigCrl = await P.issueCrl(
    {
      issuer: pki.csca,
      thisUpdate: new Date(),
      nextUpdate: new Date(Date.now() + 86_400_000),
      crlNumber: 2n,
      revoked: Array.from({ length: 20_000 }, (_, i) => ({
        serialNumber: 1_000_000n + BigInt(i),
        revocationDate: new Date(),
      })),
    },
    cscaSigner,
  );
  // A border post's mix: documents of 400 document signers, in random order.
  const signers = await Promise.all(
    Array.from({ length: 400 }, (_, i) =>
      P.issueCertificate(
        P.documentSignerTemplate({
          issuer: pki.csca,
          subject: { country: 'VN', commonName: `DS ${i}` },
          publicKey: pki.dsSigner.publicKey,
          serialNumber: BigInt(1000 + i),
          notBefore: new Date(Date.now() - 86_400_000),
          notAfter: new Date(Date.now() + 3e11),
          documentTypes: ['ID'],
        }),
        cscaSigner,
      ),
    ),
  );
  const manySods = await Promise.all(
    signers.map((certificate, i) =>
      signSod({
        dataGroups: documents[i % documents.length] as Map<number, Uint8Array>,
        signer: pki.dsSigner,
        certificate,
      }),
    ),
  );
  let seed = 1;
  const verifyMany = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const i = seed % manySods.length;
    return P.passiveAuthentication({
      sod: manySods[i] as Uint8Array,
      dataGroups: documents[i % documents.length] as Map<number, Uint8Array>,
      trust,
    });
  };
  const bigCrlTrust = P.loadTrustStore([
    { name: 'ml', bytes: pki.masterList },
    { name: 'crl-20k', bytes: bigCrl.raw },
  ]);

  const results: BenchResult[] = [
    await bench('raw node:crypto P-256 sign', () => sign('sha256', message, nodeKey)),
    await bench('signSod (software P-256)', signOne),
    await bench('raw node:crypto P-256 verify', () => verify('sha256', message, nodePub, raw)),
    await bench('passiveAuthentication (P-256)', verifyOne),
    await bench('passiveAuthentication, CRL of 20,000 serials', verifyWith(bigCrlTrust)),
    await bench('passiveAuthentication, 400 DS in random order', verifyMany),
  ];
  const signing = await compareRates(() => sign('sha256', message, nodeKey), signOne, { perRound: 1000, rounds: 21 });
  const verifying = await compareRates(() => verify('sha256', message, nodePub, raw), verifyOne, {
    perRound: 500,
    rounds: 21,
  });
  const lines = [comparisonLine('SOD signing', signing, 0.6), comparisonLine('passive authentication', verifying, 0.7)];

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
        const cert = await P.issueCertificate(
          P.documentSignerTemplate({
            issuer: pki.csca,
            subject: { country: 'VN', commonName: 'HSM DS' },
            publicKey: signer.publicKey,
            serialNumber: 99n,
            notBefore: new Date(),
            notAfter: new Date(Date.now() + 3e11),
            documentTypes: ['ID'],
          }),
          P.softwareSigner({ privateKey: pki.cscaKeyPem }),
        );
        const rawHsm = await bench('SoftHSM2 P-256 sign (one C_Sign, CKM_ECDSA)', () => signer.sign(message));
        const groups = documents[0] as Map<number, Uint8Array>;
        const hsmSign = () => signSod({ dataGroups: groups, signer, certificate: cert, signingTime: new Date() });
        const hsmSod = await bench('signSod (SoftHSM2 P-256)', hsmSign);
        const hsmSodBytes = await hsmSign();
        const hsmPa = await bench('passiveAuthentication (SoftHSM2-signed SOD)', () =>
          P.passiveAuthentication({ sod: hsmSodBytes, dataGroups: groups, trust }),
        );
        results.push(rawHsm, hsmSod, hsmPa);
        // The token's rate is one C_Sign (CKM_ECDSA over a host-side SHA-256) through our PKCS#11 signer.
        lines.push(
          comparisonLine(
            'SoftHSM2 SOD signing',
            await compareRates(() => signer.sign(message), hsmSign, { perRound: 300 }),
            0.6,
          ),
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
