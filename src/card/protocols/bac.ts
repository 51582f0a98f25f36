// ICAO 9303-11 §4.3 Basic Access Control, card side (GET CHALLENGE, EXTERNAL AUTHENTICATE). ICAO still requires
// this 3DES protocol for chips without PACE; it stays in its own module for that reason.
import { abytes, concatBytes, equalBytes, wipe } from '../../bytes.js';
import { decrypt, encrypt } from '../../crypto/cipher.js';
import { retailMacWithPadding } from '../../crypto/mac.js';
import type { RandomSource } from '../../crypto/random.js';
import { CccdError } from '../../errors.js';
import type { CardSessionKeys } from './session-keys.js';
import { type CardResponse, SW, status } from './status.js';
import { deriveKey } from './symmetric.js';

/** Hostile-chip switches for conformance tests; all off by default. */
export interface BacFaults {
  /** Skip the check of M_IFD (a chip that does not verify the terminal's MAC). */
  readonly acceptWrongMac?: boolean;
  /** Skip the check that the terminal returned RND.IC. */
  readonly acceptWrongChallenge?: boolean;
  /** Corrupt M_IC so that the terminal's check must fail. */
  readonly wrongResponseMac?: boolean;
  /** Return a wrong RND.IFD inside E_IC so that the terminal's comparison must fail. */
  readonly wrongTerminalNonce?: boolean;
  /** Answer every GET CHALLENGE with the first challenge (nonce reuse). */
  readonly reuseChallenge?: boolean;
}

export interface BacResponderConfig {
  /** K = SHA-1(MRZ information) as personalized (20 bytes); its first 16 bytes are Kseed (§4.3.2, §9.7.2). */
  readonly mrzKey: Uint8Array;
  /** Source of RND.IC and K.IC. */
  readonly random: RandomSource;
  readonly faults?: BacFaults;
}

/** The answer to EXTERNAL AUTHENTICATE; `established` is set when mutual authentication succeeded. */
export interface BacResult extends CardResponse {
  readonly established?: CardSessionKeys;
}

const NONCE = 8;
const KEY_MATERIAL = 16;
const CRYPTOGRAM = 2 * NONCE + KEY_MATERIAL;

/**
 * The chip's half of BAC as a state machine: GET CHALLENGE stores RND.IC, EXTERNAL AUTHENTICATE consumes it.
 *
 * @example
 * const bac = new BacResponder({ mrzKey, random: defaultRandom });
 * const challenge = bac.getChallenge(8);            // { data: RND.IC, sw: 0x9000 }
 * const answer = bac.externalAuthenticate(eIfdMIfd); // { data: E_IC || M_IC, sw: 0x9000, established }
 */
export class BacResponder {
  readonly #kEnc: Uint8Array;
  readonly #kMac: Uint8Array;
  readonly #random: RandomSource;
  readonly #faults: BacFaults;
  #challenge: Uint8Array | undefined;
  #firstChallenge: Uint8Array | undefined;

  constructor(config: BacResponderConfig) {
    abytes(config.mrzKey, 'mrzKey', 20);
    const keySeed = config.mrzKey.subarray(0, 16);
    if (typeof config.random !== 'function') throw new CccdError('INVALID_ARGUMENT', 'random: expected a function');
    this.#kEnc = deriveKey('3DES', keySeed, 1);
    this.#kMac = deriveKey('3DES', keySeed, 2);
    this.#random = config.random;
    this.#faults = config.faults ?? {};
  }

  /**
   * GET CHALLENGE (§4.3.4.1): a fresh 8-byte RND.IC. `ne` is the expected length from Le (8, or 256 for Le = 00).
   */
  getChallenge(ne: number | undefined): CardResponse {
    if (ne !== NONCE && ne !== 256) return status(SW.WRONG_LENGTH);
    const reuse = this.#faults.reuseChallenge && this.#firstChallenge;
    const challenge = reuse ? this.#firstChallenge! : this.#random(NONCE);
    this.#firstChallenge ??= challenge;
    this.#challenge = challenge;
    return { data: challenge.slice(), sw: SW.OK };
  }

  /**
   * EXTERNAL AUTHENTICATE with mutual authentication (§4.3.1 step 3): checks M_IFD, decrypts E_IFD, checks RND.IC,
   * answers E_IC || M_IC. Any failure consumes the challenge, so the terminal must ask for a new one.
   */
  externalAuthenticate(data: Uint8Array): BacResult {
    const challenge = this.#challenge;
    this.#challenge = undefined;
    if (!challenge) return status(SW.CONDITIONS_NOT_SATISFIED);
    if (data.length !== CRYPTOGRAM + 8) return status(SW.WRONG_LENGTH);
    const eIfd = data.subarray(0, CRYPTOGRAM);
    const mIfd = data.subarray(CRYPTOGRAM);
    // §4.3.1 step 3a: the MAC is checked before anything is decrypted, in constant time.
    if (!equalBytes(retailMacWithPadding(this.#kMac, eIfd), mIfd) && !this.#faults.acceptWrongMac) {
      return status(SW.AUTHENTICATION_FAILED);
    }
    const s = decrypt('3DES', this.#kEnc, eIfd);
    const rndIfd = s.subarray(0, NONCE);
    if (!equalBytes(s.subarray(NONCE, 2 * NONCE), challenge) && !this.#faults.acceptWrongChallenge) {
      return status(SW.AUTHENTICATION_FAILED);
    }
    const kIfd = s.subarray(2 * NONCE);
    const kIc = this.#random(KEY_MATERIAL);
    const echoed = this.#faults.wrongTerminalNonce ? rndIfd.map((b) => b ^ 0xff) : rndIfd;
    const eIc = encrypt('3DES', this.#kEnc, concatBytes(challenge, echoed, kIc));
    const mIc = retailMacWithPadding(this.#kMac, eIc);
    if (this.#faults.wrongResponseMac) mIc[0] = (mIc[0] as number) ^ 0x01;
    // §4.3.1 step 5 and §9.8.6.3: session keys from K.IC xor K.IFD; SSC from the low halves of both nonces.
    const seed = kIc.map((b, i) => b ^ (kIfd[i] as number));
    const established: CardSessionKeys = {
      protocol: 'BAC',
      cipher: '3DES',
      ksEnc: deriveKey('3DES', seed, 1),
      ksMac: deriveKey('3DES', seed, 2),
      ssc: concatBytes(challenge.subarray(4), rndIfd.subarray(4)),
    };
    wipe(seed, s);
    return { data: concatBytes(eIc, mIc), sw: SW.OK, established };
  }

  /** Forgets a pending challenge (e.g. when the application is reselected). */
  reset(): void {
    this.#challenge = undefined;
  }
}
