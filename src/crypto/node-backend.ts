// node:crypto backend (OpenSSL): the fast default in Node. OpenSSL 3 refuses single DES, so DES runs as
// 2-key EDE with K||K, which equals single DES.
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { concatBytes } from '../bytes.js';
import type { BlockCipherRequest, CryptoBackend } from './backend.js';
import type { HashAlgorithm } from './hash.js';

const HASH_NAMES: Record<HashAlgorithm, string> = {
  'SHA-1': 'sha1',
  'SHA-224': 'sha224',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

/** A Uint8Array view of a Buffer's bytes (callers never receive a Buffer). */
function u8(buf: Buffer): Uint8Array {
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

function opensslCipher(request: BlockCipherRequest): { name: string; key: Uint8Array } {
  const mode = request.mode.toLowerCase();
  const { key } = request;
  if (request.cipher === 'AES') return { name: `aes-${key.length * 8}-${mode}`, key };
  if (request.cipher === 'DES') return { name: `des-ede-${mode}`, key: concatBytes(key, key) };
  return { name: key.length === 16 ? `des-ede-${mode}` : `des-ede3-${mode}`, key };
}

function run(request: BlockCipherRequest, decrypt: boolean): Uint8Array {
  const { name, key } = opensslCipher(request);
  const iv = request.mode === 'CBC' ? request.iv! : null;
  const c = decrypt ? createDecipheriv(name, key, iv) : createCipheriv(name, key, iv);
  c.setAutoPadding(false);
  const head = c.update(request.data);
  const tail = c.final();
  return tail.length === 0 ? u8(head) : u8(Buffer.concat([head, tail]));
}

export const nodeBackend: CryptoBackend = {
  name: 'node',
  hash: (alg, data) => u8(createHash(HASH_NAMES[alg]).update(data).digest()),
  encrypt: (request) => run(request, false),
  decrypt: (request) => run(request, true),
};
