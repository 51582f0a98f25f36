// Pure JavaScript backend (@noble and the FIPS 46-3 DES in des.ts) for browsers and React Native.
import { cbc, ecb } from '@noble/ciphers/aes.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import type { BlockCipherRequest, CryptoBackend } from './backend.js';
import { desBlock, desKeySchedule } from './des.js';
import type { HashAlgorithm } from './hash.js';
import { defaultRandom } from './random.js';
import { generateRsaKeyPure } from './rsa-core.js';
import { pureSignatures } from './signatures-pure.js';

const HASH_FNS: Record<HashAlgorithm, (data: Uint8Array) => Uint8Array> = {
  'SHA-1': sha1,
  'SHA-224': sha224,
  'SHA-256': sha256,
  'SHA-384': sha384,
  'SHA-512': sha512,
};

type BlockFn = (block: Uint8Array, out: Uint8Array, off: number) => void;

/** DES or EDE 3DES (K1 K2 K1 for a 16-byte key, K1 K2 K3 for 24) as one block function. */
function desFunction(key: Uint8Array, decrypt: boolean): BlockFn {
  const keys =
    key.length === 8
      ? [key]
      : [key.subarray(0, 8), key.subarray(8, 16), key.length === 16 ? key.subarray(0, 8) : key.subarray(16, 24)];
  const schedules = keys.map((k) => desKeySchedule(k));
  if (schedules.length === 1) {
    const ks = schedules[0]!;
    return (block, out, off) => desBlock(ks, decrypt, block, out, off);
  }
  const [k1, k2, k3] = schedules as [Uint8Array, Uint8Array, Uint8Array];
  return (block, out, off) => {
    // EDE: E_K3(D_K2(E_K1(x))); decryption runs the inverse in reverse order.
    desBlock(decrypt ? k3 : k1, decrypt, block, out, off);
    desBlock(k2, !decrypt, out, out, off);
    desBlock(decrypt ? k1 : k3, decrypt, out, out, off);
  };
}

function desMode(request: BlockCipherRequest, decrypt: boolean): Uint8Array {
  const f = desFunction(request.key, decrypt);
  // Work in place on a copy: each block is chained, transformed and (for CBC decryption) unchained in `out`.
  const out = Uint8Array.prototype.slice.call(request.data);
  const cbc = request.mode === 'CBC';
  let chain = cbc ? Uint8Array.prototype.slice.call(request.iv!) : new Uint8Array(8);
  for (let off = 0; off < out.length; off += 8) {
    if (cbc && !decrypt) for (let i = 0; i < 8; i++) out[off + i]! ^= chain[i]!;
    const cipherBlock = decrypt ? out.slice(off, off + 8) : undefined;
    f(out, out, off);
    if (!cbc) continue;
    if (cipherBlock) {
      for (let i = 0; i < 8; i++) out[off + i]! ^= chain[i]!;
      chain = cipherBlock;
    } else chain = out.subarray(off, off + 8);
  }
  return out;
}

function aes(request: BlockCipherRequest) {
  const opts = { disablePadding: true };
  return request.mode === 'CBC' ? cbc(request.key, request.iv!, opts) : ecb(request.key, opts);
}

const hash = (alg: HashAlgorithm, data: Uint8Array) => HASH_FNS[alg](data);

export const pureBackend: CryptoBackend = {
  name: 'pure',
  hash,
  ...pureSignatures(hash),
  generateRsaKey: (bits, e) => generateRsaKeyPure(bits, e, defaultRandom),
  encrypt: (request) => (request.cipher === 'AES' ? aes(request).encrypt(request.data) : desMode(request, false)),
  decrypt: (request) => (request.cipher === 'AES' ? aes(request).decrypt(request.data) : desMode(request, true)),
};
