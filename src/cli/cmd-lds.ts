// `cccd lds build` and `cccd lds dump`: the ICAO 9303-10 elementary files of a citizen's card, and any
// elementary file shown as a tree or JSON.
import { dirname, join } from 'node:path';
import { bytesToUtf8 } from '../bytes.js';
import { loadCitizen } from '../citizen/schema.js';
import type { CitizenRecord } from '../citizen/types.js';
import type { CurveName } from '../crypto/curves.js';
import { generateKeyPair } from '../crypto/keygen.js';
import { encodeSpki, type KeyPair, publicKeyOf } from '../crypto/keys.js';
import { fromPem, toPem } from '../crypto/pem.js';
import { decodePkcs8, encodePkcs8Pem } from '../crypto/pkcs8.js';
import { CccdError } from '../errors.js';
import { type ComposedFiles, composeCard } from '../lds/compose.js';
import { dumpJson, dumpTree } from '../lds/dump.js';
import { decodeEf } from '../lds/ef.js';
import { loadProfile } from '../profile/node-load.js';
import type { CardProfile, KeySpec } from '../profile/types.js';
import { flag, optional, parse, required } from './args.js';
import { signCardFiles } from './cmd-pki.js';
import type { Command } from './command.js';
import type { CliDeps } from './deps.js';
import { type Pkcs11Options, pkcs11Options } from './pki-dir.js';

const BUILD_USAGE = `Usage: cccd lds build --profile NAME|FILE --citizen FILE --out DIR [--keys DIR] [--pki DIR]

Builds every elementary file the profile lists for the citizen and writes each as DIR/<name>.bin
(EF.COM.bin, DG1.bin, DG2.bin, DG13.bin, DG14.bin, DG15.bin, EF.CardAccess.bin, ...).
  --profile P    built-in profile (cccd-2021, cccd-2024, td3-passport) or a profile JSON file
  --citizen FILE citizen record (JSON, see examples/citizens/); its portrait and fingerprints are read too
  --out DIR      output directory (created when missing)
  --keys DIR     directory holding the chip's private keys chip-ca.key.pem and chip-aa.key.pem (PKCS#8 PEM);
                 without it, keys are generated as the profile says and written to DIR as chip-ca.key.pem and
                 chip-aa.key.pem (PRIVATE: the personalization step loads them into the chip) with their
                 public halves chip-ca.pub.pem and chip-aa.pub.pem
  --pki DIR      sign EF.SOD.bin (and EF.CardSecurity.bin when the profile has it) with DIR/ds.pem and
                 DIR/ds.key.pem, as made by 'cccd pki init' (encrypted keys: CCCD_KEY_PASSPHRASE), or with the
                 DS key in a token: --pkcs11-module PATH --pkcs11-token LABEL [--pkcs11-key LABEL]
                 (PIN from CCCD_PKCS11_PIN or a terminal prompt)
Exit code 2 when the record, profile or an image is invalid (the message names the field).`;

const DUMP_USAGE = `Usage: cccd lds dump FILE [--json] [--lenient]

Decodes any elementary file (EF.COM, DG1-DG16, EF.SOD, EF.CardAccess, EF.CardSecurity), recognised by its
first tag, and prints it as a tree or as JSON (bytes as hex, images summarised).
  --json       machine-readable output
  --lenient    accept 00/FF padding after the file and non-minimal lengths (files read from some chips)
Exit code 2 when the file is malformed (the message names the field and byte offset).`;

/** The chip keys a profile asks for: CA (DG14) and AA (DG15), by the file names they are kept under. */
const CHIP_KEYS = [
  { which: 'ca', file: 'chip-ca', spec: (p: CardProfile) => p.chipAuthentication?.key, dg: 14 },
  { which: 'aa', file: 'chip-aa', spec: (p: CardProfile) => p.activeAuthentication?.key, dg: 15 },
] as const;

function keygenSpec(spec: KeySpec, which: string) {
  if (spec.kind === 'dh') {
    throw new CccdError('CRYPTO_UNSUPPORTED', `${which} key: DH keys are not generated here; pass --keys`, {
      path: `profile.${which}.key`,
    });
  }
  return spec.kind === 'ec'
    ? { kind: 'ec' as const, curve: spec.curve as CurveName }
    : { kind: 'rsa' as const, bits: spec.bits };
}

export interface BuiltCard extends ComposedFiles {
  citizen: CitizenRecord;
  profile: CardProfile;
  /** Paths written, in order. */
  written: string[];
}

/** Reads the inputs, builds the files and writes them: shared by `lds build` and `demo`. */
export async function buildCardFiles(
  deps: CliDeps,
  o: { profile: string; citizen: string; out: string; keys?: string; pki?: string; pkcs11?: Pkcs11Options },
): Promise<BuiltCard> {
  const profile = await loadProfile(o.profile, (p) => deps.readFile(p));
  const citizen = loadCitizen(await deps.readFile(o.citizen), dirname(o.citizen));
  const portrait = await deps.readFile(citizen.portrait);
  const fingerprints = await Promise.all(
    (citizen.fingerprints ?? []).map(async (f) => ({ position: f.position, image: await deps.readFile(f.image) })),
  );
  // Everything is built in memory first, so that an invalid input leaves no key or half a card behind.
  const outputs: [string, Uint8Array | string][] = [];
  const publicKeys: { ca?: Uint8Array; aa?: Uint8Array } = {};
  for (const k of CHIP_KEYS) {
    const spec = k.spec(profile);
    if (!spec || !profile.lds.dataGroups.includes(k.dg)) continue;
    let pair: KeyPair;
    if (o.keys) {
      const path = join(o.keys, `${k.file}.key.pem`);
      const privateKey = decodePkcs8(fromPem(bytesToUtf8(await deps.readFile(path)), 'PRIVATE KEY'));
      pair = { privateKey, publicKey: publicKeyOf(privateKey) };
    } else {
      pair = generateKeyPair(keygenSpec(spec, k.which));
    }
    const spki = encodeSpki(pair.publicKey);
    publicKeys[k.which] = spki;
    if (!o.keys)
      outputs.push(
        [`${k.file}.key.pem`, encodePkcs8Pem(pair.privateKey)],
        [`${k.file}.pub.pem`, toPem('PUBLIC KEY', spki)],
      );
  }
  const composed = composeCard({ citizen, profile, portrait, fingerprints, chipPublicKeys: publicKeys });
  if (o.pki) Object.assign(composed.files, await signCardFiles(deps, o.pki, profile, composed.files, o.pkcs11));
  for (const [name, bytes] of Object.entries(composed.files)) outputs.push([`${name}.bin`, bytes as Uint8Array]);
  await deps.mkdir(o.out);
  const written: string[] = [];
  for (const [name, data] of outputs) {
    const path = join(o.out, name);
    await deps.writeFile(path, data);
    written.push(path);
  }
  return { ...composed, citizen, profile, written };
}

export const LDS_BUILD: Command = {
  name: 'lds build',
  summary: 'build the elementary files (EF.COM, DG1, DG2, DG13, ...) of a citizen card',
  usage: BUILD_USAGE,
  async run(args, deps) {
    const p = parse(args, {
      profile: { type: 'string' },
      citizen: { type: 'string' },
      out: { type: 'string' },
      keys: { type: 'string' },
      pki: { type: 'string' },
      'pkcs11-module': { type: 'string' },
      'pkcs11-token': { type: 'string' },
      'pkcs11-key': { type: 'string' },
    });
    const keys = optional(p, 'keys');
    const pki = optional(p, 'pki');
    const pkcs11 = pkcs11Options(p);
    const built = await buildCardFiles(deps, {
      profile: required(p, 'profile'),
      citizen: required(p, 'citizen'),
      out: required(p, 'out'),
      ...(keys ? { keys } : {}),
      ...(pki ? { pki } : {}),
      ...(pkcs11 ? { pkcs11 } : {}),
    });
    for (const [name, bytes] of Object.entries(built.files)) {
      deps.stdout(`${`${name}.bin`.padEnd(20)} ${String((bytes as Uint8Array).length).padStart(6)} bytes\n`);
    }
    const secret = built.written.filter((w) => w.endsWith('.key.pem'));
    if (secret.length) {
      deps.stderr(`private chip keys written (keep them secret): ${secret.join(', ')}\n`);
    }
    return 0;
  },
};

export const LDS_DUMP: Command = {
  name: 'lds dump',
  summary: 'decode any elementary file (detected by its tag) as a tree or JSON',
  usage: DUMP_USAGE,
  async run(args, deps) {
    const p = parse(args, { json: { type: 'boolean' }, lenient: { type: 'boolean' } }, true);
    const [file, ...extra] = p.positionals;
    if (!file || extra.length) throw new CccdError('USAGE', 'expected exactly one FILE');
    const lenient = flag(p, 'lenient');
    const ef = decodeEf(await deps.readFile(file), { allowTrailing: lenient, allowNonMinimalLength: lenient });
    deps.stdout(flag(p, 'json') ? `${JSON.stringify(dumpJson(ef), null, 2)}\n` : dumpTree(ef));
    return 0;
  },
};
