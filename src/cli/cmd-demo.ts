// `cccd demo` (npm run demo): the main job on embedded defaults. A development PKI, an example citizen, a blank
// simulated CCCD chip: personalize it, read it back as a verifier would, and print what happened and whether
// everything verified. Everything it made is written to --out so that the other commands can go on from there.
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatScript } from '../apdu/script.js';
import { bytesToUtf8 } from '../bytes.js';
import { blankState, chipConfigFor, SimulatedChip } from '../card/chip.js';
import { stateToJson } from '../card/state.js';
import { loadCitizen } from '../citizen/schema.js';
import { personalize } from '../perso/personalize.js';
import { alpha2FromMrzState } from '../pki/countries.js';
import { createDevelopmentPki } from '../pki/dev-pki.js';
import { formatName } from '../pki/name.js';
import { toPem } from '../pki/pem.js';
import { loadProfile } from '../profile/node-load.js';
import type { KeySpec } from '../profile/types.js';
import { readDocument } from '../reader/read-document.js';
import { optional, parse } from './args.js';
import type { Command } from './command.js';
import { formatReport } from './format-report.js';

const EXAMPLE_CITIZEN = fileURLToPath(new URL('../../examples/citizens/nguyen-van-an.json', import.meta.url));

const USAGE = `Usage: cccd demo [--citizen FILE] [--profile NAME|FILE] [--out DIR]

The whole job on a simulated chip, with nothing to set up: creates a development PKI (CSCA, document signer,
CRL), personalizes a blank simulated chip for a synthetic citizen (default examples/citizens/nguyen-van-an.json,
profile cccd-2021), verifies it over every access path the profile has, then reads it once more as a verifier
with the CAN and prints the report. Exit code 0 only when everything verified. Files go to --out (default: a new
temporary directory): pki/, chip.json (the chip, for cccd read/sim serve), perso.script, record.json.`;

function keyName(spec: KeySpec): string {
  return spec.kind === 'rsa' ? `rsa${spec.bits}` : spec.kind === 'ec' ? spec.curve : 'p256';
}

export const DEMO: Command = {
  name: 'demo',
  summary: 'personalize a simulated CCCD for an example citizen and verify it as a verifier would',
  usage: USAGE,
  async run(args, deps) {
    const p = parse(args, { citizen: { type: 'string' }, profile: { type: 'string' }, out: { type: 'string' } });
    const out = optional(p, 'out') ?? join(deps.env.TMPDIR ?? tmpdir(), `cccd-demo-${deps.now().getTime()}`);
    const profile = await loadProfile(optional(p, 'profile') ?? 'cccd-2021', (path) => deps.readFile(path));
    const citizenPath = optional(p, 'citizen') ?? EXAMPLE_CITIZEN;
    const citizen = loadCitizen(JSON.parse(bytesToUtf8(await deps.readFile(citizenPath))), dirname(citizenPath));
    const portrait = await deps.readFile(citizen.portrait);
    const fingerprints = [];
    for (const f of citizen.fingerprints ?? [])
      fingerprints.push({ position: f.position, image: await deps.readFile(f.image) });
    const say = (line = '') => deps.stdout(`${line}\n`);

    say(`cccd demo: personalize and verify a simulated ${profile.id} chip`);
    say(`Holder: ${citizen.fullName}, ID ${citizen.id} (synthetic record ${citizenPath})`);
    const t0 = performance.now();
    // ICAO 9303-12 §7.1.1: CSCA and DS name the issuing state; the DS may sign this profile's document type.
    const pki = await createDevelopmentPki({
      key: keyName(profile.sod.signerKey),
      country: alpha2FromMrzState(profile.issuingState) ?? 'VN',
      documentTypes: [profile.documentCode.replace(/<+$/, '')],
      now: deps.now,
    });
    const tPki = performance.now();
    say(`1. Development PKI: ${formatName(pki.csca.subject)} -> document signer (${(tPki - t0).toFixed(0)} ms)`);

    const chip = new SimulatedChip(blankState(chipConfigFor(profile)));
    const trust = { certificates: [pki.csca], crls: [pki.crl] };
    const result = await personalize(chip, {
      profile,
      citizen,
      portrait,
      fingerprints,
      signer: pki.dsSigner,
      certificate: pki.ds,
      trust,
      reset: async () => chip.reset(),
      now: deps.now,
    });
    const tPerso = performance.now();
    say(
      `2. Personalized: ${result.card.files.size} files (${[...result.card.files.keys()].join(', ')}), ` +
        `${result.run.commands} APDUs, chip locked (${chip.lifeCycle})`,
    );
    for (const r of result.verification.runs) {
      say(
        `   read back with ${r.method}: ${r.report.verified ? 'verified' : 'NOT verified'}${r.mismatches.length ? `, ${r.mismatches.join('; ')}` : ', every file as written'}`,
      );
    }
    say(`   (${(tPerso - tPki).toFixed(0)} ms for keys, data groups, signed EF.SOD, script and verification)`);

    chip.reset();
    const report = await readDocument(chip, {
      credentials: profile.access.pacePasswords.includes('can') ? { can: result.card.can } : { mrz: result.card.bac },
      trust,
      now: deps.now,
    });
    const tRead = performance.now();
    say(
      profile.access.can === 'id-last-6'
        ? `3. A verifier reads the card with its CAN ${result.card.can} (the last 6 digits of the ID):`
        : `3. A verifier reads the card with its CAN ${result.card.can}:`,
    );
    say();
    deps.stdout(formatReport(report));
    say();

    await deps.mkdir(join(out, 'pki'));
    await deps.writeFile(join(out, 'pki', 'csca.pem'), toPem('CERTIFICATE', pki.csca.raw));
    await deps.writeFile(join(out, 'pki', 'ds.pem'), toPem('CERTIFICATE', pki.ds.raw));
    await deps.writeFile(join(out, 'pki', 'csca.crl'), toPem('X509 CRL', pki.crl.raw));
    if (pki.dsKeyPem) await deps.writeFile(join(out, 'pki', 'ds.key.pem'), pki.dsKeyPem);
    await deps.writeFile(join(out, 'chip.json'), stateToJson(chip.exportState()));
    await deps.writeFile(join(out, 'perso.script'), formatScript(result.script));
    await deps.writeFile(join(out, 'record.json'), `${JSON.stringify(result.record, null, 2)}\n`);
    const ok = result.verification.verified && report.verified;
    say(`Result: ${ok ? 'EVERYTHING VERIFIED' : 'NOT VERIFIED'} in ${(tRead - t0).toFixed(0)} ms. Files in ${out}:`);
    say(`  pki/ (CSCA, DS, CRL), chip.json (the personalized chip), perso.script (secrets redacted), record.json`);
    say('Next:');
    say(`  npx cccd read --card sim:${join(out, 'chip.json')} --can ${result.card.can} --trust ${join(out, 'pki')}`);
    say(`  npx cccd read ... --out DIR   writes every file read; npx cccd lds dump DIR/DG13.bin decodes one`);
    return ok ? 0 : 1;
  },
};
