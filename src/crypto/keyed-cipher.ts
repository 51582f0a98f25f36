// Block ciphers with the key schedule computed once (FIPS 197 AES via @noble/ciphers' exported round functions,
// FIPS 46-3 DES via des.ts): secure messaging encrypts and MACs a few blocks per APDU under the same session key,
// where setting up a cipher per call (OpenSSL or noble) costs more than the blocks themselves.
import { unsafe } from '@noble/ciphers/aes.js';
import type { BlockCipherName } from './backend.js';
import { desBlock, desKeySchedule } from './des.js';

/** A block cipher bound to one key. Data is a whole number of blocks; results are fresh arrays. */
export interface KeyedCipher {
  readonly blockLength: 8 | 16;
  encryptEcb(data: Uint8Array): Uint8Array;
  decryptEcb(data: Uint8Array): Uint8Array;
  encryptCbc(iv: Uint8Array, data: Uint8Array): Uint8Array;
  decryptCbc(iv: Uint8Array, data: Uint8Array): Uint8Array;
  /** The last block of CBC encryption with a zero IV, without allocating the rest (CBC-MAC core). */
  cbcMac(data: Uint8Array, iv?: Uint8Array): Uint8Array;
}

type BlockFn = (input: Uint8Array, inOff: number, output: Uint8Array, outOff: number) => void;

function putLE(out: Uint8Array, o: number, v: number): void {
  out[o] = v;
  out[o + 1] = v >>> 8;
  out[o + 2] = v >>> 16;
  out[o + 3] = v >>> 24;
}

function aesBlockFns(key: Uint8Array): { enc: BlockFn; dec: BlockFn } {
  const xk = unsafe.expandKeyLE(key);
  const xkd = unsafe.expandKeyDecLE(key);
  // noble's round function works on little-endian 32-bit columns; written out inline because this runs per block.
  const run =
    (f: typeof unsafe.encrypt, k: Uint32Array): BlockFn =>
    (input, i, output, o) => {
      const s = f(
        k,
        input[i]! | (input[i + 1]! << 8) | (input[i + 2]! << 16) | (input[i + 3]! << 24),
        input[i + 4]! | (input[i + 5]! << 8) | (input[i + 6]! << 16) | (input[i + 7]! << 24),
        input[i + 8]! | (input[i + 9]! << 8) | (input[i + 10]! << 16) | (input[i + 11]! << 24),
        input[i + 12]! | (input[i + 13]! << 8) | (input[i + 14]! << 16) | (input[i + 15]! << 24),
      );
      putLE(output, o, s.s0);
      putLE(output, o + 4, s.s1);
      putLE(output, o + 8, s.s2);
      putLE(output, o + 12, s.s3);
    };
  return { enc: run(unsafe.encrypt, xk), dec: run(unsafe.decrypt, xkd) };
}

function desBlockFns(key: Uint8Array): { enc: BlockFn; dec: BlockFn } {
  const parts =
    key.length === 8
      ? [key]
      : [key.subarray(0, 8), key.subarray(8, 16), key.length === 16 ? key.subarray(0, 8) : key.subarray(16, 24)];
  const ks = parts.map((k) => desKeySchedule(k));
  if (ks.length === 1) {
    const k = ks[0]!;
    return {
      enc: (input, i, output, o) => desBlockAt(k, false, input, i, output, o),
      dec: (input, i, output, o) => desBlockAt(k, true, input, i, output, o),
    };
  }
  const [k1, k2, k3] = ks as [Uint8Array, Uint8Array, Uint8Array];
  // EDE (FIPS 46-3 / SP 800-67): E_K3(D_K2(E_K1(x))), and the inverse in reverse order.
  return {
    enc: (input, i, output, o) => {
      desBlockAt(k1, false, input, i, output, o);
      desBlockAt(k2, true, output, o, output, o);
      desBlockAt(k3, false, output, o, output, o);
    },
    dec: (input, i, output, o) => {
      desBlockAt(k3, true, input, i, output, o);
      desBlockAt(k2, false, output, o, output, o);
      desBlockAt(k1, true, output, o, output, o);
    },
  };
}

const scratch = new Uint8Array(8);
function desBlockAt(ks: Uint8Array, decrypt: boolean, input: Uint8Array, i: number, output: Uint8Array, o: number) {
  if (i === o && input === output) desBlock(ks, decrypt, input, output, o);
  else {
    scratch.set(input.subarray(i, i + 8));
    desBlock(ks, decrypt, scratch, scratch, 0);
    output.set(scratch, o);
  }
}

/** Binds `cipher` to `key` (lengths checked by the caller: 8 DES, 16/24 3DES, 16/24/32 AES). */
export function keyedCipher(cipher: BlockCipherName, key: Uint8Array): KeyedCipher {
  const { enc, dec } = cipher === 'AES' ? aesBlockFns(key) : desBlockFns(key);
  const n = cipher === 'AES' ? 16 : 8;
  return {
    blockLength: n,
    encryptEcb(data) {
      const out = new Uint8Array(data.length);
      for (let off = 0; off < data.length; off += n) enc(data, off, out, off);
      return out;
    },
    decryptEcb(data) {
      const out = new Uint8Array(data.length);
      for (let off = 0; off < data.length; off += n) dec(data, off, out, off);
      return out;
    },
    encryptCbc(iv, data) {
      const out = new Uint8Array(data.length);
      for (let off = 0; off < data.length; off += n) {
        for (let j = 0; j < n; j++) out[off + j] = data[off + j]! ^ (off === 0 ? iv[j]! : out[off - n + j]!);
        enc(out, off, out, off);
      }
      return out;
    },
    decryptCbc(iv, data) {
      const out = new Uint8Array(data.length);
      for (let off = 0; off < data.length; off += n) {
        dec(data, off, out, off);
        for (let j = 0; j < n; j++) out[off + j]! ^= off === 0 ? iv[j]! : data[off - n + j]!;
      }
      return out;
    },
    cbcMac(data, iv) {
      const chain = iv ? Uint8Array.prototype.slice.call(iv) : new Uint8Array(n);
      for (let off = 0; off < data.length; off += n) {
        for (let j = 0; j < n; j++) chain[j]! ^= data[off + j]!;
        enc(chain, 0, chain, 0);
      }
      return chain;
    },
  };
}
