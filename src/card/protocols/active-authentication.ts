// ICAO 9303-11 §6.1 Active Authentication, card side: INTERNAL AUTHENTICATE signs the terminal's nonce with the
// chip's private key, RSA with ISO/IEC 9796-2 scheme 1 (§6.1.2.2) or ECDSA in the plain format (§6.1.2.3).
import { concatBytes } from '../../bytes.js';
import { ecdsaSign } from '../../crypto/ecdsa.js';
import { HASHES, type HashAlgorithm } from '../../crypto/hash.js';
import { iso9796Sign } from '../../crypto/iso9796-2.js';
import type { PrivateKey } from '../../crypto/keys.js';
import type { RandomSource } from '../../crypto/random.js';
import { modulusLength } from '../../crypto/rsa-core.js';
import { CccdError } from '../../errors.js';
import { type CardResponse, SW, status } from './status.js';

/** Hostile-chip switches for conformance tests; all off by default. */
export interface ActiveAuthenticationFaults {
  /** Flip one bit of the signature. */
  readonly wrongSignature?: boolean;
  /** Sign a different nonce than the one received (a replayed or precomputed answer). */
  readonly ignoreChallenge?: boolean;
}

export interface ActiveAuthenticationResponderConfig {
  /** KPrAA: an RSA or EC private key (e.g. decodePkcs8 of the personalized key). */
  readonly privateKey: PrivateKey;
  /**
   * The hash: for RSA SHA-1 (trailer BC) by default, else trailer option 2 (§6.1.2.2); for ECDSA the hash of
   * ActiveAuthenticationInfo in DG14, by default the one matching the curve size (§6.1.2.3).
   */
  readonly hash?: HashAlgorithm;
  /** Source of RND.IC (the recoverable part M1 for RSA) and of the ECDSA nonce. */
  readonly random: RandomSource;
  readonly faults?: ActiveAuthenticationFaults;
}

/** §6.1.2.1 asks for an 8-byte RND.IFD; chips in the field accept other lengths, up to one short APDU. */
const MAX_CHALLENGE = 255;

/** §6.1.2.3: SHA-1 and RIPEMD-160 are not allowed for ECDSA; the default hash follows the order's size. */
function defaultEcdsaHash(orderBits: number): HashAlgorithm {
  if (orderBits <= 224) return 'SHA-224';
  if (orderBits <= 256) return 'SHA-256';
  if (orderBits <= 384) return 'SHA-384';
  return 'SHA-512';
}

/**
 * The chip's half of Active Authentication.
 *
 * @example
 * const aa = new ActiveAuthenticationResponder({ privateKey: decodePkcs8(der), random: defaultRandom });
 * const r = aa.internalAuthenticate(rndIfd); // { data: signature, sw: 0x9000 }
 */
export class ActiveAuthenticationResponder {
  readonly #config: ActiveAuthenticationResponderConfig;
  readonly #hash: HashAlgorithm;

  constructor(config: ActiveAuthenticationResponderConfig) {
    const key = config.privateKey;
    if (!key || (key.kind !== 'rsa' && key.kind !== 'ec')) {
      throw new CccdError('INVALID_ARGUMENT', 'privateKey: expected an RSA or EC private key');
    }
    if (typeof config.random !== 'function') throw new CccdError('INVALID_ARGUMENT', 'random: expected a function');
    const hash = config.hash ?? (key.kind === 'rsa' ? 'SHA-1' : defaultEcdsaHash(key.curve.n.toString(2).length));
    if (!Object.hasOwn(HASHES, hash)) throw new CccdError('CRYPTO_UNSUPPORTED', `hash: ${String(hash)}`);
    // ISO/IEC 9796-2 as src/crypto implements it needs a whole-byte modulus (F = 6A ... must stay below n).
    if (key.kind === 'rsa' && key.n.toString(2).length % 8 !== 0) {
      throw new CccdError('CRYPTO_UNSUPPORTED', 'privateKey: RSA modulus length is not a multiple of 8 bits');
    }
    if (key.kind === 'ec' && hash === 'SHA-1') {
      throw new CccdError('CRYPTO_UNSUPPORTED', 'hash: ICAO 9303-11 §6.1.2.3 forbids SHA-1 for ECDSA');
    }
    this.#config = config;
    this.#hash = hash;
  }

  /** The hash the chip signs with. */
  get hash(): HashAlgorithm {
    return this.#hash;
  }

  /** INTERNAL AUTHENTICATE (00 88 00 00, §6.1.3) with RND.IFD as data: answers the signature σ. */
  internalAuthenticate(challenge: Uint8Array): CardResponse {
    if (challenge.length === 0 || challenge.length > MAX_CHALLENGE) return status(SW.WRONG_LENGTH);
    const { privateKey: key, random, faults = {} } = this.#config;
    const nonce = faults.ignoreChallenge ? challenge.map((b) => b ^ 0xff) : challenge;
    let signature: Uint8Array;
    if (key.kind === 'rsa') {
      // §6.1.2.2: M = M1 || M2, M1 = RND.IC filling the capacity c - 4 bits, M2 = RND.IFD (not recovered).
      const trailerLength = this.#hash === 'SHA-1' ? 1 : 2;
      const capacity = modulusLength(key) - 1 - HASHES[this.#hash].length - trailerLength;
      signature = iso9796Sign(key, concatBytes(random(capacity), nonce), { hash: this.#hash });
    } else {
      // §6.1.2.3 and TR-03111 §5.2.1: M = RND.IFD, signature r || s at the order's width.
      signature = ecdsaSign(key, nonce, { hash: this.#hash, format: 'plain', random });
    }
    if (faults.wrongSignature) signature[signature.length - 1] = (signature[signature.length - 1] as number) ^ 0x01;
    return { data: signature, sw: SW.OK };
  }
}
