// Verdict helpers for the cases (ICAO 9303 test specifications: expected versus received values).
import { toHex } from '../bytes.js';
import { CccdError, type ErrorCode } from '../errors.js';
import type { CaseOutcome } from './types.js';

export const hexSw = (sw: number): string => sw.toString(16).toUpperCase().padStart(4, '0');

export function pass(received?: string, reason?: string): CaseOutcome {
  return { verdict: 'PASSED', ...(received === undefined ? {} : { received }), ...(reason ? { reason } : {}) };
}

export function fail(expected: string, received: string, reason?: string): CaseOutcome {
  return { verdict: 'FAILED', expected, received, ...(reason ? { reason } : {}) };
}

export function warn(expected: string, received: string, reason: string): CaseOutcome {
  return { verdict: 'WARNING', expected, received, reason };
}

/** PASSED when `ok`, else FAILED with both values. */
export function verdict(ok: boolean, expected: string, received: string, reason?: string): CaseOutcome {
  return ok ? { verdict: 'PASSED', expected, received } : fail(expected, received, reason);
}

/** A status word check: one of `expected`. */
export function expectSw(sw: number, ...expected: number[]): CaseOutcome {
  return verdict(expected.includes(sw), `SW ${expected.map(hexSw).join(' or ')}`, `SW ${hexSw(sw)}`);
}

/** Several checks: the first that does not pass decides. */
export function all(...outcomes: CaseOutcome[]): CaseOutcome {
  return (
    outcomes.find((o) => o.verdict === 'FAILED') ??
    outcomes.find((o) => o.verdict === 'WARNING') ??
    pass(
      outcomes
        .map((o) => o.received)
        .filter((r) => r !== undefined)
        .join('; ') || undefined,
    )
  );
}

export const short = (b: Uint8Array, max = 24): string =>
  b.length <= max ? toHex(b) : `${toHex(b.subarray(0, max))}... (${b.length} bytes)`;

/** Error codes that mean the lab or the harness could not run the case (verdict ERROR, not FAILED). */
const HARNESS_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'INVALID_ARGUMENT',
  'CRYPTO_UNSUPPORTED',
  'PROFILE_INVALID',
  'POLICY_DENIED',
  'CARD_STATE',
  'PCSC_UNAVAILABLE',
  'PCSC_FAILED',
  'IO_FAILED',
  'USAGE',
  'PKCS11_UNAVAILABLE',
  'SIGNER_FAILED',
  'TRANSCRIPT_MISMATCH',
]);

/** Whether an error thrown inside a case is the chip's doing (FAILED) rather than the harness's (ERROR). */
export function isChipError(e: unknown): e is CccdError {
  return e instanceof CccdError && !HARNESS_CODES.has(e.code);
}

/** Thrown by a case when a precondition cannot be established (e.g. no session): the verdict is ERROR. */
export class PreconditionError extends CccdError {
  constructor(message: string, cause?: unknown) {
    super('INVALID_ARGUMENT', message, cause === undefined ? {} : { cause });
    this.name = 'PreconditionError';
  }
}
