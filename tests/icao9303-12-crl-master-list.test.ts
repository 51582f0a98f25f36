// ICAO 9303-12 §7.1.4 CRLs, §8 CSCA master lists, §9 PKD LDIF exports, and the verifier's trust store.

import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { asciiToBytes, fromHex, toHex } from '../src/bytes.js';
import { isCccdError } from '../src/errors.js';
import { issueCertificate } from '../src/pki/certificate.js';
import { isRevoked, issueCrl, parseCrl } from '../src/pki/crl.js';
import { createDevelopmentPki, type DevelopmentPki } from '../src/pki/dev-pki.js';
import { parseLdif } from '../src/pki/ldif.js';
import { parseMasterList, signMasterList } from '../src/pki/master-list.js';
import { decodeName, encodeName, nameAttribute, nameKey, namesEqual } from '../src/pki/name.js';
import { fromBase64, fromPem, toBase64, toPem } from '../src/pki/pem.js';
import { cscaTemplate, masterListSignerTemplate } from '../src/pki/profiles.js';
import { generateSoftwareKey, softwareSigner } from '../src/pki/software-signer.js';
import { certificatesNamed, crlsIssuedBy, loadTrustStore } from '../src/pki/trust-store.js';
import { verifyCrlSignature } from '../src/pki/verify.js';
import { decodeTlv } from '../src/tlv/index.js';

const NOW = new Date('2026-01-15T00:00:00Z');
let pki: DevelopmentPki;
let cscaSigner: ReturnType<typeof softwareSigner>;

beforeAll(async () => {
  pki = await createDevelopmentPki({ now: () => NOW });
  cscaSigner = softwareSigner({ privateKey: pki.cscaKeyPem });
});

async function rejectCode(p: () => unknown): Promise<string | undefined> {
  try {
    await p();
  } catch (e) {
    return isCccdError(e) ? e.code : 'not a CccdError';
  }
  return undefined;
}

describe('ICAO 9303-12 §7.1.4 CRLs', () => {
  it('issues a v2 CRL with authority key identifier and CRL number, signed by the CSCA', () => {
    const crl = parseCrl(pki.crl.raw);
    expect(crl.version).toBe(2);
    expect(crl.extensions.cRLNumber).toBe(1n);
    expect(toHex(crl.extensions.authorityKeyIdentifier as Uint8Array)).toBe(
      toHex(pki.csca.extensions.subjectKeyIdentifier as Uint8Array),
    );
    expect(crl.nextUpdate?.getTime()).toBe(NOW.getTime() + 90 * 86_400_000);
    expect(crl.revoked).toEqual([]);
    expect(verifyCrlSignature(crl, pki.csca.publicKey)).toBe(true);
    expect(verifyCrlSignature(crl, pki.ds.publicKey)).toBe(false);
  });

  it('lists revoked serial numbers and finds the DS among them', async () => {
    const serial = BigInt(`0x${toHex(pki.ds.serialNumber)}`);
    const crl = await issueCrl(
      {
        issuer: pki.csca,
        thisUpdate: NOW,
        nextUpdate: new Date('2026-03-01T00:00:00Z'),
        crlNumber: 2n,
        revoked: [{ serialNumber: serial, revocationDate: NOW }],
      },
      cscaSigner,
    );
    expect(isRevoked(crl, pki.ds)).toBe(true);
    expect(isRevoked(crl, pki.csca)).toBe(false);
    expect(crl.revoked[0]?.revocationDate).toEqual(NOW);
  });

  it('reads a CRL of 20,000 entries (past the 10,000-object TLV default) and finds a serial among them', async () => {
    const dsSerial = BigInt(`0x${toHex(pki.ds.serialNumber)}`);
    const revoked = Array.from({ length: 20_000 }, (_, i) => ({
      serialNumber: i === 12_345 ? dsSerial : 1_000_000n + BigInt(i),
      revocationDate: NOW,
    }));
    const crl = parseCrl(
      (await issueCrl({ issuer: pki.csca, thisUpdate: NOW, nextUpdate: NOW, crlNumber: 3n, revoked }, cscaSigner)).raw,
    );
    expect(crl.revoked).toHaveLength(20_000);
    expect(isRevoked(crl, pki.ds)).toBe(true);
    expect(isRevoked(crl, pki.csca)).toBe(false);
    expect(isRevoked(crl, { serialNumber: fromHex('0F4240') })).toBe(true); // 1,000,000: the first entry
    expect(isRevoked(crl, { serialNumber: fromHex('0F423F') })).toBe(false);
  });

  it('rejects a malformed CRL with the path of the field', () => {
    const der = pki.crl.raw.slice();
    der[der.length - 1] = 0x00;
    der[1] = (der[1] as number) + 1;
    let err: unknown;
    try {
      parseCrl(der, 'csca.crl');
    } catch (e) {
      err = e;
    }
    expect(isCccdError(err, 'PKI_MALFORMED') && err.path?.startsWith('csca.crl')).toBe(true);
  });
});

describe('ICAO 9303-12 §8 CSCA master lists', () => {
  it('holds the CSCA certificates and the signer certificate chain', () => {
    const ml = parseMasterList(pki.masterList);
    expect(ml.certificates.map((c) => toHex(c.raw))).toEqual([toHex(pki.csca.raw)]);
    expect(ml.signedData.certificates.map((c) => toHex(c.raw))).toEqual([
      toHex(pki.masterListSigner.raw),
      toHex(pki.csca.raw),
    ]);
    expect(ml.signedData.signerInfos[0]?.signingTime).toEqual(NOW);
  });

  it('reads a master list of 400 CSCA certificates (tens of thousands of objects, as the ICAO PKD lists hold)', async () => {
    const { signer, signerCertificate } = await newMasterListSigner(77n);
    const ml = await signMasterList({
      certificates: Array.from({ length: 400 }, () => pki.csca),
      signer,
      signerCertificate,
      issuerCertificate: pki.csca,
    });
    expect(parseMasterList(ml).certificates).toHaveLength(400);
    expect(loadTrustStore([{ name: 'big.ml', bytes: ml }]).certificates).toHaveLength(400);
  });

  it('states where a malformed master list breaks once, not twice', () => {
    const der = pki.masterList.slice();
    der[1] = (der[1] as number) + 1; // the ContentInfo now claims one byte more than the file holds
    let message = '';
    try {
      parseMasterList(der, 'masterlist.ml');
    } catch (e) {
      message = isCccdError(e, 'PKI_MALFORMED') ? e.message : 'not PKI_MALFORMED';
    }
    expect(message).toMatch(/^masterlist\.ml\S* at offset \d+: [^:]*$/);
  });

  it('skips a certificate of the list it cannot decode, names it, and keeps the others', async () => {
    const { signer, signerCertificate } = await newMasterListSigner(78n);
    // A "certificate" that is SEQUENCE { INTEGER 0 }: decodes as DER, is no certificate.
    const broken = { raw: fromHex('3003020100') } as unknown as typeof pki.csca;
    const ml = await signMasterList({
      certificates: [pki.csca, broken, pki.ds],
      signer,
      signerCertificate,
      issuerCertificate: pki.csca,
    });
    const parsed = parseMasterList(ml, 'vn.ml');
    // certList is a SET OF: DER orders it by encoding.
    expect(parsed.certificates.map((c) => toHex(c.raw)).sort()).toEqual(
      [toHex(pki.csca.raw), toHex(pki.ds.raw)].sort(),
    );
    expect(parsed.skipped).toEqual([expect.objectContaining({ code: 'PKI_MALFORMED' })]);
    expect(parsed.skipped[0]?.path).toMatch(/^vn\.ml\/CscaMasterList\/certList\[\d\]/);
    const store = loadTrustStore([{ name: 'vn.ml', bytes: ml }]);
    expect(store.certificates).toHaveLength(2);
    expect(store.skipped).toHaveLength(1);
  });

  it('becomes a trust store only when its signature verifies', async () => {
    expect(loadTrustStore([{ name: 'masterlist.ml', bytes: pki.masterList }]).certificates).toHaveLength(1);
    // Flip one byte of the signature (the last byte of the file).
    const tampered = pki.masterList.slice();
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] as number) ^ 1;
    expect(await rejectCode(() => loadTrustStore([{ name: 'masterlist.ml', bytes: tampered }]))).toBe('PKI_INVALID');
  });

  it('refuses a list whose signer is not issued by a CSCA of the list', async () => {
    const other = generateSoftwareKey({ kind: 'ec', curve: 'secp256r1' });
    const otherSigner = softwareSigner({ privateKey: other.privateKeyPem });
    const otherCsca = await issueCertificate(
      cscaTemplate({
        subject: { country: 'VN', commonName: 'Other' },
        publicKey: otherSigner.publicKey,
        serialNumber: 9n,
        notBefore: NOW,
        notAfter: new Date('2030-01-01T00:00:00Z'),
      }),
      otherSigner,
    );
    const ml = await signMasterList({
      certificates: [otherCsca],
      signer: softwareSigner({ privateKey: pki.cscaKeyPem }),
      signerCertificate: pki.masterListSigner,
    });
    // The signer key is the CSCA's, not the ML signer certificate's: the signature check fails first.
    expect(await rejectCode(() => loadTrustStore([{ name: 'ml', bytes: ml }]))).toBe('PKI_INVALID');
  });
});

describe('RFC 7468 PEM and RFC 4648 base64', () => {
  it('round-trips any bytes through base64 and PEM', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        return (
          toHex(fromBase64(toBase64(b))) === toHex(b) &&
          toHex(fromPem(toPem('CERTIFICATE', b), 'CERTIFICATE')) === toHex(b)
        );
      }),
    );
    expect(toBase64(asciiToBytes('any carnal pleas'))).toBe('YW55IGNhcm5hbCBwbGVhcw==');
  });

  it('rejects characters outside the alphabet', () => {
    let err: unknown;
    try {
      fromBase64('YW55*', 'x.pem');
    } catch (e) {
      err = e;
    }
    expect(isCccdError(err, 'PKI_MALFORMED')).toBe(true);
  });
});

describe('ICAO 9303-12 §9 PKD LDIF exports', () => {
  const fold = (line: string) => line.replace(/(.{76})/g, '$1\n ');
  const ldif = () =>
    [
      'version: 1',
      '',
      '# CSCA of VN',
      'dn: cn=CSCA VN,o=csca,c=VN,dc=data,dc=download,dc=pkd,dc=icao,dc=int',
      'objectClass: inetOrgPerson',
      fold(`userCertificate;binary:: ${toBase64(pki.csca.raw)}`),
      '',
      'dn: cn=crl,o=crl,c=VN,dc=data,dc=download,dc=pkd,dc=icao,dc=int',
      fold(`certificateRevocationList;binary:: ${toBase64(pki.crl.raw)}`),
      '',
      'dn: cn=ml,o=ml,c=VN,dc=data,dc=download,dc=pkd,dc=icao,dc=int',
      fold(`CscaMasterListData:: ${toBase64(pki.masterList)}`),
      '',
    ].join('\n');

  it('reads certificates, CRLs and master lists with continuation lines', () => {
    const out = parseLdif(ldif());
    expect(out.certificates.map((c) => toHex(c.der))).toEqual([toHex(pki.csca.raw)]);
    expect(out.certificates[0]?.dn).toContain('cn=CSCA VN');
    expect(toHex(out.crls[0]?.der as Uint8Array)).toBe(toHex(pki.crl.raw));
    expect(toHex(out.masterLists[0]?.der as Uint8Array)).toBe(toHex(pki.masterList));
  });

  it('loads an LDIF file into the trust store', () => {
    const store = loadTrustStore([{ name: 'icaopkd.ldif', bytes: asciiToBytes(ldif()) }]);
    expect(store.certificates).toHaveLength(2);
    expect(store.crls).toHaveLength(1);
  });

  it('skips the entries it cannot use and names them, loading the rest', () => {
    const broken = [
      'dn: cn=broken,o=csca,c=XX,dc=data,dc=download,dc=pkd,dc=icao,dc=int',
      `userCertificate;binary:: ${toBase64(fromHex('3003020100'))}`,
      '',
      'dn: cn=forged ml,o=ml,c=XX,dc=data,dc=download,dc=pkd,dc=icao,dc=int',
      `CscaMasterListData:: ${toBase64(tamperedLastByte(pki.masterList))}`,
      '',
    ].join('\n');
    const store = loadTrustStore([{ name: 'icaopkd.ldif', bytes: asciiToBytes(`${ldif()}\n${broken}`) }]);
    expect(store.certificates).toHaveLength(2);
    expect(store.crls).toHaveLength(1);
    expect(store.skipped?.map((s) => [s.path.split('/')[1]?.split(',')[0], s.code])).toEqual([
      ['cn=broken', 'PKI_MALFORMED'],
      ['cn=forged ml', 'PKI_INVALID'],
    ]);
  });

  it('rejects a binary attribute given as text and a garbled line, naming the line', () => {
    for (const bad of ['dn: x\nuserCertificate;binary: abc\n', 'dn: x\n???\n']) {
      let err: unknown;
      try {
        parseLdif(bad, 'pkd.ldif');
      } catch (e) {
        err = e;
      }
      expect(isCccdError(err, 'PKI_MALFORMED') && err.path).toBe('pkd.ldif/line 2');
    }
  });
});

describe('ICAO 9303-12 §9 LDIF hostile input', () => {
  it('answers any text with objects or a PKI_MALFORMED error naming a line', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom('dn: x', 'userCertificate;binary:: AAAA', 'a:: ====', ' cont', '', '#c', 'x', 'cn: y'),
          { maxLength: 12 },
        ),
        (lines) => {
          try {
            parseLdif(lines.join('\n'));
          } catch (e) {
            if (!isCccdError(e, 'PKI_MALFORMED') || !e.path?.startsWith('LDIF/line ')) throw e;
          }
          return true;
        },
      ),
    );
  });
});

describe('ICAO 9303-12 trust store inputs', () => {
  it('reads PEM bundles, DER certificates and DER CRLs', () => {
    const bundle = asciiToBytes(toPem('CERTIFICATE', pki.csca.raw) + toPem('X509 CRL', pki.crl.raw));
    const store = loadTrustStore([
      { name: 'bundle.pem', bytes: bundle },
      { name: 'csca.der', bytes: pki.csca.raw },
      { name: 'csca.crl', bytes: pki.crl.raw },
    ]);
    expect(store.certificates).toHaveLength(2);
    expect(store.crls).toHaveLength(2);
  });

  it('names the file that is not a certificate, CRL, master list or LDIF', () => {
    let err: unknown;
    try {
      loadTrustStore([{ name: 'notes.txt', bytes: fromHex('0102') }]);
    } catch (e) {
      err = e;
    }
    expect(isCccdError(err, 'PKI_MALFORMED') && err.path?.startsWith('notes.txt')).toBe(true);
  });
});

describe('ICAO 9303-12 trust store lookups by name (RFC 5280 §7.1)', () => {
  it('finds issuers and CRLs among hundreds of CSCAs by name, and sees a certificate added later', async () => {
    const others = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        issueCertificate(
          cscaTemplate({
            subject: { country: ['DE', 'FR', 'JP'][i % 3] as string, commonName: `CSCA ${i}` },
            publicKey: cscaSigner.publicKey,
            serialNumber: BigInt(i + 1),
            notBefore: NOW,
            notAfter: new Date('2030-01-01T00:00:00Z'),
          }),
          cscaSigner,
        ),
      ),
    );
    const store = { certificates: [...others, pki.csca], crls: [pki.crl] };
    expect(certificatesNamed(store, pki.ds.issuer)).toEqual([pki.csca]);
    expect(certificatesNamed(store, (others[123] as typeof pki.csca).subject)).toEqual([others[123]]);
    expect(crlsIssuedBy(store, pki.csca.subject)).toEqual([pki.crl]);
    expect(crlsIssuedBy(store, (others[0] as typeof pki.csca).subject)).toEqual([]);
    // A list that grows after it was indexed is indexed again.
    const growing = [...others];
    const late = { certificates: growing, crls: [] };
    expect(certificatesNamed(late, pki.csca.subject)).toEqual([]);
    growing.push(pki.csca);
    expect(certificatesNamed(late, pki.csca.subject)).toEqual([pki.csca]);
  });

  it('matches a name written in other case, spacing and string type', () => {
    const cn = nameAttribute(pki.csca.subject, 'id-at-commonName') as string;
    const o = nameAttribute(pki.csca.subject, 'id-at-organizationName');
    const variant = decodeName(
      decodeTlv(encodeName({ country: 'VN', ...(o ? { organization: o } : {}), commonName: `  ${cn.toUpperCase()} ` })),
      'variant',
    );
    expect(toHex(variant.raw)).not.toBe(toHex(pki.csca.subject.raw));
    expect(namesEqual(variant, pki.csca.subject)).toBe(true);
    expect(nameKey(variant)).toBe(nameKey(pki.csca.subject));
    expect(certificatesNamed({ certificates: [pki.csca], crls: [] }, variant)).toEqual([pki.csca]);
  });

  it('hands out frozen lists from loadTrustStore', () => {
    const store = loadTrustStore([
      { name: 'masterlist.ml', bytes: pki.masterList },
      { name: 'csca.crl', bytes: pki.crl.raw },
    ]);
    expect(Object.isFrozen(store.certificates) && Object.isFrozen(store.crls)).toBe(true);
  });
});

function tamperedLastByte(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  out[out.length - 1] = (out[out.length - 1] as number) ^ 1;
  return out;
}

/** A master list signer of its own (9303-12 §7.1.1), issued by the development CSCA. */
async function newMasterListSigner(serialNumber: bigint) {
  const key = generateSoftwareKey({ kind: 'ec', curve: 'secp256r1' });
  const signer = softwareSigner({ privateKey: key.privateKeyPem });
  const signerCertificate = await issueCertificate(
    masterListSignerTemplate({
      issuer: pki.csca,
      subject: { country: 'VN', commonName: `Master List Signer ${serialNumber}` },
      publicKey: signer.publicKey,
      serialNumber,
      notBefore: NOW,
      notAfter: new Date('2030-01-01T00:00:00Z'),
    }),
    cscaSigner,
  );
  return { signer, signerCertificate };
}
