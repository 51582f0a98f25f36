// `cccd perso`: personalize a chip (simulated or PC/SC) from a card profile, a citizen record and a PKI
// directory, then read it back and verify it (src/perso/personalize.ts).
import { dirname } from 'node:path';
import { formatScript, toScriptor } from '../apdu/script.js';
import { bytesToUtf8 } from '../bytes.js';
import { loadCitizen } from '../citizen/schema.js';
import { CccdError } from '../errors.js';
import { personalize } from '../perso/personalize.js';
import { loadProfile } from '../profile/node-load.js';
import { flag, optional, parse, required } from './args.js';
import { openCard } from './card-option.js';
import type { Command } from './command.js';
import type { CliDeps } from './deps.js';
import { formatReport } from './format-report.js';
import { loadDocumentSigner, loadPkiTrust, pkcs11Options } from './pki-dir.js';

const USAGE = `Usage: cccd perso --profile P --citizen FILE --pki DIR --card sim:STATE.json|pcsc[:READER]
                  [--script-out FILE] [--scriptor-out FILE] [--record FILE] [--wait SECONDS]
                  [--pkcs11-module PATH --pkcs11-token LABEL [--pkcs11-key LABEL]] [--json]

Builds the chip's keys, data groups and signed EF.SOD, writes them with the personalization command set
(apdu/personalization.md), then reads the chip back over PACE-CAN (and BAC where the profile has it) and verifies
it against DIR/csca.pem. A simulated chip that does not exist yet is created blank for the profile.
  --script-out FILE   the script as run, secrets redacted (a record); --scriptor-out the same for scriptor,
                      with secrets (handle it like the keys it holds)
  --record FILE       the personalization record (JSON: document number, key fingerprints, SOD hash, result)
Exit code 0 when the chip was personalized and verified, 1 when it was written but did not verify.`;

async function readJsonFile(deps: CliDeps, path: string): Promise<unknown> {
  try {
    return JSON.parse(bytesToUtf8(await deps.readFile(path)));
  } catch (e) {
    if (e instanceof CccdError) throw e;
    throw new CccdError('CITIZEN_INVALID', 'not valid JSON', { path, cause: e });
  }
}

export const PERSO: Command = {
  name: 'perso',
  summary: 'personalize a chip from a profile, a citizen record and a PKI, then verify it',
  usage: USAGE,
  async run(args, deps) {
    const p = parse(args, {
      profile: { type: 'string' },
      citizen: { type: 'string' },
      pki: { type: 'string' },
      card: { type: 'string' },
      'script-out': { type: 'string' },
      'scriptor-out': { type: 'string' },
      record: { type: 'string' },
      wait: { type: 'string' },
      'pkcs11-module': { type: 'string' },
      'pkcs11-token': { type: 'string' },
      'pkcs11-key': { type: 'string' },
      json: { type: 'boolean' },
    });
    const profile = await loadProfile(required(p, 'profile'), (path) => deps.readFile(path));
    const citizenPath = required(p, 'citizen');
    const citizen = loadCitizen(await readJsonFile(deps, citizenPath), dirname(citizenPath));
    const portrait = await deps.readFile(citizen.portrait);
    const fingerprints = [];
    for (const f of citizen.fingerprints ?? [])
      fingerprints.push({ position: f.position, image: await deps.readFile(f.image) });
    const pkiDir = required(p, 'pki');
    const ds = await loadDocumentSigner(deps, pkiDir, profile, pkcs11Options(p));
    const trust = await loadPkiTrust(deps, pkiDir);
    const wait = optional(p, 'wait');
    const card = await openCard(required(p, 'card'), deps, {
      profile,
      ...(wait ? { waitMs: Number(wait) * 1000 } : {}),
    });
    const json = flag(p, 'json');
    try {
      const result = await personalize(card.transport, {
        profile,
        citizen,
        portrait,
        fingerprints,
        signer: ds.signer,
        certificate: ds.certificate,
        trust,
        reset: () => card.reset(),
        now: deps.now,
        onStep: (s) => {
          if (deps.isTTY && !json) deps.stderr(`  ${s.name}: ${s.commands} APDUs, ${s.bytesSent} bytes\n`);
        },
      });
      await card.save();
      const scriptOut = optional(p, 'script-out');
      if (scriptOut) await deps.writeFile(scriptOut, formatScript(result.script));
      const scriptorOut = optional(p, 'scriptor-out');
      if (scriptorOut) await deps.writeFile(scriptorOut, toScriptor(result.script));
      const recordOut = optional(p, 'record');
      if (recordOut) await deps.writeFile(recordOut, `${JSON.stringify(result.record, null, 2)}\n`);
      if (json) {
        deps.stdout(`${JSON.stringify(result.record, null, 2)}\n`);
      } else {
        deps.stdout(
          `Personalized ${result.record.documentNumber} (${profile.id}) on ${card.transport.info.name}: ${result.run.commands} APDUs, ${result.run.bytesSent} bytes, ${result.run.milliseconds.toFixed(0)} ms\n`,
        );
        for (const r of result.verification.runs) {
          deps.stdout(`\nVerification with ${r.method}:\n${formatReport(r.report)}`);
          for (const m of r.mismatches) deps.stdout(`  MISMATCH ${m}\n`);
        }
        deps.stdout(`\nResult: ${result.record.result}\n`);
      }
      return result.verification.verified ? 0 : 1;
    } finally {
      ds.close();
      await card.close();
    }
  },
};
