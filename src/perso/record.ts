// The personalization record a bureau keeps for its books: who, which chip, key fingerprints, the SOD hash, when
// and with what result. Never private keys, PINs or the CAN (ICAO 9303-12 bureau practice; DEVELOPERS.md security).

import type { ScriptRunReport } from '../apdu/script-runner.js';
import { toHex } from '../bytes.js';
import { hash } from '../crypto/hash.js';
import { encodeSpki, publicKeyOf } from '../crypto/keys.js';
import type { PreparedCard } from './prepare.js';
import type { PersoVerification } from './verify.js';

export interface PersonalizationRecord {
  readonly format: 'cccd-perso-record/1';
  readonly profile: string;
  readonly documentNumber: string;
  /** SHA-256 of the SubjectPublicKeyInfo of the chip's keys. */
  readonly chipKeys: { readonly chipAuthentication?: string; readonly activeAuthentication?: string };
  /** SHA-256 of EF.SOD as written. */
  readonly sodSha256: string;
  readonly files: readonly { readonly name: string; readonly length: number; readonly sha256: string }[];
  readonly card: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly script: { readonly commands: number; readonly bytesSent: number; readonly milliseconds: number };
  readonly verification: readonly {
    readonly method: string;
    readonly verified: boolean;
    readonly mismatches: readonly string[];
  }[];
  readonly result: 'personalized-and-verified' | 'personalized-not-verified';
}

export function personalizationRecord(o: {
  profile: string;
  card: PreparedCard;
  cardName: string;
  startedAt: Date;
  finishedAt: Date;
  run: ScriptRunReport;
  verification: PersoVerification;
}): PersonalizationRecord {
  const fp = (k: Parameters<typeof publicKeyOf>[0] | undefined) =>
    k ? toHex(hash('SHA-256', encodeSpki(publicKeyOf(k)))) : undefined;
  const sod = o.card.files.get('EF.SOD') ?? new Uint8Array(0);
  return {
    format: 'cccd-perso-record/1',
    profile: o.profile,
    documentNumber: o.card.bac.documentNumber.replace(/<+$/, ''),
    chipKeys: { chipAuthentication: fp(o.card.chipKeys.ca), activeAuthentication: fp(o.card.chipKeys.aa) },
    sodSha256: toHex(hash('SHA-256', sod)),
    files: [...o.card.files].map(([name, bytes]) => ({
      name,
      length: bytes.length,
      sha256: toHex(hash('SHA-256', bytes)),
    })),
    card: o.cardName,
    startedAt: o.startedAt.toISOString(),
    finishedAt: o.finishedAt.toISOString(),
    script: { commands: o.run.commands, bytesSent: o.run.bytesSent, milliseconds: Math.round(o.run.milliseconds) },
    verification: o.verification.runs.map((r) => ({
      method: r.method,
      verified: r.report.verified,
      mismatches: r.mismatches,
    })),
    result: o.verification.verified ? 'personalized-and-verified' : 'personalized-not-verified',
  };
}
