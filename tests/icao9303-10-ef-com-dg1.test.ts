import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../src/bytes.js';
import { buildEfCom, dataGroupsOfCom, decodeEfCom, type EfCom } from '../src/lds/com.js';
import { buildDg1, decodeDg1 } from '../src/lds/dg1.js';
import { dataGroups, dataGroupTag, efByFid, efByName, efByNumber, efByTag, LDS_FILES } from '../src/lds/registry.js';
import { codeOf } from './helpers/error-code.js';
import { hexOf, vector } from './helpers/vectors.js';

describe('ICAO 9303-10 Table 35: the registry of elementary files', () => {
  it('lists DG1..DG16 with tags 61 75 63 76 65 66 67 68 69 6A 6B 6C 6D 6E 6F 70, FIDs 0101..0110, SFIs 01..10', () => {
    const dgs = dataGroups();
    expect(dgs.map((e) => e.tag)).toEqual([
      0x61, 0x75, 0x63, 0x76, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70,
    ]);
    expect(dgs.map((e) => e.fid)).toEqual(Array.from({ length: 16 }, (_, i) => 0x0101 + i));
    expect(dgs.map((e) => e.sfi)).toEqual(Array.from({ length: 16 }, (_, i) => 1 + i));
  });

  it('places EF.COM (60, 011E, 1E) and EF.SOD (77, 011D, 1D) in LDS1 and EF.CardAccess, EF.CardSecurity, EF.ATR/INFO in the MF', () => {
    expect(efByName('EF.COM')).toMatchObject({ tag: 0x60, fid: 0x011e, sfi: 0x1e, location: 'LDS1' });
    expect(efByName('sod')).toMatchObject({ name: 'EF.SOD', tag: 0x77, fid: 0x011d, sfi: 0x1d });
    expect(efByFid(0x011c, 'MF')?.name).toBe('EF.CardAccess');
    expect(efByFid(0x011d, 'MF')?.name).toBe('EF.CardSecurity');
    expect(efByFid(0x011d)?.name).toBe('EF.SOD');
    expect(efByFid(0x2f01, 'MF')?.name).toBe('EF.ATR/INFO');
  });

  it('derives every lookup from the one table', () => {
    for (const e of LDS_FILES) {
      expect(efByName(e.name)).toBe(e);
      if (e.tag !== undefined) expect(efByTag(e.tag)).toBe(e);
      if (e.number !== undefined) {
        expect(efByNumber(e.number)).toBe(e);
        expect(dataGroupTag(e.number)).toBe(e.tag);
      }
      expect(efByFid(e.fid, e.location)).toBe(e);
    }
    expect(efByTag(0x99)).toBeUndefined();
  });
});

describe('ICAO 9303-10 §4.6.1 EF.COM', () => {
  it('decodes and rebuilds the four published EF.COM samples byte for byte', () => {
    const v = vector('lds-samples.json', 'lds.ef-com');
    const expected: Record<string, [string, number[]]> = {
      icao_ef_com: ['0106', [1, 2]],
      bsi2008_ef_com: ['0107', [1, 2, 3, 14]],
      bsi_tr03105_5_ef_com: ['0107', [1, 2, 3, 4, 14]],
      loes2006_ef_com: ['0107', [1, 2, 15]],
    };
    for (const [key, [lds, groups]] of Object.entries(expected)) {
      const bytes = hexOf(v, key);
      const com = decodeEfCom(bytes);
      expect(com.ldsVersion).toBe(lds);
      expect(com.unicodeVersion).toBe('040000');
      expect(dataGroupsOfCom(com)).toEqual(groups);
      expect(toHex(buildEfCom(com))).toBe(toHex(bytes));
    }
  });

  it('refuses a missing tag list, non-digit versions and trailing elements', () => {
    expect(codeOf(() => decodeEfCom(fromHex('60105F0104303130375F3606303430303030')))).toBe('LDS_MALFORMED');
    expect(codeOf(() => decodeEfCom(fromHex('60145F0104303141375F36063034303030305C026175')))).toBe('LDS_MALFORMED');
    expect(codeOf(() => decodeEfCom(fromHex('60175F0104303130375F36063034303030305C0261755301FF')))).toBe(
      'LDS_MALFORMED',
    );
    expect(codeOf(() => decodeEfCom(fromHex('61025C00')))).toBe('LDS_MALFORMED');
  });

  it('accepts 00/FF padding after the file only when asked', () => {
    const padded = fromHex('60145F0104303130365F36063034303030305C0261750000');
    expect(codeOf(() => decodeEfCom(padded))).toBe('TLV_MALFORMED');
    expect(decodeEfCom(padded, { allowTrailing: true }).tags).toEqual([0x61, 0x75]);
  });

  it('round-trips any versions and tag list (fast-check)', () => {
    const arb: fc.Arbitrary<EfCom> = fc.record({
      ldsVersion: fc.stringMatching(/^\d{4}$/),
      unicodeVersion: fc.stringMatching(/^\d{6}$/),
      tags: fc.array(fc.integer({ min: 1, max: 0xfe }), { maxLength: 16 }),
    });
    fc.assert(
      fc.property(arb, (com) => {
        const bytes = buildEfCom(com);
        const { raw, ...decoded } = decodeEfCom(bytes);
        expect(decoded).toEqual(com);
        expect(toHex(buildEfCom(decoded))).toBe(toHex(raw));
      }),
      { numRuns: 300 },
    );
  });
});

describe('ICAO 9303-10 §4.7.1 DG1', () => {
  it('decodes the TD3 and TD2 specimen DG1 of ICAO 9303-4/-6 and rebuilds them byte for byte', () => {
    const v = vector('icao9303-3-4-5-mrz.json', 'icao9303.specimen-mrz');
    const td3 = decodeDg1(hexOf(v, 'td3_dg1'));
    expect(td3.lines).toEqual([v.td3_line1_text, v.td3_line2_text]);
    expect(td3.parsed?.format).toBe('TD3');
    expect(td3.parsed?.fields.documentNumber).toBe('L898902C3');
    expect(toHex(buildDg1(td3))).toBe(v.td3_dg1);
    const td2 = decodeDg1(hexOf(v, 'td2_dg1'));
    expect(td2.lines).toEqual([v.td2_line1_text, v.td2_line2_text]);
    expect(td2.parsed?.valid).toBe(true);
    expect(toHex(buildDg1(td2))).toBe(v.td2_dg1);
  });

  it('builds the CCCD TD1 MRZ of cccd-chip.md and reads it back with its check digits valid', () => {
    const lines = [
      'IDVNM0990123459001099012345<<0',
      '9901018M3901016VNM<<<<<<<<<<<0',
      'NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<',
    ];
    const dg1 = decodeDg1(buildDg1({ lines }));
    expect(dg1.lines).toEqual(lines);
    expect(dg1.parsed?.format).toBe('TD1');
    expect(dg1.parsed?.valid).toBe(true);
  });

  it('reports (without throwing) an MRZ whose check digits are wrong', () => {
    const lines = [
      'IDVNM0990123451001099012345<<0',
      '9901018M3901016VNM<<<<<<<<<<<0',
      'NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<',
    ];
    expect(decodeDg1(buildDg1({ lines })).parsed?.valid).toBe(false);
  });

  it('refuses an MRZ of the wrong length, lower-case characters and a missing 5F1F', () => {
    expect(codeOf(() => decodeDg1(fromHex('61055F1F024944')))).toBe('LDS_MALFORMED');
    const lower = buildDg1({ lines: ['A'.repeat(30), 'B'.repeat(30), 'C'.repeat(30)] });
    lower[10] = 0x61;
    expect(codeOf(() => decodeDg1(lower))).toBe('LDS_MALFORMED');
    expect(codeOf(() => decodeDg1(fromHex('6103530100')))).toBe('LDS_MALFORMED');
    expect(codeOf(() => buildDg1({ lines: ['ABC'] }))).toBe('INVALID_ARGUMENT');
  });

  it('round-trips any MRZ-shaped lines (fast-check)', () => {
    const line = (n: number) => fc.stringMatching(new RegExp(`^[A-Z0-9<]{${n}}$`));
    const arb = fc.oneof(
      fc.tuple(line(30), line(30), line(30)),
      fc.tuple(line(36), line(36)),
      fc.tuple(line(44), line(44)),
    );
    fc.assert(
      fc.property(arb, (lines) => {
        const bytes = buildDg1({ lines });
        const dg1 = decodeDg1(bytes);
        expect(dg1.lines).toEqual(lines);
        expect(toHex(buildDg1(dg1))).toBe(toHex(bytes));
      }),
      { numRuns: 200 },
    );
  });
});
