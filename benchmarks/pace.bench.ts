// ICAO 9303-11 §4.4 PACE: the time of one PACE run (terminal side and the in-test card side together, no I/O)
// per standardized domain parameter, median over rounds; GM with AES-128, plus IM and CAM on brainpoolP256r1.
// Wall-clock medians come from the shared harness; CPU medians (process.cpuUsage) stay meaningful on a busy machine.
import { performPace } from '../src/access/pace.js';
import { passwordBytes } from '../src/access/passwords.js';
import { oid } from '../src/asn1/oids.js';
import { domainParameters, STANDARDIZED_DOMAIN_PARAMETERS } from '../src/crypto/domain-parameters.js';
import { fakePaceChip } from '../tests/helpers/fake-chip-pace.js';
import { type BenchResult, bench, report } from './harness.js';

const CAN = { kind: 'can', value: '012345' } as const;
const ROUNDS = 7;

async function paceRun(protocol: string, id: number, cam = false): Promise<void> {
  const chip = fakePaceChip({
    protocol,
    parameters: id,
    passwordReference: 2,
    passwordKey: passwordBytes(CAN),
    staticPrivateKey: cam ? 12345n : undefined,
  });
  await performPace(chip, {
    protocol,
    password: CAN,
    domainParameters: id,
    chipAuthenticationPublicKey: chip.staticPublicKey,
  });
}

/** Median CPU milliseconds (user + system) of one call. */
async function cpuMedian(fn: () => Promise<void>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const start = process.cpuUsage();
    await fn();
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[ROUNDS >> 1] as number;
}

export default async function run(): Promise<string> {
  const cases: { name: string; fn: () => Promise<void> }[] = [];
  for (const id of Object.keys(STANDARDIZED_DOMAIN_PARAMETERS).map(Number)) {
    const group = domainParameters(id);
    const agreement = group.kind === 'ec' ? 'ECDH' : 'DH';
    const protocol = oid(`id-PACE-${agreement}-GM-AES-CBC-CMAC-128`);
    cases.push({
      name: `PACE ${agreement}-GM AES-128, parameter ${id} (${group.name})`,
      fn: () => paceRun(protocol, id),
    });
  }
  const im = oid('id-PACE-ECDH-IM-AES-CBC-CMAC-128');
  cases.push({ name: 'PACE ECDH-IM AES-128, parameter 13 (brainpoolP256r1)', fn: () => paceRun(im, 13) });
  const cam = oid('id-PACE-ECDH-CAM-AES-CBC-CMAC-128');
  cases.push({ name: 'PACE ECDH-CAM AES-128, parameter 13 (brainpoolP256r1)', fn: () => paceRun(cam, 13, true) });

  const results: BenchResult[] = [];
  const cpu: string[] = [];
  for (const c of cases) {
    results.push(await bench(c.name, c.fn, { perRound: 1, rounds: ROUNDS }));
    cpu.push(`${c.name.padEnd(56)} ${(await cpuMedian(c.fn)).toFixed(1).padStart(8)} ms CPU`);
  }
  return `${report(results)}\n\nCPU time per run (median):\n${cpu.join('\n')}\n(one run = both sides of PACE in one process; the terminal's share is about half)`;
}
