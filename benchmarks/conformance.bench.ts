// Issue 7 speed: the whole conformance suite against the simulated CCCD and TD3 reference chips (wall clock and
// CPU, APDUs), and the mutant run over the fault catalogue with its kill rate. Issue 7 asks for the suite in
// under 30 seconds.
import { SimulatedChip } from '../src/card/chip.js';
import { CASES } from '../src/conformance/cases/index.js';
import { claimsFromProfile } from '../src/conformance/claims.js';
import { runMutants } from '../src/conformance/mutants.js';
import { createReferenceCard, REFERENCE_CITIZEN } from '../src/conformance/reference-card.js';
import { runConformance } from '../src/conformance/runner.js';
import { builtinProfile } from '../src/profile/builtin.js';

export default async function conformanceBench(): Promise<string> {
  const lines: string[] = [];
  for (const name of ['cccd-2021', 'td3-passport']) {
    const profile = builtinProfile(name);
    const citizen =
      profile.documentType === 'TD1' ? REFERENCE_CITIZEN : { ...REFERENCE_CITIZEN, documentNumber: 'B1234567' };
    const ref = await createReferenceCard({ profile, citizen });
    const claims = claimsFromProfile(profile, { add: ['personalization-commands'] });
    const chip = new SimulatedChip(structuredClone(ref.state));
    let apdus = 0;
    const target = {
      transport: chip,
      reset: async () => {
        apdus += chip.apduCount;
        chip.reset();
      },
      name: 'sim',
    };
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const report = await runConformance({ chip: target, claims, lab: ref.lab, cases: CASES });
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const m = await runMutants({ reference: ref, claims });
    const applicable = m.mutants.filter((x) => x.applicable);
    lines.push(
      `${name.padEnd(13)} suite: ${report.results.length} cases (${report.counts.PASSED} passed, ${report.counts['NOT APPLICABLE']} n/a) in ${(wall / 1000).toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU, ${apdus} APDUs`,
      `${''.padEnd(13)} mutants: ${applicable.filter((x) => x.killed).length}/${applicable.length} faults caught (kill rate ${(100 * m.killRate).toFixed(1)}%, ${m.mutants.length - applicable.length} n/a) in ${(m.milliseconds / 1000).toFixed(1)} s`,
    );
  }
  return lines.join('\n');
}
