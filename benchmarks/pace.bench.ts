// ICAO 9303-11 §4.4 PACE: the time of one PACE run (terminal side and the in-test card side together, no I/O)
// per standardized domain parameter, median over rounds; the mapping and cipher are GM with AES-128.
import { performPace } from '../src/access/pace.js';
import { passwordBytes } from '../src/access/passwords.js';
import { oid } from '../src/asn1/oids.js';
import { domainParameters, STANDARDIZED_DOMAIN_PARAMETERS } from '../src/crypto/domain-parameters.js';
import { fakePaceChip } from '../tests/helpers/fake-chip-pace.js';
import { type BenchResult, bench, report } from './harness.js';

const CAN = { kind: 'can', value: '012345' } as const;

async function paceRun(protocol: string, id: number): Promise<void> {
  const chip = fakePaceChip({ protocol, parameters: id, passwordReference: 2, passwordKey: passwordBytes(CAN) });
  await performPace(chip, { protocol, password: CAN, domainParameters: id });
}

export default async function run(): Promise<string> {
  const results: BenchResult[] = [];
  for (const id of Object.keys(STANDARDIZED_DOMAIN_PARAMETERS).map(Number)) {
    const group = domainParameters(id);
    const agreement = group.kind === 'ec' ? 'ECDH' : 'DH';
    const protocol = oid(`id-PACE-${agreement}-GM-AES-CBC-CMAC-128`);
    results.push(
      await bench(`PACE ${agreement}-GM AES-128, parameter ${id} (${group.name})`, () => paceRun(protocol, id), {
        perRound: 1,
        rounds: 7,
      }),
    );
  }
  const im = oid('id-PACE-ECDH-IM-AES-CBC-CMAC-128');
  results.push(
    await bench('PACE ECDH-IM AES-128, parameter 13 (brainpoolP256r1)', () => paceRun(im, 13), {
      perRound: 1,
      rounds: 7,
    }),
  );
  const cam = oid('id-PACE-ECDH-CAM-AES-CBC-CMAC-128');
  results.push(
    await bench(
      'PACE ECDH-CAM AES-128, parameter 13 (brainpoolP256r1)',
      async () => {
        const chip = fakePaceChip({
          protocol: cam,
          parameters: 13,
          passwordReference: 2,
          passwordKey: passwordBytes(CAN),
          staticPrivateKey: 12345n,
        });
        await performPace(chip, {
          protocol: cam,
          password: CAN,
          domainParameters: 13,
          chipAuthenticationPublicKey: chip.staticPublicKey,
        });
      },
      { perRound: 1, rounds: 7 },
    ),
  );
  return `${report(results)}\n(one run = both sides of PACE in this process; the terminal side is about half)`;
}
