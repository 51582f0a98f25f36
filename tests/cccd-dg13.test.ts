import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeInteger, encodeOid, encodeSequence } from '../src/asn1/der.js';
import { concatBytes, fromHex, toHex, utf8ToBytes } from '../src/bytes.js';
import { buildDg13, type Dg13, decodeDg13 } from '../src/lds/dg13.js';
import { encodeTlv } from '../src/tlv/index.js';
import { codeOf } from './helpers/error-code.js';
import { vector } from './helpers/vectors.js';

/** The synthetic DG13 of docs/cccd-chip.md (386 bytes). */
const SYNTHETIC_DG13 = vector('cccd-chip-synthetic.json', 'cccd.synthetic').dg13!;

const FIELDS = {
  idNumber: '001099012345',
  fullName: 'NGUYỄN VĂN AN',
  dateOfBirth: '01/01/1999',
  sex: 'Nam',
  nationality: 'Việt Nam',
  ethnicity: 'Kinh',
  religion: 'Không',
  placeOfOrigin: 'Xã A, Huyện B, Tỉnh C',
  placeOfResidence: 'Số 1, Phường D, Quận E, Hà Nội',
  identifyingMarks: 'Nốt ruồi cách 1cm trên mép phải',
  dateOfIssue: '10/07/2021',
  dateOfExpiry: '01/01/2039',
  fatherName: 'NGUYỄN VĂN BÌNH',
  motherName: 'TRẦN THỊ LAN',
  oldIdNumber: '123456789',
  cardNumber: '0123456789ABCDEF',
};

const utf8 = (s: string) => encodeTlv(0x0c, utf8ToBytes(s));
const printable = (s: string) => encodeTlv(0x13, utf8ToBytes(s));
const fieldOf = (n: number, ...v: Uint8Array[]) => encodeSequence(encodeInteger(n), ...v);
const dg13Of = (...content: Uint8Array[]) => encodeTlv(0x6d, ...content);

describe('CCCD DG13 (cccd-chip.md layout)', () => {
  it('decodes the synthetic 386-byte DG13 of cccd-chip.md to the documented fields', () => {
    const bytes = fromHex(SYNTHETIC_DG13);
    expect(bytes.length).toBe(386);
    const dg13 = decodeDg13(bytes);
    expect(dg13).toMatchObject({ version: 1, charset: '1.0.10646.1.0.8', ...FIELDS });
    expect(dg13.spouseName).toBeUndefined();
    expect(dg13.unknown).toBeUndefined();
  });

  it('builds the synthetic DG13 byte for byte from its fields (ascending order, string types, empty field 14)', () => {
    expect(toHex(buildDg13(FIELDS))).toBe(toHex(fromHex(SYNTHETIC_DG13)));
    expect(toHex(buildDg13(decodeDg13(fromHex(SYNTHETIC_DG13))))).toBe(toHex(fromHex(SYNTHETIC_DG13)));
  });

  it('writes an absent spouse as 30 03 02 01 0E and a present one as a nested SEQUENCE', () => {
    expect(toHex(buildDg13({ version: null, charset: null }))).toContain('300302010E');
    const withSpouse = buildDg13({ spouseName: 'Lê Thị Hoa' });
    expect(toHex(withSpouse)).toContain(toHex(fieldOf(14, encodeSequence(utf8('Lê Thị Hoa')))));
    expect(decodeDg13(withSpouse).spouseName).toBe('Lê Thị Hoa');
  });

  it('uses long-form lengths for an address longer than 127 UTF-8 bytes', () => {
    const address =
      'Số nhà 123, Đường Nguyễn Thị Minh Khai, Phường Bến Thành, Quận 1, Thành phố Hồ Chí Minh, Nước Cộng hòa Xã hội Chủ nghĩa Việt Nam';
    expect(utf8ToBytes(address).length).toBeGreaterThan(127);
    const bytes = buildDg13({ placeOfResidence: address });
    expect(toHex(bytes)).toContain(`0C81${utf8ToBytes(address).length.toString(16).toUpperCase()}`);
    expect(decodeDg13(bytes).placeOfResidence).toBe(address);
  });

  it('reads a header without version and OID, and a SEQUENCE where a SET is expected', () => {
    const fields = [fieldOf(1, printable('001099012345')), fieldOf(2, utf8('An'))];
    const noHeader = dg13Of(encodeSequence(encodeTlv(0x31, ...fields)));
    expect(decodeDg13(noHeader)).toMatchObject({ version: null, charset: null, idNumber: '001099012345' });
    const seqInsteadOfSet = dg13Of(
      encodeSequence(encodeInteger(1), encodeOid('1.0.10646.1.0.8'), encodeSequence(...fields)),
    );
    expect(decodeDg13(seqInsteadOfSet)).toMatchObject({ version: 1, fullName: 'An' });
    const bareSet = dg13Of(encodeTlv(0x31, ...fields));
    expect(decodeDg13(bareSet).fullName).toBe('An');
    const flat = dg13Of(encodeSequence(encodeInteger(1), ...fields));
    expect(decodeDg13(flat).idNumber).toBe('001099012345');
  });

  it('reads field 13 whether the two names sit in two SEQUENCEs or in one', () => {
    const two = dg13Of(encodeTlv(0x31, fieldOf(13, encodeSequence(utf8('Cha')), encodeSequence(utf8('Mẹ')))));
    const one = dg13Of(encodeTlv(0x31, fieldOf(13, encodeSequence(utf8('Cha'), utf8('Mẹ')))));
    for (const bytes of [two, one]) expect(decodeDg13(bytes)).toMatchObject({ fatherName: 'Cha', motherName: 'Mẹ' });
  });

  it('keeps unknown indices with their bytes and writes them back after field 16', () => {
    const extra = fieldOf(17, printable('X'));
    const bytes = dg13Of(encodeTlv(0x31, fieldOf(1, printable('001099012345')), extra));
    const dg13 = decodeDg13(bytes);
    expect(dg13.unknown).toEqual([{ index: 17, raw: extra }]);
    const rebuilt = buildDg13(dg13);
    expect(toHex(rebuilt).endsWith(toHex(extra))).toBe(true);
  });

  it('normalizes strings to NFC, so an NFD name reads the same as the NFC one', () => {
    const nfd = 'NGUYỄN VĂN AN'.normalize('NFD');
    const bytes = dg13Of(encodeTlv(0x31, fieldOf(2, utf8(nfd))));
    expect(decodeDg13(bytes).fullName).toBe('NGUYỄN VĂN AN'.normalize('NFC'));
    expect(toHex(buildDg13({ fullName: nfd }))).toBe(toHex(buildDg13({ fullName: 'NGUYỄN VĂN AN' })));
  });

  it('refuses a repeated index, a field without its INTEGER, invalid UTF-8 and a non-printable ID', () => {
    const f1 = fieldOf(1, printable('1'));
    expect(codeOf(() => decodeDg13(dg13Of(encodeTlv(0x31, f1, f1))))).toBe('LDS_MALFORMED');
    expect(codeOf(() => decodeDg13(dg13Of(encodeTlv(0x31, encodeSequence(utf8('x'))))))).toBe('LDS_MALFORMED');
    const badUtf8 = dg13Of(encodeTlv(0x31, fieldOf(2, encodeTlv(0x0c, Uint8Array.of(0xc3, 0x28)))));
    expect(codeOf(() => decodeDg13(badUtf8))).toBe('LDS_MALFORMED');
    expect(codeOf(() => decodeDg13(dg13Of(encodeTlv(0x31, fieldOf(1, encodeInteger(5))))))).toBe('LDS_MALFORMED');
    expect(codeOf(() => buildDg13({ idNumber: 'Số 1' }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => buildDg13({ unknown: [{ index: 18, raw: fieldOf(19, printable('x')) }] }))).toBe(
      'INVALID_ARGUMENT',
    );
    expect(codeOf(() => buildDg13({ unknown: [{ index: 5, raw: fieldOf(5, printable('x')) }] }))).toBe(
      'INVALID_ARGUMENT',
    );
    expect(codeOf(() => decodeDg13(concatBytes(fromHex(SYNTHETIC_DG13).subarray(0, 200))))).toBe('TLV_TRUNCATED');
  });
});

const vnText = fc
  .array(fc.constantFrom(...'aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạếềểễệốồổỗộứừửữựÝỲ ,./-0123456789ĐƯ'.split('')), {
    maxLength: 140,
  })
  .map((a) => a.join('').normalize('NFC'));
const printableText = fc.stringMatching(/^[A-Za-z0-9 /]{0,20}$/);
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

const dg13Arb: fc.Arbitrary<Dg13> = fc
  .record({
    version: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: null }),
    charset: fc.option(fc.constantFrom('1.0.10646.1.0.8', '1.2.3'), { nil: null }),
    idNumber: opt(printableText),
    fullName: opt(vnText),
    dateOfBirth: opt(printableText),
    sex: opt(fc.constantFrom('Nam', 'Nữ')),
    nationality: opt(vnText),
    ethnicity: opt(vnText),
    religion: opt(vnText),
    placeOfOrigin: opt(vnText),
    placeOfResidence: opt(vnText),
    identifyingMarks: opt(vnText),
    dateOfIssue: opt(printableText),
    dateOfExpiry: opt(vnText),
    fatherName: opt(vnText),
    motherName: opt(vnText),
    spouseName: opt(vnText),
    oldIdNumber: opt(printableText),
    cardNumber: opt(printableText),
    unknown: opt(
      fc
        .uniqueArray(fc.integer({ min: 17, max: 200 }), { minLength: 1, maxLength: 3 })
        .map((ix) => ix.sort((a, b) => a - b).map((index) => ({ index, raw: fieldOf(index, printable('?')) }))),
    ),
  })
  .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as Dg13);

describe('CCCD DG13 round trips (fast-check)', () => {
  it('decodes every built DG13 back to its fields, and rebuilds the same bytes', () => {
    fc.assert(
      fc.property(dg13Arb, (dg13) => {
        const bytes = buildDg13(dg13);
        const decoded = decodeDg13(bytes);
        const { raw, ...fields } = decoded;
        expect(fields).toEqual(dg13);
        expect(toHex(raw)).toBe(toHex(bytes));
        expect(toHex(buildDg13(decoded))).toBe(toHex(bytes));
      }),
      { numRuns: 300 },
    );
  });
});
