// ISO/IEC 7816-4 §5.6 status words as the chip answers them in ICAO 9303-11 §4.3.4, §4.4.4, §6.1.3, §6.2.4.

/** The status words the card side of the access and authentication protocols returns. */
export const SW = {
  /** 9000: normal processing, the protocol (step) succeeded. */
  OK: 0x9000,
  /** 6300: authentication failed (ICAO 9303-11 §4.4.4.2: wrong token, hence a wrong password). */
  AUTHENTICATION_FAILED: 0x6300,
  /** 6700: wrong length (Lc or Le not what the command allows). */
  WRONG_LENGTH: 0x6700,
  /** 6883: last command of a chain expected (ISO/IEC 7816-4 §5.1.1.1). */
  LAST_COMMAND_EXPECTED: 0x6883,
  /** 6982: security status not satisfied. */
  SECURITY_STATUS_NOT_SATISFIED: 0x6982,
  /** 6985: conditions of use not satisfied (a step out of order: the protocol state resets). */
  CONDITIONS_NOT_SATISFIED: 0x6985,
  /** 6A80: incorrect parameters in the command data field (unknown OID, invalid public key). */
  INCORRECT_DATA: 0x6a80,
  /** 6A88: referenced data not found (password, domain parameters or private key not available). */
  REFERENCED_DATA_NOT_FOUND: 0x6a88,
} as const;

export type CardStatusWord = (typeof SW)[keyof typeof SW];

/** What a card-side protocol step answers: the response data field and the status word. */
export interface CardResponse {
  readonly data: Uint8Array;
  readonly sw: number;
}

const EMPTY = new Uint8Array(0);

/** A response without data (every error, and MSE:Set). */
export function status(sw: number): CardResponse {
  return { data: EMPTY, sw };
}
