import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeJpeg } from '../examples/jpeg-encoder.js';
import { FINGERS, makeFingerprint, PPI } from '../examples/make-fingerprint.js';
import { HEIGHT, makePortrait, STYLES, WIDTH } from '../examples/make-portrait.js';

const DIR = join(import.meta.dirname, '..', 'examples', 'portraits');
const FINGER_DIR = join(import.meta.dirname, '..', 'examples', 'fingerprints');

/** Walks the marker segments of a JPEG up to SOS (ISO/IEC 10918-1 §B.1.1.2) and checks the scan that follows. */
interface Segments {
  markers: number[];
  width: number;
  height: number;
  components: number;
  /** JFIF density unit and horizontal density. */
  density: [number, number];
}

function segments(jpeg: Uint8Array): Segments {
  expect([jpeg[0], jpeg[1]]).toEqual([0xff, 0xd8]);
  const markers: number[] = [];
  let offset = 2;
  let width = 0;
  let height = 0;
  let components = 0;
  let density: [number, number] = [0, 0];
  for (;;) {
    expect(jpeg[offset]).toBe(0xff);
    const marker = jpeg[offset + 1] as number;
    const length = ((jpeg[offset + 2] as number) << 8) | (jpeg[offset + 3] as number);
    markers.push(marker);
    if (marker === 0xe0)
      density = [jpeg[offset + 11] as number, ((jpeg[offset + 12] as number) << 8) | (jpeg[offset + 13] as number)];
    if (marker === 0xc0) {
      height = ((jpeg[offset + 5] as number) << 8) | (jpeg[offset + 6] as number);
      width = ((jpeg[offset + 7] as number) << 8) | (jpeg[offset + 8] as number);
      components = jpeg[offset + 9] as number;
    }
    offset += 2 + length;
    if (marker === 0xda) break;
  }
  // §F.1.2.3: inside the entropy-coded segment every 0xFF is a stuffed 0xFF00, up to the EOI marker.
  for (let i = offset; i < jpeg.length - 2; i++) {
    if (jpeg[i] === 0xff) expect(jpeg[i + 1]).toBe(0x00);
  }
  expect([jpeg[jpeg.length - 2], jpeg[jpeg.length - 1]]).toEqual([0xff, 0xd9]);
  return { markers, width, height, components, density };
}

describe('the synthetic example portraits (ISO/IEC 10918-1 baseline JFIF)', () => {
  it('are baseline colour JPEGs of 240 x 320 with JFIF, DQT, SOF0, DHT and one scan', () => {
    for (let n = 1; n <= STYLES.length; n++) {
      const jpeg = new Uint8Array(readFileSync(join(DIR, `synthetic-face-${n}.jpg`)));
      const s = segments(jpeg);
      expect(s.markers).toEqual([0xe0, 0xdb, 0xc0, 0xc4, 0xda]);
      expect([s.width, s.height, s.components]).toEqual([WIDTH, HEIGHT, 3]);
      expect(jpeg.length).toBeGreaterThan(4000);
      expect(jpeg.length).toBeLessThan(25000);
    }
  });

  it('are reproduced byte for byte by the script that made them', () => {
    const committed = new Uint8Array(readFileSync(join(DIR, 'synthetic-face-1.jpg')));
    expect(makePortrait(1)).toEqual(committed);
  });

  it('include greyscale 500 ppi fingerprints, reproduced byte for byte by their script', () => {
    for (const f of FINGERS) {
      const jpeg = new Uint8Array(readFileSync(join(FINGER_DIR, `synthetic-finger-${f.position}.jpg`)));
      const s = segments(jpeg);
      expect(s.markers).toEqual([0xe0, 0xdb, 0xc0, 0xc4, 0xda]);
      expect([s.components, s.density]).toEqual([1, [1, PPI]]);
      expect(jpeg.length).toBeLessThan(25000);
    }
    expect(makeFingerprint(7)).toEqual(new Uint8Array(readFileSync(join(FINGER_DIR, 'synthetic-finger-7.jpg'))));
    expect(() => makeFingerprint(1)).toThrow(RangeError);
  });

  it('encodes images whose size is not a multiple of 8', () => {
    const rgb = new Uint8Array(13 * 7 * 3).map((_, i) => (i * 37) & 0xff);
    const s = segments(encodeJpeg(rgb, 13, 7, { quality: 95 }));
    expect([s.width, s.height]).toEqual([13, 7]);
  });

  it('refuses pixel buffers of the wrong size', () => {
    expect(() => encodeJpeg(new Uint8Array(10), 2, 2)).toThrow(RangeError);
    expect(() => encodeJpeg(new Uint8Array(12), 2, 2, { channels: 1 })).toThrow(RangeError);
    expect(() => encodeJpeg(new Uint8Array(4), 2, 2, { channels: 1, dpi: 0 })).toThrow(RangeError);
    expect(() => makePortrait(9)).toThrow(RangeError);
  });
});
