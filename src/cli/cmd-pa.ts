// `cccd pa verify`: ICAO 9303-11 §5.1 passive authentication of files read from a chip, against the verifier's
// CSCA certificates, master lists, LDIF exports and CRLs.
import { join } from 'node:path';
import { toHex } from '../bytes.js';
import { CccdError } from '../errors.js';
import { dataGroups } from '../lds/registry.js';
import { formatName } from '../pki/name.js';
import { type PaResult, passiveAuthentication } from '../pki/passive-authentication.js';
import { loadTrustStore, type TrustInput, withCrls } from '../pki/trust-store.js';
import { flag, optional, parse, required } from './args.js';
import type { Command } from './command.js';
import type { CliDeps } from './deps.js';
import { noteSkipped } from './pki-dir.js';

const USAGE = `Usage: cccd pa verify --dir FILES_DIR --trust CSCA.pem|DIR|MASTERLIST|LDIF [--crl FILE] [--at DATE] [--json]

Checks EF.SOD.bin in FILES_DIR (signature, every DGn.bin hash, DS -> CSCA chain, validity, key usage, document
type, CRL status, country) and prints each check as passed, failed or not checked.
  --trust T   CSCA certificates (PEM/DER), a directory of them, a master list (.ml) or an ICAO PKD LDIF file;
              repeatable
  --crl FILE  a CSCA CRL (PEM or DER); repeatable (CRLs in --trust are used too)
  --at DATE   check validity and revocation at DATE (ISO 8601) or 'signing-time' (default: now)
  --json      machine-readable result
Exit code 0 only when every check passed; 1 when any failed or could not be checked; 2 on unreadable input.`;

async function trustInputs(deps: CliDeps, paths: string[]): Promise<TrustInput[]> {
  const out: TrustInput[] = [];
  for (const path of paths) {
    if (await deps.isDirectory(path)) {
      for (const name of await deps.readDir(path)) {
        const full = join(path, name);
        if (name.startsWith('.') || (await deps.isDirectory(full))) continue;
        out.push({ name: full, bytes: await deps.readFile(full) });
      }
    } else out.push({ name: path, bytes: await deps.readFile(path) });
  }
  return out;
}

function list(p: { values: Record<string, unknown> }, name: string): string[] {
  const v = p.values[name];
  return Array.isArray(v) ? (v as string[]) : typeof v === 'string' ? [v] : [];
}

function toJson(r: PaResult): string {
  return JSON.stringify(
    {
      valid: r.valid,
      checkedAt: r.checkedAt.toISOString(),
      signingTime: r.signingTime?.toISOString(),
      documentSigner: r.documentSigner && {
        subject: formatName(r.documentSigner.subject),
        serial: toHex(r.documentSigner.serialNumber),
      },
      csca: r.csca && { subject: formatName(r.csca.subject), serial: toHex(r.csca.serialNumber) },
      checks: r.checks,
    },
    null,
    2,
  );
}

const LABEL = { passed: 'PASSED', failed: 'FAILED', 'not-checked': 'NOT CHECKED' } as const;

export const PA_VERIFY: Command = {
  name: 'pa verify',
  summary: 'passive authentication of EF.SOD and data group files against CSCAs, master lists or LDIF',
  usage: USAGE,
  async run(args, deps) {
    const p = parse(args, {
      dir: { type: 'string' },
      trust: { type: 'string', multiple: true },
      crl: { type: 'string', multiple: true },
      at: { type: 'string' },
      json: { type: 'boolean' },
    });
    const dir = required(p, 'dir');
    const trustPaths = list(p, 'trust');
    if (trustPaths.length === 0) throw new CccdError('USAGE', 'missing --trust');
    const atText = optional(p, 'at');
    let at: Date | 'signing-time' | undefined;
    if (atText === 'signing-time') at = 'signing-time';
    else if (atText !== undefined) {
      at = new Date(atText);
      if (Number.isNaN(at.getTime())) throw new CccdError('USAGE', `--at ${atText}: not a date`);
    }
    const sod = await deps.readFile(join(dir, 'EF.SOD.bin'));
    const names = new Set(await deps.readDir(dir));
    const groups = new Map<number, Uint8Array>();
    for (const dg of dataGroups()) {
      const file = `${dg.name}.bin`;
      if (names.has(file)) groups.set(dg.number as number, await deps.readFile(join(dir, file)));
    }
    let trust = loadTrustStore(await trustInputs(deps, trustPaths));
    const crlFiles = list(p, 'crl');
    if (crlFiles.length) trust = withCrls(trust, loadTrustStore(await trustInputs(deps, crlFiles)).crls);
    noteSkipped(deps, trust);
    const result = passiveAuthentication({ sod, dataGroups: groups, trust, now: deps.now, ...(at ? { at } : {}) });
    if (flag(p, 'json')) deps.stdout(`${toJson(result)}\n`);
    else {
      for (const c of result.checks) {
        deps.stdout(`${LABEL[c.status].padEnd(12)} ${c.check}${c.subject ? ` ${c.subject}` : ''}: ${c.reason}\n`);
      }
      deps.stdout(result.valid ? 'VALID: every check passed\n' : 'NOT VALID: a check failed or could not be made\n');
    }
    return result.valid ? 0 : 1;
  },
};
