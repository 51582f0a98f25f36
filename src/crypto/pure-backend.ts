// Pure JavaScript backend (@noble and the FIPS 46-3 DES in des.ts) for browsers and React Native.
import { cbc, ecb } from '@noble/ciphers/aes.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import type { BlockCipherRequest, CryptoBackend } from './backend.js';
import type { HashAlgorithm } from './hash.js';
import { keyedCipher } from './keyed-cipher.js';
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

function desMode(request: BlockCipherRequest, decrypt: boolean): Uint8Array {
  const c = keyedCipher(request.cipher, request.key);
  if (request.mode === 'ECB') return decrypt ? c.decryptEcb(request.data) : c.encryptEcb(request.data);
  return decrypt ? c.decryptCbc(request.iv!, request.data) : c.encryptCbc(request.iv!, request.data);
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
  keyedCipher,
  generateRsaKey: (bits, e) => generateRsaKeyPure(bits, e, defaultRandom),
  encrypt: (request) => (request.cipher === 'AES' ? aes(request).encrypt(request.data) : desMode(request, false)),
  decrypt: (request) => (request.cipher === 'AES' ? aes(request).decrypt(request.data) : desMode(request, true)),
};
