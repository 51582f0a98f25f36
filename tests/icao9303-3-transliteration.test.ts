import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNameField, parseNameField, transliterate } from '../src/mrz/index.js';
import { codeOf } from './helpers/error-code.js';

/** Every Vietnamese vowel with every tone, lower and upper case, and the base letter it must become. */
const VIETNAMESE_VOWELS: [string, string][] = [
  ['aàáảãạăằắẳẵặâầấẩẫậ', 'A'],
  ['eèéẻẽẹêềếểễệ', 'E'],
  ['iìíỉĩị', 'I'],
  ['oòóỏõọôồốổỗộơờớởỡợ', 'O'],
  ['uùúủũụưừứửữự', 'U'],
  ['yỳýỷỹỵ', 'Y'],
];

describe('ICAO 9303-3 §6 transliteration', () => {
  it('strips every Vietnamese tone and vowel mark, in lower and upper case', () => {
    for (const [letters, base] of VIETNAMESE_VOWELS) {
      for (const ch of [...letters, ...letters.toUpperCase()]) expect(transliterate(ch)).toBe(base);
    }
  });

  it('writes Đ and đ as D', () => {
    expect(transliterate('Đặng Đức')).toBe('DANG<DUC');
    expect(transliterate('đ')).toBe('D');
  });

  it('gives the same result for NFC and NFD input', () => {
    const name = 'Nguyễn Thị Phương Thảo';
    expect(transliterate(name.normalize('NFD'))).toBe(transliterate(name.normalize('NFC')));
    expect(transliterate(name)).toBe('NGUYEN<THI<PHUONG<THAO');
  });

  it('uses the 9303 table for Latin letters that are not a base letter with a mark', () => {
    expect(transliterate('Müller')).toBe('MUELLER');
    expect(transliterate('Åsa Ærø')).toBe('AASA<AEROE');
    expect(transliterate('Straße')).toBe('STRASSE');
    expect(transliterate('Þór')).toBe('THOR');
    expect(transliterate('Łukasz')).toBe('LUKASZ');
    expect(transliterate('Œuvre')).toBe('OEUVRE');
  });

  it('transliterates Cyrillic with the 9303 table', () => {
    expect(transliterate('Щукин')).toBe('SHCHUKIN');
    expect(transliterate('Юлия')).toBe('IULIIA');
    expect(transliterate('Хрущёв')).toBe('KHRUSHCHEV');
    expect(transliterate('Игорь')).toBe('IGOR');
  });

  it('transliterates Greek with the 9303 table, accented vowels included', () => {
    expect(transliterate('Αλέξανδρος')).toBe('ALEXANDROS');
    expect(transliterate('Ψυχή Θεοχάρης')).toBe('PSYCHI<THEOCHARIS');
  });

  it('omits apostrophes and commas and turns hyphens and spaces into fillers (§4.6)', () => {
    expect(transliterate("O'Brien")).toBe('OBRIEN');
    expect(transliterate('Smith, Jr')).toBe('SMITH<JR');
    expect(transliterate('Anne-Marie')).toBe('ANNE<MARIE');
  });

  it('turns any other character into a filler', () => {
    expect(transliterate('A/B')).toBe('A<B');
    expect(transliterate('李')).toBe('<');
  });

  it('always produces MRZ characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (s) => {
        expect(transliterate(s)).toMatch(/^[A-Z0-9<]*$/);
      }),
    );
  });

  it('rejects a non-string', () => {
    expect(codeOf(() => transliterate(undefined as unknown as string))).toBe('INVALID_ARGUMENT');
  });
});

describe('ICAO 9303-3 §4.6 the name field', () => {
  it('writes PRIMARY<<SECONDARY with one filler between components and pads with fillers', () => {
    const f = formatNameField('Nguyễn', 'Văn An', 30);
    expect(f).toEqual({ text: 'NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<', truncated: false });
  });

  it('writes a primary identifier alone when there is no secondary identifier', () => {
    expect(formatNameField('Lê', '', 10).text).toBe('LE<<<<<<<<');
  });

  it('collapses repeated separators inside a component list', () => {
    expect(formatNameField('  Trần  -  Lê ', 'Thị   Mai', 30).text).toBe('TRAN<LE<<THI<MAI<<<<<<<<<<<<<<');
  });

  it('truncates the secondary identifier first and ends the field with a letter', () => {
    const f = formatNameField('Nguyễn', 'Hoàng Phương Thảo Nguyên Khánh', 30);
    expect(f.truncated).toBe(true);
    expect(f.text).toHaveLength(30);
    expect(f.text.startsWith('NGUYEN<<HOANG<PHUONG<')).toBe(true);
    expect(f.text).toBe('NGUYEN<<HOANG<PHUONG<THAO<NGUY');
  });

  it('drops a filler left at the cut so that no component ends in a separator', () => {
    const f = formatNameField('Nguyễn', 'Văn Anhhhhhhhhhhhhh Bình', 27);
    expect(f.text).toBe('NGUYEN<<VAN<ANHHHHHHHHHHHHH');
    const g = formatNameField('Nguyễn', 'Văn Anhhhhhhhhhhhhh Bình', 28);
    expect(g).toEqual({ text: 'NGUYEN<<VAN<ANHHHHHHHHHHHHH<', truncated: true });
  });

  it('shortens the primary identifier only when it leaves no room for an initial', () => {
    const f = formatNameField('Tôn Nữ Thị Hoàng Yến Phương', 'Minh', 20);
    expect(f).toEqual({ text: 'TON<NU<THI<HOANG<<MI', truncated: true });
  });

  it('rejects an empty primary identifier', () => {
    expect(codeOf(() => formatNameField('', 'An', 30))).toBe('MRZ_INVALID');
    expect(codeOf(() => formatNameField("'", 'An', 30))).toBe('MRZ_INVALID');
  });

  it('reads a name field back into words', () => {
    expect(parseNameField('ERIKSSON<<ANNA<MARIA<<<<<<<<<<')).toEqual({ primary: 'ERIKSSON', secondary: 'ANNA MARIA' });
    expect(parseNameField('LE<<<<<<<<')).toEqual({ primary: 'LE', secondary: '' });
  });

  it('reads back what it writes for names that fit', () => {
    const word = fc.stringMatching(/^[A-Z]{1,8}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 3 }), fc.array(word, { maxLength: 3 }), (p, s) => {
        const primary = p.join(' ');
        const secondary = s.join(' ');
        fc.pre(primary.length + secondary.length + 2 <= 39);
        const f = formatNameField(primary, secondary, 39);
        expect(f.truncated).toBe(false);
        expect(parseNameField(f.text)).toEqual({ primary, secondary });
      }),
    );
  });
});
