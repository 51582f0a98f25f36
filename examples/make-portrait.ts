// Synthetic portraits for the example citizens (ISO/IEC 19794-5 full frontal layout, no real person): a face-like
// drawing of ellipses rendered to RGB and encoded as baseline JPEG. Deterministic: the same bytes every run.
//
//   npx tsx examples/make-portrait.ts [outDir]     (default: examples/portraits)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeJpeg } from './jpeg-encoder.js';

type Rgb = readonly [number, number, number];

/** What varies between the synthetic holders. */
export interface FaceStyle {
  skin: Rgb;
  hair: Rgb;
  clothing: Rgb;
  background: Rgb;
  /** Face width relative to the default (1 = default). */
  faceWidth: number;
  /** Hair reaching below the ears (1) or short (0). */
  longHair: number;
}

export const STYLES: readonly FaceStyle[] = [
  {
    skin: [224, 182, 150],
    hair: [30, 24, 22],
    clothing: [40, 60, 110],
    background: [222, 228, 236],
    faceWidth: 1,
    longHair: 0,
  },
  {
    skin: [214, 170, 138],
    hair: [150, 150, 152],
    clothing: [120, 40, 60],
    background: [230, 232, 236],
    faceWidth: 1.05,
    longHair: 1,
  },
  {
    skin: [200, 156, 120],
    hair: [20, 16, 14],
    clothing: [230, 230, 225],
    background: [214, 224, 238],
    faceWidth: 0.95,
    longHair: 0,
  },
  {
    skin: [232, 194, 166],
    hair: [26, 20, 20],
    clothing: [70, 110, 90],
    background: [226, 232, 240],
    faceWidth: 0.94,
    longHair: 1.4,
  },
];

/** A 3:4 frame like the ISO/IEC 19794-5 token image; 240 x 320 keeps DG2 near the size of real chips' portraits. */
export const WIDTH = 240;
export const HEIGHT = 320;

/** Signed "inside-ness" of an ellipse, about 1 px wide at the edge, for antialiased shapes. */
function ellipse(x: number, y: number, cx: number, cy: number, rx: number, ry: number): number {
  const d = Math.sqrt(((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2);
  return Math.min(1, Math.max(0, (1 - d) * Math.min(rx, ry) + 0.5));
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

const shade = (c: Rgb, f: number): Rgb => [c[0] * f, c[1] * f, c[2] * f];

/** The colour of one pixel: layers painted back to front. */
function pixel(x: number, y: number, s: FaceStyle): Rgb {
  const cx = WIDTH / 2;
  const faceCy = HEIGHT * 0.44;
  const faceRx = WIDTH * 0.21 * s.faceWidth;
  const faceRy = HEIGHT * 0.2;
  // Plain light background with a faint vertical gradient (ISO/IEC 19794-5 asks for a plain, uniform background).
  let c: Rgb = shade(s.background, 1.02 - (0.06 * y) / HEIGHT);
  c = mix(c, s.hair, ellipse(x, y, cx, faceCy - faceRy * 0.12, faceRx * 1.18, faceRy * (1.12 + 0.35 * s.longHair)));
  c = mix(c, s.clothing, ellipse(x, y, cx, HEIGHT * 1.08, WIDTH * 0.47, HEIGHT * 0.3));
  c = mix(c, shade(s.skin, 0.88), ellipse(x, y, cx, faceCy + faceRy * 1.15, faceRx * 0.42, faceRy * 0.75));
  for (const side of [-1, 1])
    c = mix(c, shade(s.skin, 0.95), ellipse(x, y, cx + side * faceRx, faceCy, faceRx * 0.16, faceRy * 0.2));
  // The face, lit slightly from the upper left.
  const light = 1.04 - 0.08 * ((x - cx) / faceRx) * 0.5 - 0.06 * ((y - faceCy) / faceRy);
  c = mix(c, shade(s.skin, light), ellipse(x, y, cx, faceCy, faceRx, faceRy));
  // Fringe: the hair ellipse clipped above a line across the forehead.
  const fringe = ellipse(x, y, cx, faceCy - faceRy * 0.55, faceRx * 1.04, faceRy * 0.5);
  const above = Math.min(1, Math.max(0, faceCy - faceRy * 0.5 - y + 0.5 + 6 * Math.cos((x - cx) / 9)));
  c = mix(c, s.hair, fringe * above);
  for (const side of [-1, 1]) {
    const ex = cx + side * faceRx * 0.4;
    const ey = faceCy - faceRy * 0.1;
    c = mix(c, shade(s.hair, 1.1), ellipse(x, y, ex, ey - faceRy * 0.2, faceRx * 0.24, faceRy * 0.04));
    c = mix(c, [245, 245, 242], ellipse(x, y, ex, ey, faceRx * 0.19, faceRy * 0.075));
    c = mix(c, [70, 48, 32], ellipse(x, y, ex, ey, faceRy * 0.07, faceRy * 0.07));
    c = mix(c, [12, 10, 10], ellipse(x, y, ex, ey, faceRy * 0.03, faceRy * 0.03));
  }
  c = mix(c, shade(s.skin, 0.8), ellipse(x, y, cx, faceCy + faceRy * 0.25, faceRx * 0.12, faceRy * 0.06));
  c = mix(c, [170, 80, 80], ellipse(x, y, cx, faceCy + faceRy * 0.55, faceRx * 0.33, faceRy * 0.06));
  return c;
}

/** Renders one style as RGB bytes, 2 x 2 supersampled. */
export function renderFace(style: FaceStyle): Uint8Array {
  const rgb = new Uint8Array(WIDTH * HEIGHT * 3);
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const acc = [0, 0, 0];
      for (const [dx, dy] of [
        [0.25, 0.25],
        [0.75, 0.25],
        [0.25, 0.75],
        [0.75, 0.75],
      ] as const) {
        const p = pixel(x + dx, y + dy, style);
        for (let k = 0; k < 3; k++) acc[k] = (acc[k] as number) + (p[k] as number) / 4;
      }
      for (let k = 0; k < 3; k++)
        rgb[(y * WIDTH + x) * 3 + k] = Math.round(Math.min(255, Math.max(0, acc[k] as number)));
    }
  }
  return rgb;
}

/** The JPEG of synthetic face `n` (1-based), as committed in examples/portraits/synthetic-face-n.jpg. */
export function makePortrait(n: number): Uint8Array {
  const style = STYLES[n - 1];
  if (!style) throw new RangeError(`no synthetic face ${n}: 1..${STYLES.length}`);
  return encodeJpeg(renderFace(style), WIDTH, HEIGHT, { quality: 85 });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = process.argv[2] ?? join(import.meta.dirname, 'portraits');
  mkdirSync(out, { recursive: true });
  for (let n = 1; n <= STYLES.length; n++) {
    const jpeg = makePortrait(n);
    writeFileSync(join(out, `synthetic-face-${n}.jpg`), jpeg);
    process.stdout.write(`synthetic-face-${n}.jpg: ${jpeg.length} bytes\n`);
  }
}
