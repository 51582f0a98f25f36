import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../src/bytes.js';
import { isCccdError } from '../src/errors.js';
import { buildDg3, type Dg3, decodeDg3, fingerHeader } from '../src/lds/dg3.js';
import type { FingerRecord } from '../src/lds/finger-record.js';

function errorOf(f: () => unknown): { code: string; path?: string } | undefined {
  try {
    f();
  } catch (e) {
    if (isCccdError(e)) return { code: e.code, path: e.path };
    throw e;
  }
  return undefined;
}

const WSQ = fromHex('FFA0FFA8FFA1');

const record: FingerRecord = {
  captureDeviceId: 0,
  imageAcquisitionLevel: 31,
  scaleUnits: 1,
  scanResolution: [500, 500],
  imageResolution: [500, 500],
  pixelDepth: 8,
  compression: 2,
  views: [
    { position: 2, viewCount: 1, viewNumber: 1, quality: 80, impressionType: 0, width: 400, height: 500, image: WSQ },
  ],
};

/** ISO/IEC 19794-4:2005 §8.2 general header and §8.3 finger header, written out field by field. */
const EXPECTED_RECORD = [
  '46495200 30313000', // 'FIR\0' '010\0'
  '000000000034', // record length 52 (6 bytes)
  '0000 001F 01 01 01F4 01F4 01F4 01F4 08 02 0000', // device, level 31, 1 view, ppi, 500 dpi, 8 bits, WSQ
  '00000014 02 01 01 50 00 0190 01F4 00', // view length 20, right index finger, quality 80, 400 x 500
  'FFA0FFA8FFA1',
].join('');

describe('ICAO 9303-10 §4.7.3 DG3 with an ISO/IEC 19794-4 finger image record', () => {
  it('builds the finger record exactly as ISO/IEC 19794-4 lays it out, inside the CBEFF template', () => {
    const dg3 = buildDg3({ instances: [{ header: fingerHeader(0x05), record }] });
    const hex = toHex(dg3);
    expect(hex).toContain(`5F2E34${toHex(fromHex(EXPECTED_RECORD))}`);
    expect(hex).toContain('A1128002010181010882010587020101880200 07'.replace(/ /g, ''));
    expect(hex.startsWith('63')).toBe(true);
  });

  it('decodes the record back to the finger position, resolution, compression and image', () => {
    const dg3 = decodeDg3(buildDg3({ instances: [{ header: fingerHeader(0x05), record }] }));
    expect(dg3.instances[0]!.header.biometricType).toBe(0x08);
    expect(dg3.instances[0]!.record).toEqual(record);
  });

  it('refuses a view length beyond the record and a wrong format identifier', () => {
    const bytes = buildDg3({ instances: [{ header: fingerHeader(0x05), record }] });
    const at = toHex(bytes).indexOf('00000014') / 2;
    const long = bytes.slice();
    long[at + 3] = 0x40;
    expect(errorOf(() => decodeDg3(long))?.code).toBe('LDS_MALFORMED');
    const id = bytes.slice();
    id[toHex(bytes).indexOf('46495200') / 2] = 0x47;
    expect(errorOf(() => decodeDg3(id))?.path).toBe('DG3/group/instances[0]/data/formatIdentifier');
  });
});

const u = (bits: number) => fc.integer({ min: 0, max: 2 ** bits - 1 });
const recordArb: fc.Arbitrary<FingerRecord> = fc.record({
  captureDeviceId: u(16),
  imageAcquisitionLevel: u(16),
  scaleUnits: u(8),
  scanResolution: fc.tuple(u(16), u(16)),
  imageResolution: fc.tuple(u(16), u(16)),
  pixelDepth: u(8),
  compression: u(8),
  views: fc.array(
    fc.record({
      position: u(8),
      viewCount: u(8),
      viewNumber: u(8),
      quality: u(8),
      impressionType: u(8),
      width: u(16),
      height: u(16),
      image: fc.uint8Array({ maxLength: 100 }),
    }),
    { maxLength: 4 },
  ),
});

const dg3Arb: fc.Arbitrary<Dg3> = fc
  .array(fc.record({ header: u(8).map(fingerHeader), record: recordArb }), { maxLength: 3 })
  .map((instances) => ({ instances }));

describe('DG3 round trips (fast-check)', () => {
  it('decodes every built DG3 to the same instances and rebuilds the same bytes', () => {
    fc.assert(
      fc.property(dg3Arb, (dg3) => {
        const bytes = buildDg3(dg3);
        const decoded = decodeDg3(bytes);
        expect(decoded.instances).toEqual(dg3.instances);
        expect(toHex(buildDg3(decoded))).toBe(toHex(bytes));
      }),
      { numRuns: 200 },
    );
  });
});
