// RFC 5652 §5 CMS SignedData as the ICAO structures use it: signed attributes, signer identifiers, external
// signing, and verification over the bytes as received.
import { beforeAll, describe, expect, it } from 'vitest';
import { oid } from '../src/asn1/oids.js';
import { concatBytes, fromHex, toHex } from '../src/bytes.js';
import { ecdsaDerToPlain, ecdsaPlainToDer } from '../src/crypto/ecdsa.js';
import { hash } from '../src/crypto/hash.js';
import { isCccdError } from '../src/errors.js';
import { findSignerCertificate, parseSignedData, prepareSignedData, signSignedData } from '../src/pki/cms.js';
import { createDevelopmentPki, type DevelopmentPki } from '../src/pki/dev-pki.js';
import { externalSigner } from '../src/pki/signer.js';
import { verifySignerInfo } from '../src/pki/verify.js';
import { encodeTlv } from '../src/tlv/index.js';

const NOW = new Date('2026-01-15T08:30:00Z');
const CONTENT = fromHex('3003020101');
let pki: DevelopmentPki;

beforeAll(async () => {
  pki = await createDevelopmentPki({ now: () => NOW });
});

const options = () => ({
  contentType: oid('id-icao-mrtd-security-ldsSecurityObject'),
  content: CONTENT,
  certificate: pki.ds,
});

describe('RFC 5652 §5 SignedData', () => {
  it('carries version 3, one digest algorithm, the content, the signer certificate and one SignerInfo', async () => {
    const sd = parseSignedData(await signSignedData({ ...options(), signingTime: NOW }, pki.dsSigner));
    expect(sd.version).toBe(3);
    expect(sd.contentType).toBe(oid('id-icao-mrtd-security-ldsSecurityObject'));
    expect(toHex(sd.content)).toBe(toHex(CONTENT));
    expect(sd.certificates.map((c) => toHex(c.raw))).toEqual([toHex(pki.ds.raw)]);
    const si = sd.signerInfos[0]!;
    expect(si.version).toBe(1);
    expect(si.contentTypeAttr).toBe(sd.contentType);
    expect(toHex(si.messageDigest!)).toBe(toHex(hash('SHA-256', CONTENT)));
    expect(si.signingTime).toEqual(NOW);
    expect(findSignerCertificate(si, sd.certificates)).toBe(sd.certificates[0]);
    expect(verifySignerInfo(sd, si, pki.ds).valid).toBe(true);
  });

  it('names the signer by subject key identifier in a version 3 SignerInfo when asked', async () => {
    const sd = parseSignedData(
      await signSignedData({ ...options(), signerIdentifier: 'subjectKeyIdentifier' }, pki.dsSigner),
    );
    const si = sd.signerInfos[0]!;
    expect(si.version).toBe(3);
    expect('subjectKeyIdentifier' in si.sid).toBe(true);
    expect(findSignerCertificate(si, [pki.csca, pki.ds])).toBe(pki.ds);
    expect(si.signingTime).toBeUndefined();
  });

  it('signs the DER SET OF signed attributes (tag 31), not the [0] field', async () => {
    const der = await signSignedData(options(), pki.dsSigner);
    const si = parseSignedData(der).signerInfos[0]!;
    expect(si.signedAttrsDer![0]).toBe(0x31);
    const inFile = toHex(der).indexOf(toHex(si.signedAttrsDer!.subarray(1)));
    expect(toHex(der).slice(inFile - 2, inFile)).toBe('A0');
  });

  it('hands out the bytes to sign and accepts an external signature', async () => {
    const prepared = prepareSignedData(options(), pki.dsSigner.algorithm);
    const raw = ecdsaDerToPlain(await pki.dsSigner.sign(prepared.toBeSigned), 32);
    const sd = parseSignedData(prepared.complete(ecdsaPlainToDer(raw)));
    expect(verifySignerInfo(sd, sd.signerInfos[0]!, pki.ds).valid).toBe(true);
    const seen: Uint8Array[] = [];
    const ext = externalSigner({
      algorithm: pki.dsSigner.algorithm,
      publicKey: pki.dsSigner.publicKey,
      digest: (m) => hash('SHA-256', m),
      sign: async (req) => {
        seen.push(req.digest);
        return ecdsaDerToPlain(await pki.dsSigner.sign(req.message), 32);
      },
    });
    const sd2 = parseSignedData(await signSignedData(options(), ext));
    expect(verifySignerInfo(sd2, sd2.signerInfos[0]!, pki.ds).valid).toBe(true);
    expect(toHex(seen[0]!)).toBe(toHex(hash('SHA-256', sd2.signerInfos[0]!.signedAttrsDer!)));
  });

  it('fails verification when the content, the digest attribute or the signature changes', async () => {
    const der = await signSignedData(options(), pki.dsSigner);
    const hex = toHex(der);
    const changedContent = parseSignedData(
      fromHex(hex.replace('A0070405' + toHex(CONTENT), 'A0070405' + '3003020102')),
    );
    expect(verifySignerInfo(changedContent, changedContent.signerInfos[0]!, pki.ds).reason).toMatch(/message digest/);
    const sd = parseSignedData(der);
    const si = sd.signerInfos[0]!;
    const sig = si.signature.slice();
    sig[10] = (sig[10] as number) ^ 0xff;
    expect(verifySignerInfo(sd, { ...si, signature: sig }, pki.ds).valid).toBe(false);
    expect(verifySignerInfo(sd, si, pki.csca).valid).toBe(false);
    expect(verifySignerInfo(sd, { ...si, signedAttrsDer: undefined }, pki.ds).reason).toMatch(/no signed attributes/);
  });
});

/** Re-encodes the outer ContentInfo/SignedData/encapContentInfo with BER indefinite lengths and a chunked eContent. */
function toBer(der: Uint8Array): Uint8Array {
  const eoc = Uint8Array.of(0, 0);
  const sd = parseSignedData(der);
  const chunks = [sd.content.subarray(0, 2), sd.content.subarray(2)].map((c) => encodeTlv(0x04, c));
  const econtent = concatBytes(Uint8Array.of(0xa0, 0x80, 0x24, 0x80), ...chunks, eoc, eoc);
  const encap = concatBytes(Uint8Array.of(0x30, 0x80), encodeTlv(0x06, fromHex('678108010101')), econtent, eoc);
  const hex = toHex(der);
  // Keep version and digestAlgorithms, certificates and signerInfos as DER slices of the original.
  const start = hex.indexOf('020103');
  const encapStart = hex.indexOf('3011060667810801010');
  const versionAndDigests = fromHex(hex.slice(start, encapStart));
  const afterEncap = fromHex(hex.slice(encapStart + 2 * 19));
  const signedData = concatBytes(Uint8Array.of(0x30, 0x80), versionAndDigests, encap, afterEncap, eoc);
  return concatBytes(
    Uint8Array.of(0x30, 0x80),
    encodeTlv(0x06, fromHex('2A864886F70D010702')),
    Uint8Array.of(0xa0, 0x80),
    signedData,
    eoc,
    eoc,
  );
}

describe('RFC 5652 BER input (ICAO 9303-10 §4.6: EF.SOD files of 2013 use indefinite lengths)', () => {
  it('decodes indefinite lengths and a constructed eContent OCTET STRING and still verifies', async () => {
    const der = await signSignedData(options(), pki.dsSigner);
    const ber = toBer(der);
    expect(ber[1]).toBe(0x80);
    const sd = parseSignedData(ber);
    expect(toHex(sd.content)).toBe(toHex(CONTENT));
    expect(verifySignerInfo(sd, sd.signerInfos[0]!, pki.ds).valid).toBe(true);
  });

  it('rejects a truncated, a non-SignedData and an empty-signerInfos ContentInfo with paths', async () => {
    const der = await signSignedData(options(), pki.dsSigner);
    const cases: [Uint8Array, string][] = [
      [der.subarray(0, der.length - 3), 'PKI_MALFORMED'],
      [fromHex(toHex(der).replace('2A864886F70D010702', '2A864886F70D010701')), 'PKI_MALFORMED'],
    ];
    for (const [bytes, expected] of cases) {
      let err: unknown;
      try {
        parseSignedData(bytes, 'EF.SOD');
      } catch (e) {
        err = e;
      }
      expect(isCccdError(err) && err.code).toBe(expected);
      expect(isCccdError(err) && err.path?.startsWith('EF.SOD')).toBe(true);
    }
  });
});
