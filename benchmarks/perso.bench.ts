// Issue 5 speed: cards prepared per second (chip keys, data groups, signed EF.SOD, APDU script) with a software
// P-256 DS key against raw node:crypto P-256 signatures per second, and a complete CCCD read of the simulated chip
// (PACE-CAN, CA, AA, every file, passive authentication): milliseconds, APDU round trips and bytes. Medians of
// CPU-time rates, since the machine is shared and wall-clock rates swing with the load.
import { generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScript } from '../src/apdu/script-runner.js';
import { blankState, chipConfigFor, SimulatedChip } from '../src/card/chip.js';
import { loadCitizen } from '../src/citizen/schema.js';
import { prepareCard } from '../src/perso/prepare.js';
import { personalizationScript } from '../src/perso/script.js';
import { createDevelopmentPki } from '../src/pki/dev-pki.js';
import { builtinProfile } from '../src/profile/builtin.js';
import { readDocument } from '../src/reader/read-document.js';

async function cpuMedian(fn: () => Promise<unknown> | unknown, perRound: number, rounds = 5): Promise<number> {
  const perOp: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.cpuUsage();
    for (let i = 0; i < perRound; i++) await fn();
    const d = process.cpuUsage(t0);
    perOp.push((d.user + d.system) / 1000 / perRound);
  }
  return perOp.sort((a, b) => a - b)[rounds >> 1] as number;
}

export default async function persoBench(): Promise<string> {
  const examples = join(import.meta.dirname, '..', 'examples', 'citizens');
  const citizen = loadCitizen(readFileSync(join(examples, 'nguyen-van-an.json')), examples);
  const portrait = new Uint8Array(readFileSync(citizen.portrait));
  const base = builtinProfile('cccd-2021');
  // A P-256 document signer, as issue 5 asks, on the CCCD profile (chip keys stay brainpoolP256r1).
  const profile = { ...base, sod: { ...base.sod, signerKey: { kind: 'ec' as const, curve: 'secp256r1' } } };
  const pki = await createDevelopmentPki({ key: 'p256' });
  const prepare = () => prepareCard({ profile, citizen, portrait, signer: pki.dsSigner, certificate: pki.ds });
  const prepareMs = await cpuMedian(async () => personalizationScript((await prepare()).image), 10);

  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const msg = new Uint8Array(64);
  const signMs = await cpuMedian(() => sign('sha256', msg, privateKey), 500);

  const card = await prepare();
  const chip = new SimulatedChip(blankState(chipConfigFor(profile)));
  await runScript(chip, personalizationScript(card.image));
  const trust = { certificates: [pki.csca], crls: [pki.crl] };
  let last: Awaited<ReturnType<typeof readDocument>> | undefined;
  const readMs = await cpuMedian(async () => {
    chip.reset();
    last = await readDocument(chip, { credentials: { can: card.can }, trust });
    if (!last.verified) throw new Error('the benchmark chip did not verify');
  }, 5);
  const s = last?.stats;
  return [
    `cards prepared (keys, DGs, signed SOD, script)  ${(1000 / prepareMs).toFixed(1).padStart(8)} cards/s  (${prepareMs.toFixed(2)} ms CPU per card)`,
    `raw node:crypto P-256 signature                 ${(1000 / signMs).toFixed(0).padStart(8)} signs/s`,
    `ratio cards / raw signatures                    ${(1000 / prepareMs / (1000 / signMs)).toFixed(4)}`,
    `complete CCCD read (PACE-CAN, CA, AA, PA)       ${readMs.toFixed(1).padStart(8)} ms CPU per card, ${s?.apdus} APDUs, ${(s?.bytesSent ?? 0) + (s?.bytesReceived ?? 0)} bytes`,
  ].join('\n');
}
