// Synthetic fingerprint images for the example citizens (no real finger): a ridge pattern drawn from a few
// parameters, greyscale at 500 ppi as ISO/IEC 19794-4 expects, encoded as baseline JPEG. Deterministic.
//
//   npx tsx examples/make-fingerprint.ts [outDir]     (default: examples/fingerprints)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeJpeg } from './jpeg-encoder.js';

/** The parameters of one synthetic finger. */
export interface FingerStyle {
  /** ISO/IEC 19794-4 finger position code (2 right index, 7 left index). */
  position: number;
  /** Core point, as a fraction of width and height. */
  core: readonly [number, number];
  /** Turns of the ridge spiral around the core: an integer (the phase must close around the core), 0 concentric. */
  swirl: number;
  /** Slant of the ridge flow, radians. */
  slant: number;
  /** Seed of the deterministic speckle noise. */
  seed: number;
}

export const FINGERS: readonly FingerStyle[] = [
  { position: 2, core: [0.48, 0.45], swirl: 1, slant: 0.25, seed: 7 },
  { position: 7, core: [0.53, 0.47], swirl: -2, slant: -0.3, seed: 11 },
];

/** 256 x 360 pixels at 500 ppi: about 13 x 18 mm, a plain impression of one finger. */
export const WIDTH = 256;
export const HEIGHT = 360;
export const PPI = 500;

/** Ridge period in pixels: about 0.46 mm at 500 ppi, the usual adult ridge spacing. */
const PERIOD = 9;

/** A small deterministic PRNG (xorshift32) so the speckle replays. */
function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

/** Renders one finger as greyscale bytes (dark ridges on white). */
export function renderFinger(style: FingerStyle): Uint8Array {
  const grey = new Uint8Array(WIDTH * HEIGHT);
  const random = xorshift(style.seed);
  const cx = style.core[0] * WIDTH;
  const cy = style.core[1] * HEIGHT;
  const cos = Math.cos(style.slant);
  const sin = Math.sin(style.slant);
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      // The finger outline: an ellipse, flatter at the bottom where the crease of the joint cuts it.
      const ex = (x - WIDTH / 2) / (WIDTH * 0.44);
      const ey = (y - HEIGHT * 0.5) / (HEIGHT * (y < HEIGHT * 0.5 ? 0.47 : 0.55));
      const edge = 1 - Math.sqrt(ex * ex + ey * ey);
      const noise = random();
      if (edge <= 0) {
        grey[y * WIDTH + x] = 250 + Math.floor(noise * 5);
        continue;
      }
      // Ridge phase: distance from the core in a slanted, stretched frame, turned by the angle (a loop).
      const dx = x - cx;
      const dy = y - cy;
      const u = dx * cos + dy * sin;
      const v = (-dx * sin + dy * cos) * 0.8;
      const r = Math.sqrt(u * u + v * v);
      const angle = Math.atan2(v, u);
      const phase = (2 * Math.PI * r) / PERIOD + style.swirl * angle + 0.8 * Math.sin(y / 41 + x / 67);
      const ridge = 0.5 + 0.5 * Math.cos(phase);
      // Contrast fades towards the edge of the finger, as in a plain impression.
      const contrast = Math.min(1, edge * 6);
      const value = 245 - contrast * (ridge * 190 + (noise - 0.5) * 14);
      grey[y * WIDTH + x] = Math.max(0, Math.min(255, Math.round(value)));
    }
  }
  return grey;
}

/** The JPEG of synthetic finger `position`, as committed in examples/fingerprints/. */
export function makeFingerprint(position: number): Uint8Array {
  const style = FINGERS.find((f) => f.position === position);
  if (!style) throw new RangeError(`no synthetic finger at position ${position}`);
  return encodeJpeg(renderFinger(style), WIDTH, HEIGHT, { quality: 80, channels: 1, dpi: PPI });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = process.argv[2] ?? join(import.meta.dirname, 'fingerprints');
  mkdirSync(out, { recursive: true });
  for (const f of FINGERS) {
    const jpeg = makeFingerprint(f.position);
    writeFileSync(join(out, `synthetic-finger-${f.position}.jpg`), jpeg);
    process.stdout.write(`synthetic-finger-${f.position}.jpg: ${jpeg.length} bytes\n`);
  }
}
