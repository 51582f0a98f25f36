// Typed errors with stable codes (architecture.md, "Errors"): tests and callers match `code`, never messages.

/**
 * The closed set of error codes. Each code is stable once released; the value says when it is raised.
 * Add a code here (with its meaning) rather than reusing one whose meaning differs.
 */
export const ERROR_CODES = {
  INVALID_ARGUMENT: 'a public function was called with an argument of the wrong type, size or range',
  TLV_TRUNCATED: 'a BER-TLV header or value runs past the end of the bytes present',
  TLV_MALFORMED: 'bytes that are not valid BER-TLV (bad tag, bad length form, trailing bytes)',
  TLV_LIMIT: 'a BER-TLV structure exceeds a decoding bound (depth, node count, tag size, length)',
  ASN1_MALFORMED: 'a structure decodes as TLV but not as the ASN.1 type expected at its path',
  MRZ_INVALID: 'an MRZ line or field has the wrong length, character set or format',
  MRZ_CHECK_DIGIT: 'an MRZ check digit does not match its field',
  LDS_MALFORMED: 'an LDS elementary file does not match its ICAO 9303-10 structure',
  LDS_UNSUPPORTED: 'an LDS elementary file or field the toolkit does not know how to handle',
  CITIZEN_INVALID: 'a citizen record fails its schema or the CCCD rules',
  PROFILE_INVALID: 'a card profile fails its schema',
  CRYPTO_UNSUPPORTED: 'an algorithm, curve or parameter set the toolkit does not implement',
  CRYPTO_FAILED: 'a cryptographic operation failed (invalid key, point not on curve, bad padding)',
  APDU_INVALID: 'a command or response APDU that violates ISO/IEC 7816-4 encoding rules',
  STATUS_WORD: 'the card answered a command with a status word other than the expected one',
  TRANSPORT_FAILED: 'the transport could not deliver a command or returned no response',
  TRANSPORT_LIMIT: 'a transport bound was exceeded (GET RESPONSE rounds, response size, time)',
  TRANSCRIPT_MISMATCH: 'a replayed transcript received a command other than the one recorded, or ran out',
  SM_MAC_MISMATCH: 'a secure messaging MAC did not verify; the session is closed',
  SM_MALFORMED: 'a secure messaging response lacks or misplaces a data object; the session is closed',
  SM_SESSION_CLOSED: 'a secure messaging session was used after an error ended it',
  AUTH_FAILED: 'an access or authentication protocol (BAC, PACE, CA, AA, TA) failed',
  POLICY_DENIED: 'the access policy does not allow what was asked or what the chip offers',
  PKI_MALFORMED: 'a certificate, CRL, master list, LDIF or CMS structure could not be decoded',
  PKI_INVALID: 'a PKI object decodes but violates its profile (ICAO 9303-12, RFC 5280, RFC 5652)',
  SIGNER_FAILED: 'a signer (software key, PKCS#11 token, external) could not produce a signature',
  PKCS11_UNAVAILABLE: 'the PKCS#11 module, token or key was not found, or the PIN was wrong',
  CARD_STATE: 'a simulated chip state file is malformed or in the wrong life-cycle state',
  PERSO_FAILED: 'a personalization step failed; the chip may be partly written (see the step)',
  SCRIPT_INVALID: 'an APDU script has a syntax error (see the line)',
  SCRIPT_FAILED: 'a command of an APDU script got a status word it does not expect; later steps did not run',
  ATR_MALFORMED: 'an answer-to-reset that violates ISO/IEC 7816-3 §8 (truncated, bad TS, wrong TCK, trailing bytes)',
  PCSC_UNAVAILABLE: 'the PC/SC native binding or the pcscd service is not available',
  PCSC_FAILED: 'a PC/SC operation failed (no reader, no card, card removed, sharing violation)',
  IO_FAILED: 'a file could not be read or written',
  USAGE: 'the command line was not understood',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface CccdErrorOptions {
  cause?: unknown;
  /** Path to the offending field, e.g. `DG14/SecurityInfos[2]/protocol` or `citizen.birthDate`. */
  path?: string;
  /** Byte offset of the offending item in the outermost input, when decoding bytes. */
  offset?: number;
}

/** The base of every error the toolkit throws on purpose. */
export class CccdError extends Error {
  readonly code: ErrorCode;
  readonly path: string | undefined;
  readonly offset: number | undefined;
  /** The message without the path and offset that `message` starts with (for errors re-thrown under a new code). */
  readonly detail: string;

  constructor(code: ErrorCode, message: string, options: CccdErrorOptions = {}) {
    const where = [options.path, options.offset === undefined ? undefined : `offset ${options.offset}`]
      .filter((x) => x !== undefined)
      .join(' at ');
    super(where ? `${where}: ${message}` : message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CccdError';
    this.detail = message;
    this.code = code;
    this.path = options.path;
    this.offset = options.offset;
  }
}

/** A card answered with an unexpected status word (ISO/IEC 7816-4 §5.6). */
export class StatusWordError extends CccdError {
  readonly sw: number;
  readonly command: string;
  constructor(sw: number, command: string, message?: string, options: CccdErrorOptions = {}) {
    const swHex = sw.toString(16).toUpperCase().padStart(4, '0');
    super('STATUS_WORD', message ?? `${command} answered ${swHex}`, options);
    this.name = 'StatusWordError';
    this.sw = sw;
    this.command = command;
  }
}

/** An access or authentication protocol failed at a named step (e.g. PACE, general-authenticate-3). */
export class ProtocolError extends CccdError {
  readonly protocol: string;
  readonly step: string;
  constructor(
    code: ErrorCode,
    protocol: string,
    step: string,
    message: string,
    options: CccdErrorOptions & { sw?: number } = {},
  ) {
    super(code, `${protocol} ${step}: ${message}`, options);
    this.name = 'ProtocolError';
    this.protocol = protocol;
    this.step = step;
    this.sw = options.sw;
  }
  readonly sw: number | undefined;
}

export function isCccdError(e: unknown, code?: ErrorCode): e is CccdError {
  return e instanceof CccdError && (code === undefined || e.code === code);
}
