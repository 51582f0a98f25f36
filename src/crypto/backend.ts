// The crypto backend seam (architecture.md rule 1): node:crypto where present, @noble elsewhere, same results.
import type { HashAlgorithm } from './hash.js';

/** 'DES' is single DES (8-byte key, ISO/IEC 9797-1 MAC algorithm 3); '3DES' is EDE with a 16- or 24-byte key. */
export type BlockCipherName = 'DES' | '3DES' | 'AES';
export type BlockMode = 'ECB' | 'CBC';

/** One raw block cipher call: no padding, `data` a multiple of the block size, `iv` present for CBC. */
export interface BlockCipherRequest {
  readonly cipher: BlockCipherName;
  readonly mode: BlockMode;
  readonly key: Uint8Array;
  readonly iv?: Uint8Array;
  readonly data: Uint8Array;
}

/** An ECDSA key on a named curve known to both backends, or on explicit parameters (pure backend only). */
export interface EcdsaRequest {
  /** Curve name from src/crypto/curves.ts, or undefined for explicit parameters. */
  readonly curveName: string | undefined;
  readonly hash: HashAlgorithm;
  readonly message: Uint8Array;
}

/**
 * What a backend provides. Inputs are validated by the public functions (hash.ts, cipher.ts, ecdsa.ts, rsa.ts)
 * before they reach a backend; backends trust them.
 */
export interface CryptoBackend {
  readonly name: 'node' | 'pure';
  hash(alg: HashAlgorithm, data: Uint8Array): Uint8Array;
  encrypt(request: BlockCipherRequest): Uint8Array;
  decrypt(request: BlockCipherRequest): Uint8Array;
}
