// `cccd demo` (npm run demo): until the end-to-end job exists, builds the ICAO 9303-10 files of the example
// citizen with the CCCD 2021 profile into a temporary directory and shows what they hold.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeOid } from '../asn1/oids.js';
import { dataGroupsOfCom } from '../lds/com.js';
import { DG13_LABELS } from '../lds/dg13.js';
import { type DecodableEf, type DecodedEf, decodeEf } from '../lds/ef.js';
import { describePublicKey } from '../lds/public-key.js';
import { canFromId } from '../mrz/cccd.js';
import { optional, parse } from './args.js';
import { buildCardFiles } from './cmd-lds.js';
import type { Command } from './command.js';

const EXAMPLE_CITIZEN = fileURLToPath(new URL('../../examples/citizens/nguyen-van-an.json', import.meta.url));

const USAGE = `Usage: cccd demo [--citizen FILE] [--profile NAME|FILE] [--out DIR]

Builds the elementary files of a synthetic citizen card (default: examples/citizens/nguyen-van-an.json with
the cccd-2021 profile) into a temporary directory, decodes each file back and prints who the card is for,
the MRZ, the DG13 fields and the size of every file.`;

/** One line about each file's content, by file name. */
const NOTES: { [N in DecodableEf]?: (file: Extract<DecodedEf, { name: N }>['file']) => string } = {
  'EF.COM': (f) => `LDS ${f.ldsVersion}, data groups ${dataGroupsOfCom(f).join(' ')}`,
  DG1: (f) => (f.parsed?.valid ? `${f.parsed.format}, check digits valid` : 'MRZ check digits invalid'),
  DG2: (f) =>
    f.instances
      .flatMap((i) => i.record.images)
      .map((i) => `${i.imageDataType} ${i.width}x${i.height}, ${i.image.length}-byte image`)
      .join('; '),
  DG13: (f) => `${f.fullName ?? ''}, ID ${f.idNumber ?? ''}`,
  DG14: (f) => f.infos.map((i) => i.type).join(', '),
  DG15: (f) => `Active Authentication key: ${describePublicKey(f.publicKey, describeOid)}`,
  'EF.CardAccess': (f) => f.infos.map((i) => i.type).join(', '),
};

export const DEMO: Command = {
  name: 'demo',
  summary: 'build and show the data groups of the example CCCD citizen',
  usage: USAGE,
  async run(args, deps) {
    const p = parse(args, { citizen: { type: 'string' }, profile: { type: 'string' }, out: { type: 'string' } });
    const out = optional(p, 'out') ?? join(deps.env.TMPDIR ?? tmpdir(), `cccd-demo-${deps.now().getTime()}`);
    const built = await buildCardFiles(deps, {
      profile: optional(p, 'profile') ?? 'cccd-2021',
      citizen: optional(p, 'citizen') ?? EXAMPLE_CITIZEN,
      out,
    });
    const { citizen, profile } = built;
    const lines: string[] = [];
    lines.push(`cccd demo: the elementary files of a synthetic card, profile ${profile.id}`, '');
    lines.push(`Who:  ${citizen.fullName}, ID ${citizen.id}, born ${citizen.birthDate}, sex ${citizen.sex}`);
    lines.push(`      expires ${citizen.expiryDate ?? 'never (MRZ 991231)'}; PACE CAN ${canFromId(citizen.id)}`, '');
    lines.push('MRZ (DG1):', ...built.mrz.map((l) => `  ${l}`), '');
    lines.push('DG13 (Vietnamese citizen data):');
    for (const l of DG13_LABELS) {
      const v = built.dg13[l.key];
      lines.push(`  ${String(l.index).padStart(2)} ${`${l.vi} / ${l.en}`.padEnd(44)} ${v ?? '(empty)'}`);
    }
    lines.push('', `Files in ${out}:`);
    for (const [name, bytes] of Object.entries(built.files)) {
      const ef = decodeEf(bytes as Uint8Array);
      const note = (NOTES[ef.name] as ((file: unknown) => string) | undefined)?.(ef.file) ?? '';
      lines.push(`  ${`${name}.bin`.padEnd(18)} ${String((bytes as Uint8Array).length).padStart(6)} bytes  ${note}`);
    }
    lines.push('', `Every file decodes back; inspect one with: cccd lds dump ${join(out, 'DG13.bin')}`);
    deps.stdout(`${lines.join('\n')}\n`);
    return 0;
  },
};
