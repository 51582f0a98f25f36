// FIPS 46-3 DES block function, written once for the pure backend: ICAO 9303-11 still requires 3DES for BAC and
// 3DES secure messaging (§9.7, §9.8), and neither @noble/ciphers nor OpenSSL 3's default provider offers single DES.

// FIPS 46-3 tables, 1-based bit positions counted from the most significant bit.
const IP = [
  58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4, 62, 54, 46, 38, 30, 22, 14, 6, 64, 56, 48, 40, 32, 24,
  16, 8, 57, 49, 41, 33, 25, 17, 9, 1, 59, 51, 43, 35, 27, 19, 11, 3, 61, 53, 45, 37, 29, 21, 13, 5, 63, 55, 47, 39, 31,
  23, 15, 7,
];
const P = [
  16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10, 2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22, 11, 4, 25,
];
const PC1 = [
  57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18, 10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60, 52, 44, 36, 63, 55,
  47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22, 14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4,
];
const PC2 = [
  14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10, 23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2, 41, 52, 31, 37, 47, 55, 30,
  40, 51, 45, 33, 48, 44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32,
];
const SHIFTS = [1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1];
const S = [
  '14 4 13 1 2 15 11 8 3 10 6 12 5 9 0 7 0 15 7 4 14 2 13 1 10 6 12 11 9 5 3 8 4 1 14 8 13 6 2 11 15 12 9 7 3 10 5 0 15 12 8 2 4 9 1 7 5 11 3 14 10 0 6 13',
  '15 1 8 14 6 11 3 4 9 7 2 13 12 0 5 10 3 13 4 7 15 2 8 14 12 0 1 10 6 9 11 5 0 14 7 11 10 4 13 1 5 8 12 6 9 3 2 15 13 8 10 1 3 15 4 2 11 6 7 12 0 5 14 9',
  '10 0 9 14 6 3 15 5 1 13 12 7 11 4 2 8 13 7 0 9 3 4 6 10 2 8 5 14 12 11 15 1 13 6 4 9 8 15 3 0 11 1 2 12 5 10 14 7 1 10 13 0 6 9 8 7 4 15 14 3 11 5 2 12',
  '7 13 14 3 0 6 9 10 1 2 8 5 11 12 4 15 13 8 11 5 6 15 0 3 4 7 2 12 1 10 14 9 10 6 9 0 12 11 7 13 15 1 3 14 5 2 8 4 3 15 0 6 10 1 13 8 9 4 5 11 12 7 2 14',
  '2 12 4 1 7 10 11 6 8 5 3 15 13 0 14 9 14 11 2 12 4 7 13 1 5 0 15 10 3 9 8 6 4 2 1 11 10 13 7 8 15 9 12 5 6 3 0 14 11 8 12 7 1 14 2 13 6 15 0 9 10 4 5 3',
  '12 1 10 15 9 2 6 8 0 13 3 4 14 7 5 11 10 15 4 2 7 12 9 5 6 1 13 14 0 11 3 8 9 14 15 5 2 8 12 3 7 0 4 10 1 13 11 6 4 3 2 12 9 5 15 10 11 14 1 7 6 0 8 13',
  '4 11 2 14 15 0 8 13 3 12 9 7 5 10 6 1 13 0 11 7 4 9 1 10 14 3 5 12 2 15 8 6 1 4 11 13 12 3 7 14 10 15 6 8 0 5 9 2 6 11 13 8 1 4 10 7 9 5 0 15 14 2 3 12',
  '13 2 8 4 6 15 11 1 10 9 3 14 5 0 12 7 1 15 13 8 10 3 7 4 12 5 6 11 0 14 9 2 7 11 4 1 9 12 14 2 0 6 10 13 15 3 5 8 2 1 14 7 4 10 8 13 15 12 9 0 3 5 6 11',
].map((row) => row.split(' ').map(Number));

const FP = new Array<number>(64);
IP.forEach((from, to) => {
  FP[from - 1] = to + 1;
});

/**
 * Compiles a 64-bit permutation into per-byte lookup tables: entry (byte index, byte value) holds the output
 * bits contributed by that input byte, as two 32-bit halves.
 */
function compile64(table: number[]): Uint32Array {
  const out = new Uint32Array(8 * 256 * 2);
  table.forEach((from, to) => {
    const byte = (from - 1) >> 3;
    const mask = 0x80 >> ((from - 1) & 7);
    const word = to < 32 ? 0 : 1;
    const bit = (1 << (31 - (to & 31))) >>> 0;
    for (let v = 0; v < 256; v++) if (v & mask) out[(byte * 256 + v) * 2 + word]! |= bit;
  });
  return out;
}

const IP_T = compile64(IP);
const FP_T = compile64(FP);

// S-boxes combined with the P permutation: SP[j][six bits] is P applied to S_j's output in its nibble position.
const SP: Uint32Array[] = S.map((box, j) => {
  const t = new Uint32Array(64);
  for (let x = 0; x < 64; x++) {
    const row = ((x & 0x20) >> 4) | (x & 1);
    const col = (x >> 1) & 0xf;
    const s = (box[row * 16 + col]! << (28 - 4 * j)) >>> 0;
    let p = 0;
    P.forEach((from, to) => {
      if (s & (1 << (32 - from))) p |= 1 << (31 - to);
    });
    t[x] = p >>> 0;
  }
  return t;
});

function permute(t: Uint32Array, block: Uint8Array, off: number): [number, number] {
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < 8; i++) {
    const k = (i * 256 + block[off + i]!) * 2;
    hi |= t[k]!;
    lo |= t[k + 1]!;
  }
  return [hi >>> 0, lo >>> 0];
}

/** The 16 round keys, each as eight 6-bit groups (FIPS 46-3 key schedule). */
export function desKeySchedule(key: Uint8Array): Uint8Array {
  const bits = (i: number) => (key[(i - 1) >> 3]! >> (7 - ((i - 1) & 7))) & 1;
  const cd = PC1.map(bits);
  let c = cd.slice(0, 28);
  let d = cd.slice(28);
  const out = new Uint8Array(16 * 8);
  for (let round = 0; round < 16; round++) {
    const s = SHIFTS[round]!;
    c = c.slice(s).concat(c.slice(0, s));
    d = d.slice(s).concat(d.slice(0, s));
    const both = c.concat(d);
    for (let j = 0; j < 8; j++) {
      let v = 0;
      for (let b = 0; b < 6; b++) v = (v << 1) | both[PC2[j * 6 + b]! - 1]!;
      out[round * 8 + j] = v;
    }
  }
  return out;
}

function feistel(r: number, ks: Uint8Array, round: number): number {
  let f = 0;
  for (let j = 0; j < 8; j++) {
    // FIPS 46-3 E table: group j takes bits 4j..4j+5 (bit 0 meaning bit 32), i.e. R rotated so bit 4j leads.
    const rot = (4 * j + 31) & 31;
    const e = ((r << rot) | (r >>> ((32 - rot) & 31))) >>> 26;
    f |= SP[j]![(e ^ ks[round * 8 + j]!) & 0x3f]!;
  }
  return f >>> 0;
}

/** Encrypts (decrypt = false) or decrypts one 8-byte block at `off` of `input` into `output` at the same offset. */
export function desBlock(ks: Uint8Array, decrypt: boolean, input: Uint8Array, output: Uint8Array, off: number): void {
  let [l, r] = permute(IP_T, input, off);
  for (let i = 0; i < 16; i++) {
    const next = (l ^ feistel(r, ks, decrypt ? 15 - i : i)) >>> 0;
    l = r;
    r = next;
  }
  const pre = new Uint8Array(8);
  // FIPS 46-3: the preoutput block is R16 L16.
  pre[0] = r >>> 24;
  pre[1] = r >>> 16;
  pre[2] = r >>> 8;
  pre[3] = r;
  pre[4] = l >>> 24;
  pre[5] = l >>> 16;
  pre[6] = l >>> 8;
  pre[7] = l;
  const [hi, lo] = permute(FP_T, pre, 0);
  output[off] = hi >>> 24;
  output[off + 1] = hi >>> 16;
  output[off + 2] = hi >>> 8;
  output[off + 3] = hi;
  output[off + 4] = lo >>> 24;
  output[off + 5] = lo >>> 16;
  output[off + 6] = lo >>> 8;
  output[off + 7] = lo;
}
