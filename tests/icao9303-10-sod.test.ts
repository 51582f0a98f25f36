// ICAO 9303-10 §4.6.2 EF.SOD (LDSSecurityObject v0/v1 in SignedData, tag 77) and EF.CardSecurity
// (BSI TR-03110 Part 3 §A.1.2.3), built here and read from real documents.

import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { oid } from '../src/asn1/oids.js';
import { fromHex, toHex } from '../src/bytes.js';
import { hash } from '../src/crypto/hash.js';
import { isCccdError } from '../src/errors.js';
import { decodeCardSecurity, signCardSecurity } from '../src/lds/card-security.js';
import { buildDg1 } from '../src/lds/dg1.js';
import { decodeLdsSecurityObject, decodeSod, encodeLdsSecurityObject, prepareSod, signSod } from '../src/lds/sod.js';
import { parseCertificate } from '../src/pki/certificate.js';
import { createDevelopmentPki, type DevelopmentPki } from '../src/pki/dev-pki.js';
import { formatName } from '../src/pki/name.js';
import { verifyCertificateSignature, verifySignerInfo } from '../src/pki/verify.js';
import { vector } from './helpers/vectors.js';

const NOW = new Date('2026-01-15T08:30:00Z');
const DG1 = buildDg1({
  lines: ['IDVNM0990123459001099012345<<0', '9901018M3901016VNM<<<<<<<<<<<0', 'NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<'],
});
const DG2 = fromHex('7503020100');
let pki: DevelopmentPki;

beforeAll(async () => {
  pki = await createDevelopmentPki({ now: () => NOW });
});

function errorOf(fn: () => unknown): { code?: string; path?: string } {
  try {
    fn();
  } catch (e) {
    if (isCccdError(e)) return { code: e.code, path: e.path };
    throw e;
  }
  return {};
}

describe('ICAO 9303-10 §4.6.2 LDSSecurityObject', () => {
  it('writes v1 with LDSVersionInfo for LDS 1.8 and v0 without it for LDS 1.7', () => {
    const hashes = new Map([[1, hash('SHA-256', DG1)]]);
    const v1 = decodeLdsSecurityObject(
      encodeLdsSecurityObject({
        version: 1,
        hashAlgorithm: 'SHA-256',
        dataGroupHashes: hashes,
        ldsVersion: '0108',
        unicodeVersion: '040000',
      }),
    );
    expect(v1).toMatchObject({ version: 1, ldsVersion: '0108', unicodeVersion: '040000' });
    const v0 = decodeLdsSecurityObject(
      encodeLdsSecurityObject({ version: 0, hashAlgorithm: 'SHA-256', dataGroupHashes: hashes }),
    );
    expect(v0.version).toBe(0);
    expect(v0.ldsVersion).toBeUndefined();
  });

  it('round-trips any set of data group hashes in ascending order', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 16 }), { minLength: 1, maxLength: 16 }),
        fc.constantFrom('SHA-1', 'SHA-256', 'SHA-512'),
        (dgs, h) => {
          const hashes = new Map(dgs.map((n) => [n, hash(h as 'SHA-256', Uint8Array.of(n))]));
          const back = decodeLdsSecurityObject(
            encodeLdsSecurityObject({ version: 0, hashAlgorithm: h as 'SHA-256', dataGroupHashes: hashes }),
          );
          return [...back.dataGroupHashes.keys()].join() === [...dgs].sort((a, b) => a - b).join();
        },
      ),
    );
  });

  it('rejects a v1 without version info, a data group number outside 1..16 and a repeated group', () => {
    expect(errorOf(() => decodeLdsSecurityObject(fromHex('300F020101300B06096086480165030402013000'))).code).toBe(
      'PKI_MALFORMED',
    );
    expect(
      errorOf(() =>
        encodeLdsSecurityObject({
          version: 0,
          hashAlgorithm: 'SHA-256',
          dataGroupHashes: new Map([[17, new Uint8Array(32)]]),
        }),
      ).code,
    ).toBe('INVALID_ARGUMENT');
    const one = encodeLdsSecurityObject({
      version: 0,
      hashAlgorithm: 'SHA-256',
      dataGroupHashes: new Map([[1, new Uint8Array(32)]]),
    });
    const bad = fromHex(toHex(one).replace('020101', '020111'));
    expect(errorOf(() => decodeLdsSecurityObject(bad))).toMatchObject({
      code: 'PKI_MALFORMED',
      path: 'EF.SOD/LDSSecurityObject/dataGroupHashValues[0]/dataGroupNumber',
    });
    const twice = encodeLdsSecurityObject({
      version: 0,
      hashAlgorithm: 'SHA-256',
      dataGroupHashes: new Map([
        [1, new Uint8Array(32)],
        [2, new Uint8Array(32)],
      ]),
    });
    const hex = toHex(twice);
    const repeated = fromHex(hex.replace('020102', '020101'));
    expect(errorOf(() => decodeLdsSecurityObject(repeated)).code).toBe('PKI_MALFORMED');
  });
});

describe('ICAO 9303-10 §4.6.2 EF.SOD signing', () => {
  it('hashes the exact data group bytes and signs with the DS key, embedding its certificate', async () => {
    const sod = await signSod({
      dataGroups: new Map([
        [1, DG1],
        [2, DG2],
      ]),
      signer: pki.dsSigner,
      certificate: pki.ds,
      signingTime: NOW,
    });
    expect(sod[0]).toBe(0x77);
    const decoded = decodeSod(sod);
    const lso = decoded.securityObject;
    expect(lso).toMatchObject({ version: 1, hashAlgorithm: 'SHA-256', ldsVersion: '0108', unicodeVersion: '040000' });
    expect(toHex(lso.dataGroupHashes.get(1)!)).toBe(toHex(hash('SHA-256', DG1)));
    expect(toHex(lso.dataGroupHashes.get(2)!)).toBe(toHex(hash('SHA-256', DG2)));
    const si = decoded.signedData.signerInfos[0]!;
    expect(si.contentTypeAttr).toBe(oid('id-icao-mrtd-security-ldsSecurityObject'));
    expect(si.signingTime).toEqual(NOW);
    expect(toHex(decoded.signedData.certificates[0]!.raw)).toBe(toHex(pki.ds.raw));
    expect(verifySignerInfo(decoded.signedData, si, pki.ds).valid).toBe(true);
  });

  it('writes a v0 object for LDS 1.7 and SHA-512 digests when asked', async () => {
    const sod = decodeSod(
      await signSod({
        dataGroups: new Map([[1, DG1]]),
        signer: pki.dsSigner,
        certificate: pki.ds,
        ldsVersion: '0107',
        hash: 'SHA-512',
      }),
    );
    expect(sod.securityObject.version).toBe(0);
    expect(sod.securityObject.hashAlgorithm).toBe('SHA-512');
    expect(sod.signedData.signerInfos[0]!.digestAlgorithm).toBe('SHA-512');
    expect(verifySignerInfo(sod.signedData, sod.signedData.signerInfos[0]!, pki.ds).valid).toBe(true);
  });

  it('lets an external signer sign the prepared signed attributes', async () => {
    const prepared = prepareSod({
      dataGroups: new Map([[1, DG1]]),
      certificate: pki.ds,
      algorithm: pki.dsSigner.algorithm,
    });
    const sod = decodeSod(prepared.complete(await pki.dsSigner.sign(prepared.toBeSigned)));
    expect(verifySignerInfo(sod.signedData, sod.signedData.signerInfos[0]!, pki.ds).valid).toBe(true);
  });

  it('refuses an empty data group map and numbers outside 1..16', async () => {
    await expect(signSod({ dataGroups: new Map(), signer: pki.dsSigner, certificate: pki.ds })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(
      signSod({ dataGroups: new Map([[0, DG1]]), signer: pki.dsSigner, certificate: pki.ds }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('reports malformed EF.SOD files with the path of the failing field', async () => {
    const sod = await signSod({ dataGroups: new Map([[1, DG1]]), signer: pki.dsSigner, certificate: pki.ds });
    expect(errorOf(() => decodeSod(fromHex('01021234')))).toMatchObject({ code: 'PKI_MALFORMED', path: 'EF.SOD' });
    expect(errorOf(() => decodeSod(sod.subarray(0, 100))).code).toBe('PKI_MALFORMED');
    // Turn the signedAttrs [0] tag into [2]: the SignerInfo no longer parses.
    const si = decodeSod(sod).signedData.signerInfos[0]!;
    const at = toHex(sod).indexOf(toHex(si.signedAttrsDer!.subarray(1)));
    const broken = sod.slice();
    broken[at / 2 - 1] = 0xa2;
    const e = errorOf(() => decodeSod(broken));
    expect(e.code).toBe('PKI_MALFORMED');
    expect(e.path).toMatch(/^EF\.SOD\/signerInfos\[0\]/);
  });
});

describe('ICAO 9303-10 EF.SOD hostile input', () => {
  it('answers any corruption of EF.SOD with a CccdError, never another exception', async () => {
    const sod = await signSod({
      dataGroups: new Map([[1, DG1]]),
      signer: pki.dsSigner,
      certificate: pki.ds,
      signingTime: NOW,
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: sod.length - 1 }),
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 1, max: sod.length }),
        (i, b, cut) => {
          const bytes = sod.slice(0, cut);
          if (i < bytes.length) bytes[i] = b;
          try {
            decodeSod(bytes);
          } catch (e) {
            if (!isCccdError(e)) throw e;
          }
          return true;
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('BSI TR-03110 EF.CardSecurity', () => {
  it('signs SecurityInfos with content type id-SecurityObject and no application tag', async () => {
    const infos = fromHex('31143012060A04007F0007020204020202010202010D');
    const file = await signCardSecurity({
      securityInfos: infos,
      signer: pki.dsSigner,
      certificate: pki.ds,
      signingTime: NOW,
    });
    expect(file[0]).toBe(0x30);
    const decoded = decodeCardSecurity(file);
    expect(toHex(decoded.securityInfos)).toBe(toHex(infos));
    expect(decoded.signedData.contentType).toBe(oid('id-SecurityObject'));
    expect(verifySignerInfo(decoded.signedData, decoded.signedData.signerInfos[0]!, pki.ds).valid).toBe(true);
    await expect(
      signCardSecurity({ securityInfos: fromHex('3000'), signer: pki.dsSigner, certificate: pki.ds }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('Real EF.SOD files (gmrtd test data: AT 2023, DE 2023, CN 2018)', () => {
  const real = (id: string) => vector('icao9303-10-real-sod.json', id);

  it('decodes the Austrian v0 SOD, verifies its ECDSA signature and chains the DS to CSCA-AUSTRIA', () => {
    const v = real('sod.at-2023');
    const sod = decodeSod(fromHex(v.ef_sod as string));
    expect([...sod.securityObject.dataGroupHashes.keys()].join()).toBe(v.data_groups_text);
    const si = sod.signedData.signerInfos[0]!;
    expect(si.signingTime?.toISOString().replace('.000', '')).toBe(v.signing_time_text);
    const ds = sod.signedData.certificates[0]!;
    expect(formatName(ds.subject)).toBe('C=AT, O=GV, OU=BMI, serialNumber=004015, CN=DS-AUSTRIA-eMRTD');
    expect(ds.extensions.documentTypeList).toEqual(['P', 'AR', 'ID']);
    expect(verifySignerInfo(sod.signedData, si, ds).valid).toBe(true);
    expect(verifyCertificateSignature(ds, parseCertificate(fromHex(v.csca as string)).publicKey)).toBe(true);
  });

  it('decodes the German v1 SOD (LDS 0108, SHA-384) and chains it to csca-germany', () => {
    const v = real('sod.de-2023');
    const sod = decodeSod(fromHex(v.ef_sod as string));
    expect(sod.securityObject).toMatchObject({
      version: 1,
      hashAlgorithm: 'SHA-384',
      ldsVersion: '0108',
      unicodeVersion: '040000',
    });
    expect([...sod.securityObject.dataGroupHashes.keys()].join()).toBe(v.data_groups_text);
    const si = sod.signedData.signerInfos[0]!;
    expect(si.signingTime).toBeUndefined();
    expect(verifySignerInfo(sod.signedData, si, sod.signedData.certificates[0]!).valid).toBe(true);
    expect(
      verifyCertificateSignature(
        sod.signedData.certificates[0]!,
        parseCertificate(fromHex(v.csca as string)).publicKey,
      ),
    ).toBe(true);
  });

  it('decodes the Chinese SOD that uses id-data as eContentType and verifies its RSA signature', () => {
    const v = real('sod.cn-2018');
    const sod = decodeSod(fromHex(v.ef_sod as string));
    expect(sod.signedData.contentType).toBe(oid('id-data'));
    const si = sod.signedData.signerInfos[0]!;
    expect(si.signatureAlgorithm).toEqual({ kind: 'rsa-pkcs1', hash: 'SHA-256' });
    expect(verifySignerInfo(sod.signedData, si, sod.signedData.certificates[0]!).valid).toBe(true);
  });

  it('notices a single changed hash byte in a real SOD', () => {
    const v = real('sod.de-2023');
    const hex = v.ef_sod as string;
    const i = hex.indexOf('2DAFFEB0');
    const sod = decodeSod(fromHex(`${hex.slice(0, i)}2DAFFEB1${hex.slice(i + 8)}`));
    expect(
      verifySignerInfo(sod.signedData, sod.signedData.signerInfos[0]!, sod.signedData.certificates[0]!).valid,
    ).toBe(false);
  });
});
