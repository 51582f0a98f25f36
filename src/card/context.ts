// The simulated chip's volatile session (ISO/IEC 7816-4 §5.3: current DF/EF, security status) and what its
// command handlers see. Reset and power-off discard it: access control runs again (ICAO 9303-11 §4).
import type { RandomSource } from '../crypto/random.js';
import type { CardSmSession } from '../sm/session.js';
import type { ChipFaults } from './faults.js';
import type { ChipState, DfState, EfState } from './state.js';

export interface Reply {
  data: Uint8Array;
  sw: number;
}

export type SecurityStatus = 'bac' | 'pace' | 'ca' | 'ta';

/**
 * A card-side secure messaging channel (ICAO 9303-11 §9.8) for the session's current keys: src/sm's
 * CardSmSession (the shared primitive), never the reader's state machine.
 */
export type CardSecureChannel = CardSmSession;

export interface Session {
  df: DfState;
  ef?: EfState;
  authenticated: Set<SecurityStatus>;
  challenge?: Uint8Array;
  sm?: CardSecureChannel;
  /** Keys to switch to after the current response is sent (Chip Authentication, ICAO 9303-11 §6.2). */
  pendingSm?: CardSecureChannel;
  /** The first Active Authentication answer (fault aaStaticResponse only). */
  firstAaResponse?: Uint8Array;
  /** State of a multi-step protocol in progress (PACE), owned by src/card/auth-commands.ts. */
  protocol?: unknown;
}

export interface ChipContext {
  readonly state: ChipState;
  readonly session: Session;
  readonly faults: ChipFaults;
  readonly random: RandomSource;
  /** Bytes that secure messaging will add to a response, 0 without SM. */
  smOverhead(): number;
}
