import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCccdError } from '../src/errors.js';
import {
  bacKeyMaterial,
  buildMrz,
  buildMrzDetailed,
  type MrzFields,
  type MrzFormat,
  parseMrz,
} from '../src/mrz/index.js';
import { vector } from './helpers/vectors.js';

const MRZ = 'icao9303-3-4-5-mrz.json';
const BAC = 'icao9303-11-appendix-d-bac.json';
const specimen = vector(MRZ, 'icao9303.specimen-mrz');
const appA = vector(MRZ, 'icao9303-3.appA.check-digits');
const d2 = vector(BAC, 'icao9303-11.D.2.bac-keys');
const long = vector(BAC, 'icao9303-11.D.2.long-document-number');
const corrected = vector(BAC, 'icao9303-11.D.2.L898902C-td1-td2-corrected');

function errorOf(f: () => unknown): { code: string; path: string | undefined } | undefined {
  try {
    f();
  } catch (e) {
    if (isCccdError(e)) return { code: e.code, path: e.path };
    throw e;
  }
  return undefined;
}

const ERIKSSON = { primaryIdentifier: 'ERIKSSON', secondaryIdentifier: 'ANNA MARIA' };

describe('ICAO 9303-4/5/6 specimens', () => {
  it('parses the TD3 specimen of 9303-4 with every check digit', () => {
    const p = parseMrz([specimen.td3_line1_text!, specimen.td3_line2_text!]);
    expect(p.format).toBe('TD3');
    expect(p.fields).toEqual({
      documentCode: 'P',
      issuingState: 'UTO',
      documentNumber: specimen.td3_document_number_text,
      optionalData1: specimen.td3_optional_data_text,
      birthDate: '740812',
      sex: 'F',
      expiryDate: '120415',
      nationality: 'UTO',
      optionalData2: '',
      ...ERIKSSON,
    });
    const digits = Object.fromEntries(p.checks.map((c) => [c.field, c.computed]));
    expect(digits).toEqual({
      documentNumber: '6',
      birthDate: '2',
      expiryDate: '9',
      optionalData1: '1',
      composite: '0',
    });
    expect(p.valid).toBe(true);
  });

  it('builds the TD3 specimen byte for byte', () => {
    const p = parseMrz([specimen.td3_line1_text!, specimen.td3_line2_text!]);
    expect(buildMrz('TD3', p.fields)).toEqual([specimen.td3_line1_text, specimen.td3_line2_text]);
  });

  it('parses and rebuilds the TD1 specimen of 9303-5', () => {
    const lines = [specimen.td1_line1_text!, specimen.td1_line2_text!, specimen.td1_line3_text!];
    const p = parseMrz(lines);
    expect(p.format).toBe('TD1');
    expect(p.fields.documentNumber).toBe('D23145890');
    expect(p.fields.documentCode).toBe('I');
    expect(buildMrz('TD1', p.fields)).toEqual(lines);
  });

  it('parses and rebuilds the TD2 specimen of 9303-6', () => {
    const lines = [specimen.td2_line1_text!, specimen.td2_line2_text!];
    const p = parseMrz(lines);
    expect(p.format).toBe('TD2');
    expect(p.fields).toMatchObject({ documentNumber: 'D23145890', birthDate: '740812', ...ERIKSSON });
    expect(buildMrz('TD2', p.fields)).toEqual(lines);
  });

  it('accepts the lines as one newline-separated text or as one run of characters', () => {
    const lines = [specimen.td1_line1_text!, specimen.td1_line2_text!, specimen.td1_line3_text!];
    expect(parseMrz(` ${lines.join('\n')}\n`).lines).toEqual(lines);
    expect(parseMrz(lines.join('')).lines).toEqual(lines);
  });

  it('validates the composite digits of Appendix A examples 3, 4 and 5 in their lines', () => {
    const td3 = parseMrz(['P<YTOERIKSSON<<ANNA<<<<<<<<<<<<<<<<<<<<<<<<<', appA.ex3_td3_line2_text!]);
    expect(td3.valid).toBe(true);
    const td1 = parseMrz([appA.ex4_td1_line1_text!, appA.ex4_td1_line2_text!, 'ERIKSSON<<ANNA<<<<<<<<<<<<<<<<']);
    expect(td1.valid).toBe(true);
    const td2 = parseMrz(['I<YTOERIKSSON<<ANNA<<<<<<<<<<<<<<<<<', appA.ex5_td2_line2_text!]);
    expect(td2.valid).toBe(true);
  });
});

describe('ICAO 9303-11 App. D.2 MRZ information for BAC', () => {
  it('derives the MRZ information of the D.2 example from the three fields', () => {
    const m = bacKeyMaterial({ documentNumber: 'L898902C', birthDate: d2.date_of_birth_text!, expiryDate: '940623' });
    expect(m.documentNumber).toBe(d2.document_number_text);
    expect(m.mrzInformation).toBe(d2.mrz_information_text);
    expect([m.documentNumberCheckDigit, m.birthDateCheckDigit, m.expiryDateCheckDigit]).toEqual(['3', '1', '6']);
  });

  it('derives the same MRZ information from the corrected TD1 and TD2 lines', () => {
    const td1 = [corrected.td1_line1_text!, corrected.td1_line2_text!, corrected.td1_line3_text!];
    const td2 = [corrected.td2_line1_text!, corrected.td2_line2_text!];
    expect(bacKeyMaterial(td1).mrzInformation).toBe(d2.mrz_information_text);
    expect(bacKeyMaterial(parseMrz(td2)).mrzInformation).toBe(d2.mrz_information_text);
  });

  it('finds the wrong composite digit of the lines as printed, and reports it on request', () => {
    const td1 = [corrected.td1_line1_text!, corrected.td1_line2_as_printed_text!, corrected.td1_line3_text!];
    expect(errorOf(() => parseMrz(td1))).toEqual({ code: 'MRZ_CHECK_DIGIT', path: 'td1.line2.composite' });
    const r = parseMrz(td1, { checkDigits: 'report' });
    expect(r.valid).toBe(false);
    expect(r.checks.find((c) => !c.valid)).toMatchObject({ found: '1', computed: '2' });
    const td2 = [corrected.td2_line1_text!, corrected.td2_line2_as_printed_text!];
    expect(errorOf(() => parseMrz(td2))).toEqual({ code: 'MRZ_CHECK_DIGIT', path: 'td2.line2.composite' });
  });

  it('reads a long document number from TD1 and TD2 (filler check digit, rest in the optional data)', () => {
    const td1 = [long.td1_line1_text!, long.td1_line2_text!, long.td1_line3_text!];
    const td2 = [long.td2_line1_text!, long.td2_line2_text!];
    for (const lines of [td1, td2]) {
      const p = parseMrz(lines);
      expect(p.fields.documentNumber).toBe(long.document_number_text);
      expect(p.fields.optionalData1).toBe('');
      expect(p.checks[0]).toMatchObject({ field: 'documentNumber', found: '9', computed: '9' });
      expect(bacKeyMaterial(p).mrzInformation).toBe(long.mrz_information_text);
    }
  });

  it('writes a long document number the same way', () => {
    const td1 = [long.td1_line1_text!, long.td1_line2_text!, long.td1_line3_text!];
    const td2 = [long.td2_line1_text!, long.td2_line2_text!];
    expect(buildMrz('TD1', parseMrz(td1).fields)).toEqual(td1);
    expect(buildMrz('TD2', parseMrz(td2).fields)).toEqual(td2);
  });

  it('keeps optional data written after a long document number', () => {
    const fields = { ...parseMrz([long.td1_line1_text!, long.td1_line2_text!, long.td1_line3_text!]).fields };
    const lines = buildMrz('TD1', { ...fields, optionalData1: 'AB12' });
    expect(lines[0]).toBe('I<UTOD23145890<7349<AB12<<<<<<');
    expect(parseMrz(lines).fields.optionalData1).toBe('AB12');
  });
});

const TD1_BASE: MrzFields = {
  documentCode: 'I',
  issuingState: 'UTO',
  documentNumber: 'D23145890',
  optionalData1: '',
  birthDate: '740812',
  sex: 'F',
  expiryDate: '120415',
  nationality: 'UTO',
  optionalData2: '',
  ...ERIKSSON,
};

describe('MRZ rejection with field paths', () => {
  it('rejects lines whose count or width is no TD format', () => {
    expect(errorOf(() => parseMrz(['I<UTO', 'X']))?.code).toBe('MRZ_INVALID');
    expect(errorOf(() => parseMrz([specimen.td1_line1_text!, specimen.td1_line2_text!]))?.code).toBe('MRZ_INVALID');
    expect(errorOf(() => parseMrz(''))?.code).toBe('MRZ_INVALID');
  });

  it('rejects characters outside the MRZ set, naming the line', () => {
    const lines = [specimen.td1_line1_text!.toLowerCase(), specimen.td1_line2_text!, specimen.td1_line3_text!];
    expect(errorOf(() => parseMrz(lines))).toEqual({ code: 'MRZ_INVALID', path: 'td1.line1' });
  });

  it('names the field of each wrong check digit', () => {
    const base = [specimen.td3_line1_text!, specimen.td3_line2_text!];
    const cases: [number, string][] = [
      [9, 'td3.line2.documentNumber'],
      [19, 'td3.line2.birthDate'],
      [27, 'td3.line2.expiryDate'],
      [42, 'td3.line2.optionalData1'],
      [43, 'td3.line2.composite'],
    ];
    for (const [column, path] of cases) {
      const line2 = base[1]!;
      const wrong = String((Number(line2[column]) + 1) % 10);
      const lines = [base[0]!, line2.slice(0, column) + wrong + line2.slice(column + 1)];
      expect(errorOf(() => parseMrz(lines))).toEqual({ code: 'MRZ_CHECK_DIGIT', path });
    }
  });

  it('rejects impossible dates and unknown sex codes', () => {
    const l2 = specimen.td1_line2_text!;
    const bad = (line2: string) => errorOf(() => parseMrz([specimen.td1_line1_text!, line2, specimen.td1_line3_text!]));
    expect(bad(`741312${l2.slice(6)}`)).toEqual({ code: 'MRZ_INVALID', path: 'td1.line2.birthDate' });
    expect(bad(`${l2.slice(0, 8)}120231${l2.slice(14)}`)).toEqual({
      code: 'MRZ_INVALID',
      path: 'td1.line2.expiryDate',
    });
    expect(bad(`${l2.slice(0, 7)}Q${l2.slice(8)}`)).toEqual({ code: 'MRZ_INVALID', path: 'td1.line2.sex' });
    expect(bad(`7408<2${l2.slice(6)}`)).toEqual({ code: 'MRZ_INVALID', path: 'td1.line2.birthDate' });
  });

  it('rejects fields that do not fit or leave the character set when building', () => {
    expect(errorOf(() => buildMrz('TD3', { ...TD1_BASE, documentNumber: 'D231458907' }))).toEqual({
      code: 'MRZ_INVALID',
      path: 'td3.line2.documentNumber',
    });
    expect(errorOf(() => buildMrz('TD1', { ...TD1_BASE, documentNumber: 'D23145890<7' }))?.path).toBe(
      'td1.line1.documentNumber',
    );
    expect(errorOf(() => buildMrz('TD1', { ...TD1_BASE, documentNumber: 'd2314' }))?.path).toBe(
      'td1.line1.documentNumber',
    );
    expect(errorOf(() => buildMrz('TD1', { ...TD1_BASE, issuingState: 'UTOPIA' }))?.path).toBe(
      'td1.line1.issuingState',
    );
    expect(errorOf(() => buildMrz('TD1', { ...TD1_BASE, birthDate: '1974-08-12' }))?.path).toBe('td1.line2.birthDate');
    expect(errorOf(() => buildMrz('TD1', { ...TD1_BASE, optionalData2: 'TOO<LONG<FOR<IT' }))?.path).toBe(
      'td1.line2.optionalData2',
    );
    expect(errorOf(() => buildMrz('TD2', { ...TD1_BASE, optionalData2: 'X' }))?.code).toBe('MRZ_INVALID');
    expect(errorOf(() => buildMrz('TD1', { ...TD1_BASE, primaryIdentifier: '' }))?.path).toBe(
      'td1.line3.primaryIdentifier',
    );
    expect(errorOf(() => buildMrz('TD4' as MrzFormat, TD1_BASE))?.code).toBe('INVALID_ARGUMENT');
  });

  it('transliterates and truncates names while building and says so', () => {
    const r = buildMrzDetailed('TD1', {
      ...TD1_BASE,
      primaryIdentifier: 'Nguyễn',
      secondaryIdentifier: 'Hoàng Phương Thảo Nguyên Khánh',
    });
    expect(r.nameTruncated).toBe(true);
    expect(r.lines[2]).toBe('NGUYEN<<HOANG<PHUONG<THAO<NGUY');
    expect(parseMrz(r.lines).nameMayBeTruncated).toBe(true);
  });

  it('writes a filler as the TD3 personal number check digit when the number is empty', () => {
    const lines = buildMrz('TD3', { ...TD1_BASE, documentCode: 'P' });
    expect(lines[1]!.slice(28, 43)).toBe('<<<<<<<<<<<<<<<');
    const zero = `${lines[1]!.slice(0, 42)}0${lines[1]!.slice(43)}`;
    expect(parseMrz([lines[0]!, zero]).checks.find((c) => c.field === 'optionalData1')?.valid).toBe(true);
  });
});

const letters = (min: number, max: number) => fc.stringMatching(new RegExp(`^[A-Z]{${min},${max}}$`));
const mrzText = (max: number) =>
  fc.stringMatching(new RegExp(`^([A-Z0-9<]{0,${Math.max(0, max - 1)}}[A-Z0-9])?$`)).filter((s) => s.length <= max);
const mrzDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(2, 10).replaceAll('-', ''));
const word = letters(1, 8);
const OPTIONAL_LENGTH: Record<MrzFormat, number> = { TD1: 15, TD2: 7, TD3: 14 };
const NAME_LENGTH: Record<MrzFormat, number> = { TD1: 30, TD2: 31, TD3: 39 };

function fieldsFor(format: MrzFormat): fc.Arbitrary<MrzFields> {
  const optLength = OPTIONAL_LENGTH[format];
  const number =
    format === 'TD3'
      ? mrzText(9).filter((s) => s !== '')
      : fc.oneof(
          mrzText(9).filter((s) => s !== ''),
          fc
            .tuple(fc.stringMatching(/^[A-Z0-9<]{9}$/), fc.stringMatching(new RegExp(`^[A-Z0-9]{1,${optLength - 1}}$`)))
            .map(([a, b]) => a + b),
        );
  return fc
    .record({
      documentCode: fc.tuple(letters(1, 1), fc.constantFrom('', 'D', 'C')).map(([a, b]) => a + b),
      issuingState: letters(1, 3),
      documentNumber: number,
      optionalData1: mrzText(optLength),
      birthDate: mrzDate,
      sex: fc.constantFrom<MrzFields['sex']>('M', 'F', '<'),
      expiryDate: mrzDate,
      nationality: letters(3, 3),
      optionalData2: format === 'TD1' ? mrzText(11) : fc.constant(''),
      primaryIdentifier: fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => w.join(' ')),
      secondaryIdentifier: fc.array(word, { maxLength: 3 }).map((w) => w.join(' ')),
    })
    .filter((f) => {
      const extra = Math.max(0, f.documentNumber.length - 9);
      const optional =
        extra === 0 ? f.optionalData1.length : extra + 1 + (f.optionalData1 ? f.optionalData1.length + 1 : 0);
      const name = f.primaryIdentifier.length + (f.secondaryIdentifier ? f.secondaryIdentifier.length + 2 : 0);
      return optional <= optLength && name <= NAME_LENGTH[format];
    });
}

describe('MRZ round trip (fast-check)', () => {
  for (const format of ['TD1', 'TD2', 'TD3'] as const) {
    it(`parses back every ${format} it builds, field for field, with valid check digits`, () => {
      fc.assert(
        fc.property(fieldsFor(format), (fields) => {
          const lines = buildMrz(format, fields);
          const parsed = parseMrz(lines);
          expect(parsed.format).toBe(format);
          expect(parsed.valid).toBe(true);
          expect(parsed.fields).toEqual(fields);
        }),
        { numRuns: 300 },
      );
    });
  }
});

describe('MRZ parsing of hostile input', () => {
  const valid = [
    [specimen.td1_line1_text!, specimen.td1_line2_text!, specimen.td1_line3_text!],
    [specimen.td2_line1_text!, specimen.td2_line2_text!],
    [specimen.td3_line1_text!, specimen.td3_line2_text!],
    [long.td1_line1_text!, long.td1_line2_text!, long.td1_line3_text!],
  ];
  const char = fc.constantFrom(...'ABCXYZ0189<<<<< a\u00e9!\n'.split(''));

  it('answers mutated and truncated MRZs with a result or a typed MRZ error, nothing else', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...valid),
        fc.array(fc.tuple(fc.nat(), char), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        (lines, edits, cut) => {
          const text = lines.join('\n').split('');
          for (const [at, c] of edits) text[at % text.length] = c;
          const joined = text.join('');
          for (const input of [joined, joined.slice(0, cut % (joined.length + 1))]) {
            try {
              const r = parseMrz(input, { checkDigits: 'report' });
              expect(r.lines.every((l) => /^[A-Z0-9<]+$/.test(l))).toBe(true);
            } catch (e) {
              expect(isCccdError(e, 'MRZ_INVALID') || isCccdError(e, 'MRZ_CHECK_DIGIT')).toBe(true);
            }
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});
