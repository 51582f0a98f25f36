// PC/SC workgroup part 5 / pcsc-lite return codes (SCARD_E_*, SCARD_W_*) mapped to typed errors with a reason.
import { CccdError, type CccdErrorOptions } from '../errors.js';

/** Why a PC/SC operation failed, in the words a caller acts on. */
export type PcscReason =
  | 'no-service'
  | 'no-reader'
  | 'no-card'
  | 'removed'
  | 'reset'
  | 'sharing-violation'
  | 'timeout'
  | 'cancelled'
  | 'unresponsive'
  | 'unpowered'
  | 'protocol-mismatch'
  | 'insufficient-buffer'
  | 'not-connected'
  | 'failed';

/** SCARD return codes (pcsc-lite `pcsclite.h`, identical to WinSCard) and what they mean for a caller. */
const SCARD_CODES: ReadonlyMap<number, { name: string; reason: PcscReason }> = new Map([
  [0x80100002, { name: 'SCARD_E_CANCELLED', reason: 'cancelled' }],
  [0x80100003, { name: 'SCARD_E_INVALID_HANDLE', reason: 'not-connected' }],
  [0x80100008, { name: 'SCARD_E_INSUFFICIENT_BUFFER', reason: 'insufficient-buffer' }],
  [0x80100009, { name: 'SCARD_E_UNKNOWN_READER', reason: 'no-reader' }],
  [0x8010000a, { name: 'SCARD_E_TIMEOUT', reason: 'timeout' }],
  [0x8010000b, { name: 'SCARD_E_SHARING_VIOLATION', reason: 'sharing-violation' }],
  [0x8010000c, { name: 'SCARD_E_NO_SMARTCARD', reason: 'no-card' }],
  [0x8010000f, { name: 'SCARD_E_PROTO_MISMATCH', reason: 'protocol-mismatch' }],
  [0x80100016, { name: 'SCARD_E_NOT_TRANSACTED', reason: 'failed' }],
  [0x80100017, { name: 'SCARD_E_READER_UNAVAILABLE', reason: 'no-reader' }],
  [0x8010001d, { name: 'SCARD_E_NO_SERVICE', reason: 'no-service' }],
  [0x8010001e, { name: 'SCARD_E_SERVICE_STOPPED', reason: 'no-service' }],
  [0x8010002e, { name: 'SCARD_E_NO_READERS_AVAILABLE', reason: 'no-reader' }],
  [0x80100065, { name: 'SCARD_W_UNSUPPORTED_CARD', reason: 'failed' }],
  [0x80100066, { name: 'SCARD_W_UNRESPONSIVE_CARD', reason: 'unresponsive' }],
  [0x80100067, { name: 'SCARD_W_UNPOWERED_CARD', reason: 'unpowered' }],
  [0x80100068, { name: 'SCARD_W_RESET_CARD', reason: 'reset' }],
  [0x80100069, { name: 'SCARD_W_REMOVED_CARD', reason: 'removed' }],
]);

/** A PC/SC failure: code PCSC_FAILED (PCSC_UNAVAILABLE when the service is gone), the reason, the SCARD code. */
export class PcscError extends CccdError {
  readonly reason: PcscReason;
  /** The SCARD_* return code when the failure came from pcsc-lite. */
  readonly scardCode: number | undefined;
  constructor(reason: PcscReason, message: string, options: CccdErrorOptions & { scardCode?: number } = {}) {
    super(reason === 'no-service' ? 'PCSC_UNAVAILABLE' : 'PCSC_FAILED', `${message} (${reason})`, options);
    this.name = 'PcscError';
    this.reason = reason;
    this.scardCode = options.scardCode;
  }
}

/** The SCARD code in a binding's error message, e.g. `SCardTransmit error: Card was removed.(0x80100069)`. */
export function scardCodeOf(error: unknown): number | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const m = /\(0x([0-9a-fA-F]{8})\)/.exec(message);
  return m ? Number.parseInt(m[1] as string, 16) : undefined;
}

/** Wraps an error from the native binding as a PcscError for `operation` on `reader`. */
export function pcscErrorFrom(error: unknown, operation: string, reader?: string): PcscError {
  if (error instanceof PcscError) return error;
  const scardCode = scardCodeOf(error);
  const known = scardCode === undefined ? undefined : SCARD_CODES.get(scardCode);
  const detail = known ? known.name : error instanceof Error ? error.message : String(error);
  return new PcscError(known?.reason ?? 'failed', `${operation}: ${detail}`, {
    cause: error,
    path: reader,
    ...(scardCode === undefined ? {} : { scardCode }),
  });
}
