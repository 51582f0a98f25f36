// The conformance suite's model (ICAO 9303-10/-11 test practice, as in the ICAO and BSI TR-03105 test
// specifications): cases as data plus a small run function, what a chip claims, and per-case verdicts.
import type { AccessCredentials } from '../access/policy.js';
import type { RandomSource } from '../crypto/random.js';
import type { TrustStore } from '../pki/trust-store.js';
import type { CaseContext } from './context.js';

/** Verdicts of one case (ISO/IEC 9646-1 style, plus NOT APPLICABLE for features the chip does not claim). */
export type Verdict = 'PASSED' | 'FAILED' | 'WARNING' | 'NOT APPLICABLE' | 'ERROR';

/**
 * What a chip may claim (its implementation conformance statement): protocols, commands and data groups.
 * `dg:N` for each data group present, `pace:I` for the I-th claimed PACE parameter set (from 0).
 */
export type Feature =
  | 'bac'
  | 'pace'
  | 'pace-can'
  | 'pace-mrz'
  | 'chip-authentication'
  | 'active-authentication'
  | 'aa-ecdsa'
  | 'aa-rsa'
  | 'terminal-authentication'
  | 'extended-length'
  | 'read-binary-odd'
  | 'sfi'
  | 'card-access'
  | 'card-security'
  | 'personalization-commands'
  | 'select-mf'
  | 'mrz-cccd'
  /** Not a chip claim: the lab has a CSCA for passive authentication. */
  | 'csca'
  | `dg:${number}`
  | `pace:${number}`;

/** The outcome a case's run function returns; the runner adds the identity, transcript and time. */
export interface CaseOutcome {
  readonly verdict: 'PASSED' | 'FAILED' | 'WARNING';
  /** What the clause requires, e.g. `SW 6982`. */
  readonly expected?: string;
  /** What the chip did, e.g. `SW 9000, 90 bytes`. */
  readonly received?: string;
  readonly reason?: string;
}

/** One test case: an id in our namespace (layer, unit, number), its clause, and how to run it. */
export interface ConformanceCase {
  /** E.g. `L6.BAC.03`, `L7.SOD.12`. */
  readonly id: string;
  readonly title: string;
  /** The clause it checks, e.g. `ICAO 9303-11 §4.3.4.2`. */
  readonly clause: string;
  /** Features the chip must claim for the case to apply; otherwise NOT APPLICABLE. */
  readonly requires: readonly Feature[];
  readonly preconditions: readonly string[];
  readonly steps: readonly string[];
  readonly expected: string;
  run(ctx: CaseContext): Promise<CaseOutcome>;
}

/** What the lab knows about the chip under test: its passwords, the CSCA, the clock. */
export interface LabConfig {
  readonly credentials: AccessCredentials;
  /** CSCA certificates and CRLs for passive authentication; cases needing them are NOT APPLICABLE without. */
  readonly trust?: TrustStore;
  readonly now?: () => Date;
  readonly random?: RandomSource;
}

/** The result of one case as reported. */
export interface CaseResult {
  readonly id: string;
  readonly title: string;
  readonly clause: string;
  readonly layer: string;
  readonly unit: string;
  readonly verdict: Verdict;
  readonly expected?: string;
  readonly received?: string;
  readonly reason?: string;
  readonly preconditions: readonly string[];
  readonly steps: readonly string[];
  /** The APDU transcript of the case (text format of apdu/README.md, secrets redacted). */
  readonly transcript: string;
  readonly milliseconds: number;
}
