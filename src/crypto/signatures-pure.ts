// Pure JavaScript ECDSA (FIPS 186-5 §6.4 via @noble/curves, any curve of ec.ts) and RSA signatures (RFC 8017
// §8.1-8.2 over rsa-core.ts), shared by the pure backend and by the Node backend for explicit-parameter curves.
import { bytesToBigInt, numberToBytes } from '../bytes.js';
import { CccdError } from '../errors.js';
import type { RsaSignatureParams } from './backend.js';
import { nobleOf } from './ec.js';
import { HASHES, type HashAlgorithm } from './hash.js';
import type { EcPrivateKey, EcPublicKey } from './keys.js';
import { defaultRandom, type RandomSource } from './random.js';
import {
  emsaPkcs1v15,
  emsaPssEncode,
  emsaPssVerify,
  type HashFn,
  modulusBits,
  modulusLength,
  type RsaPrivateKey,
  type RsaPublicKey,
  rsaPrivateOperation,
  rsaPublicOperation,
  signatureToInt,
} from './rsa-core.js';

/** The pure primitives, parametrized by the hash function of the backend that uses them. */
export function pureSignatures(hash: HashFn) {
  return {
    ecdsaSign(key: EcPrivateKey, message: Uint8Array, alg: HashAlgorithm, random?: RandomSource): Uint8Array {
      const digest = hash(alg, message);
      // RFC 6979 deterministic k; an injected random source adds extra entropy (and replays exactly).
      const extraEntropy = random ? random(32) : false;
      return nobleOf(key.curve).ecdsa.sign(digest, key.scalar, { prehash: false, lowS: false, extraEntropy });
    },
    ecdsaVerify(key: EcPublicKey, message: Uint8Array, signature: Uint8Array, alg: HashAlgorithm): boolean {
      if (signature.length !== 2 * key.curve.orderLength) return false;
      try {
        return nobleOf(key.curve).ecdsa.verify(signature, hash(alg, message), key.point, {
          prehash: false,
          lowS: false,
        });
      } catch {
        return false;
      }
    },
    rsaSign(key: RsaPrivateKey, message: Uint8Array, params: RsaSignatureParams, random?: RandomSource): Uint8Array {
      const k = modulusLength(key);
      const digest = hash(params.hash, message);
      const em =
        params.scheme === 'pkcs1v15'
          ? emsaPkcs1v15(params.hash, digest, k)
          : emsaPssEncode(
              hash,
              params.hash,
              digest,
              (random ?? defaultRandom)(params.saltLength ?? HASHES[params.hash].length),
              modulusBits(key) - 1,
            );
      return numberToBytes(rsaPrivateOperation(key, bytesToBigInt(em)), k);
    },
    rsaVerify(key: RsaPublicKey, message: Uint8Array, signature: Uint8Array, params: RsaSignatureParams): boolean {
      const s = signatureToInt(key, signature);
      if (s === undefined) return false;
      const k = modulusLength(key);
      const digest = hash(params.hash, message);
      const m = rsaPublicOperation(key, s);
      if (params.scheme === 'pkcs1v15') {
        const em = numberToBytes(m, k);
        const expected = emsaPkcs1v15(params.hash, digest, k);
        let diff = 0;
        for (let i = 0; i < k; i++) diff |= em[i]! ^ expected[i]!;
        return diff === 0;
      }
      const emBits = modulusBits(key) - 1;
      const emLen = Math.ceil(emBits / 8);
      if (m >= 1n << BigInt(8 * emLen)) return false;
      return emsaPssVerify(hash, params.hash, digest, numberToBytes(m, emLen), emBits, params.saltLength);
    },
  };
}

/** Throws CRYPTO_UNSUPPORTED for RSA key sizes outside 1024-4096 bits or an even/small exponent. */
export function checkRsaKeySpec(bits: number, e: bigint): void {
  if (!Number.isInteger(bits) || bits < 1024 || bits > 4096 || bits % 8 !== 0) {
    throw new CccdError('CRYPTO_UNSUPPORTED', `RSA key size ${bits}: expected 1024-4096 bits, a multiple of 8`);
  }
  if (e < 3n || e % 2n === 0n) throw new CccdError('CRYPTO_UNSUPPORTED', 'RSA public exponent must be odd and >= 3');
}
