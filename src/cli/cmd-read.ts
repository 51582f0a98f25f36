// `cccd read`: the verifier's job (ICAO 9303-11 §4.2, §5.1, §6) on a simulated chip or a PC/SC card.
import { join } from 'node:path';
import type { AccessCredentials } from '../access/policy.js';
import { CccdError } from '../errors.js';
import { decodeDg2 } from '../lds/dg2.js';
import { readDocument } from '../reader/read-document.js';
import type { DocumentReport } from '../reader/report.js';
import { flag, optional, parse, required } from './args.js';
import { openCard } from './card-option.js';
import type { Command } from './command.js';
import type { CliDeps } from './deps.js';
import { formatReport, reportToJson } from './format-report.js';
import { loadTrust, noteSkipped } from './pki-dir.js';

const USAGE = `Usage: cccd read --card sim:STATE.json|pcsc[:READER] (--can N | --mrz "LINES" | --bac DOCNO,YYMMDD,YYMMDD)
                 [--trust CSCA.pem|DIR|MASTERLIST|LDIF] [--at DATE|signing-time] [--out DIR] [--wait SECONDS]
                 [--allow-bac] [--json]

Reads and verifies a chip as a verifier does: PACE with the CAN or the MRZ (BAC only where --bac is given or
--allow-bac lets PACE fall back), Chip Authentication, Active Authentication and passive authentication up to
the CSCAs in --trust. Exit code 0 only when every check passed; 1 when the chip did not verify; 2 on bad input.
  --out DIR   writes every file read as DIR/<name>.bin and the face image as DIR/face.jpg (or .jp2)`;

/** "--mrz" takes the MRZ lines separated by newlines or spaces; "--bac" the three BAC fields. */
function credentials(p: ReturnType<typeof parse>): { credentials: AccessCredentials; bacOnly: boolean } {
  const can = optional(p, 'can');
  const mrz = optional(p, 'mrz');
  const bac = optional(p, 'bac');
  const given = [can, mrz, bac].filter((x) => x !== undefined).length;
  if (given !== 1) throw new CccdError('USAGE', 'give exactly one of --can, --mrz or --bac');
  if (can !== undefined) {
    if (!/^\d{6,10}$/.test(can)) throw new CccdError('USAGE', '--can: expected 6 to 10 digits');
    return { credentials: { can }, bacOnly: false };
  }
  if (mrz !== undefined) return { credentials: { mrz: mrz.trim().split(/\s+/) }, bacOnly: false };
  const [documentNumber, birthDate, expiryDate, ...rest] = (bac as string).split(',');
  if (!documentNumber || !birthDate || !expiryDate || rest.length) {
    throw new CccdError('USAGE', '--bac: expected DOCNO,YYMMDD,YYMMDD');
  }
  return { credentials: { mrz: { documentNumber, birthDate, expiryDate } }, bacOnly: true };
}

function at(text: string | undefined): Date | 'signing-time' | undefined {
  if (text === undefined || text === 'signing-time') return text;
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) throw new CccdError('USAGE', `--at ${text}: not a date`);
  return d;
}

async function writeOut(deps: CliDeps, dir: string, report: DocumentReport): Promise<void> {
  await deps.mkdir(dir);
  for (const [name, bytes] of report.raw) await deps.writeFile(join(dir, `${name}.bin`), bytes);
  const dg2 = report.raw.get('DG2');
  if (!dg2) return;
  const face = decodeDg2(dg2).instances[0]?.record.images[0];
  if (face) await deps.writeFile(join(dir, face.imageDataType === 'jpeg2000' ? 'face.jp2' : 'face.jpg'), face.image);
}

export const READ: Command = {
  name: 'read',
  summary: 'read and verify a chip as a verifier (PACE/BAC, CA, AA, passive authentication)',
  usage: USAGE,
  async run(args, deps) {
    const p = parse(args, {
      card: { type: 'string' },
      can: { type: 'string' },
      mrz: { type: 'string' },
      bac: { type: 'string' },
      trust: { type: 'string' },
      at: { type: 'string' },
      out: { type: 'string' },
      wait: { type: 'string' },
      'allow-bac': { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const { credentials: creds, bacOnly } = credentials(p);
    const trustPath = optional(p, 'trust');
    const trust = trustPath ? await loadTrust(deps, trustPath) : undefined;
    if (trust) noteSkipped(deps, trust);
    const wait = optional(p, 'wait');
    const card = await openCard(required(p, 'card'), deps, wait ? { waitMs: Number(wait) * 1000 } : {});
    try {
      const policy = bacOnly
        ? { methods: [{ protocol: 'BAC' as const }] }
        : {
            methods: [
              { protocol: 'PACE' as const, password: creds.can ? ('can' as const) : ('mrz' as const) },
              ...(flag(p, 'allow-bac') ? [{ protocol: 'BAC' as const }] : []),
            ],
          };
      const report = await readDocument(card.transport, {
        credentials: creds,
        policy,
        trust,
        at: at(optional(p, 'at')),
        now: deps.now,
        onFile: (f) => {
          if (deps.isTTY && !flag(p, 'json')) deps.stderr(`  read ${f.name} (${f.length} bytes, ${f.apdus} APDUs)\n`);
        },
      });
      const out = optional(p, 'out');
      if (out) await writeOut(deps, out, report);
      deps.stdout(flag(p, 'json') ? `${JSON.stringify(reportToJson(report), null, 2)}\n` : formatReport(report));
      return report.verified ? 0 : 1;
    } finally {
      await card.close();
    }
  },
};
