import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8ToBytes } from '../src/bytes.js';
import {
  citizenIssues,
  expectedIdBirthDigits,
  loadCitizen,
  PROVINCE_CODES,
  validateCitizen,
} from '../src/citizen/index.js';
import type { CitizenRecord } from '../src/citizen/types.js';
import { isCccdError } from '../src/errors.js';
import { cccdMrzFromCitizen } from '../src/mrz/index.js';

const DIR = join(import.meta.dirname, '..', 'examples', 'citizens');
const EXAMPLES = [
  'nguyen-van-an.json',
  'tran-thi-hoa-no-expiry.json',
  'le-minh-khoa-long-address.json',
  'pham-thu-trang-fingerprints.json',
];
const raw = (name: string) => JSON.parse(readFileSync(join(DIR, name), 'utf8')) as Record<string, unknown>;
const AN = raw('nguyen-van-an.json');

function errorOf(f: () => unknown): { code: string; path: string | undefined } | undefined {
  try {
    f();
  } catch (e) {
    if (isCccdError(e)) return { code: e.code, path: e.path };
    throw e;
  }
  return undefined;
}

const invalid = (patch: Record<string, unknown>) => errorOf(() => validateCitizen({ ...AN, ...patch }));

describe('the citizen record schema', () => {
  it('accepts every example citizen', () => {
    for (const name of EXAMPLES) expect(citizenIssues(raw(name))).toEqual([]);
  });

  it('loads the example holder of cccd-chip.md and builds its documented MRZ', () => {
    const c = loadCitizen(readFileSync(join(DIR, 'nguyen-van-an.json')), DIR);
    expect(c.id).toBe('001099012345');
    expect(cccdMrzFromCitizen(c)).toEqual([
      'IDVNM0990123459001099012345<<0',
      '9901018M3901016VNM<<<<<<<<<<<0',
      'NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<',
    ]);
  });

  it('ships one citizen without expiry and one whose address needs a long-form length', () => {
    expect(raw('tran-thi-hoa-no-expiry.json').expiryDate).toBeNull();
    const address = raw('le-minh-khoa-long-address.json').placeOfResidence as string;
    expect(utf8ToBytes(address).length).toBeGreaterThan(127);
  });

  it('ships one citizen with two synthetic index fingerprints whose files exist', () => {
    const c = loadCitizen(raw('pham-thu-trang-fingerprints.json'), DIR);
    expect(c.fingerprints?.map((f) => f.position)).toEqual([2, 7]);
    for (const f of c.fingerprints ?? []) {
      expect(readFileSync(f.image).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    }
  });

  it('resolves the portrait path against the record directory, and the portrait exists', () => {
    for (const name of EXAMPLES) {
      const c = loadCitizen(raw(name), { baseDir: DIR });
      expect(c.portrait.startsWith(DIR)).toBe(true);
      expect(readFileSync(c.portrait).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    }
    expect(loadCitizen({ ...AN, portrait: '/abs/face.jpg' }, 'x').portrait).toBe('/abs/face.jpg');
    expect(loadCitizen(AN).portrait).toBe(AN.portrait);
  });

  it('normalizes every string to NFC', () => {
    const c = validateCitizen({ ...AN, fullName: 'NGUYỄN VĂN AN'.normalize('NFD'), father: 'BÌNH'.normalize('NFD') });
    expect(c.fullName).toBe('NGUYỄN VĂN AN'.normalize('NFC'));
    expect(c.father).toBe('BÌNH'.normalize('NFC'));
  });

  it('rejects an ID that is not 12 digits', () => {
    expect(invalid({ id: '00109901234' })).toEqual({ code: 'CITIZEN_INVALID', path: 'citizen.id' });
    expect(invalid({ id: 1099012345 })).toEqual({ code: 'CITIZEN_INVALID', path: 'citizen.id' });
  });

  it('rejects an ID whose province code or century/sex digits do not fit the holder, unless told not to', () => {
    expect(invalid({ id: '003099012345' })).toEqual({ code: 'CITIZEN_INVALID', path: 'citizen.id' });
    expect(invalid({ id: '001199012345' })).toEqual({ code: 'CITIZEN_INVALID', path: 'citizen.id' });
    expect(invalid({ sex: 'F' })).toEqual({ code: 'CITIZEN_INVALID', path: 'citizen.id' });
    expect(invalid({ birthDate: '1998-01-01' })).toEqual({ code: 'CITIZEN_INVALID', path: 'citizen.id' });
    expect(citizenIssues({ ...AN, id: '003199012345' }, { idRules: 'format' })).toEqual([]);
    expect(citizenIssues({ ...AN, sex: 'X' })).toEqual([]);
  });

  it('knows the 63 province codes and the century/sex digit of Circular 07/2016', () => {
    expect(Object.keys(PROVINCE_CODES)).toHaveLength(63);
    expect(PROVINCE_CODES['079']).toBe('Hồ Chí Minh');
    expect(expectedIdBirthDigits(1999, 'M')).toEqual(['099']);
    expect(expectedIdBirthDigits(1950, 'F')).toEqual(['150']);
    expect(expectedIdBirthDigits(2003, 'M')).toEqual(['203']);
    expect(expectedIdBirthDigits(2010, 'X')).toEqual(['210', '310']);
  });

  it('rejects impossible dates and dates out of order', () => {
    expect(invalid({ birthDate: '1999-02-29' })).toEqual({ code: 'CITIZEN_INVALID', path: 'citizen.birthDate' });
    expect(invalid({ issueDate: '10/07/2021' })).toEqual({ code: 'CITIZEN_INVALID', path: 'citizen.issueDate' });
    expect(invalid({ issueDate: '1998-12-31' })).toEqual({ code: 'CITIZEN_INVALID', path: 'citizen.issueDate' });
    expect(invalid({ expiryDate: '2021-07-10' })).toEqual({ code: 'CITIZEN_INVALID', path: 'citizen.expiryDate' });
    expect(invalid({ expiryDate: undefined })).toEqual({ code: 'CITIZEN_INVALID', path: 'citizen.expiryDate' });
  });

  it('rejects a wrong sex, empty names, a bad old ID and a missing portrait', () => {
    expect(invalid({ sex: 'Nam' })).toEqual({ code: 'CITIZEN_INVALID', path: 'citizen.sex' });
    expect(invalid({ fullName: '  ' })).toEqual({ code: 'CITIZEN_INVALID', path: 'citizen.fullName' });
    expect(invalid({ mrzName: { primary: '', secondary: 'AN' } })).toEqual({
      code: 'CITIZEN_INVALID',
      path: 'citizen.mrzName.primary',
    });
    expect(invalid({ oldId: '12345678' })).toEqual({ code: 'CITIZEN_INVALID', path: 'citizen.oldId' });
    expect(invalid({ portrait: undefined })).toEqual({ code: 'CITIZEN_INVALID', path: 'citizen.portrait' });
    expect(invalid({ cardNumber: '0123456789ABCDEÉ' })).toEqual({
      code: 'CITIZEN_INVALID',
      path: 'citizen.cardNumber',
    });
    expect(invalid({ nationalityCode: 'vn' })).toEqual({ code: 'CITIZEN_INVALID', path: 'citizen.nationalityCode' });
  });

  it('rejects unknown fields (a typo must not silently drop data)', () => {
    expect(invalid({ birthdate: '1999-01-01' })).toEqual({ code: 'CITIZEN_INVALID', path: 'citizen.birthdate' });
  });

  it('checks fingerprints: positions 1..10, each once, with an image', () => {
    const ok = [
      { position: 1, image: 'r-thumb.wsq' },
      { position: 6, image: 'l-thumb.wsq' },
    ];
    expect(citizenIssues({ ...AN, fingerprints: ok })).toEqual([]);
    expect(invalid({ fingerprints: [{ position: 11, image: 'x' }] })?.path).toBe('citizen.fingerprints[0].position');
    expect(invalid({ fingerprints: [ok[0], ok[0]] })?.path).toBe('citizen.fingerprints[1].position');
    expect(invalid({ fingerprints: [{ position: 2 }] })?.path).toBe('citizen.fingerprints[0].image');
    expect(loadCitizen({ ...AN, fingerprints: ok }, 'dir').fingerprints?.[0]?.image).toBe('dir/r-thumb.wsq');
  });

  it('lists every problem at once', () => {
    const issues = citizenIssues({ ...AN, sex: 'Q', oldId: 'x', religion: 3 });
    expect(issues.map((i) => i.path)).toEqual(['citizen.sex', 'citizen.religion', 'citizen.oldId']);
  });

  it('rejects input that is not a JSON object', () => {
    for (const bad of ['[1]', 'null', '{', '"text"']) {
      expect(errorOf(() => loadCitizen(bad))).toEqual({ code: 'CITIZEN_INVALID', path: 'citizen' });
    }
    expect(errorOf(() => loadCitizen(new Uint8Array([0x7b, 0xff, 0x7d])))?.code).toBe('CITIZEN_INVALID');
  });

  it('accepts any plausible ID for any birth date and sex, and only those digits', () => {
    const day = fc
      .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2020-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    const province = fc.constantFrom(...Object.keys(PROVINCE_CODES));
    fc.assert(
      fc.property(
        province,
        day,
        fc.constantFrom<CitizenRecord['sex']>('M', 'F'),
        fc.stringMatching(/^\d{6}$/),
        (p, birth, sex, serial) => {
          const digits = expectedIdBirthDigits(Number(birth.slice(0, 4)), sex)[0]!;
          const id = p + digits + serial;
          expect(citizenIssues({ ...AN, id, birthDate: birth, sex })).toEqual([]);
          const other = sex === 'M' ? 'F' : 'M';
          expect(citizenIssues({ ...AN, id, birthDate: birth, sex: other }).map((i) => i.path)).toEqual(['citizen.id']);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('the citizen record schema on hostile input', () => {
  it('answers any JSON value, alone or in any field, with issues or a record, never another exception', () => {
    const fields = Object.keys(AN);
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(...fields, 'extra'), (value, field) => {
        expect(Array.isArray(citizenIssues(value))).toBe(true);
        try {
          validateCitizen({ ...AN, [field]: value });
        } catch (e) {
          expect(isCccdError(e, 'CITIZEN_INVALID')).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
