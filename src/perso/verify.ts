// Personalization, last step: read the chip back as a verifier would (ICAO 9303-11 §4.2 with PACE-CAN and, where
// the chip offers it, BAC; §6 CA and AA; §5.1 passive authentication against the bureau's CSCA) and compare
// every file with what was built.
import { equalBytes } from '../bytes.js';
import type { TrustStore } from '../pki/trust-store.js';
import type { CardProfile } from '../profile/types.js';
import { readDocument } from '../reader/read-document.js';
import type { DocumentReport } from '../reader/report.js';
import type { Transport } from '../transport/types.js';
import type { PreparedCard } from './prepare.js';

export interface VerificationRun {
  /** 'PACE-CAN', 'PACE-MRZ' or 'BAC'. */
  readonly method: string;
  readonly report: DocumentReport;
  /** Files whose bytes differ from what was built (or that could not be read although they should be). */
  readonly mismatches: readonly string[];
}

export interface PersoVerification {
  readonly runs: readonly VerificationRun[];
  readonly verified: boolean;
}

export interface VerifyOptions {
  trust: TrustStore;
  /** Warm reset between runs so that each starts from a fresh session. */
  reset: () => Promise<void>;
  now?: () => Date;
}

function mismatches(card: PreparedCard, report: DocumentReport): string[] {
  const out: string[] = [];
  for (const [name, built] of card.files) {
    const read = report.raw.get(name);
    if (read === undefined) {
      // Files behind Terminal Authentication cannot be read back by a verifier: their hashes are in EF.SOD.
      if (!report.skipped.some((s) => s.name === name)) out.push(`${name}: not read`);
      continue;
    }
    if (!equalBytes(read, built)) out.push(`${name}: differs from what was written`);
  }
  return out;
}

/** Each access path the profile promises, one after the other, every one verified. */
export async function verifyPersonalization(
  transport: Transport,
  card: PreparedCard,
  profile: CardProfile,
  options: VerifyOptions,
): Promise<PersoVerification> {
  const paths: { method: string; policy: Parameters<typeof readDocument>[1]['policy']; credentials: object }[] = [];
  if (profile.access.pace.length > 0 && profile.access.pacePasswords.includes('can')) {
    paths.push({
      method: 'PACE-CAN',
      policy: { methods: [{ protocol: 'PACE', password: 'can' }] },
      credentials: { can: card.can },
    });
  }
  if (profile.access.pace.length > 0 && profile.access.pacePasswords.includes('mrz')) {
    paths.push({
      method: 'PACE-MRZ',
      policy: { methods: [{ protocol: 'PACE', password: 'mrz' }] },
      credentials: { mrz: card.bac },
    });
  }
  if (profile.access.bac) {
    paths.push({ method: 'BAC', policy: { methods: [{ protocol: 'BAC' }] }, credentials: { mrz: card.bac } });
  }
  const runs: VerificationRun[] = [];
  for (const p of paths) {
    await options.reset();
    const report = await readDocument(transport, {
      policy: p.policy,
      credentials: p.credentials,
      trust: options.trust,
      now: options.now,
    });
    runs.push({ method: p.method, report, mismatches: mismatches(card, report) });
  }
  return { runs, verified: runs.length > 0 && runs.every((r) => r.report.verified && r.mismatches.length === 0) };
}
