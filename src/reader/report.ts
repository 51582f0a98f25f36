// The verifier's report (ICAO 9303-11 §4-§6, §5.1; architecture rule 9): every check with passed / failed /
// not-checked and the reason, so that absent evidence is never read as "valid".
import type { AccessAttempt } from '../access/policy.js';
import type { PaResult } from '../pki/passive-authentication.js';

export type CheckStatus = 'passed' | 'failed' | 'not-checked';

export interface DocumentCheck {
  /** 'access', 'chip-authentication', 'active-authentication', 'passive-authentication', or a PA sub-check. */
  readonly check: string;
  readonly status: CheckStatus;
  readonly reason: string;
}

export interface FileReport {
  readonly name: string;
  readonly length: number;
  readonly apdus: number;
  readonly milliseconds: number;
}

export interface SkippedFile {
  readonly name: string;
  readonly reason: string;
  readonly sw?: number;
}

export interface DocumentReport {
  /** The transport the chip was read through. */
  readonly transport: string;
  readonly access: {
    /** 'PACE' or 'BAC' and, for PACE, the password, mapping and parameters. */
    readonly protocol: string;
    readonly description: string;
    readonly fellBack: boolean;
    readonly attempts: readonly AccessAttempt[];
  };
  /** Files read, in order, with their cost. */
  readonly files: readonly FileReport[];
  /** Files listed in EF.COM that were not read, and why (e.g. DG3 behind Terminal Authentication). */
  readonly skipped: readonly SkippedFile[];
  /** The bytes of every file read, as read (hashes run on these). */
  readonly raw: ReadonlyMap<string, Uint8Array>;
  readonly passiveAuthentication: PaResult | undefined;
  /** The AA challenge sent, so that a server can bind the answer to its nonce. */
  readonly activeAuthenticationChallenge: Uint8Array | undefined;
  readonly checks: readonly DocumentCheck[];
  /** True only when every check ran and passed. */
  readonly verified: boolean;
  readonly stats: {
    readonly apdus: number;
    readonly bytesSent: number;
    readonly bytesReceived: number;
    readonly milliseconds: number;
  };
}

/**
 * Fail closed: verified only when there is at least one check and every one passed. The one exception is the
 * hash of a data group the verifier did not read for a stated reason (DG3 behind Terminal Authentication, or
 * not requested): it stays "not-checked" in the report, and the verdict covers the data groups that were read.
 */
export function allPassed(checks: readonly DocumentCheck[], skipped: readonly SkippedFile[] = []): boolean {
  const unread = new Set(skipped.map((s) => `passive-authentication/data-group-hash/${s.name}`));
  return (
    checks.length > 0 &&
    checks.some((c) => c.status === 'passed') &&
    checks.every((c) => c.status === 'passed' || (c.status === 'not-checked' && unread.has(c.check)))
  );
}
