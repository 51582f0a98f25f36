// The crypto backend seam (architecture.md rule 1): node:crypto where present, @noble elsewhere, same results.
import type { HashAlgorithm } from './hash.js';
import type { KeyedCipher } from './keyed-cipher.js';
import type { EcPrivateKey, EcPublicKey } from './keys.js';
import type { RandomSource } from './random.js';
import type { RsaPrivateKey, RsaPublicKey } from './rsa-core.js';

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

/** RSA signature parameters (RFC 8017 §8.1 RSASSA-PSS, §8.2 RSASSA-PKCS1-v1_5). */
export interface RsaSignatureParams {
  readonly scheme: 'pkcs1v15' | 'pss';
  readonly hash: HashAlgorithm;
  /** PSS salt length in bytes (default: the hash length). Verification with undefined accepts any length. */
  readonly saltLength?: number;
}

/**
 * What a backend provides. Inputs are validated by the public functions (hash.ts, cipher.ts, ecdsa.ts, rsa.ts)
 * before they reach a backend; backends trust them.
 */
export interface CryptoBackend {
  readonly name: 'node' | 'pure';
  hash(alg: HashAlgorithm, data: Uint8Array): Uint8Array;
  /**
   * Optional: the digest written into out[at, at + length) instead of a new array, for encoders that place many
   * digests in one output (an LDSSecurityObject holds one per data group).
   */
  hashInto?(alg: HashAlgorithm, data: Uint8Array, out: Uint8Array, at: number): void;
  encrypt(request: BlockCipherRequest): Uint8Array;
  decrypt(request: BlockCipherRequest): Uint8Array;
  /** The cipher bound to one key, for many small operations under the same key (MACs, secure messaging). */
  keyedCipher(cipher: BlockCipherName, key: Uint8Array): KeyedCipher;
  /** ECDSA over H(message); returns r || s at the order's fixed width (TR-03111 §5.2.1 plain format). */
  ecdsaSign(key: EcPrivateKey, message: Uint8Array, hash: HashAlgorithm, random?: RandomSource): Uint8Array;
  /** Verifies a plain r || s signature; false for any invalid signature. */
  ecdsaVerify(key: EcPublicKey, message: Uint8Array, signature: Uint8Array, hash: HashAlgorithm): boolean;
  /**
   * Optional DER forms of the two, for backends whose library speaks DER natively (OpenSSL): CMS and X.509 carry
   * DER, and converting costs as much as a few percent of the operation. Both return undefined when they cannot
   * serve the key (then the r || s forms are used); verify returns false for any signature that is not canonical
   * DER or does not verify.
   */
  ecdsaSignDer?(key: EcPrivateKey, message: Uint8Array, hash: HashAlgorithm): Uint8Array | undefined;
  ecdsaVerifyDer?(key: EcPublicKey, message: Uint8Array, der: Uint8Array, hash: HashAlgorithm): boolean | undefined;
  rsaSign(key: RsaPrivateKey, message: Uint8Array, params: RsaSignatureParams, random?: RandomSource): Uint8Array;
  rsaVerify(key: RsaPublicKey, message: Uint8Array, signature: Uint8Array, params: RsaSignatureParams): boolean;
  /** A fresh RSA key of `bits` bits with public exponent `e`. */
  generateRsaKey(bits: number, e: bigint): RsaPrivateKey;
}
