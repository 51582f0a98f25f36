// `cccd mrz`: the MRZ of a citizen's card (ICAO 9303-4/5/6 with the CCCD rules), or the validation of MRZ lines
// with every check digit (ICAO 9303-3 §4.9), the BAC key material (ICAO 9303-11 §9.7.2) and, for CCCD, the CAN.
import { dirname } from 'node:path';
import { loadCitizen } from '../citizen/schema.js';
import { CccdError } from '../errors.js';
import { bacKeyMaterial } from '../mrz/bac.js';
import { CCCD_MRZ_PROFILE, canFromId, mrzFieldsFromCitizen, parseCccdMrz } from '../mrz/cccd.js';
import { buildMrzDetailed, type ParsedMrz, parseMrz } from '../mrz/mrz.js';
import { loadProfile } from '../profile/node-load.js';
import { flag, optional, parse } from './args.js';
import type { Command } from './command.js';
import type { CliDeps } from './deps.js';

const USAGE = `Usage: cccd mrz --citizen FILE [--profile NAME|FILE] [--json]
       cccd mrz --parse LINE... [--json]

Prints the machine readable zone of a citizen's card (default profile cccd-2021: TD1, document number = last 9
digits of the ID, the full ID and its check digit in the optional data, 991231 when the card has no expiry), or
validates MRZ lines given as arguments (quote them: '<' is special to the shell) and shows every check digit,
the BAC key material and, for a CCCD, the ID and the PACE CAN.
  --citizen FILE   citizen record (JSON, see examples/citizens/)
  --profile P      built-in profile (cccd-2021, cccd-2024, td3-passport) or a profile JSON file
  --parse          the positional arguments are MRZ lines (one argument may hold them all)
  --json           machine-readable output
Exit code 2 when the record or the MRZ is invalid (the message names the field).`;

function isCccd(p: ParsedMrz): boolean {
  return p.format === 'TD1' && p.fields.documentCode === 'ID' && p.fields.issuingState === 'VNM';
}

async function fromCitizen(
  file: string,
  profileName: string | undefined,
  json: boolean,
  deps: CliDeps,
): Promise<number> {
  const citizen = loadCitizen(await deps.readFile(file), dirname(file));
  const profile = profileName ? await loadProfile(profileName, (p) => deps.readFile(p)) : CCCD_MRZ_PROFILE;
  const { format, fields } = mrzFieldsFromCitizen(citizen, profile);
  const built = buildMrzDetailed(format, fields);
  if (json) {
    const bac = bacKeyMaterial({ ...fields });
    const can = profile.mrzScheme === 'cccd' ? canFromId(citizen.id) : undefined;
    const out = {
      format,
      lines: built.lines,
      fields,
      nameTruncated: built.nameTruncated,
      bac,
      ...(can ? { can } : {}),
    };
    deps.stdout(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    deps.stdout(`${built.lines.join('\n')}\n`);
    if (built.nameTruncated) deps.stderr('note: the name was truncated to fit the MRZ (ICAO 9303-3 §4.6)\n');
  }
  return 0;
}

function describe(p: ParsedMrz & { id?: string; can?: string }): string {
  const f = p.fields;
  const rows: [string, string][] = [
    ['format', p.format],
    ['document code', f.documentCode],
    ['issuing state', f.issuingState],
    ['document number', f.documentNumber],
    ['optional data', f.optionalData1],
    ...(p.format === 'TD1' ? ([['optional data 2', f.optionalData2]] as [string, string][]) : []),
    ['birth date', f.birthDate],
    ['sex', f.sex],
    ['expiry date', f.expiryDate],
    ['nationality', f.nationality],
    ['primary identifier', f.primaryIdentifier],
    ['secondary identifier', f.secondaryIdentifier],
    ...(p.id
      ? ([
          ['personal ID', p.id],
          ['PACE CAN', p.can ?? ''],
        ] as [string, string][])
      : []),
  ];
  const checks = p.checks.map((c) => `  ${c.path}: ${c.valid ? 'ok' : `'${c.found}' should be '${c.computed}'`}`);
  return `${rows.map(([k, v]) => `${k.padEnd(21)}${v}`).join('\n')}\ncheck digits:\n${checks.join('\n')}\n`;
}

function parseLines(lines: string[], json: boolean, deps: CliDeps): number {
  if (lines.length === 0) throw new CccdError('USAGE', '--parse needs the MRZ lines as arguments');
  const input = lines.length === 1 ? (lines[0] as string) : lines;
  const plain = parseMrz(input, { checkDigits: 'report' });
  const parsed: ParsedMrz & { id?: string; can?: string } = isCccd(plain)
    ? parseCccdMrz(input, { checkDigits: 'report' })
    : plain;
  const bac = parsed.valid ? bacKeyMaterial(parsed) : undefined;
  if (json) {
    const { lines: l, format, fields, checks, valid, nameMayBeTruncated, id, can } = parsed;
    const out = { format, lines: l, valid, fields, checks, nameMayBeTruncated, ...(id ? { id, can } : {}), bac };
    deps.stdout(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    deps.stdout(describe(parsed));
    if (bac) deps.stdout(`BAC MRZ information  ${bac.mrzInformation}\n`);
  }
  for (const c of parsed.checks.filter((x) => !x.valid)) {
    deps.stderr(`cccd mrz: ${c.path}: check digit '${c.found}' should be '${c.computed}' [MRZ_CHECK_DIGIT]\n`);
  }
  return parsed.valid ? 0 : 2;
}

/** `cccd mrz`: build from a citizen record, or parse and validate lines. */
export const mrzCommand: Command = {
  name: 'mrz',
  summary: "print a citizen's MRZ, or validate MRZ lines (check digits, BAC key, CCCD ID and CAN)",
  usage: USAGE,
  async run(args, deps) {
    const p = parse(
      args,
      {
        citizen: { type: 'string' },
        profile: { type: 'string' },
        parse: { type: 'boolean' },
        json: { type: 'boolean' },
      },
      true,
    );
    const citizen = optional(p, 'citizen');
    if (flag(p, 'parse')) {
      if (citizen !== undefined || optional(p, 'profile') !== undefined) {
        throw new CccdError('USAGE', '--parse takes MRZ lines, not --citizen or --profile');
      }
      return parseLines(p.positionals, flag(p, 'json'), deps);
    }
    if (p.positionals.length > 0)
      throw new CccdError('USAGE', `unexpected argument '${p.positionals[0]}' (use --parse)`);
    if (citizen === undefined) throw new CccdError('USAGE', 'give --citizen FILE or --parse LINE...');
    return fromCitizen(citizen, optional(p, 'profile'), flag(p, 'json'), deps);
  },
};
