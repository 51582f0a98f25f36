import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../src/bytes.js';
import { isCccdError } from '../src/errors.js';
import { buildDg2, type Dg2, decodeDg2, FACE_HEADER } from '../src/lds/dg2.js';
import type { FaceImage } from '../src/lds/face-record.js';
import { imageInfo } from '../src/lds/image-info.js';
import { encodeTlv } from '../src/tlv/index.js';

function errorOf(f: () => unknown): { code: string; path?: string } | undefined {
  try {
    f();
  } catch (e) {
    if (isCccdError(e)) return { code: e.code, path: e.path };
    throw e;
  }
  return undefined;
}

const JPEG = fromHex('FFD8FFE000104A46494600FFD9');

const image: FaceImage = {
  gender: 1,
  eyeColour: 3,
  hairColour: 2,
  propertyMask: 0,
  expression: 1,
  poseAngle: [0, 0, 0],
  poseAngleUncertainty: [0, 0, 0],
  featurePoints: [{ type: 1, major: 12, minor: 1, x: 120, y: 160 }],
  faceImageType: 1,
  imageDataType: 'jpeg',
  width: 240,
  height: 320,
  colourSpace: 1,
  sourceType: 2,
  deviceType: 0,
  quality: 0,
  image: JPEG,
};

/**
 * The expected DG2, written out field by field from ICAO 9303-10 §4.7.2 (Tables 41-43) and
 * ISO/IEC 19794-5:2005 §5.4-§5.7 (general header, facial information, feature point, image information).
 */
const EXPECTED = [
  '75 63 7F61 60 020101 7F60 5A',
  'A1 12 8002 0101 8101 02 8201 00 8702 0101 8802 0008',
  '5F2E 43',
  '46414300 30313000 00000043 0001', // 'FAC\0' '010\0' record length 67, one image
  '00000035 0001 01 03 02 000000 0001 000000 000000', // facial record length 53, 1 feature point, male...
  '01 C1 0078 00A0 0000', // feature point 12.1 at (120, 160)
  '01 00 00F0 0140 01 02 0000 0000', // full frontal, JPEG, 240 x 320, RGB24, digital camera
  'FFD8FFE000104A46494600FFD9',
].join('');

describe('ICAO 9303-10 §4.7.2 DG2 with an ISO/IEC 19794-5 facial record', () => {
  it('builds the CBEFF template and facial record exactly as the two standards lay them out', () => {
    const dg2 = buildDg2({ instances: [{ header: FACE_HEADER, record: { images: [image] } }] });
    expect(toHex(dg2)).toBe(toHex(fromHex(EXPECTED)));
  });

  it('decodes the header fields a verifier needs and the image bytes', () => {
    const dg2 = decodeDg2(fromHex(EXPECTED));
    expect(dg2.instances).toHaveLength(1);
    const inst = dg2.instances[0]!;
    expect(inst.header).toEqual(FACE_HEADER);
    expect(inst.record.images[0]).toEqual(image);
    expect(toHex(dg2.raw)).toBe(toHex(fromHex(EXPECTED)));
  });

  it('reads a JPEG 2000 image type and several images', () => {
    const j2k = { ...image, imageDataType: 'jpeg2000' as const, featurePoints: [] };
    const dg2 = buildDg2({ instances: [{ header: FACE_HEADER, record: { images: [image, j2k] } }] });
    expect(decodeDg2(dg2).instances[0]!.record.images.map((i) => i.imageDataType)).toEqual(['jpeg', 'jpeg2000']);
  });

  it('refuses a record length that disagrees with the bytes present, naming the field', () => {
    const bad = fromHex(EXPECTED);
    bad[45] = 0x44; // the facial record's length field says 68
    expect(errorOf(() => decodeDg2(bad))).toEqual({
      code: 'LDS_MALFORMED',
      path: 'DG2/group/instances[0]/data/recordLength',
    });
  });

  it('refuses an image length beyond the record, an unknown image type, a wrong instance count and 7F2E', () => {
    const long = fromHex(EXPECTED);
    long[51] = 0x60; // facial record data length 96 > what remains
    expect(errorOf(() => decodeDg2(long))?.code).toBe('LDS_MALFORMED');
    const type = fromHex(EXPECTED);
    type[77] = 0x07; // image data type 7
    expect(errorOf(() => decodeDg2(type))).toEqual({
      code: 'LDS_MALFORMED',
      path: 'DG2/group/instances[0]/data/images[0]/imageDataType',
    });
    const count = fromHex(EXPECTED);
    count[7] = 0x02;
    expect(errorOf(() => decodeDg2(count))?.code).toBe('LDS_MALFORMED');
    const enciphered = encodeTlv(
      0x75,
      encodeTlv(0x7f61, fromHex('020101'), encodeTlv(0x7f60, fromHex('A1088702010188020008'), fromHex('7F2E03040100'))),
    );
    expect(errorOf(() => decodeDg2(enciphered))?.code).toBe('LDS_UNSUPPORTED');
    const version = fromHex(EXPECTED);
    version[39] = 0x33; // '030'
    expect(errorOf(() => decodeDg2(version))?.code).toBe('LDS_UNSUPPORTED');
  });
});

const u = (bits: number) => fc.integer({ min: 0, max: 2 ** bits - 1 });
const faceImageArb: fc.Arbitrary<FaceImage> = fc.record({
  gender: u(8),
  eyeColour: u(8),
  hairColour: u(8),
  propertyMask: u(24),
  expression: u(16),
  poseAngle: fc.tuple(u(8), u(8), u(8)),
  poseAngleUncertainty: fc.tuple(u(8), u(8), u(8)),
  featurePoints: fc.array(fc.record({ type: u(8), major: u(4), minor: u(4), x: u(16), y: u(16) }), { maxLength: 5 }),
  faceImageType: u(8),
  imageDataType: fc.constantFrom('jpeg' as const, 'jpeg2000' as const),
  width: u(16),
  height: u(16),
  colourSpace: u(8),
  sourceType: u(8),
  deviceType: u(16),
  quality: u(16),
  image: fc.uint8Array({ maxLength: 300 }),
});

const dg2Arb: fc.Arbitrary<Dg2> = fc
  .array(
    fc.record({
      header: fc.record({
        icaoHeaderVersion: fc.constant(0x0101),
        biometricType: fc.constantFrom(0x02, 0x0102),
        formatOwner: u(16),
        formatType: u(16),
      }),
      record: fc.record({ images: fc.array(faceImageArb, { maxLength: 3 }) }),
    }),
    { maxLength: 2 },
  )
  .map((instances) => ({ instances }));

describe('DG2 round trips (fast-check)', () => {
  it('decodes every built DG2 to the same instances and rebuilds the same bytes', () => {
    fc.assert(
      fc.property(dg2Arb, (dg2) => {
        const bytes = buildDg2(dg2);
        const decoded = decodeDg2(bytes);
        expect(decoded.instances).toEqual(dg2.instances);
        expect(toHex(buildDg2(decoded))).toBe(toHex(bytes));
      }),
      { numRuns: 200 },
    );
  });
});

describe('image headers read for the ISO/IEC 19794-5 image information', () => {
  it('reads width, height and components from the JPEG frame header (ISO/IEC 10918-1 B.2.2) of the example portrait', () => {
    const jpeg = new Uint8Array(
      readFileSync(join(import.meta.dirname, '..', 'examples', 'portraits', 'synthetic-face-1.jpg')),
    );
    expect(imageInfo(jpeg)).toEqual({ format: 'jpeg', width: 240, height: 320, components: 3 });
  });

  it('reads a JPEG 2000 codestream SIZ marker (ISO/IEC 15444-1 A.5.1) and a JP2 image header box (I.5.3.1)', () => {
    // SOC, SIZ: Lsiz 41, Rsiz 0, Xsiz 300, Ysiz 400, offsets 0, tiles 300x400 at 0, Csiz 1, one component.
    const siz = fromHex(
      'FF4FFF51 0029 0000 0000012C 00000190 00000000 00000000 0000012C 00000190 00000000 00000000 0001 070101'.replace(
        / /g,
        '',
      ),
    );
    expect(imageInfo(siz)).toEqual({ format: 'jpeg2000', width: 300, height: 400, components: 1 });
    // JP2 signature box, then jp2h holding ihdr: HEIGHT 480, WIDTH 360, NC 3.
    const jp2 = fromHex(
      ['0000000C6A5020200D0A870A', '0000001E6A703268', '00000016696864720000 01E0 00000168 0003 07070000']
        .join('')
        .replace(/ /g, ''),
    );
    expect(imageInfo(jp2)).toEqual({ format: 'jpeg2000', width: 360, height: 480, components: 3 });
  });

  it('refuses bytes that are no image it knows', () => {
    expect(errorOf(() => imageInfo(fromHex('00112233')))?.code).toBe('INVALID_ARGUMENT');
  });
});
