import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex, utf8ToBytes } from '../src/bytes.js';
import { buildDg4, decodeDg4 } from '../src/lds/dg4.js';
import { buildDg5, decodeDg5 } from '../src/lds/dg5.js';
import { buildDg7, decodeDg7 } from '../src/lds/dg7.js';
import { buildDg11, type Dg11, decodeDg11 } from '../src/lds/dg11.js';
import { buildDg12, type Dg12, decodeDg12 } from '../src/lds/dg12.js';
import { buildDg16, type Dg16, decodeDg16 } from '../src/lds/dg16.js';
import { encodeTlv } from '../src/tlv/index.js';
import { codeOf } from './helpers/error-code.js';

const text = (tag: number, s: string) => encodeTlv(tag, utf8ToBytes(s));

describe('ICAO 9303-10 §4.7.4 DG4 (irises)', () => {
  it('wraps each ISO/IEC 19794-6 record in the CBEFF template and reads it back as bytes', () => {
    const header = { formatOwner: 0x0101, formatType: 0x0009 };
    const dg4 = buildDg4({ instances: [{ header, record: fromHex('0102030405') }] });
    expect(toHex(dg4)).toBe('761B7F61180201017F6012A10887020101880200095F2E050102030405');
    expect(decodeDg4(dg4).instances).toEqual([{ header, record: fromHex('0102030405') }]);
  });
});

describe('ICAO 9303-10 §4.7.5 and §4.7.7 DG5 and DG7 (displayed portrait and signature)', () => {
  it('writes the image count and one 5F40 (DG5) or 5F43 (DG7) element per image', () => {
    const img = fromHex('FFD8FFD9');
    expect(toHex(buildDg5({ images: [img] }))).toBe('650A0201015F4004FFD8FFD9');
    expect(toHex(buildDg7({ images: [img] }))).toBe('670A0201015F4304FFD8FFD9');
    expect(decodeDg5(fromHex('650A0201015F4004FFD8FFD9')).images).toEqual([img]);
    expect(decodeDg7(fromHex('670A0201015F4304FFD8FFD9')).images).toEqual([img]);
  });

  it('refuses a count that disagrees with the images and a DG7 image under the DG5 tag', () => {
    expect(codeOf(() => decodeDg5(fromHex('650A0201025F4004FFD8FFD9')))).toBe('LDS_MALFORMED');
    expect(codeOf(() => decodeDg7(fromHex('670A0201015F4004FFD8FFD9')))).toBe('LDS_MALFORMED');
  });
});

describe('ICAO 9303-10 §4.7.11 DG11 (additional personal details)', () => {
  it('writes the tag list then the elements in table order, other names in an A0 template', () => {
    const dg11: Dg11 = {
      fullName: 'NGUYEN<<VAN AN',
      otherNames: ['AN NGUYEN'],
      fullDateOfBirth: '19990101',
      placeOfBirth: 'HA NOI<VIET NAM',
    };
    const bytes = buildDg11(dg11);
    const expected = encodeTlv(
      0x6b,
      fromHex('5C085F0E5F0F5F2B5F11'),
      text(0x5f0e, 'NGUYEN<<VAN AN'),
      encodeTlv(0xa0, fromHex('020101'), text(0x5f0f, 'AN NGUYEN')),
      text(0x5f2b, '19990101'),
      text(0x5f11, 'HA NOI<VIET NAM'),
    );
    expect(toHex(bytes)).toBe(toHex(expected));
    const { raw, ...decoded } = decodeDg11(bytes);
    expect(decoded).toEqual(dg11);
    expect(raw).toEqual(bytes);
  });

  it('keeps a partial date of birth and reads a BCD date as digits', () => {
    const partial = encodeTlv(0x6b, fromHex('5C025F2B'), text(0x5f2b, '1974'));
    expect(decodeDg11(partial).fullDateOfBirth).toBe('1974');
    const bcd = encodeTlv(0x6b, fromHex('5C025F2B'), encodeTlv(0x5f2b, fromHex('19740800')));
    expect(decodeDg11(bcd).fullDateOfBirth).toBe('19740800');
  });

  it('reads other names written without the A0 template and keeps unknown elements', () => {
    const bytes = encodeTlv(0x6b, fromHex('5C045F0F5F70'), text(0x5f0f, 'A'), text(0x5f0f, 'B'), text(0x5f70, 'x'));
    const dg11 = decodeDg11(bytes);
    expect(dg11.otherNames).toEqual(['A', 'B']);
    expect(dg11.extra).toEqual([{ tag: 0x5f70, value: utf8ToBytes('x') }]);
  });

  it('refuses a missing tag list, a repeated element and a date that is neither digits nor BCD', () => {
    expect(codeOf(() => decodeDg11(encodeTlv(0x6b, text(0x5f0e, 'A'))))).toBe('LDS_MALFORMED');
    const twice = encodeTlv(0x6b, fromHex('5C025F0E'), text(0x5f0e, 'A'), text(0x5f0e, 'B'));
    expect(codeOf(() => decodeDg11(twice))).toBe('LDS_MALFORMED');
    const bad = encodeTlv(0x6b, fromHex('5C025F2B'), encodeTlv(0x5f2b, fromHex('1A2B')));
    expect(codeOf(() => decodeDg11(bad))).toBe('LDS_MALFORMED');
  });
});

describe('ICAO 9303-10 §4.7.12 DG12 (additional document details)', () => {
  it('reads BCD dates of issue (5F26) and personalization (5F55) as real documents carry them', () => {
    const bytes = encodeTlv(
      0x6c,
      fromHex('5C065F195F265F55'),
      text(0x5f19, 'CUC CANH SAT'),
      encodeTlv(0x5f26, fromHex('20210710')),
      encodeTlv(0x5f55, fromHex('20210710123000')),
    );
    expect(decodeDg12(bytes)).toMatchObject({
      issuingAuthority: 'CUC CANH SAT',
      dateOfIssue: '20210710',
      personalizationDateTime: '20210710123000',
    });
  });

  it('round-trips ASCII dates, other persons and images', () => {
    const dg12: Dg12 = {
      issuingAuthority: 'Cục Cảnh sát',
      dateOfIssue: '20210710',
      otherPersons: ['A', 'B'],
      imageOfFront: fromHex('FFD8FFD9'),
      personalizationDateTime: '20210710123000',
      personalizationSystemSerialNumber: 'P-01',
    };
    const bytes = buildDg12(dg12);
    const { raw, ...decoded } = decodeDg12(bytes);
    expect(decoded).toEqual(dg12);
    expect(toHex(buildDg12(decoded))).toBe(toHex(raw));
  });
});

describe('ICAO 9303-10 §4.7.16 DG16 (persons to notify)', () => {
  it('writes a count then templates A1, A2 ... and reads them back', () => {
    const dg16: Dg16 = {
      persons: [
        { dateRecorded: '20210101', name: 'TRAN<<THI LAN', telephone: '0900000000', address: 'HA NOI' },
        { name: 'NGUYEN<<VAN BINH' },
      ],
    };
    const bytes = buildDg16(dg16);
    expect(toHex(bytes.subarray(0, 6))).toBe(`70${bytes[1]!.toString(16).toUpperCase()}020102A1`);
    expect(decodeDg16(bytes).persons).toEqual(dg16.persons);
  });

  it('refuses templates out of order', () => {
    const bytes = encodeTlv(
      0x70,
      fromHex('020102'),
      encodeTlv(0xa2, text(0x5f51, 'A')),
      encodeTlv(0xa1, text(0x5f51, 'B')),
    );
    expect(codeOf(() => decodeDg16(bytes))).toBe('LDS_MALFORMED');
  });
});

const words = fc.stringMatching(/^[A-Za-z0-9< ]{0,30}$/);
const digits = fc.stringMatching(/^\d{1,14}$/);
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

describe('DG5, DG7, DG11, DG12, DG16 round trips (fast-check)', () => {
  it('decodes every built file to the same fields and rebuilds the same bytes', () => {
    const dg11Arb = fc
      .record({
        fullName: opt(words),
        otherNames: opt(fc.array(words, { maxLength: 3 })),
        personalNumber: opt(words),
        fullDateOfBirth: opt(digits),
        placeOfBirth: opt(words),
        permanentAddress: opt(words),
        telephone: opt(words),
        profession: opt(words),
        title: opt(words),
        personalSummary: opt(words),
        proofOfCitizenship: opt(fc.uint8Array({ maxLength: 20 })),
        otherValidTdNumbers: opt(words),
        custodyInformation: opt(words),
      })
      .map(defined);
    const dg16Arb = fc.record({
      persons: fc.array(
        fc
          .record({ dateRecorded: opt(digits), name: opt(words), telephone: opt(words), address: opt(words) })
          .map(defined),
        { maxLength: 4 },
      ),
    });
    const images = fc.record({ images: fc.array(fc.uint8Array({ maxLength: 50 }), { maxLength: 3 }) });
    const dg12Arb = fc
      .record({
        issuingAuthority: opt(words),
        dateOfIssue: opt(digits),
        otherPersons: opt(fc.array(words, { maxLength: 3 })),
        endorsementsAndObservations: opt(words),
        taxOrExitRequirements: opt(words),
        imageOfFront: opt(fc.uint8Array({ maxLength: 20 })),
        imageOfRear: opt(fc.uint8Array({ maxLength: 20 })),
        personalizationDateTime: opt(digits),
        personalizationSystemSerialNumber: opt(words),
      })
      .map(defined);
    fc.assert(
      fc.property(dg11Arb, dg12Arb, dg16Arb, images, (dg11, dg12, dg16, imgs) => {
        const b12 = buildDg12(dg12);
        const { raw: r12, ...d12 } = decodeDg12(b12);
        expect(d12).toEqual(dg12);
        expect(toHex(buildDg12(d12))).toBe(toHex(r12));
        const b11 = buildDg11(dg11);
        const { raw: r11, ...d11 } = decodeDg11(b11);
        expect(d11).toEqual(dg11);
        expect(toHex(buildDg11(d11))).toBe(toHex(r11));
        const b16 = buildDg16(dg16);
        expect(decodeDg16(b16).persons).toEqual(dg16.persons);
        expect(toHex(buildDg16(decodeDg16(b16)))).toBe(toHex(b16));
        expect(decodeDg5(buildDg5(imgs)).images).toEqual(imgs.images);
        expect(decodeDg7(buildDg7(imgs)).images).toEqual(imgs.images);
      }),
      { numRuns: 200 },
    );
  });
});
