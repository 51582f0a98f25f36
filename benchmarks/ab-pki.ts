// A/B of two builds in one process: EF.SOD signing and passive authentication of `dist-old/` (a copy of dist/
// made before a change) against `dist/`, in alternating rounds, so that a machine whose speed drifts affects both
// alike. With two identical builds it reported 100.7% (PA) and 102.4% (signing) here: smaller differences than
// that are noise, but it settles a 2-3% change that separate bench runs, scattering by several percent, cannot.
//
//   npm run build && cp -r dist dist-old      # before the change
//   npm run build && node --import tsx benchmarks/ab-pki.ts
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchDocuments } from './documents.js';
import { compareRates } from './harness.js';

type Lib = typeof import('../dist/index.js');
const root = join(import.meta.dirname, '..');
const load = async (dir: string) => (await import(pathToFileURL(join(root, dir, 'index.js')).href)) as Lib;
const before = await load(process.env.AB_BEFORE ?? 'dist-old');
const after = await load(process.env.AB_AFTER ?? 'dist');

const pki = await before.pki.createDevelopmentPki();
const documents = benchDocuments(before.buildDg1);
const sods = await Promise.all(
  documents.map((dataGroups) =>
    before.signSod({ dataGroups, signer: pki.dsSigner, certificate: pki.ds, signingTime: new Date() }),
  ),
);
const trustFiles = [
  { name: 'ml', bytes: pki.masterList },
  { name: 'crl', bytes: pki.crl.raw },
];
let next = 0;
const verifyWith = (lib: Lib) => {
  const trust = lib.pki.loadTrustStore(trustFiles);
  return () => {
    const i = next++ % documents.length;
    const dataGroups = documents[i] as Map<number, Uint8Array>;
    if (!lib.pki.passiveAuthentication({ sod: sods[i] as Uint8Array, dataGroups, trust }).valid)
      throw new Error('passive authentication failed');
  };
};
const signWith = (lib: Lib) => {
  // Each build signs with its own decoding of the same DS certificate and key.
  const certificate = lib.pki.parseCertificate(pki.ds.raw);
  const signer = lib.pki.softwareSigner({ privateKey: pki.dsKeyPem as string });
  return () =>
    lib.signSod({
      dataGroups: documents[next++ % documents.length] as Map<number, Uint8Array>,
      signer,
      certificate,
      signingTime: new Date(),
    });
};
for (const [title, make] of [
  ['passive authentication', verifyWith],
  ['EF.SOD signing', signWith],
] as const) {
  const c = await compareRates(make(before), make(after), { perRound: 500, rounds: 15 });
  const pct = (100 * c.ratioWall).toFixed(1);
  console.log(
    `${title}: before ${c.raw.wallMicros.toFixed(2)} µs, after ${c.ours.wallMicros.toFixed(2)} µs; after's rate is ${pct}% of before's`,
  );
}
