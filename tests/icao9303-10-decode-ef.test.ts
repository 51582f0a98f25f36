import { describe, expect, it } from 'vitest';
import { fromHex } from '../src/bytes.js';
import { buildDg13 } from '../src/lds/dg13.js';
import { buildDg15 } from '../src/lds/dg15.js';
import { DECODABLE_FILES, decodeEf, decodeEfAs } from '../src/lds/ef.js';
import { efByName } from '../src/lds/registry.js';
import { codeOf } from './helpers/error-code.js';
import { hexOf, vector } from './helpers/vectors.js';

describe('ICAO 9303-10 §4.6: any elementary file recognised by its tag', () => {
  it('recognises EF.COM, EF.CardAccess, DG14 and DG1 from the published samples', () => {
    const lds = (id: string, key: string) => hexOf(vector('lds-samples.json', id), key);
    expect(decodeEf(lds('lds.ef-com', 'icao_ef_com')).name).toBe('EF.COM');
    expect(decodeEf(lds('lds.ef-cardaccess', 'icao_G1')).name).toBe('EF.CardAccess');
    expect(decodeEf(lds('tr03110.spec-sample-dg14', 'dg14')).name).toBe('DG14');
    const dg1 = decodeEf(hexOf(vector('icao9303-3-4-5-mrz.json', 'icao9303.specimen-mrz'), 'td3_dg1'));
    expect(dg1.name).toBe('DG1');
    if (dg1.name === 'DG1') expect(dg1.file.parsed?.fields.documentNumber).toBe('L898902C3');
  });

  it('returns the typed content of the file it recognised', () => {
    const ef = decodeEf(buildDg13({ fullName: 'NGUYỄN VĂN AN' }));
    expect(ef.name).toBe('DG13');
    if (ef.name === 'DG13') expect(ef.file.fullName).toBe('NGUYỄN VĂN AN');
    const dg15 = decodeEf(buildDg15({ publicKey: { kind: 'rsa', modulus: 0xc5n, exponent: 3n } }));
    expect(dg15.name).toBe('DG15');
  });

  it('has a decoder for every file of the registry except reserved DG6, DG8-DG10 and EF.ATR/INFO', () => {
    expect([...DECODABLE_FILES].sort()).toEqual(
      [
        'EF.COM',
        'DG1',
        'DG2',
        'DG3',
        'DG4',
        'DG5',
        'DG7',
        'DG11',
        'DG12',
        'DG13',
        'DG14',
        'DG15',
        'DG16',
        'EF.SOD',
        'EF.CardAccess',
        'EF.CardSecurity',
      ].sort(),
    );
    for (const name of DECODABLE_FILES) expect(efByName(name)).toBeDefined();
  });

  it('refuses an empty file, an unknown tag and a file with no codec, with typed codes', () => {
    expect(codeOf(() => decodeEf(new Uint8Array(0)))).toBe('LDS_MALFORMED');
    expect(codeOf(() => decodeEf(fromHex('5A00')))).toBe('LDS_UNSUPPORTED');
    expect(codeOf(() => decodeEf(fromHex('6800')))).toBe('LDS_UNSUPPORTED');
    expect(codeOf(() => decodeEfAs('DG13', fromHex('6E00')))).toBe('LDS_MALFORMED');
  });
});
