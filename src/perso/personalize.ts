// The bureau's whole job for one card: prepare (keys, data groups, signed SOD), write the personalization script
// to the chip over any Transport, read it back over every access path and verify it, and keep a record.

import type { ApduScript } from '../apdu/script.js';
import { runScript, type ScriptRunReport, type StepReport } from '../apdu/script-runner.js';
import type { TrustStore } from '../pki/trust-store.js';
import type { Transport } from '../transport/types.js';
import { type PreparedCard, type PrepareInput, prepareCard } from './prepare.js';
import { type PersonalizationRecord, personalizationRecord } from './record.js';
import { personalizationScript, type ScriptOptions } from './script.js';
import { type PersoVerification, verifyPersonalization } from './verify.js';

export interface PersonalizeOptions extends PrepareInput {
  /** The bureau's CSCA (and CRL) for the verification read. */
  trust: TrustStore;
  /** Warm reset of the chip (between writing and each verification read). */
  reset: () => Promise<void>;
  script?: ScriptOptions;
  onStep?: (step: StepReport) => void;
}

export interface Personalization {
  readonly card: PreparedCard;
  readonly script: ApduScript;
  readonly run: ScriptRunReport;
  readonly verification: PersoVerification;
  readonly record: PersonalizationRecord;
}

/**
 * Personalizes one chip and verifies it. A failed write throws ScriptFailure (SCRIPT_FAILED) naming the step and
 * what was already written; a chip that was written but does not verify is reported in `verification`.
 *
 * @example
 * const p = await personalize(chip, { profile, citizen, portrait, signer, certificate, trust, reset });
 * p.record.result; // 'personalized-and-verified'
 */
export async function personalize(transport: Transport, o: PersonalizeOptions): Promise<Personalization> {
  const now = o.now ?? (() => new Date());
  const startedAt = now();
  const card = await prepareCard(o);
  const script = personalizationScript(card.image, {
    ...o.script,
    header: { profile: o.profile.id, document: card.bac.documentNumber.replace(/<+$/, ''), ...o.script?.header },
  });
  await o.reset();
  const run = await runScript(transport, script, { onStep: o.onStep });
  const verification = await verifyPersonalization(transport, card, o.profile, { trust: o.trust, reset: o.reset, now });
  const record = personalizationRecord({
    profile: o.profile.id,
    card,
    cardName: transport.info.name,
    startedAt,
    finishedAt: now(),
    run,
    verification,
  });
  return { card, script, run, verification, record };
}
