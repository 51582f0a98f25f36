// ISO/IEC 7816-3 §8 answer-to-reset and the PC/SC part 3 §3.1.3.2.3 contactless ATR.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../src/bytes.js';
import { isCccdError } from '../src/errors.js';
import { type AtrGroup, contactlessAtr, describeAtr, encodeAtr, parseAtr } from '../src/transport/atr.js';

// Real ATRs with the card they come from, as listed in pcsc-tools' smartcard_list.txt (Debian pcsc-tools 1.6.2,
// /usr/share/pcsc/smartcard_list.txt, maintained by Ludovic Rousseau).
const LISTED = {
  mifareClassic1k: '3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6A', // "MIFARE Classic 1K (as per PCSC std part3)"
  germanEid: '3B 88 80 01 00 00 00 00 00 00 00 00 09', // "Personalausweis (German Identity Card)"
  typeBPassport: '3B 80 80 01 01', // "ISO 14443 Type B without historical bytes ... Electronic Passport"
  ukPassport: '3B 84 80 01 00 00 90 00 95', // "United Kingdom passport (2010)"
  latviaEid: '3B 8E 80 01 00 51 00 63 1F 6D 01 73 9F 20 C0 C0 90 00 12', // "Identity card (eID) Republic of Latvia"
  vietnamEid: '3B 9F 96 C0 0A 31 FE 45 75 4A 61 76 65 6C 69 6E 2D 4F 53 20 31 2E 30 51', // "Vietnam ID Card (eID)"
  vietnamSim: '3B 16 96 BA 00 0E 01 06 03', // "Vinaphone Vietnam SIM"
  gemXpresso: '3B 7A 94 00 00 80 65 A2 01 01 01 3D 72 D6 43', // "Gemplus GemXpresso Pro R3 E32 PK"
};

const atrOf = (hex: string) => parseAtr(fromHex(hex));

function rejects(hex: string): string | undefined {
  try {
    parseAtr(fromHex(hex));
    return undefined;
  } catch (e) {
    return isCccdError(e) ? e.code : 'untyped';
  }
}

describe('ISO/IEC 7816-3 §8 answer-to-reset', () => {
  it('reads the PC/SC part 3 storage-card ATR of a MIFARE Classic 1K as standard 03, card name 0001', () => {
    const atr = atrOf(LISTED.mifareClassic1k);
    expect(atr.card).toEqual({ type: 'contactless-storage', standard: 3, cardName: 1 });
    expect(atr.protocols).toEqual([0, 1]);
    expect(atr.tck).toBe(0x6a);
  });

  it('reads the German eID and passports as contactless ISO/IEC 14443-4 cards', () => {
    for (const hex of [LISTED.germanEid, LISTED.typeBPassport, LISTED.ukPassport, LISTED.latviaEid]) {
      expect(atrOf(hex).card).toEqual({ type: 'contactless-iso14443-4' });
    }
    expect(atrOf(LISTED.typeBPassport).historical.length).toBe(0);
    expect(toHex(atrOf(LISTED.germanEid).historical)).toBe('0000000000000000');
  });

  it('finds extended length in the card capabilities of the Latvian eID (7816-4 §8.1.1.2.7, third table b7)', () => {
    const atr = atrOf(LISTED.latviaEid);
    expect(atr.compactTlv?.map((o) => o.tag)).toEqual([5, 6, 7]);
    expect(atr.extendedLength).toBe(true);
    expect(describeAtr(atr)).toBe('T=CL, contactless ISO/IEC 14443-4, extended length');
    expect(describeAtr(atrOf(LISTED.vietnamEid))).toBe('T=0/T=1, contact');
  });

  it('reads the contact Vietnam eID: TA1 96 gives Fi 512 and Di 32, T=0 and T=1, 15 historical bytes', () => {
    const atr = atrOf(LISTED.vietnamEid);
    expect(atr.card.type).toBe('contact');
    expect([atr.fi, atr.di]).toEqual([512, 32]);
    expect(atr.protocols).toEqual([0, 1]);
    expect(atr.groups).toEqual([
      { ta: 0x96, protocol: 0 },
      { tc: 0x0a, protocol: 1 },
      { ta: 0xfe, tb: 0x45 },
    ]);
    expect(atr.historical.length).toBe(15);
  });

  it('reads a T=0-only ATR, which has no TCK', () => {
    const atr = atrOf(LISTED.vietnamSim);
    expect(atr.protocols).toEqual([0]);
    expect(atr.tck).toBeUndefined();
    expect(toHex(atr.historical)).toBe('BA000E010603');
  });

  it('decodes COMPACT-TLV historical bytes after category indicator 80', () => {
    const atr = atrOf(LISTED.gemXpresso);
    expect(atr.compactTlv?.map((o) => [o.tag, toHex(o.value)])).toEqual([
      [6, 'A20101013D'],
      [7, 'D643'],
    ]);
    expect(atr.extendedLength).toBeUndefined();
    expect([atr.fi, atr.di]).toEqual([512, 8]);
  });

  it('builds the contactless ATR a PC/SC reader reports (3B 8n 80 01 ... TCK), byte for byte', () => {
    expect(toHex(contactlessAtr(fromHex('0000000000000000')))).toBe(LISTED.germanEid.replaceAll(' ', ''));
    expect(toHex(contactlessAtr(fromHex('00009000')))).toBe(LISTED.ukPassport.replaceAll(' ', ''));
    expect(toHex(contactlessAtr(new Uint8Array(0)))).toBe('3B80800101');
  });

  it('re-encodes every listed ATR to the same bytes', () => {
    for (const hex of Object.values(LISTED)) {
      const atr = atrOf(hex);
      expect(toHex(encodeAtr(atr))).toBe(hex.replaceAll(' ', ''));
    }
  });

  it('round-trips any well-formed ATR (property)', () => {
    const byte = fc.integer({ min: 0, max: 255 });
    const group = fc.record({
      ta: fc.option(byte, { nil: undefined }),
      tb: fc.option(byte, { nil: undefined }),
      tc: fc.option(byte, { nil: undefined }),
    });
    const fields = fc
      .record({
        groups: fc.array(fc.tuple(group, fc.integer({ min: 0, max: 15 })), { minLength: 1, maxLength: 5 }),
        historical: fc.uint8Array({ maxLength: 15 }),
        convention: fc.constantFrom('direct' as const, 'inverse' as const),
      })
      .map(({ groups, historical, convention }) => ({
        convention,
        historical,
        groups: groups.map(([g, protocol], i): AtrGroup => {
          const clean = Object.fromEntries(Object.entries(g).filter(([, v]) => v !== undefined)) as AtrGroup;
          return i < groups.length - 1 ? { ...clean, protocol } : clean;
        }),
      }));
    fc.assert(
      fc.property(fields, (f) => {
        const bytes = encodeAtr(f);
        expect(bytes.length).toBeLessThanOrEqual(2 + 4 * f.groups.length + 15 + 1);
        const atr = parseAtr(bytes);
        expect(atr.groups).toEqual(f.groups);
        expect(atr.historical).toEqual(f.historical);
        expect(atr.convention).toBe(f.convention);
      }),
    );
  });

  it('rejects truncated ATRs, a bad TS, a wrong or missing TCK and trailing bytes with ATR_MALFORMED', () => {
    const cases = [
      '3B', // no T0
      '3C 80 80 01 01', // TS neither 3B nor 3F
      '3B 10', // TA1 announced, absent
      '3B 80', // TD1 announced, absent
      '3B 84 80 01 00 00 90', // historical bytes short, TCK absent
      '3B 84 80 01 00 00 90 00', // TCK missing though T=1 is offered
      '3B 84 80 01 00 00 90 00 96', // TCK wrong
      '3B 16 96 BA 00 0E 01 06 03 00', // trailing byte after a T=0 ATR (no TCK there)
    ];
    for (const hex of cases) expect(rejects(hex), hex).toBe('ATR_MALFORMED');
  });

  it('rejects random truncations of a valid ATR without throwing untyped errors (property)', () => {
    const full = fromHex(LISTED.vietnamEid);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: full.length - 1 }), (n) => {
        expect(rejects(toHex(full.subarray(0, n)))).toBe('ATR_MALFORMED');
      }),
    );
  });
});
