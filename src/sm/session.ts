// ICAO 9303-11 §9.8.2 session state: the send sequence counter, incremented before each command and each
// response, and the rule that any SM error ends the session (no retry with the same keys).
import { type CommandApdu, decodeCommand } from '../apdu/command.js';
import { decodeResponse, encodeResponse, type ResponseApdu } from '../apdu/response.js';
import { bytesToBigInt } from '../bytes.js';
import type { CryptoBackend } from '../crypto/backend.js';
import { CccdError } from '../errors.js';
import { type ProtectResponseOptions, protectResponse, unprotectCommand } from './card.js';
import { nextSsc, type SmSessionKeys, type SmSuite, smSuite } from './suite.js';
import { isUnprotectedError, protectCommand, unprotectResponse } from './terminal.js';

export interface SmSessionOptions {
  backend?: CryptoBackend;
}

/** Shared bookkeeping: the SSC and the closed flag. */
class SessionState {
  readonly suite: SmSuite;
  ssc: bigint;
  closed = false;
  constructor(keys: SmSessionKeys, options: SmSessionOptions) {
    this.suite = smSuite(keys, options);
    this.ssc = bytesToBigInt(keys.ssc);
  }
  assertOpen(): void {
    if (this.closed) throw new CccdError('SM_SESSION_CLOSED', 'the secure messaging session was closed by an error');
  }
  /** Increments the SSC and runs `step`; any error closes the session before it propagates. */
  step<T>(fn: (ssc: bigint) => T): T {
    this.assertOpen();
    try {
      this.ssc = nextSsc(this.ssc, this.suite.sscLength);
      return fn(this.ssc);
    } catch (e) {
      this.closed = true;
      throw e;
    }
  }
}

/** The terminal's view of an SM session. */
export interface TerminalSmSession {
  readonly cipher: SmSuite['name'];
  /** The current SSC (a copy). */
  readonly ssc: Uint8Array;
  readonly closed: boolean;
  /** Protects a serialized (or decoded) plain command APDU. Validates it before touching the SSC. */
  wrap(command: Uint8Array | CommandApdu): Uint8Array;
  /**
   * Unprotects a serialized response and returns the plain response (data || SW). A bare error status word
   * without SM objects (e.g. 6987, 6988, 6A82 sent in plain) is returned as-is and closes the session, since the
   * chip has left SM; a bare success status is SM_MALFORMED.
   */
  unwrap(response: Uint8Array): Uint8Array;
  /** Ends the session; further use throws SM_SESSION_CLOSED. */
  close(): void;
}

/**
 * Starts the terminal side of an SM session with the keys of BAC, PACE or CA.
 * @example const sm = terminalSmSession(keys); const plain = sm.unwrap(await card.transmit(sm.wrap(readBinary)));
 */
export function terminalSmSession(keys: SmSessionKeys, options: SmSessionOptions = {}): TerminalSmSession {
  const state = new SessionState(keys, options);
  return {
    cipher: state.suite.name,
    get ssc() {
      return state.suite.sscBytes(state.ssc);
    },
    get closed() {
      return state.closed;
    },
    wrap(cmd) {
      state.assertOpen();
      const apdu = cmd instanceof Uint8Array ? decodeCommand(cmd) : cmd;
      return state.step((ssc) => protectCommand(state.suite, ssc, apdu));
    },
    unwrap(bytes) {
      state.assertOpen();
      return state.step((ssc) => {
        const response = decodeSmResponse(bytes);
        if (isUnprotectedError(response.data, response.sw)) {
          state.closed = true;
          return encodeResponse(response.data, response.sw);
        }
        const plain = unprotectResponse(state.suite, ssc, response);
        return encodeResponse(plain.data, plain.sw);
      });
    },
    close() {
      state.closed = true;
    },
  };
}

function decodeSmResponse(bytes: Uint8Array): ResponseApdu {
  try {
    return decodeResponse(bytes);
  } catch (cause) {
    throw new CccdError('SM_MALFORMED', 'response has no status word', { cause });
  }
}

/** The chip's view of an SM session (used by the simulated card). */
export interface CardSmSession {
  readonly cipher: SmSuite['name'];
  readonly ssc: Uint8Array;
  readonly closed: boolean;
  /** Verifies and decrypts a protected command; on any error the session closes (answer 6987/6988 in plain). */
  unwrapCommand(command: Uint8Array): CommandApdu;
  /** Protects the response to the last command; `ins` selects DO'85' for odd INS. */
  wrapResponse(response: ResponseApdu, options?: ProtectResponseOptions): Uint8Array;
  close(): void;
}

/** Starts the card side of an SM session. */
export function cardSmSession(keys: SmSessionKeys, options: SmSessionOptions = {}): CardSmSession {
  const state = new SessionState(keys, options);
  return {
    cipher: state.suite.name,
    get ssc() {
      return state.suite.sscBytes(state.ssc);
    },
    get closed() {
      return state.closed;
    },
    unwrapCommand: (bytes) => state.step((ssc) => unprotectCommand(state.suite, ssc, bytes)),
    wrapResponse: (response, opts = {}) => state.step((ssc) => protectResponse(state.suite, ssc, response, opts)),
    close() {
      state.closed = true;
    },
  };
}
