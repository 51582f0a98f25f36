// ICAO 9303-11 §9.8 secure messaging, the chip's session: unprotect each command, protect each response, end the
// session on any SM error (§9.8.3, §9.8.5), and switch keys only after the response that established them
// (§9.8.2). The SM objects and suites are src/sm's; this file holds the chip's session rules and fault switches.
import { type CommandApdu, decodeCommand, encodeCommand } from '../../apdu/command.js';
import { bytesToBigInt } from '../../bytes.js';
import { CccdError, isCccdError } from '../../errors.js';
import { protectResponse, unprotectCommand } from '../../sm/card.js';
import { parseSmObjects } from '../../sm/objects.js';
import { nextSsc, type SmSuite, smSuite } from '../../sm/suite.js';
import type { CardSessionKeys } from './session-keys.js';
import type { CardResponse } from './status.js';

/** ISO/IEC 7816-4 §5.6 status words of SM errors (answered in plain, §9.8.5). */
export const SM_STATUS = {
  /** 6987: expected SM data objects missing (a plain command inside the session). */
  MISSING: 0x6987,
  /** 6988: SM data objects incorrect (wrong MAC, malformed objects, bad padding). */
  INCORRECT: 0x6988,
} as const;

/** Hostile-chip switches for conformance tests; all off by default. */
export interface CardSecureChannelFaults {
  /** Corrupt the MAC (DO'8E') of every protected response. */
  readonly wrongResponseMac?: boolean;
  /** Do not increment the SSC before protecting a response. */
  readonly sscNotIncremented?: boolean;
  /** Keep the session open after an SM error instead of deleting the keys. */
  readonly smErrorKeepsSession?: boolean;
  /** Accept a command whose MAC does not verify (its cryptogram is still decrypted with the session key). */
  readonly acceptWrongMac?: boolean;
}

export interface CardSecureChannelOptions {
  readonly faults?: CardSecureChannelFaults;
}

/**
 * One secure messaging session of the chip. After an SM error the session is closed: `unprotect` answers 6988
 * for every later command and the chip must fall back to its unauthenticated state.
 *
 * @example
 * const sm = new CardSecureChannel(established);
 * const r = sm.unprotect(protectedApdu);           // { command } or { sw: 0x6988 }
 * const body = sm.protect({ data, sw: 0x9000 }, command.ins); // DO'87' DO'99' DO'8E', sent with SW 9000
 */
export class CardSecureChannel {
  readonly keys: CardSessionKeys;
  readonly #suite: SmSuite;
  readonly #faults: CardSecureChannelFaults;
  #ssc: bigint;
  #closed = false;

  constructor(keys: CardSessionKeys, options: CardSecureChannelOptions = {}) {
    this.keys = keys;
    this.#suite = smSuite(keys);
    this.#ssc = bytesToBigInt(keys.ssc);
    this.#faults = options.faults ?? {};
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The current send sequence counter (a copy). */
  get ssc(): Uint8Array {
    return this.#suite.sscBytes(this.#ssc);
  }

  /** Ends the session (§9.8.3: a plain APDU or an SM error; also de-powering). */
  close(): void {
    this.#closed = true;
  }

  /**
   * Verifies (MAC first, in constant time) and decrypts a protected command (§9.8.4). On an SM error the session
   * closes and the chip answers the returned status word in plain (§9.8.5).
   */
  unprotect(command: CommandApdu | Uint8Array): { readonly command: CommandApdu } | { readonly sw: number } {
    if (this.#closed) return { sw: SM_STATUS.INCORRECT };
    const bytes = command instanceof Uint8Array ? command : encodeCommand(command);
    const ssc = nextSsc(this.#ssc, this.#suite.sscLength);
    try {
      const plain = unprotectCommand(
        this.#faults.acceptWrongMac ? macBlind(this.#suite, bytes) : this.#suite,
        ssc,
        bytes,
      );
      this.#ssc = ssc;
      return { command: plain };
    } catch (e) {
      if (!isCccdError(e, 'SM_MAC_MISMATCH') && !isCccdError(e, 'SM_MALFORMED')) throw e;
      if (!this.#faults.smErrorKeepsSession) this.#closed = true;
      const plainCommand = bytes.length >= 1 && ((bytes[0] as number) & 0x0c) !== 0x0c;
      return { sw: plainCommand ? SM_STATUS.MISSING : SM_STATUS.INCORRECT };
    }
  }

  /**
   * Protects a response (§9.8.4 Figure 6) and returns its data field: DO'87' (or DO'85' for an odd `ins`),
   * DO'99', DO'8E'. The status word sent outside equals `response.sw`.
   */
  protect(response: CardResponse, ins = 0): Uint8Array {
    if (this.#closed) throw new CccdError('SM_SESSION_CLOSED', 'the secure messaging session has ended');
    const ssc = this.#faults.sscNotIncremented ? this.#ssc : nextSsc(this.#ssc, this.#suite.sscLength);
    this.#ssc = ssc;
    const full = protectResponse(this.#suite, ssc, response, { ins });
    const body = full.slice(0, full.length - 2);
    if (this.#faults.wrongResponseMac) body[body.length - 1] = (body[body.length - 1] as number) ^ 0x01;
    return body;
  }

  /** Bytes that protection adds to a response data field of `n` bytes (even INS), for sizing READ BINARY. */
  overhead(n: number): number {
    const block = this.#suite.blockLength;
    const status = 4;
    const mac = 10;
    if (n === 0) return status + mac;
    const body = 1 + (Math.floor(n / block) + 1) * block;
    const lengthBytes = body < 0x80 ? 1 : body < 0x100 ? 2 : 3;
    return 1 + lengthBytes + body - n + status + mac;
  }
}

/** Fault acceptWrongMac: the suite with a MAC function that returns the MAC the command carries. */
function macBlind(suite: SmSuite, bytes: Uint8Array): SmSuite {
  try {
    const received = parseSmObjects(decodeCommand(bytes).data, [0x85, 0x87, 0x97, 0x8e], 'SM command').mac.value;
    return { ...suite, mac: () => received };
  } catch {
    return suite;
  }
}
