import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mrzReport } from '../examples/mrz-from-citizen.js';
import type { CitizenRecord } from '../src/citizen/types.js';
import { isCccdError } from '../src/errors.js';
import {
  bacKeyMaterial,
  buildMrz,
  canFromId,
  cccdDocumentNumber,
  cccdMrzFromCitizen,
  checkDigit,
  mrzDateToIso,
  mrzFieldsFromCitizen,
  parseCccdMrz,
  parseMrz,
} from '../src/mrz/index.js';

/** The example holder of docs/cccd-chip.md "MRZ". */
const HOLDER: CitizenRecord = {
  id: '001099012345',
  fullName: 'Nguyễn Văn An',
  sex: 'M',
  birthDate: '1999-01-01',
  nationality: 'Việt Nam',
  ethnicity: 'Kinh',
  religion: 'Không',
  placeOfOrigin: 'Xã A, Huyện B, Tỉnh C',
  placeOfResidence: 'Số 1, Phường D, Quận E, Hà Nội',
  identifyingMarks: 'Nốt ruồi cách 1cm trên mép phải',
  issueDate: '2021-07-10',
  expiryDate: '2039-01-01',
  portrait: 'portrait.jpg',
};

const EXAMPLE = ['IDVNM0990123459001099012345<<0', '9901018M3901016VNM<<<<<<<<<<<0', 'NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<'];
const NO_EXPIRY_LINE2 = '9901018M9912315VNM<<<<<<<<<<<0';

function errorOf(f: () => unknown): { code: string; path: string | undefined } | undefined {
  try {
    f();
  } catch (e) {
    if (isCccdError(e)) return { code: e.code, path: e.path };
    throw e;
  }
  return undefined;
}

describe('CCCD MRZ (docs/cccd-chip.md "MRZ", on ICAO 9303-5 TD1)', () => {
  it('reproduces the example of the example holder exactly', () => {
    expect(cccdMrzFromCitizen(HOLDER)).toEqual(EXAMPLE);
  });

  it('writes 991231 for a card without expiry', () => {
    const lines = cccdMrzFromCitizen({ ...HOLDER, expiryDate: null });
    expect(lines[1]).toBe(NO_EXPIRY_LINE2);
    expect(parseCccdMrz(lines).noExpiry).toBe(true);
  });

  it('puts the last 9 digits of the ID in the document number, not the long number convention', () => {
    expect(cccdDocumentNumber(HOLDER.id)).toBe('099012345');
    expect(EXAMPLE[0]!.slice(5, 15)).toBe('0990123459');
  });

  it('puts the full ID, two fillers and the check digit over the 12 digits in the optional data', () => {
    expect(checkDigit(HOLDER.id)).toBe('0');
    expect(mrzFieldsFromCitizen(HOLDER).fields.optionalData1).toBe('001099012345<<0');
  });

  it('derives the BAC key material of the example: 099012345 (9), 990101, 390101', () => {
    const m = bacKeyMaterial(EXAMPLE);
    expect(m).toMatchObject({ documentNumber: '099012345', documentNumberCheckDigit: '9' });
    expect(m.mrzInformation).toBe('099012345999010183901016');
    const noExpiry = bacKeyMaterial([EXAMPLE[0]!, NO_EXPIRY_LINE2, EXAMPLE[2]!]);
    expect(noExpiry.mrzInformation).toBe('099012345999010189912315');
  });

  it('derives the PACE CAN from the last 6 digits of the ID', () => {
    expect(canFromId(HOLDER.id)).toBe('012345');
    expect(parseCccdMrz(EXAMPLE).can).toBe('012345');
  });

  it('parses the example back to the ID and the fields', () => {
    const p = parseCccdMrz(EXAMPLE);
    expect(p.id).toBe(HOLDER.id);
    expect(p.valid).toBe(true);
    expect(p.fields).toMatchObject({ primaryIdentifier: 'NGUYEN', secondaryIdentifier: 'VAN AN', sex: 'M' });
    expect(mrzDateToIso(p.fields.birthDate, { kind: 'birth', now: () => new Date('2026-01-01') })).toBe(
      HOLDER.birthDate,
    );
    expect(mrzDateToIso(p.fields.expiryDate, { kind: 'expiry' })).toBe(HOLDER.expiryDate);
  });

  it('follows the name split given in mrzName and transliterates Đ', () => {
    const lines = cccdMrzFromCitizen({
      ...HOLDER,
      fullName: 'Tôn Nữ Thị Đoan Trang',
      mrzName: { primary: 'Tôn Nữ', secondary: 'Thị Đoan Trang' },
      sex: 'F',
    });
    expect(lines[2]).toBe('TON<NU<<THI<DOAN<TRANG<<<<<<<<');
    expect(lines[1]![7]).toBe('F');
  });

  it('writes an unspecified sex as a filler', () => {
    expect(cccdMrzFromCitizen({ ...HOLDER, sex: 'X' })[1]![7]).toBe('<');
  });

  it('uses the ICAO scheme for a passport profile: own number, ID as personal number', () => {
    const profile = { documentType: 'TD3', documentCode: 'P<', issuingState: 'VNM', mrzScheme: 'icao' } as const;
    const lines = cccdMrzFromCitizen({ ...HOLDER, documentNumber: 'C1234567' }, profile);
    expect(lines[0]).toBe('P<VNMNGUYEN<<VAN<AN<<<<<<<<<<<<<<<<<<<<<<<<<');
    const p = parseMrz(lines);
    expect(p.fields.documentNumber).toBe('C1234567');
    expect(p.fields.optionalData1).toBe(HOLDER.id);
  });

  it('rejects an ID that is not 12 digits, naming the citizen field', () => {
    expect(errorOf(() => cccdMrzFromCitizen({ ...HOLDER, id: '00109901234' }))).toEqual({
      code: 'CITIZEN_INVALID',
      path: 'citizen.id',
    });
    expect(errorOf(() => canFromId('12345'))?.code).toBe('CITIZEN_INVALID');
    expect(errorOf(() => cccdMrzFromCitizen({ ...HOLDER, birthDate: '01/01/1999' }))).toEqual({
      code: 'CITIZEN_INVALID',
      path: 'citizen.birthDate',
    });
  });

  it('rejects an MRZ that breaks the CCCD rules', () => {
    const fields = mrzFieldsFromCitizen(HOLDER).fields;
    const otherNumber = buildMrz('TD1', { ...fields, documentNumber: '199012345' });
    expect(errorOf(() => parseCccdMrz(otherNumber))).toEqual({ code: 'MRZ_INVALID', path: 'td1.line1.documentNumber' });
    const noId = buildMrz('TD1', { ...fields, optionalData1: '001099012345' });
    expect(errorOf(() => parseCccdMrz(noId))).toEqual({ code: 'MRZ_INVALID', path: 'td1.line1.optionalData1' });
    const passport = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
    expect(errorOf(() => parseCccdMrz(passport))).toEqual({ code: 'MRZ_INVALID', path: 'mrz' });
  });

  it('checks the digit over the 12-digit ID, and reports it with the composite on request', () => {
    const badIdDigit = buildMrz('TD1', { ...mrzFieldsFromCitizen(HOLDER).fields, optionalData1: '001099012345<<1' });
    expect(errorOf(() => parseCccdMrz(badIdDigit))).toEqual({
      code: 'MRZ_CHECK_DIGIT',
      path: 'td1.line1.optionalData1',
    });
    const tampered = ['IDVNM0990123459001099012345<<1', EXAMPLE[1]!, EXAMPLE[2]!];
    const report = parseCccdMrz(tampered, { checkDigits: 'report' });
    expect(report.valid).toBe(false);
    expect(report.checks.filter((c) => !c.valid).map((c) => c.path)).toEqual([
      'td1.line2.composite',
      'td1.line1.optionalData1',
    ]);
  });

  it('runs the API example of examples/mrz-from-citizen.ts on the example holder', () => {
    const report = mrzReport(join(import.meta.dirname, '..', 'examples', 'citizens', 'nguyen-van-an.json'));
    expect(report.slice(0, 3)).toEqual(EXAMPLE);
    expect(report).toContain('MRZ information 099012345999010183901016');
    expect(report).toContain('PACE CAN        012345');
  });

  it('builds and parses back any 12-digit ID, birth date and expiry', () => {
    const day = fc
      .date({ min: new Date('1930-01-01T00:00:00Z'), max: new Date('2098-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.stringMatching(/^\d{12}$/), day, fc.option(day, { nil: null }), (id, birth, expiry) => {
        const lines = cccdMrzFromCitizen({ ...HOLDER, id, birthDate: birth, expiryDate: expiry });
        const p = parseCccdMrz(lines);
        expect(p.id).toBe(id);
        expect(p.fields.documentNumber).toBe(id.slice(3));
        expect(p.noExpiry || expiry !== null).toBe(true);
        expect(bacKeyMaterial(p).mrzInformation.slice(0, 10)).toBe(id.slice(3) + checkDigit(id.slice(3)));
      }),
      { numRuns: 300 },
    );
  });
});
