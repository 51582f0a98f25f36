import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oid } from '../src/asn1/oids.js';
import { fromHex, toHex } from '../src/bytes.js';
import { isCccdError } from '../src/errors.js';
import { buildCardAccess, decodeCardAccess } from '../src/lds/card-access.js';
import { buildDg14, decodeDg14 } from '../src/lds/dg14.js';
import { buildDg15, decodeDg15 } from '../src/lds/dg15.js';
import { decodePublicKeyInfoBytes, encodePublicKeyInfo, type PublicKeyInfo } from '../src/lds/public-key.js';
import { type SecurityInfo, standardizedParameterId } from '../src/lds/security-infos.js';
import { hexOf, vector } from './helpers/vectors.js';

const LDS = 'lds-samples.json';

function errorOf(f: () => unknown): { code: string; path?: string; offset?: number } | undefined {
  try {
    f();
  } catch (e) {
    if (isCccdError(e)) return { code: e.code, path: e.path, offset: e.offset };
    throw e;
  }
  return undefined;
}

/** The CCCD EF.CardAccess of docs/cccd-chip.md, as several reader apps hard-code it. */
const CCCD_CARD_ACCESS = vector('cccd-chip-synthetic.json', 'cccd.synthetic').ef_cardaccess!;

describe('BSI TR-03110 Part 3 A.1.1 SecurityInfos in EF.CardAccess', () => {
  it('decodes ICAO 9303-11 G.1 as PACE-ECDH-GM-AES-128 version 2 with brainpoolP256r1 (ID 13)', () => {
    const bytes = hexOf(vector(LDS, 'lds.ef-cardaccess'), 'icao_G1');
    const ca = decodeCardAccess(bytes);
    expect(ca.infos).toEqual([
      { type: 'PACEInfo', protocol: oid('id-PACE-ECDH-GM-AES-CBC-CMAC-128'), version: 2, parameterId: 13 },
    ]);
    expect(toHex(ca.raw)).toBe(toHex(bytes));
  });

  it('reproduces every published EF.CardAccess sample byte for byte from its decoded infos', () => {
    const samples = vector(LDS, 'lds.ef-cardaccess');
    for (const key of Object.keys(samples)) {
      const bytes = hexOf(samples, key);
      expect(toHex(buildCardAccess(decodeCardAccess(bytes)))).toBe(toHex(bytes));
    }
  });

  it('keeps the order of the pm3 synthetic set, which is not DER SET order', () => {
    const ca = decodeCardAccess(hexOf(vector(LDS, 'lds.ef-cardaccess'), 'pm3_synthetic_4_infos'));
    expect(ca.infos.map((i) => (i.type === 'PACEInfo' ? i.parameterId : -1))).toEqual([13, 16, 0, 16]);
  });

  it('reads the BSI worked example: TA v2, CA v2, PACE, CA domain parameters, CardInfoLocator, PrivilegedTerminalInfo', () => {
    const ca = decodeCardAccess(hexOf(vector(LDS, 'lds.ef-cardaccess'), 'bsi_we_ecdh'));
    expect(ca.infos.map((i) => i.type)).toEqual([
      'TerminalAuthenticationInfo',
      'ChipAuthenticationInfo',
      'PACEInfo',
      'ChipAuthenticationDomainParameterInfo',
      'CardInfoLocator',
      'PrivilegedTerminalInfo',
    ]);
    const dp = ca.infos[3] as Extract<SecurityInfo, { type: 'ChipAuthenticationDomainParameterInfo' }>;
    expect(standardizedParameterId(dp.domainParameter)).toBe(13);
    expect(dp.keyId).toBe(1);
    const loc = ca.infos[4] as Extract<SecurityInfo, { type: 'CardInfoLocator' }>;
    expect(loc.url).toBe('https://www.hjp-consulting.com/home');
    const pt = ca.infos[5] as Extract<SecurityInfo, { type: 'PrivilegedTerminalInfo' }>;
    expect(pt.infos.map((i) => i.type)).toEqual(['ChipAuthenticationInfo', 'ChipAuthenticationDomainParameterInfo']);
  });

  it('decodes the CCCD EF.CardAccess of cccd-chip.md: TA v1, CA-ECDH-AES-128 v1, PACE-ECDH-GM-AES-128 v2 ID 13', () => {
    const bytes = fromHex(CCCD_CARD_ACCESS);
    const ca = decodeCardAccess(bytes);
    expect(ca.infos).toEqual([
      { type: 'TerminalAuthenticationInfo', protocol: oid('id-TA'), version: 1 },
      { type: 'ChipAuthenticationInfo', protocol: oid('id-CA-ECDH-AES-CBC-CMAC-128'), version: 1 },
      { type: 'PACEInfo', protocol: oid('id-PACE-ECDH-GM-AES-CBC-CMAC-128'), version: 2, parameterId: 13 },
    ]);
    expect(toHex(buildCardAccess(ca))).toBe(CCCD_CARD_ACCESS);
  });

  it('keeps an unknown SecurityInfo whole, with its bytes', () => {
    const unknown = '300A06052B0601020302010A'; // protocol 1.3.6.1.2.3, requiredData INTEGER 10
    const bytes = fromHex(`310C${unknown}`);
    const ca = decodeCardAccess(bytes);
    expect(ca.infos).toEqual([{ type: 'UnknownInfo', protocol: '1.3.6.1.2.3', raw: fromHex(unknown) }]);
    expect(toHex(buildCardAccess(ca))).toBe(toHex(bytes));
  });

  it('names the info and field of a wrong tag: EF.CardAccess/SecurityInfos[1]/protocol', () => {
    const bytes = fromHex('311B300D060804007F0007020202020101300A02010206052B06010203');
    const err = errorOf(() => decodeCardAccess(bytes));
    expect(err).toEqual({ code: 'LDS_MALFORMED', path: 'EF.CardAccess/SecurityInfos[1]/protocol', offset: 19 });
  });

  it('refuses a PACEInfo without version, an info with trailing elements and a non-SET file', () => {
    expect(errorOf(() => decodeCardAccess(fromHex('310E300C060A04007F00070202040202')))?.code).toBe('LDS_MALFORMED');
    expect(
      errorOf(() => decodeCardAccess(fromHex('3117301506 0A04007F000702020402020201020201 0D020101'.replace(/ /g, ''))))
        ?.code,
    ).toBe('LDS_MALFORMED');
    expect(errorOf(() => decodeCardAccess(fromHex('3000')))?.code).toBe('LDS_MALFORMED');
    expect(errorOf(() => decodeCardAccess(fromHex('3102')))?.code).toBe('TLV_TRUNCATED');
  });
});

describe('ICAO 9303-10 §4.7.14 DG14', () => {
  it('decodes the TR-03110 spec sample: a DH CA key (1024-bit p, g, privateValueLength 1017), CA 3DES v1, TA v1', () => {
    const bytes = hexOf(vector(LDS, 'tr03110.spec-sample-dg14'), 'dg14');
    const dg14 = decodeDg14(bytes);
    expect(dg14.infos.map((i) => i.type)).toEqual([
      'ChipAuthenticationPublicKeyInfo',
      'ChipAuthenticationInfo',
      'TerminalAuthenticationInfo',
    ]);
    const key = dg14.infos[0] as Extract<SecurityInfo, { type: 'ChipAuthenticationPublicKeyInfo' }>;
    expect(key.protocol).toBe(oid('id-PK-DH'));
    expect(key.publicKey.kind).toBe('dh');
    if (key.publicKey.kind !== 'dh') return;
    expect(key.publicKey.algorithm).toBe(oid('dhKeyAgreement'));
    expect(key.publicKey.p.toString(2).length).toBe(1024);
    expect(key.publicKey.privateValueLength).toBe(1017);
    expect(key.publicKey.y.toString(16).toUpperCase().startsWith('553CE735')).toBe(true);
    expect(dg14.infos[1]).toEqual({
      type: 'ChipAuthenticationInfo',
      protocol: oid('id-CA-DH-3DES-CBC-CBC'),
      version: 1,
    });
    expect(dg14.infos[2]).toEqual({ type: 'TerminalAuthenticationInfo', protocol: oid('id-TA'), version: 1 });
  });

  it('rebuilds the TR-03110 spec sample DG14 byte for byte', () => {
    const bytes = hexOf(vector(LDS, 'tr03110.spec-sample-dg14'), 'dg14');
    expect(toHex(buildDg14(decodeDg14(bytes)))).toBe(toHex(bytes));
  });

  it('names the info in errors: DG14/SecurityInfos[1]/version', () => {
    const good = buildDg14({
      infos: [
        { type: 'TerminalAuthenticationInfo', protocol: oid('id-TA'), version: 1 },
        { type: 'ChipAuthenticationInfo', protocol: oid('id-CA-ECDH-AES-CBC-CMAC-128'), version: 1 },
      ],
    });
    const bad = good.slice();
    // The second info's version INTEGER tag (02) becomes a BOOLEAN (01).
    const at = toHex(bad).lastIndexOf('020101') / 2;
    bad[at] = 0x01;
    expect(errorOf(() => decodeDg14(bad))).toMatchObject({
      code: 'LDS_MALFORMED',
      path: 'DG14/SecurityInfos[1]/version',
    });
  });
});

const P256_P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

describe('RFC 5280 SubjectPublicKeyInfo in DG14 and DG15', () => {
  it('round-trips an EC key on a named curve, an EC key with explicit parameters, an RSA key and a DH key', () => {
    const point = fromHex(`04${'11'.repeat(32)}${'22'.repeat(32)}`);
    const keys: PublicKeyInfo[] = [
      { kind: 'ec', curve: oid('brainpoolP256r1'), point },
      {
        kind: 'ec',
        curve: {
          p: P256_P,
          a: fromHex('FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFC'),
          b: fromHex('5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B'),
          seed: fromHex('C49D360886E704936A6678E1139D26B7819F7E90'),
          generator: point,
          order: P256_N,
          cofactor: 1n,
        },
        point,
      },
      { kind: 'rsa', modulus: (1n << 2047n) + 12345n, exponent: 65537n },
      { kind: 'dh', algorithm: oid('dhpublicnumber'), p: 23n, g: 5n, q: 11n, y: 8n },
    ];
    for (const key of keys) {
      const der = encodePublicKeyInfo(key);
      expect(decodePublicKeyInfoBytes(der)).toEqual(key);
      expect(decodeDg15(buildDg15({ publicKey: key })).publicKey).toEqual(key);
    }
  });

  it('keeps a key of an unknown algorithm with its parameters as received', () => {
    const key: PublicKeyInfo = {
      kind: 'other',
      algorithm: { algorithm: '1.2.3.4', parameters: fromHex('0500') },
      publicKey: fromHex('0102'),
    };
    const dg15 = buildDg15({ publicKey: key });
    expect(decodeDg15(dg15).publicKey).toEqual(key);
  });

  it('refuses a DG15 whose BIT STRING has unused bits or whose RSA key is not a SEQUENCE', () => {
    const rsa = buildDg15({ publicKey: { kind: 'rsa', modulus: 255n, exponent: 3n } });
    // 6F L 30 L 30 0D <rsaEncryption, NULL> 03 0A 00 30 07 ...: the BIT STRING starts at offset 19.
    expect(toHex(rsa.subarray(19, 23))).toBe('030A0030');
    const unused = rsa.slice();
    unused[21] = 0x01;
    expect(errorOf(() => decodeDg15(unused))?.code).toBe('LDS_MALFORMED');
    const notSeq = rsa.slice();
    notSeq[22] = 0x31;
    expect(errorOf(() => decodeDg15(notSeq))?.code).toBe('LDS_MALFORMED');
  });
});

const smallInt = fc.integer({ min: 0, max: 0x7fffffff });
const arcTail = fc.array(fc.integer({ min: 0, max: 2000 }), { minLength: 1, maxLength: 4 });
const paceProtocol = fc
  .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 4 }))
  .map(([a, b]) => `0.4.0.127.0.7.2.2.4.${a}.${b}`);
const caProtocol = fc
  .tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 4 }))
  .map(([a, b]) => `0.4.0.127.0.7.2.2.3.${a}.${b}`);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
function strip<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const infoArb: fc.Arbitrary<SecurityInfo> = fc.oneof(
  fc
    .record({ protocol: paceProtocol, version: smallInt, parameterId: maybe(fc.integer({ min: 0, max: 31 })) })
    .map((r) => strip({ type: 'PACEInfo' as const, ...r })),
  fc
    .record({ protocol: caProtocol, version: smallInt, keyId: maybe(smallInt) })
    .map((r) => strip({ type: 'ChipAuthenticationInfo' as const, ...r })),
  fc
    .record({
      version: smallInt,
      fid: fc.integer({ min: 0, max: 0xffff }),
      sfi: maybe(fc.integer({ min: 0, max: 255 })),
    })
    .map((r) => ({
      type: 'TerminalAuthenticationInfo' as const,
      protocol: oid('id-TA'),
      version: r.version,
      efCvca: strip({ fid: r.fid, sfi: r.sfi }),
    })),
  fc.record({ version: smallInt, sig: arcTail }).map((r) => ({
    type: 'ActiveAuthenticationInfo' as const,
    protocol: oid('id-icao-mrtd-security-aaProtocolObject'),
    version: r.version,
    signatureAlgorithm: `1.2.${r.sig.join('.')}`,
  })),
  fc
    .stringMatching(/^[a-z0-9:/.]{0,40}$/)
    .map((url) => ({ type: 'CardInfoLocator' as const, protocol: oid('id-CI'), url })),
  fc.record({ id: fc.integer({ min: 0, max: 31 }), keyId: maybe(smallInt) }).map((r) =>
    strip({
      type: 'ChipAuthenticationDomainParameterInfo' as const,
      protocol: oid('id-CA-ECDH'),
      domainParameter: {
        algorithm: oid('standardizedDomainParameters'),
        parameters: Uint8Array.of(0x02, 0x01, r.id),
      },
      keyId: r.keyId,
    }),
  ),
  fc.record({ x: fc.uint8Array({ minLength: 1, maxLength: 40 }), keyId: maybe(smallInt) }).map((r) =>
    strip({
      type: 'ChipAuthenticationPublicKeyInfo' as const,
      protocol: oid('id-PK-ECDH'),
      publicKey: { kind: 'ec' as const, curve: oid('brainpoolP256r1'), point: r.x },
      keyId: r.keyId,
    }),
  ),
);

describe('SecurityInfos round trips (fast-check)', () => {
  it('decodes every built EF.CardAccess and DG14 back to the same infos', () => {
    fc.assert(
      fc.property(fc.array(infoArb, { maxLength: 6 }), (infos) => {
        expect(decodeCardAccess(buildCardAccess({ infos })).infos).toEqual(infos);
        const dg14 = buildDg14({ infos });
        const decoded = decodeDg14(dg14);
        expect(decoded.infos).toEqual(infos);
        expect(toHex(buildDg14(decoded))).toBe(toHex(dg14));
      }),
      { numRuns: 300 },
    );
  });
});

const big = (bits: number) => fc.bigInt({ min: 1n, max: (1n << BigInt(bits)) - 1n });
const keyArb: fc.Arbitrary<PublicKeyInfo> = fc.oneof(
  fc.record({ modulus: big(2048), exponent: big(32) }).map((r) => ({ kind: 'rsa' as const, ...r })),
  fc
    .record({
      p: big(521),
      a: fc.uint8Array({ minLength: 1, maxLength: 66 }),
      b: fc.uint8Array({ minLength: 1, maxLength: 66 }),
      seed: fc.option(fc.uint8Array({ minLength: 1, maxLength: 20 }), { nil: undefined }),
      generator: fc.uint8Array({ minLength: 1, maxLength: 133 }),
      order: big(521),
      cofactor: fc.option(big(8), { nil: undefined }),
      point: fc.uint8Array({ minLength: 1, maxLength: 133 }),
    })
    .map(({ point, ...curve }) => ({
      kind: 'ec' as const,
      curve: Object.fromEntries(Object.entries(curve).filter(([, v]) => v !== undefined)) as never,
      point,
    })),
  fc
    .record({ p: big(2048), g: big(8), q: big(256), y: big(2048) })
    .map((r) => ({ kind: 'dh' as const, algorithm: oid('dhpublicnumber'), ...r })),
  fc
    .record({ p: big(1024), g: big(8), privateValueLength: fc.integer({ min: 0, max: 4096 }), y: big(1024) })
    .map((r) => ({ kind: 'dh' as const, algorithm: oid('dhKeyAgreement'), ...r })),
);

describe('SubjectPublicKeyInfo round trips (fast-check)', () => {
  it('decodes every encoded RSA, explicit-curve EC and DH key to the same fields and the same bytes', () => {
    fc.assert(
      fc.property(keyArb, (key) => {
        const der = encodePublicKeyInfo(key);
        const decoded = decodePublicKeyInfoBytes(der);
        expect(decoded).toEqual(key);
        expect(toHex(encodePublicKeyInfo(decoded))).toBe(toHex(der));
      }),
      { numRuns: 200 },
    );
  });
});
