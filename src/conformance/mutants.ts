// Mutation testing of the suite: run it against the correct reference chip and against each fault of the
// catalogue, and record which cases caught each fault (the kill rate).
import { SimulatedChip } from '../card/chip.js';
import { stateToJson } from '../card/state.js';
import { CASES, layerAndUnit } from './cases/index.js';
import type { Claims } from './claims.js';
import { FAULTS, type FaultDefinition } from './faults.js';
import { applyDataFault } from './faults-data.js';
import type { ReferenceCard } from './reference-card.js';
import { type ConformanceReport, runConformance } from './runner.js';
import type { ConformanceCase } from './types.js';

export interface MutantResult {
  readonly fault: string;
  readonly description: string;
  /** False when the fault cannot show here (e.g. no DG13 to break): not counted in the kill rate. */
  readonly applicable: boolean;
  /** Why the fault is not applicable. */
  readonly reason?: string;
  /** Cases that passed on the correct chip but FAILED, ERRORED or WARNED against the mutant. */
  readonly caughtBy: readonly string[];
  readonly killed: boolean;
}

export interface MutantsReport {
  readonly reference: ConformanceReport;
  readonly mutants: readonly MutantResult[];
  readonly killRate: number;
  readonly milliseconds: number;
}

/** The correct card a mutant run starts from. */
export type MutantReference = Pick<ReferenceCard, 'state' | 'profile' | 'lab'> & {
  readonly pki?: ReferenceCard['pki'];
};

export interface MutantsOptions {
  /** The correct card: its state, profile and lab; without a PKI the data faults (re-signing) are not applicable. */
  readonly reference: MutantReference;
  readonly claims: Claims;
  readonly faults?: readonly FaultDefinition[];
  readonly cases?: readonly ConformanceCase[];
  readonly onMutant?: (result: MutantResult, index: number, total: number) => void;
}

/** The mutant chip, or undefined when the fault leaves this card unchanged (nothing of it to break). */
async function chipFor(ref: MutantReference, fault?: FaultDefinition): Promise<SimulatedChip | undefined> {
  const state = structuredClone(ref.state);
  if (fault?.apply.kind === 'state') fault.apply.mutate(state);
  if (fault?.apply.kind === 'data') {
    if (!ref.pki) return undefined;
    await applyDataFault(fault.apply.fault, state, ref.pki, ref.profile);
  }
  if (fault && fault.apply.kind !== 'switch' && stateToJson(state) === stateToJson(ref.state)) return undefined;
  const chip = new SimulatedChip(state);
  if (fault?.apply.kind === 'switch') chip.setFault(fault.apply.name, (fault.apply.value ?? true) as never);
  return chip;
}

const asTarget = (chip: SimulatedChip, name: string) => ({
  transport: chip,
  reset: async () => chip.reset(),
  atr: chip.atr,
  name,
});

/**
 * Runs the suite on the reference chip, then, for each fault, the cases of the fault's units (data cases read the
 * files again on each mutant).
 *
 * @example
 * const ref = await createReferenceCard({ profile });
 * const r = await runMutants({ reference: ref, claims: claimsFromProfile(profile, { add: ['personalization-commands'] }) });
 * console.log(r.killRate);
 */
export async function runMutants(o: MutantsOptions): Promise<MutantsReport> {
  const t0 = performance.now();
  const cases = o.cases ?? CASES;
  const faults = o.faults ?? FAULTS;
  const chip = (await chipFor(o.reference)) as SimulatedChip;
  const reference = await runConformance({
    chip: asTarget(chip, 'sim:reference'),
    claims: o.claims,
    lab: o.reference.lab,
    cases,
  });
  const passing = new Set(reference.results.filter((r) => r.verdict === 'PASSED').map((r) => r.id));
  const mutants: MutantResult[] = [];
  for (const [i, fault] of faults.entries()) {
    const relevant = cases.filter((c) => fault.units.includes(layerAndUnit(c.id).unit) && passing.has(c.id));
    const claimed = (fault.requires ?? []).every((f) => o.claims.features.has(f));
    const m = claimed && relevant.length > 0 ? await chipFor(o.reference, fault) : undefined;
    let result: MutantResult;
    if (!m) {
      const reason = !claimed
        ? `the chip does not claim ${(fault.requires ?? []).join(', ')}`
        : relevant.length === 0
          ? `no selected case of ${fault.units.join(', ')} passes on the correct chip`
          : fault.apply.kind === 'data' && !o.reference.pki
            ? 'needs the lab PKI to re-sign EF.SOD'
            : 'leaves this card unchanged';
      result = {
        fault: fault.id,
        description: fault.description,
        applicable: false,
        reason,
        caughtBy: [],
        killed: false,
      };
    } else {
      const report = await runConformance({
        chip: asTarget(m, `sim:${fault.id}`),
        claims: o.claims,
        lab: o.reference.lab,
        cases: relevant,
      });
      // A WARNING counts: the correct chip has none, so the case noticed the fault (a 'should' clause).
      const caughtBy = report.results
        .filter((r) => r.verdict !== 'PASSED' && r.verdict !== 'NOT APPLICABLE')
        .map((r) => r.id);
      result = {
        fault: fault.id,
        description: fault.description,
        applicable: true,
        caughtBy,
        killed: caughtBy.length > 0,
      };
    }
    mutants.push(result);
    o.onMutant?.(result, i, faults.length);
  }
  const applicable = mutants.filter((m) => m.applicable);
  const killed = applicable.filter((m) => m.killed).length;
  return {
    reference,
    mutants,
    killRate: applicable.length ? killed / applicable.length : 1,
    milliseconds: performance.now() - t0,
  };
}
