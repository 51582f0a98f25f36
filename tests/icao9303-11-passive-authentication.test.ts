// ICAO 9303-11 §5.1 passive authentication: every check reported as passed, failed or not checked, and the
// verdict valid only when all passed (architecture rule 9: fail closed).
import { beforeAll, describe, expect, it } from 'vitest';
import { fromHex } from '../src/bytes.js';
import { buildDg1 } from '../src/lds/dg1.js';
import { signSod } from '../src/lds/sod.js';
import { type Certificate, issueCertificate } from '../src/pki/certificate.js';
import { issueCrl } from '../src/pki/crl.js';
import { createDevelopmentPki, type DevelopmentPki } from '../src/pki/dev-pki.js';
import { type CheckName, type PaResult, passiveAuthentication } from '../src/pki/passive-authentication.js';
import { cscaTemplate, documentSignerTemplate, linkTemplate } from '../src/pki/profiles.js';
import type { Signer } from '../src/pki/signer.js';
import { generateSoftwareKey, softwareSigner } from '../src/pki/software-signer.js';
import { loadTrustStore, type TrustStore } from '../src/pki/trust-store.js';
import { vector } from './helpers/vectors.js';

const NOW = new Date('2026-01-15T08:30:00Z');
const SOON = new Date('2026-02-01T00:00:00Z');
const lines = (state: string) => [
  `ID${state}0990123459001099012345<<0`,
  `9901018M3901016${state}<<<<<<<<<<<0`,
  'NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<',
];
const DG1 = buildDg1({ lines: lines('VNM') });
const DG2 = fromHex('7503020100');
const DG13 = fromHex('6D03020101');

let pki: DevelopmentPki;
let cscaSigner: Signer;
let trust: TrustStore;
let sod: Uint8Array;
const groups = () =>
  new Map([
    [1, DG1],
    [2, DG2],
    [13, DG13],
  ]);

beforeAll(async () => {
  pki = await createDevelopmentPki({ now: () => NOW });
  cscaSigner = softwareSigner({ privateKey: pki.cscaKeyPem });
  trust = loadTrustStore([
    { name: 'masterlist.ml', bytes: pki.masterList },
    { name: 'csca.crl', bytes: pki.crl.raw },
  ]);
  sod = await signSod({ dataGroups: groups(), signer: pki.dsSigner, certificate: pki.ds, signingTime: NOW });
});

const status = (r: PaResult, check: CheckName, subject?: string) =>
  r.checks.find((c) => c.check === check && (subject === undefined || c.subject === subject))?.status;
const verify = (o: Partial<Parameters<typeof passiveAuthentication>[0]> = {}) =>
  passiveAuthentication({ sod, dataGroups: groups(), trust, now: () => SOON, ...o });

async function otherDs(o: { documentTypes?: string[]; country?: string; issuer?: Certificate; issuerSigner?: Signer }) {
  const key = generateSoftwareKey({ kind: 'ec', curve: 'secp256r1' });
  const signer = softwareSigner({ privateKey: key.privateKeyPem });
  const cert = await issueCertificate(
    documentSignerTemplate({
      issuer: o.issuer ?? pki.csca,
      subject: { country: o.country ?? 'VN', commonName: 'DS 2' },
      publicKey: signer.publicKey,
      serialNumber: 77n,
      notBefore: NOW,
      notAfter: new Date('2036-01-01T00:00:00Z'),
      documentTypes: o.documentTypes ?? ['ID'],
    }),
    o.issuerSigner ?? cscaSigner,
  );
  return { signer, cert };
}

describe('ICAO 9303-11 §5.1 passive authentication', () => {
  it('passes every check for a SOD of a trusted DS with all data groups read', () => {
    const r = verify();
    expect(r.checks.filter((c) => c.status !== 'passed')).toEqual([]);
    expect(r.valid).toBe(true);
    expect(r.checks.map((c) => c.check)).toEqual([
      'sod-structure',
      'signer-certificate',
      'signature',
      'data-group-hash',
      'data-group-hash',
      'data-group-hash',
      'chain',
      'validity',
      'validity',
      'key-usage',
      'key-usage',
      'document-type',
      'revocation',
      'country',
    ]);
    expect(r.documentSigner?.raw).toEqual(pki.ds.raw);
    expect(r.csca?.raw).toEqual(pki.csca.raw);
    expect(r.signingTime).toEqual(NOW);
  });

  it('fails the hash of a changed data group while the signature still passes', () => {
    const r = verify({
      dataGroups: new Map([
        [1, DG1],
        [2, fromHex('7503020102')],
        [13, DG13],
      ]),
    });
    expect(status(r, 'data-group-hash', 'DG2')).toBe('failed');
    expect(status(r, 'data-group-hash', 'DG1')).toBe('passed');
    expect(status(r, 'signature')).toBe('passed');
    expect(r.valid).toBe(false);
  });

  it('reports a data group not read as not checked and the verdict as not valid', () => {
    const r = verify({
      dataGroups: new Map([
        [1, DG1],
        [2, DG2],
      ]),
    });
    expect(status(r, 'data-group-hash', 'DG13')).toBe('not-checked');
    expect(r.valid).toBe(false);
  });

  it('fails a data group read from the chip but absent from EF.SOD', () => {
    const r = verify({ dataGroups: new Map([...groups(), [11, fromHex('6B00')]]) });
    expect(status(r, 'data-group-hash', 'DG11')).toBe('failed');
  });

  it('says "chain not built" when the CSCA is missing, distinct from an invalid signature', () => {
    const r = verify({ trust: { certificates: [], crls: [] } });
    expect(status(r, 'signature')).toBe('passed');
    expect(status(r, 'chain')).toBe('failed');
    expect(r.checks.find((c) => c.check === 'chain')?.reason).toMatch(/chain not built/);
    expect(status(r, 'validity', 'CSCA')).toBe('not-checked');
    expect(status(r, 'revocation')).toBe('not-checked');
    expect(r.valid).toBe(false);
  });

  it('fails the chain when a CSCA of the same name does not verify the DS certificate', async () => {
    const key = generateSoftwareKey({ kind: 'ec', curve: 'secp256r1' });
    const signer = softwareSigner({ privateKey: key.privateKeyPem });
    const impostor = await issueCertificate(
      cscaTemplate({
        subject: { country: 'VN', organization: 'Development PKI', commonName: 'CSCA VN' },
        publicKey: signer.publicKey,
        serialNumber: 5n,
        notBefore: NOW,
        notAfter: new Date('2040-01-01T00:00:00Z'),
      }),
      signer,
    );
    // Same subject and (absent key id match) a different key.
    const r = verify({
      trust: {
        certificates: [{ ...impostor, extensions: { ...impostor.extensions, subjectKeyIdentifier: undefined } }],
        crls: [],
      },
    });
    expect(status(r, 'chain')).toBe('failed');
    expect(r.checks.find((c) => c.check === 'chain')?.reason).toMatch(/does not verify/);
  });

  it('fails a signature made by another key than the embedded DS certificate', async () => {
    const other = await otherDs({});
    const forged = await signSod({ dataGroups: groups(), signer: other.signer, certificate: pki.ds });
    const r = verify({ sod: forged });
    expect(status(r, 'signature')).toBe('failed');
    expect(r.valid).toBe(false);
  });

  it('checks validity at the time the verifier chooses, or at the signing time', () => {
    const late = verify({ at: new Date('2042-01-01T00:00:00Z') });
    expect(status(late, 'validity', 'DS')).toBe('failed');
    expect(status(late, 'validity', 'CSCA')).toBe('failed');
    const early = verify({ at: new Date('2025-01-01T00:00:00Z') });
    expect(status(early, 'validity', 'DS')).toBe('failed');
    const atSigning = verify({ at: 'signing-time', now: () => new Date('2040-01-01T00:00:00Z') });
    expect(atSigning.checkedAt).toEqual(NOW);
    expect(status(atSigning, 'validity', 'DS')).toBe('passed');
  });

  it('does not check validity at the signing time of a SOD that has none', async () => {
    const noTime = await signSod({ dataGroups: groups(), signer: pki.dsSigner, certificate: pki.ds });
    const r = verify({ sod: noTime, at: 'signing-time' });
    expect(status(r, 'validity')).toBe('not-checked');
    expect(r.valid).toBe(false);
  });

  it('fails a revoked DS and does not count a missing CRL as passed', async () => {
    const serial = BigInt(`0x${Buffer.from(pki.ds.serialNumber).toString('hex')}`);
    const crl = await issueCrl(
      {
        issuer: pki.csca,
        thisUpdate: new Date('2026-01-20T00:00:00Z'),
        nextUpdate: new Date('2026-04-20T00:00:00Z'),
        crlNumber: 2n,
        revoked: [{ serialNumber: serial, revocationDate: new Date('2026-01-20T00:00:00Z') }],
      },
      cscaSigner,
    );
    const revoked = verify({ trust: { certificates: trust.certificates, crls: [...trust.crls, crl] } });
    expect(status(revoked, 'revocation')).toBe('failed');
    const noCrl = verify({ trust: { certificates: trust.certificates, crls: [] } });
    expect(status(noCrl, 'revocation')).toBe('not-checked');
    expect(noCrl.valid).toBe(false);
    const stale = verify({ now: () => new Date('2026-06-01T00:00:00Z') });
    expect(status(stale, 'revocation')).toBe('not-checked');
  });

  it('fails a DS whose document type list does not allow the document code', async () => {
    const passportOnly = await otherDs({ documentTypes: ['P'] });
    const s = await signSod({
      dataGroups: groups(),
      signer: passportOnly.signer,
      certificate: passportOnly.cert,
      signingTime: NOW,
    });
    const r = verify({ sod: s });
    expect(status(r, 'document-type')).toBe('failed');
    expect(status(r, 'signature')).toBe('passed');
  });

  it('fails when the issuing state in DG1 is not the CSCA country', async () => {
    const dg1 = buildDg1({ lines: lines('DEU') });
    const s = await signSod({
      dataGroups: new Map([[1, dg1]]),
      signer: pki.dsSigner,
      certificate: pki.ds,
      signingTime: NOW,
    });
    const r = verify({ sod: s, dataGroups: new Map([[1, dg1]]) });
    expect(status(r, 'country')).toBe('failed');
  });

  it('builds the chain through a CSCA link certificate to a new CSCA key', async () => {
    const key = generateSoftwareKey({ kind: 'ec', curve: 'secp384r1' });
    const newSigner = softwareSigner({ privateKey: key.privateKeyPem });
    const subject = { country: 'VN', organization: 'Development PKI', commonName: 'CSCA VN' };
    const newCsca = await issueCertificate(
      cscaTemplate({
        subject,
        publicKey: newSigner.publicKey,
        serialNumber: 10n,
        notBefore: NOW,
        notAfter: new Date('2040-01-01T00:00:00Z'),
      }),
      newSigner,
    );
    const link = await issueCertificate(
      linkTemplate({
        oldCsca: pki.csca,
        newCsca,
        serialNumber: 11n,
        notBefore: NOW,
        notAfter: new Date('2040-01-01T00:00:00Z'),
      }),
      cscaSigner,
    );
    const ds = await otherDs({ issuer: newCsca, issuerSigner: newSigner });
    const s = await signSod({ dataGroups: groups(), signer: ds.signer, certificate: ds.cert, signingTime: NOW });
    const crl = await issueCrl(
      { issuer: link, thisUpdate: NOW, nextUpdate: new Date('2026-04-01T00:00:00Z'), crlNumber: 1n },
      newSigner,
    );
    const r = verify({ sod: s, trust: { certificates: [pki.csca, link], crls: [crl] } });
    expect(status(r, 'chain')).toBe('passed');
    expect(r.csca?.raw).toEqual(link.raw);
    expect(r.valid).toBe(true);
  });

  it('reports an undecodable EF.SOD as a failed structure check, with nothing else passed', () => {
    const r = verify({ sod: fromHex('7703020100') });
    expect(r.checks).toHaveLength(1);
    expect(r.checks[0]).toMatchObject({ check: 'sod-structure', status: 'failed' });
    expect(r.valid).toBe(false);
  });

  it('verifies a real Austrian SOD up to CSCA-AUSTRIA at its signing time, but not as valid without the data groups', () => {
    const v = vector('icao9303-10-real-sod.json', 'sod.at-2023');
    const store = loadTrustStore([{ name: 'csca-at.der', bytes: fromHex(v.csca as string) }]);
    const r = passiveAuthentication({
      sod: fromHex(v.ef_sod as string),
      dataGroups: new Map(),
      trust: store,
      at: 'signing-time',
    });
    expect(status(r, 'signature')).toBe('passed');
    expect(status(r, 'chain')).toBe('passed');
    expect(status(r, 'validity', 'DS')).toBe('passed');
    expect(status(r, 'data-group-hash', 'DG1')).toBe('not-checked');
    expect(r.valid).toBe(false);
  });
});
