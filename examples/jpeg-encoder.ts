// ISO/IEC 10918-1 (JPEG) baseline sequential encoder, YCbCr 4:4:4 with the Annex K tables and a JFIF header:
// small enough to read, enough to make the synthetic portraits that DG2 examples and tests carry.

/** ISO/IEC 10918-1 Annex K.1, Table K.1: luminance quantization at quality 50. */
const LUMA_Q = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51,
  87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101,
  72, 92, 95, 98, 112, 100, 103, 99,
];
/** Table K.2: chrominance quantization. */
const CHROMA_Q = [
  17,
  18,
  24,
  47,
  99,
  99,
  99,
  99,
  18,
  21,
  26,
  66,
  99,
  99,
  99,
  99,
  24,
  26,
  56,
  99,
  99,
  99,
  99,
  99,
  47,
  66,
  99,
  99,
  99,
  99,
  99,
  99,
  ...Array<number>(32).fill(99),
];

/** ISO/IEC 10918-1 Figure A.6: zig-zag order of the 64 coefficients. */
const ZIGZAG = [
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
  35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47,
  55, 62, 63,
];

interface HuffmanSpec {
  /** Number of codes of each length 1..16 (BITS). */
  bits: number[];
  /** Symbols in code order (HUFFVAL). */
  values: number[];
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const AC_LUMA_VALUES =
  '01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9fa';
const AC_CHROMA_VALUES =
  '000102031104052131061241510761711322328108144291a1b1c109233352f0156272d10a162434e125f11718191a262728292a35363738393a434445464748494a535455565758595a636465666768696a737475767778797a82838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae2e3e4e5e6e7e8e9eaf2f3f4f5f6f7f8f9fa';
const hexList = (h: string) => range(h.length / 2).map((i) => Number.parseInt(h.slice(2 * i, 2 * i + 2), 16));

/** Annex K.3, Tables K.3 to K.6: the typical Huffman tables (DC/AC, luminance/chrominance). */
const TABLES: Record<'dcLuma' | 'acLuma' | 'dcChroma' | 'acChroma', HuffmanSpec> = {
  dcLuma: { bits: [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0], values: range(12) },
  dcChroma: { bits: [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0], values: range(12) },
  acLuma: { bits: [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d], values: hexList(AC_LUMA_VALUES) },
  acChroma: { bits: [0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77], values: hexList(AC_CHROMA_VALUES) },
};

/** Annex C: canonical codes from BITS/HUFFVAL; returns symbol -> [code, length]. */
function huffmanCodes(spec: HuffmanSpec): Map<number, [number, number]> {
  const codes = new Map<number, [number, number]>();
  let code = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++) {
    for (let i = 0; i < (spec.bits[len - 1] as number); i++) codes.set(spec.values[k++] as number, [code++, len]);
    code <<= 1;
  }
  return codes;
}

/** Annex K.1: the quality scaling used by the IJG library (quality 1..100). */
function scaledTable(base: number[], quality: number): number[] {
  const q = Math.min(100, Math.max(1, Math.round(quality)));
  const scale = q < 50 ? 5000 / q : 200 - 2 * q;
  return base.map((v) => Math.min(255, Math.max(1, Math.floor((v * scale + 50) / 100))));
}

class BitWriter {
  private readonly out: number[] = [];
  private acc = 0;
  private n = 0;
  write(code: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((code >> i) & 1);
      if (++this.n === 8) this.flushByte();
    }
  }
  private flushByte(): void {
    this.out.push(this.acc);
    // §F.1.2.3: a 0xFF byte in entropy-coded data is followed by a stuffed 0x00.
    if (this.acc === 0xff) this.out.push(0);
    this.acc = 0;
    this.n = 0;
  }
  /** §F.1.2.3: pad the last byte with 1-bits. */
  finish(): number[] {
    while (this.n !== 0) this.write(1, 1);
    return this.out;
  }
}

const COS = range(64).map((i) => {
  const x = i >> 3;
  const u = i & 7;
  return Math.cos(((2 * x + 1) * u * Math.PI) / 16);
});

/** §A.3.3 forward DCT of one 8x8 block (level-shifted samples), quantized, in natural order. */
function fdctQuantize(block: Float64Array, q: number[]): Int32Array {
  const out = new Int32Array(64);
  for (let v = 0; v < 8; v++) {
    for (let u = 0; u < 8; u++) {
      let sum = 0;
      for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 8; x++)
          sum += (block[y * 8 + x] as number) * (COS[x * 8 + u] as number) * (COS[y * 8 + v] as number);
      }
      const cu = u === 0 ? Math.SQRT1_2 : 1;
      const cv = v === 0 ? Math.SQRT1_2 : 1;
      out[v * 8 + u] = Math.round((0.25 * cu * cv * sum) / (q[v * 8 + u] as number));
    }
  }
  return out;
}

/** §F.1.2.1: magnitude category and the additional bits of a coefficient. */
function category(value: number): [number, number] {
  const abs = Math.abs(value);
  let size = 0;
  while (abs >> size) size++;
  return [size, value < 0 ? value + (1 << size) - 1 : value];
}

/** JFIF: full-range YCbCr (CCIR 601 coefficients) of the RGB pixel at `i`, component 0 Y, 1 Cb, 2 Cr. */
function ycbcr(rgb: Uint8Array, i: number, comp: number): number {
  const r = rgb[i] as number;
  const g = rgb[i + 1] as number;
  const b = rgb[i + 2] as number;
  if (comp === 0) return 0.299 * r + 0.587 * g + 0.114 * b;
  if (comp === 1) return -0.168736 * r - 0.331264 * g + 0.5 * b + 128;
  return 0.5 * r - 0.418688 * g - 0.081312 * b + 128;
}

function segment(marker: number, body: number[]): number[] {
  const len = body.length + 2;
  return [0xff, marker, len >> 8, len & 0xff, ...body];
}

export interface JpegOptions {
  /** IJG-style quality 1..100 (default 80). */
  quality?: number;
  /** 3 (default): interleaved RGB in, YCbCr out; 1: greyscale in and out (fingerprints). */
  channels?: 1 | 3;
  /** Pixel density written in the JFIF header (ISO/IEC 19794-4 fingerprints: 500); default: aspect ratio only. */
  dpi?: number;
}

/**
 * Encodes 8-bit pixels (`width * height * channels` bytes, RGB interleaved or grey) as a baseline JFIF JPEG.
 *
 * @example
 * const jpeg = encodeJpeg(new Uint8Array(16 * 16 * 3).fill(200), 16, 16, { quality: 90 });
 */
export function encodeJpeg(pixels: Uint8Array, width: number, height: number, options: JpegOptions = {}): Uint8Array {
  if (
    !Number.isInteger(width) ||
    !Number.isInteger(height) ||
    width < 1 ||
    height < 1 ||
    width > 65535 ||
    height > 65535
  ) {
    throw new RangeError('encodeJpeg: width and height must be integers 1..65535');
  }
  const channels = options.channels ?? 3;
  if (pixels.length !== width * height * channels) {
    throw new RangeError(`encodeJpeg: expected width * height * ${channels} bytes`);
  }
  const dpi = options.dpi;
  if (dpi !== undefined && (!Number.isInteger(dpi) || dpi < 1 || dpi > 65535)) {
    throw new RangeError('encodeJpeg: dpi must be an integer 1..65535');
  }
  const quality = options.quality ?? 80;
  const qLuma = scaledTable(LUMA_Q, quality);
  const qChroma = scaledTable(CHROMA_Q, quality);
  const codes = {
    dcLuma: huffmanCodes(TABLES.dcLuma),
    acLuma: huffmanCodes(TABLES.acLuma),
    dcChroma: huffmanCodes(TABLES.dcChroma),
    acChroma: huffmanCodes(TABLES.acChroma),
  };
  const bits = new BitWriter();
  const emit = (table: Map<number, [number, number]>, symbol: number) => {
    const c = table.get(symbol) as [number, number];
    bits.write(c[0], c[1]);
  };
  const predictors = [0, 0, 0];
  const block = new Float64Array(64);
  for (let by = 0; by < height; by += 8) {
    for (let bx = 0; bx < width; bx += 8) {
      for (let comp = 0; comp < channels; comp++) {
        // JFIF: YCbCr per CCIR 601 with full range; edge blocks repeat the last row/column.
        for (let y = 0; y < 8; y++) {
          for (let x = 0; x < 8; x++) {
            const px = Math.min(bx + x, width - 1);
            const py = Math.min(by + y, height - 1);
            const i = (py * width + px) * channels;
            block[y * 8 + x] = (channels === 1 ? (pixels[i] as number) : ycbcr(pixels, i, comp)) - 128;
          }
        }
        const coefficients = fdctQuantize(block, comp === 0 ? qLuma : qChroma);
        const dc = comp === 0 ? codes.dcLuma : codes.dcChroma;
        const ac = comp === 0 ? codes.acLuma : codes.acChroma;
        const diff = (coefficients[0] as number) - (predictors[comp] as number);
        predictors[comp] = coefficients[0] as number;
        const [dcSize, dcBits] = category(diff);
        emit(dc, dcSize);
        if (dcSize) bits.write(dcBits, dcSize);
        let run = 0;
        for (let k = 1; k < 64; k++) {
          const coefficient = coefficients[ZIGZAG[k] as number] as number;
          if (coefficient === 0) {
            run++;
            continue;
          }
          while (run > 15) {
            emit(ac, 0xf0); // ZRL: sixteen zeros
            run -= 16;
          }
          const [size, extra] = category(coefficient);
          emit(ac, (run << 4) | size);
          bits.write(extra, size);
          run = 0;
        }
        if (run > 0) emit(ac, 0x00); // EOB
      }
    }
  }
  const colour = channels === 3;
  const dqt = [0x00, ...ZIGZAG.map((z) => qLuma[z] as number)];
  if (colour) dqt.push(0x01, ...ZIGZAG.map((z) => qChroma[z] as number));
  const dht = (cls: number, id: number, spec: HuffmanSpec) => [(cls << 4) | id, ...spec.bits, ...spec.values];
  const tables = [...dht(0, 0, TABLES.dcLuma), ...dht(1, 0, TABLES.acLuma)];
  if (colour) tables.push(...dht(0, 1, TABLES.dcChroma), ...dht(1, 1, TABLES.acChroma));
  // JFIF density: units 0 = aspect ratio only, 1 = dots per inch.
  const density = dpi === undefined ? [0, 0, 1, 0, 1] : [1, dpi >> 8, dpi & 0xff, dpi >> 8, dpi & 0xff];
  const frameComponents = colour ? [3, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1] : [1, 1, 0x11, 0];
  const scanComponents = colour ? [3, 1, 0x00, 2, 0x11, 3, 0x11] : [1, 1, 0x00];
  const bytes = [
    0xff,
    0xd8, // SOI
    ...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, ...density, 0, 0]), // APP0 JFIF 1.01, no thumbnail
    ...segment(0xdb, dqt),
    ...segment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, ...frameComponents]),
    ...segment(0xc4, tables),
    ...segment(0xda, [...scanComponents, 0, 63, 0]),
    ...bits.finish(),
    0xff,
    0xd9, // EOI
  ];
  return Uint8Array.from(bytes);
}
