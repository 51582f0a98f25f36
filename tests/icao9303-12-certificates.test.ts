// ICAO 9303-12 §7.1.1 certificate profiles and RFC 5280 decoding: names, times, extensions, algorithms, keys.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeSequence } from '../src/asn1/der.js';
import { oid } from '../src/asn1/oids.js';
import { fromHex, toHex } from '../src/bytes.js';
import type { CurveName } from '../src/crypto/curves.js';
import { isCccdError } from '../src/errors.js';
import {
  decodeSignatureAlgorithm,
  encodeSignatureAlgorithm,
  signatureAlgorithmFromName,
  signatureAlgorithmName,
} from '../src/pki/algorithms.js';
import { issueCertificate, parseCertificate } from '../src/pki/certificate.js';
import { decodeDer } from '../src/pki/der-read.js';
import { decodeExtensions, encodeExtension } from '../src/pki/extensions.js';
import { decodeName, encodeName, formatName, namesEqual } from '../src/pki/name.js';
import {
  cscaTemplate,
  documentSignerTemplate,
  keyIdentifier,
  linkTemplate,
  masterListSignerTemplate,
} from '../src/pki/profiles.js';
import { generateSoftwareKey, softwareSigner } from '../src/pki/software-signer.js';
import { decodeTime, encodeTime, isoTime } from '../src/pki/time.js';
import { verifyCertificateSignature } from '../src/pki/verify.js';
import { vector } from './helpers/vectors.js';

const NOW = new Date('2026-01-15T00:00:00Z');
const LATER = new Date('2041-01-15T00:00:00Z');

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isCccdError(e) ? e.code : 'not a CccdError';
  }
  return undefined;
}

async function csca(curve: CurveName | number, algorithm?: string) {
  const key = generateSoftwareKey(typeof curve === 'number' ? { kind: 'rsa', bits: curve } : { kind: 'ec', curve });
  const signer = softwareSigner({ privateKey: key.privateKeyPem, ...(algorithm ? { algorithm } : {}) });
  const cert = await issueCertificate(
    cscaTemplate({
      subject: { country: 'VN', organization: 'Bo Cong an', commonName: 'CSCA VN' },
      publicKey: signer.publicKey,
      serialNumber: 1n,
      notBefore: NOW,
      notAfter: LATER,
    }),
    signer,
  );
  return { signer, cert };
}

describe('ICAO 9303-12 distinguished names', () => {
  it('encodes the country as PrintableString and other attributes as UTF8String', () => {
    const der = encodeName({ country: 'VN', organization: 'Bộ Công an', commonName: 'CSCA VN' });
    const name = decodeName(decodeDer(der, 'name'), 'name');
    expect(formatName(name)).toBe('C=VN, O=Bộ Công an, CN=CSCA VN');
    // SET { SEQUENCE { id-at-countryName, PrintableString 'VN' } }, then O as UTF8String (tag 0C).
    expect(toHex(der.subarray(2, 15))).toBe('310B3009060355040613025' + '64E');
    expect(toHex(der)).toContain('060355040A0C0D'); // organizationName, UTF8String of 13 bytes
  });

  it('rejects a country that is not an alpha-2 code', () => {
    expect(code(() => encodeName({ country: 'VNM' }))).toBe('INVALID_ARGUMENT');
  });

  it('compares names after case folding and whitespace compression (RFC 5280 §7.1)', () => {
    const a = decodeName(decodeDer(encodeName({ country: 'VN', commonName: 'CSCA  VN' }), 'a'), 'a');
    const b = decodeName(decodeDer(encodeName({ country: 'VN', commonName: 'csca vn' }), 'b'), 'b');
    const c = decodeName(decodeDer(encodeName({ country: 'VN', commonName: 'CSCA VN 2' }), 'c'), 'c');
    expect(namesEqual(a, b)).toBe(true);
    expect(namesEqual(a, c)).toBe(false);
  });

  it('round-trips any name spec', () => {
    const text = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() === s && s.length > 0);
    fc.assert(
      fc.property(fc.constantFrom('VN', 'DE', 'AT'), text, text, (country, organization, commonName) => {
        const name = decodeName(decodeDer(encodeName({ country, organization, commonName }), 'n'), 'n');
        return formatName(name) === `C=${country}, O=${organization}, CN=${commonName}`;
      }),
    );
  });
});

describe('RFC 5280 §4.1.2.5 validity times', () => {
  it('uses UTCTime through 2049 and GeneralizedTime from 2050', () => {
    expect(toHex(encodeTime(new Date('2049-12-31T23:59:59Z')))).toBe('170D3439313233313233353935395A');
    expect(toHex(encodeTime(new Date('2050-01-01T00:00:00Z')))).toBe('180F32303530303130313030303030305A');
  });

  it('round-trips whole seconds between 1950 and 9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1950, 0, 1) / 1000, max: Date.UTC(9999, 11, 31) / 1000 }), (s) => {
        const d = new Date(s * 1000);
        return decodeTime(decodeDer(encodeTime(d), 't'), 't').getTime() === d.getTime();
      }),
    );
  });

  it('reads every RFC 5280 §4.1.2.5 form: UTCTime with and without seconds, GeneralizedTime with fractions', () => {
    const t = (tag: number, text: string) =>
      decodeTime(decodeDer(Uint8Array.of(tag, text.length, ...Buffer.from(text, 'ascii')), 't'), 't').toISOString();
    expect(t(0x17, '4912312359Z')).toBe('2049-12-31T23:59:00.000Z');
    expect(t(0x17, '500101000000Z')).toBe('1950-01-01T00:00:00.000Z');
    expect(t(0x18, '20500101000000Z')).toBe('2050-01-01T00:00:00.000Z');
    expect(t(0x18, '20240229123456.789Z')).toBe('2024-02-29T12:34:56.000Z');
    expect(t(0x18, '00500101000000Z')).toBe('0050-01-01T00:00:00.000Z');
    for (const [tag, text] of [
      [0x17, '2601011200+0700'],
      [0x17, '26010112000Z'],
      [0x17, '2601011200 0Z'],
      [0x18, '2026010112000Z'],
      [0x18, '20260101120000.Z'],
      [0x18, '20260101120000,5Z'],
      [0x18, '20260101120000.5xZ'],
      [0x18, '20230229120000Z'],
      [0x18, '20260101246000Z'],
      [0x17, '-60101120000Z'],
    ] as const) {
      expect(
        code(() => t(tag, text)),
        text,
      ).toBe('PKI_MALFORMED');
    }
  });

  it('states times in verdicts exactly as Date.prototype.toISOString does (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62198755200000, max: 253402300799999 }), (t) => {
        const d = new Date(t);
        expect(isoTime(d)).toBe(d.toISOString());
      }),
      { numRuns: 5000 },
    );
    expect(isoTime(new Date(Date.UTC(10000, 0, 1)))).toBe('+010000-01-01T00:00:00.000Z');
  });

  it('rejects local times and impossible dates with the field path', () => {
    for (const bad of ['170B3236303131353030303030', '170D3236303233303030303030305A']) {
      let err: unknown;
      try {
        decodeTime(decodeDer(fromHex(bad), 'validity'), 'Certificate/validity/notBefore');
      } catch (e) {
        err = e;
      }
      expect(isCccdError(err, 'PKI_MALFORMED') && err.path).toBe('Certificate/validity/notBefore');
    }
  });
});

describe('ICAO 9303-12 §4 signature algorithm identifiers', () => {
  it('round-trips every ECDSA, RSA and RSASSA-PSS algorithm with each SHA-2 hash', () => {
    for (const kind of ['ecdsa', 'ecdsa-plain', 'rsa', 'rsa-pss']) {
      for (const h of ['sha224', 'sha256', 'sha384', 'sha512']) {
        const alg = signatureAlgorithmFromName(`${kind}-${h}`);
        const back = decodeSignatureAlgorithm(decodeDer(encodeSignatureAlgorithm(alg), 'alg'), 'alg');
        expect(back).toEqual(alg);
        expect(signatureAlgorithmName(back)).toBe(`${kind}-${h}`);
      }
    }
  });

  it('reads RSASSA-PSS defaults (SHA-1, MGF1-SHA-1, salt 20) from empty parameters', () => {
    const der = encodeSequence(fromHex('06092A864886F70D01010A'), fromHex('3000'));
    expect(decodeSignatureAlgorithm(decodeDer(der, 'alg'), 'alg')).toEqual({
      kind: 'rsa-pss',
      hash: 'SHA-1',
      pss: { mgfHash: 'SHA-1', saltLength: 20 },
    });
  });

  it('names unknown algorithms CRYPTO_UNSUPPORTED', () => {
    const der = encodeSequence(fromHex('06032A0304'));
    expect(code(() => decodeSignatureAlgorithm(decodeDer(der, 'alg'), 'alg'))).toBe('CRYPTO_UNSUPPORTED');
    expect(code(() => signatureAlgorithmFromName('dsa-sha256'))).toBe('INVALID_ARGUMENT');
  });
});

describe('ICAO 9303-12 §7.1.1 certificate profiles', () => {
  it('issues a self-signed CSCA with critical keyCertSign/cRLSign and CA path length 0', async () => {
    const { cert } = await csca('secp256r1');
    expect(cert.version).toBe(3);
    expect(cert.extensions.keyUsage).toEqual(['keyCertSign', 'cRLSign']);
    expect(cert.extensions.basicConstraints).toEqual({ ca: true, pathLength: 0 });
    expect(cert.rawExtensions.find((e) => e.oid === oid('id-ce-keyUsage'))?.critical).toBe(true);
    expect(toHex(cert.extensions.subjectKeyIdentifier as Uint8Array)).toBe(
      toHex(cert.extensions.authorityKeyIdentifier as Uint8Array),
    );
    expect(cert.extensions.privateKeyUsagePeriod).toEqual({ notBefore: NOW, notAfter: LATER });
    expect(verifyCertificateSignature(cert, cert.publicKey)).toBe(true);
  });

  it('issues a DS certificate with digitalSignature, the document type list and CRL distribution points', async () => {
    const ca = await csca('secp256r1');
    const ds = generateSoftwareKey({ kind: 'ec', curve: 'secp256r1' });
    const dsKey = softwareSigner({ privateKey: ds.privateKeyPem }).publicKey;
    const cert = await issueCertificate(
      documentSignerTemplate({
        issuer: ca.cert,
        subject: { country: 'VN', commonName: 'DS 1' },
        publicKey: dsKey,
        serialNumber: 2n,
        notBefore: NOW,
        notAfter: LATER,
        privateKeyUsageEnd: new Date('2026-04-15T00:00:00Z'),
        documentTypes: ['ID', 'P'],
        crlDistributionPoints: ['http://pki.example.vn/csca.crl'],
      }),
      ca.signer,
    );
    expect(cert.extensions.keyUsage).toEqual(['digitalSignature']);
    expect(cert.extensions.documentTypeList?.sort()).toEqual(['ID', 'P']);
    expect(cert.extensions.cRLDistributionPoints).toEqual(['http://pki.example.vn/csca.crl']);
    expect(cert.extensions.privateKeyUsagePeriod?.notAfter).toEqual(new Date('2026-04-15T00:00:00Z'));
    expect(toHex(cert.extensions.authorityKeyIdentifier as Uint8Array)).toBe(
      toHex(ca.cert.extensions.subjectKeyIdentifier as Uint8Array),
    );
    expect(toHex(cert.extensions.subjectKeyIdentifier as Uint8Array)).toBe(toHex(keyIdentifier(dsKey)));
    expect(namesEqual(cert.issuer, ca.cert.subject)).toBe(true);
    expect(verifyCertificateSignature(cert, ca.cert.publicKey)).toBe(true);
    expect(verifyCertificateSignature(cert, cert.publicKey)).toBe(false);
  });

  it('issues a link certificate that carries the new CSCA key under the old CSCA signature', async () => {
    const oldCa = await csca('secp256r1');
    const newCa = await csca('secp384r1');
    const link = await issueCertificate(
      linkTemplate({ oldCsca: oldCa.cert, newCsca: newCa.cert, serialNumber: 3n, notBefore: NOW, notAfter: LATER }),
      oldCa.signer,
    );
    expect(toHex(link.publicKey.spki)).toBe(toHex(newCa.cert.publicKey.spki));
    expect(verifyCertificateSignature(link, oldCa.cert.publicKey)).toBe(true);
    expect(link.extensions.basicConstraints?.ca).toBe(true);
  });

  it('issues a master list signer certificate with extKeyUsage id-icao-cscaMasterListSigningKey', async () => {
    const ca = await csca('secp256r1');
    const ml = await issueCertificate(
      masterListSignerTemplate({
        issuer: ca.cert,
        subject: { country: 'VN', commonName: 'ML' },
        publicKey: ca.signer.publicKey,
        serialNumber: 4n,
        notBefore: NOW,
        notAfter: LATER,
      }),
      ca.signer,
    );
    expect(ml.extensions.extKeyUsage).toEqual([oid('id-icao-cscaMasterListSigningKey')]);
  });

  it('signs and verifies on every curve of the table and with RSA PKCS#1 v1.5 and PSS', async () => {
    const cases: [CurveName | number, string | undefined][] = [
      ['secp256r1', undefined],
      ['secp384r1', undefined],
      ['secp521r1', undefined],
      ['brainpoolP256r1', undefined],
      ['brainpoolP384r1', undefined],
      ['brainpoolP512r1', undefined],
      [2048, 'rsa-sha256'],
      [2048, 'rsa-pss-sha256'],
      [2048, 'rsa-pss-sha512'],
    ];
    for (const [key, alg] of cases) {
      const { cert } = await csca(key, alg);
      expect(verifyCertificateSignature(cert, cert.publicKey), `${key} ${alg}`).toBe(true);
      expect(parseCertificate(cert.raw).signatureAlgorithm).toEqual(cert.signatureAlgorithm);
    }
  });

  it('rejects templates with a non-positive serial or an empty validity', async () => {
    const { signer } = await csca('secp256r1');
    const base = { subject: { country: 'VN' }, publicKey: signer.publicKey, notBefore: NOW, notAfter: LATER };
    await expect(issueCertificate(cscaTemplate({ ...base, serialNumber: 0n }), signer)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(
      issueCertificate(cscaTemplate({ ...base, serialNumber: 1n, notAfter: NOW }), signer),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('RFC 5280 decoding of real DS and CSCA certificates', () => {
  const at = vector('icao9303-10-real-sod.json', 'sod.at-2023');
  const de = vector('icao9303-10-real-sod.json', 'sod.de-2023');

  it('decodes explicit brainpool parameters and verifies the Austrian CSCA link certificate signature chain', () => {
    const cscaAt = parseCertificate(fromHex(at.csca as string));
    expect(cscaAt.publicKey.kind).toBe('ec');
    expect(cscaAt.publicKey.kind === 'ec' && cscaAt.publicKey.explicit !== undefined).toBe(true);
    expect(formatName(cscaAt.subject)).toBe('C=AT, O=GV, OU=BMI, CN=CSCA-AUSTRIA');
    expect(cscaAt.signatureAlgorithm).toEqual({ kind: 'ecdsa', hash: 'SHA-384' });
    // A link certificate: issued by the previous CSCA key, not self-signed.
    expect(verifyCertificateSignature(cscaAt, cscaAt.publicKey)).toBe(false);
  });

  it('verifies the German CSCA (brainpoolP512r1, explicit parameters) as self-signed', () => {
    const cscaDe = parseCertificate(fromHex(de.csca as string));
    expect(verifyCertificateSignature(cscaDe, cscaDe.publicKey)).toBe(true);
    expect(cscaDe.extensions.privateKeyUsagePeriod?.notAfter).toEqual(new Date('2025-01-23T23:59:59Z'));
  });
});

describe('RFC 5280 rejection of malformed certificates', () => {
  it('names the failing field in the error path', async () => {
    const { cert } = await csca('secp256r1');
    const der = cert.raw.slice();
    // Corrupt the validity SEQUENCE tag.
    const validity = toHex(der).indexOf('301E170D');
    der[validity / 2] = 0x31;
    let err: unknown;
    try {
      parseCertificate(der, 'ds.pem');
    } catch (e) {
      err = e;
    }
    expect(isCccdError(err, 'PKI_MALFORMED') && err.path).toBe('ds.pem/tbsCertificate/validity');
  });

  it('rejects truncation, trailing bytes and a differing inner algorithm', async () => {
    const { cert } = await csca('secp256r1');
    expect(code(() => parseCertificate(cert.raw.subarray(0, cert.raw.length - 1)))).toBe('PKI_MALFORMED');
    expect(code(() => parseCertificate(Uint8Array.of(...cert.raw, 0)))).toBe('PKI_MALFORMED');
    const swapped = fromHex(toHex(cert.raw).replace('06082A8648CE3D040302', '06082A8648CE3D040303'));
    expect(code(() => parseCertificate(swapped))).toBe('PKI_MALFORMED');
  });

  it('never throws anything but a CccdError on random corruption', async () => {
    const { cert } = await csca('secp256r1');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: cert.raw.length - 1 }), fc.integer({ min: 0, max: 255 }), (i, b) => {
        const der = cert.raw.slice();
        der[i] = b;
        const c = code(() => parseCertificate(der));
        return c === undefined || c !== 'not a CccdError';
      }),
      { numRuns: 300 },
    );
  });

  it('reports unknown critical extensions and rejects duplicates', () => {
    const unknown = encodeSequence(encodeSequence(fromHex('06032A0304'), fromHex('0101FF'), fromHex('04020500')));
    expect(decodeExtensions(decodeDer(unknown, 'ext'), 'ext').unknownCritical).toEqual(['1.2.3.4']);
    const dup = encodeExtension('keyUsage', ['digitalSignature'], true);
    expect(code(() => decodeExtensions(decodeDer(encodeSequence(dup, dup), 'ext'), 'ext'))).toBe('PKI_MALFORMED');
  });
});

describe('ICAO 9303-12 signers', () => {
  it('report a failed software signature as a rejected promise, like every Signer', async () => {
    const signer = softwareSigner({
      privateKey: generateSoftwareKey({ kind: 'ec', curve: 'secp256r1' }).privateKeyPem,
    });
    let pending: Promise<Uint8Array> | undefined;
    expect(() => {
      pending = signer.sign(null as never);
    }).not.toThrow();
    await expect(pending).rejects.toBeDefined();
    expect((await signer.sign(new Uint8Array(8)))[0]).toBe(0x30);
  });
});
