import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describeStatusWord,
  isSuccess,
  lookupStatusWord,
  requireSuccess,
  STATUS_WORDS,
  statusCategory,
} from '../src/apdu/status-words.js';
import { isCccdError, StatusWordError } from '../src/errors.js';

describe('ISO/IEC 7816-4 §5.6 status words', () => {
  it('describes every status word an ICAO chip answers with', () => {
    const expected: Record<number, string> = {
      36864: 'normal processing',
      25218: 'end of file',
      25344: 'no information given',
      25985: 'memory failure',
      26368: 'wrong length',
      26754: 'secure messaging not supported',
      26755: 'last command of the chain',
      26756: 'chaining not supported',
      27010: 'security status not satisfied',
      27011: 'authentication method blocked',
      27012: 'reference data not usable',
      27013: 'conditions of use',
      27014: 'no current EF',
      27015: 'data objects missing',
      27016: 'incorrect secure messaging',
      27264: 'command data field',
      27266: 'file or application not found',
      27270: 'incorrect parameters P1-P2',
      27272: 'reference data not found',
      27392: 'offset outside',
      27904: 'instruction code not supported',
      28160: 'class not supported',
      28416: 'no precise diagnosis',
    };
    for (const [sw, text] of Object.entries(expected)) expect(describeStatusWord(Number(sw))).toContain(text);
  });

  it('reads the variable part of 61xx, 6Cxx and 63Cx', () => {
    expect(describeStatusWord(0x6110)).toBe('6110 16 response bytes still available (GET RESPONSE)');
    expect(describeStatusWord(0x6100)).toBe('6100 256 response bytes still available (GET RESPONSE)');
    expect(describeStatusWord(0x6cdf)).toBe('6CDF wrong Le field: 223 data bytes available');
    expect(describeStatusWord(0x63c2)).toBe('63C2 counter: 2 tries left');
  });

  it('prefers an exact entry to a masked one', () => {
    expect(lookupStatusWord(0x6300)?.meaning).toContain('no information given');
    expect(lookupStatusWord(0x63c0)?.meaning).toContain('counter');
  });

  it('names the group of a status word outside the table and calls anything else proprietary', () => {
    expect(describeStatusWord(0x6a99)).toBe('6A99 checking error (not in ISO/IEC 7816-4 Table 6)');
    expect(describeStatusWord(0x9f10)).toBe('9F10 proprietary');
    expect(statusCategory(0x6283)).toBe('warning');
    expect(statusCategory(0x6400)).toBe('execution-error');
    expect(statusCategory(0x6110)).toBe('normal');
    expect(statusCategory(0x9100)).toBeUndefined();
  });

  it('holds every table entry consistent with its mask and group', () => {
    const seen = new Set<string>();
    for (const e of STATUS_WORDS) {
      expect(e.sw & ~e.mask & 0xffff).toBe(0);
      expect(statusCategory(e.sw)).toBe(e.category);
      expect(seen.has(`${e.sw}/${e.mask}`)).toBe(false);
      seen.add(`${e.sw}/${e.mask}`);
    }
  });

  it('describes every 16-bit value without throwing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }), (sw) => {
        expect(describeStatusWord(sw).slice(0, 4)).toBe(sw.toString(16).toUpperCase().padStart(4, '0'));
      }),
    );
  });

  it('counts only 9000 as success, since 61xx data is incomplete', () => {
    expect(isSuccess(0x9000)).toBe(true);
    expect(isSuccess(0x6110)).toBe(false);
    expect(isSuccess(0x6282)).toBe(false);
  });

  it('rejects values that are not 16-bit status words', () => {
    for (const bad of [-1, 0x10000, 1.5, Number.NaN]) {
      let code: string | undefined;
      try {
        describeStatusWord(bad);
      } catch (e) {
        code = isCccdError(e) ? e.code : 'other';
      }
      expect(code).toBe('INVALID_ARGUMENT');
    }
  });

  it('returns the data on 9000 and throws a StatusWordError naming the command otherwise', () => {
    const data = Uint8Array.of(1, 2);
    expect(requireSuccess({ data, sw: 0x9000 }, 'SELECT')).toBe(data);
    expect(requireSuccess({ data, sw: 0x6282 }, 'READ BINARY', [0x6282])).toBe(data);
    try {
      requireSuccess({ data, sw: 0x6982 }, 'SELECT DG3');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(StatusWordError);
      expect((e as StatusWordError).code).toBe('STATUS_WORD');
      expect((e as StatusWordError).sw).toBe(0x6982);
      expect((e as StatusWordError).command).toBe('SELECT DG3');
    }
  });
});
