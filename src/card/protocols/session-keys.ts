// ICAO 9303-11 §9.7.4 and §9.8.2: the keys and send sequence counter a card-side protocol hands to secure messaging.
import type { SymmetricCipher } from './algorithms.js';
import { SUITES } from './symmetric.js';

/**
 * Session keys established by BAC, PACE or Chip Authentication, from the chip's point of view.
 * The dispatcher protects the response that carries them with the OLD keys (§9.8.2) and switches afterwards.
 */
export interface CardSessionKeys {
  readonly cipher: SymmetricCipher;
  readonly ksEnc: Uint8Array;
  readonly ksMac: Uint8Array;
  /** Initial send sequence counter: 8 bytes (3DES) or 16 bytes (AES). */
  readonly ssc: Uint8Array;
  /** Which protocol established the keys, for the chip's access rules and for logs. */
  readonly protocol: 'BAC' | 'PACE' | 'CA';
}

/** §9.8.6.3 / §9.8.7.3: after PACE and Chip Authentication the SSC starts at zero, one block long. */
export function zeroSsc(cipher: SymmetricCipher): Uint8Array {
  return new Uint8Array(SUITES[cipher].blockLength);
}
