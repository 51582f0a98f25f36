import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDigit, mrzCharValue } from '../src/mrz/index.js';
import { codeOf } from './helpers/error-code.js';
import { vector } from './helpers/vectors.js';

const appA = vector('icao9303-3-4-5-mrz.json', 'icao9303-3.appA.check-digits');

describe('ICAO 9303-3 §4.9 check digits', () => {
  it('reproduces example 1 of Appendix A (a date of birth)', () => {
    expect(checkDigit(appA.ex1_input_text!)).toBe(appA.ex1_check_digit_int);
  });

  it('reproduces example 2 of Appendix A (a document number with fillers)', () => {
    expect(checkDigit(appA.ex2_input_text!)).toBe(appA.ex2_check_digit_int);
  });

  it('reproduces the composite check digits of the TD3, TD1 and TD2 examples', () => {
    expect(checkDigit(appA.ex3_composite_input_text!)).toBe(appA.ex3_composite_int);
    expect(checkDigit(appA.ex4_composite_input_text!)).toBe(appA.ex4_composite_int);
    expect(checkDigit(appA.ex5_composite_input_text!)).toBe(appA.ex5_composite_int);
  });

  it('finds the composite digit at the end of each published line', () => {
    expect(appA.ex3_td3_line2_text!.at(-1)).toBe(appA.ex3_composite_int);
    expect(appA.ex4_td1_line2_text!.at(-1)).toBe(appA.ex4_composite_int);
    expect(appA.ex5_td2_line2_text!.at(-1)).toBe(appA.ex5_composite_int);
  });

  it('values digits as themselves, letters A..Z as 10..35 and the filler as 0', () => {
    expect(mrzCharValue('7')).toBe(7);
    expect(mrzCharValue('A')).toBe(10);
    expect(mrzCharValue('Z')).toBe(35);
    expect(mrzCharValue('<')).toBe(0);
  });

  it('gives 0 for an empty or all-filler field', () => {
    expect(checkDigit('')).toBe('0');
    expect(checkDigit('<<<<<<<<<')).toBe('0');
  });

  it('rejects characters outside the MRZ character set', () => {
    for (const bad of ['abc', 'A B', 'É', '-', '12.3']) expect(codeOf(() => checkDigit(bad))).toBe('MRZ_INVALID');
    expect(codeOf(() => checkDigit(42 as unknown as string))).toBe('INVALID_ARGUMENT');
  });

  it('always yields one decimal digit', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z0-9<]{0,40}$/), (s) => {
        expect(checkDigit(s)).toMatch(/^\d$/);
      }),
    );
  });

  it('detects every single-digit substitution in a numeric field (weights 7, 3, 1 are prime to 10)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,15}$/), fc.nat(), fc.integer({ min: 1, max: 9 }), (s, at, delta) => {
        const i = at % s.length;
        const changed = s.slice(0, i) + String((Number(s[i]) + delta) % 10) + s.slice(i + 1);
        expect(checkDigit(changed)).not.toBe(checkDigit(s));
      }),
    );
  });
});
