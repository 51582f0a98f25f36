// `cccd conformance`: the ICAO 9303 conformance suite against a simulated chip or a card in a PC/SC reader, its
// reports (JSON, JUnit XML, HTML), the list of cases, and mutant runs with the kill rate.
import { join } from 'node:path';
import { SimulatedChip } from '../card/chip.js';
import { CASES, selectCases } from '../conformance/cases/index.js';
import { claimsFromProfile, FEATURE_NAMES, isFeature } from '../conformance/claims.js';
import { runMutants } from '../conformance/mutants.js';
import { createReferenceCard, credentialsFromState, REFERENCE_CITIZEN } from '../conformance/reference-card.js';
import { reportToHtml } from '../conformance/report-html.js';
import { reportToJson } from '../conformance/report-json.js';
import { reportToJunit } from '../conformance/report-junit.js';
import { type ChipUnderTest, type ConformanceReport, reportPassed, runConformance } from '../conformance/runner.js';
import type { Feature, LabConfig } from '../conformance/types.js';
import { CccdError } from '../errors.js';
import { loadTrustStore } from '../pki/trust-store.js';
import { loadProfile } from '../profile/node-load.js';
import type { CardProfile } from '../profile/types.js';
import { flag, optional, parse } from './args.js';
import { openCard as openSharedCard } from './card-option.js';
import type { Command } from './command.js';
import type { CliDeps } from './deps.js';

const USAGE = `Usage: cccd conformance --card CARD --profile P [--only PATTERN] [--report DIR] [--formats json,junit,html]
       cccd conformance --list [--profile P]
       cccd conformance --mutants --profile P [--card sim[:STATE]] [--only PATTERN]

Runs the ICAO 9303 conformance suite (layer 6: commands and protocols, layer 7: data) against a chip. Cases
the chip does not claim (per the profile and --claim/--no-claim) are NOT APPLICABLE. Exit code 0 only when no
case FAILED or ERRORED.
  --card CARD        sim (a reference chip built in memory with a development PKI), sim:STATE.json (a saved
                     simulated chip), pcsc (first reader with a card) or pcsc:NAME
  --profile P        what the chip claims: a built-in profile name or a JSON file
  --only PATTERN     case ids, glob, comma-separated: L6.BAC.*, L7, *.SOD.2?
  --report DIR       write conformance.json, conformance.junit.xml and conformance.html there
  --formats LIST     which reports (default json,junit,html)
  --can DIGITS       the CAN (default: from the state of sim:STATE)
  --mrz D,B,E        document number, birth date and expiry date (YYMMDD) for BAC and PACE-MRZ
  --wait SECONDS     wait that long for a card in the PC/SC reader
  --csca FILE        CSCA certificates, CRLs or master lists for passive authentication (repeatable)
  --claim F          add a claim; --no-claim F removes one (${FEATURE_NAMES.join(', ')})
  --list             list the cases (with --profile: and whether each applies)
  --mutants          run the suite on the correct chip and on every fault of the catalogue; print the kill rate
  --json             machine-readable output of --list and --mutants`;

const FORMATS = ['json', 'junit', 'html'] as const;
type Format = (typeof FORMATS)[number];
const WRITERS: Readonly<Record<Format, [string, (r: ConformanceReport) => string]>> = {
  json: ['conformance.json', reportToJson],
  junit: ['conformance.junit.xml', reportToJunit],
  html: ['conformance.html', reportToHtml],
};

function list(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : typeof value === 'string'
      ? [value]
      : [];
}

function features(values: string[], option: string): Feature[] {
  return values.map((v) => {
    if (!isFeature(v)) throw new CccdError('USAGE', `--${option}: unknown feature '${v}'`);
    return v;
  });
}

function parseMrz(text: string): LabConfig['credentials']['mrz'] {
  const [documentNumber, birthDate, expiryDate] = text.split(',');
  if (!documentNumber || !birthDate || !expiryDate)
    throw new CccdError('USAGE', '--mrz: expected DOCUMENT,YYMMDD,YYMMDD');
  return { documentNumber, birthDate, expiryDate };
}

interface Opened {
  chip: ChipUnderTest;
  lab: LabConfig;
  simulated: boolean;
  close(): Promise<void>;
  reference?: Awaited<ReturnType<typeof createReferenceCard>>;
}

async function openCard(spec: string, profile: CardProfile, deps: CliDeps, waitMs?: number): Promise<Opened> {
  if (spec === 'sim') {
    const citizen =
      profile.documentType === 'TD1' ? REFERENCE_CITIZEN : { ...REFERENCE_CITIZEN, documentNumber: 'B1234567' };
    const ref = await createReferenceCard({ profile, citizen, now: () => deps.now() });
    const sim = new SimulatedChip(structuredClone(ref.state));
    const chip = { transport: sim, reset: async () => sim.reset(), atr: sim.atr, name: `sim:reference-${profile.id}` };
    return { chip, lab: ref.lab, simulated: true, close: async () => undefined, reference: ref };
  }
  // sim:STATE and pcsc[:NAME] as every command opens them (the state is not saved: the suite writes nothing).
  const card = await openSharedCard(spec, deps, waitMs === undefined ? {} : { waitMs });
  const state = card.chip?.exportState();
  if (state && state.lifeCycle !== 'operational') {
    throw new CccdError('CARD_STATE', `${spec}: the chip is not personalized and locked (${state.lifeCycle})`);
  }
  const atr = card.chip?.atr ?? (card.transport as { atr?: Uint8Array }).atr;
  const chip = {
    transport: card.transport,
    reset: () => card.reset(),
    ...(atr ? { atr } : {}),
    name: card.chip ? spec : card.transport.info.name,
  };
  return {
    chip,
    lab: { credentials: state ? credentialsFromState(state) : {} },
    simulated: card.chip !== undefined,
    close: () => card.close(),
  };
}

const VERDICT_WIDTH = 14;

export const CONFORMANCE: Command = {
  name: 'conformance',
  summary: 'run the ICAO 9303 conformance suite against a chip; reports; mutant runs with the kill rate',
  usage: USAGE,
  async run(args, deps) {
    const p = parse(args, {
      card: { type: 'string' },
      profile: { type: 'string' },
      only: { type: 'string' },
      report: { type: 'string' },
      formats: { type: 'string' },
      can: { type: 'string' },
      mrz: { type: 'string' },
      csca: { type: 'string', multiple: true },
      claim: { type: 'string', multiple: true },
      'no-claim': { type: 'string', multiple: true },
      list: { type: 'boolean' },
      mutants: { type: 'boolean' },
      json: { type: 'boolean' },
      wait: { type: 'string' },
    });
    const profileName = optional(p, 'profile');
    const profile = profileName === undefined ? undefined : await loadProfile(profileName, (f) => deps.readFile(f));
    const cases = selectCases(CASES, optional(p, 'only'));
    const overrides = {
      add: features(list(p.values.claim), 'claim'),
      remove: features(list(p.values['no-claim']), 'no-claim'),
    };

    if (flag(p, 'list')) {
      const claims = profile ? claimsFromProfile(profile, overrides) : undefined;
      const rows = cases.map((c) => {
        const missing = claims ? c.requires.filter((f) => !claims.features.has(f) && f !== 'csca') : [];
        return {
          id: c.id,
          title: c.title,
          clause: c.clause,
          requires: c.requires,
          applicable: claims ? missing.length === 0 : undefined,
        };
      });
      if (flag(p, 'json')) deps.stdout(`${JSON.stringify(rows, null, 2)}\n`);
      else {
        for (const r of rows)
          deps.stdout(`${r.id.padEnd(12)} ${r.applicable === false ? '(n/a) ' : ''}${r.title}  [${r.clause}]\n`);
        deps.stdout(`${rows.length} cases\n`);
      }
      return 0;
    }
    if (!profile) throw new CccdError('USAGE', 'missing --profile');
    const formats = (optional(p, 'formats') ?? FORMATS.join(',')).split(',').map((f) => f.trim());
    for (const f of formats)
      if (!(FORMATS as readonly string[]).includes(f)) throw new CccdError('USAGE', `--formats: unknown format '${f}'`);

    const spec = optional(p, 'card') ?? (flag(p, 'mutants') ? 'sim' : undefined);
    if (!spec) throw new CccdError('USAGE', 'missing --card');
    const waitText = optional(p, 'wait');
    const wait = waitText === undefined ? undefined : Number(waitText);
    if (wait !== undefined && !(Number.isFinite(wait) && wait >= 0))
      throw new CccdError('USAGE', '--wait: expected seconds');
    const opened = await openCard(spec, profile, deps, wait === undefined ? undefined : wait * 1000);
    try {
      const credentials = { ...opened.lab.credentials };
      const can = optional(p, 'can');
      const mrz = optional(p, 'mrz');
      if (can !== undefined) credentials.can = can;
      if (mrz !== undefined) credentials.mrz = parseMrz(mrz);
      const csca = list(p.values.csca);
      const trust = csca.length
        ? loadTrustStore(await Promise.all(csca.map(async (name) => ({ name, bytes: await deps.readFile(name) }))))
        : opened.lab.trust;
      const lab: LabConfig = { ...opened.lab, credentials, ...(trust ? { trust } : {}) };
      const claims = claimsFromProfile(profile, {
        add: [...(opened.simulated ? (['personalization-commands'] as Feature[]) : []), ...overrides.add],
        remove: overrides.remove,
      });

      if (flag(p, 'mutants')) {
        if (!(opened.chip.transport instanceof SimulatedChip))
          throw new CccdError('USAGE', '--mutants needs a simulated chip (--card sim or sim:STATE)');
        const state = opened.reference?.state ?? opened.chip.transport.exportState();
        const r = await runMutants({
          reference: { state, profile, lab, ...(opened.reference ? { pki: opened.reference.pki } : {}) },
          claims,
          cases,
          onMutant: (m, i, total) => {
            if (flag(p, 'json')) return;
            const mark = !m.applicable ? 'n/a     ' : m.killed ? 'caught  ' : 'SURVIVED';
            const by = m.caughtBy.length
              ? `  by ${m.caughtBy.slice(0, 6).join(' ')}${m.caughtBy.length > 6 ? ` (+${m.caughtBy.length - 6})` : ''}`
              : m.reason
                ? `  (${m.reason})`
                : '';
            deps.stdout(`[${String(i + 1).padStart(2)}/${total}] ${mark} ${m.fault}${by}\n`);
          },
        });
        const applicable = r.mutants.filter((m) => m.applicable);
        const killed = applicable.filter((m) => m.killed).length;
        const ref = r.reference.counts;
        if (flag(p, 'json')) {
          deps.stdout(
            `${JSON.stringify({ profile: profile.id, reference: ref, mutants: r.mutants, killRate: r.killRate, milliseconds: Math.round(r.milliseconds) }, null, 2)}\n`,
          );
        } else {
          deps.stdout(
            `correct chip: ${ref.PASSED} passed, ${ref.FAILED} failed, ${ref.ERROR} errors, ${ref['NOT APPLICABLE']} not applicable\n`,
          );
          deps.stdout(
            `kill rate: ${killed}/${applicable.length} faults caught (${(100 * r.killRate).toFixed(1)}%), ${r.mutants.length - applicable.length} not applicable, ${(r.milliseconds / 1000).toFixed(1)} s\n`,
          );
        }
        return reportPassed(r.reference) && killed === applicable.length ? 0 : 1;
      }

      const report = await runConformance({
        chip: opened.chip,
        claims,
        lab,
        cases,
        now: () => deps.now(),
        onCase: (r, i, total) => {
          const line = `${r.verdict.padEnd(VERDICT_WIDTH)} ${r.id.padEnd(12)} ${r.title}`;
          if (deps.isTTY)
            deps.stdout(
              `\r\x1b[2K[${i + 1}/${total}] ${line}${r.verdict === 'FAILED' || r.verdict === 'ERROR' ? '\n' : ''}`,
            );
          else
            deps.stdout(
              `[${String(i + 1).padStart(3)}/${total}] ${line}${r.verdict === 'FAILED' || r.verdict === 'ERROR' ? `\n      expected ${r.expected ?? '-'}; received ${r.received ?? r.reason ?? '-'}` : ''}\n`,
            );
        },
      });
      if (deps.isTTY) deps.stdout('\r\x1b[2K');
      const reportDir = optional(p, 'report');
      if (reportDir !== undefined) {
        await deps.mkdir(reportDir);
        for (const f of formats as Format[]) {
          const [file, write] = WRITERS[f];
          await deps.writeFile(join(reportDir, file), write(report));
        }
      }
      const c = report.counts;
      deps.stdout(
        `${report.results.length} cases: ${c.PASSED} passed, ${c.FAILED} failed, ${c.ERROR} errors, ${c.WARNING} warnings, ${c['NOT APPLICABLE']} not applicable (${(report.milliseconds / 1000).toFixed(1)} s)${reportDir ? `; reports in ${reportDir}` : ''}\n`,
      );
      return reportPassed(report) ? 0 : 1;
    } finally {
      await opened.close();
    }
  },
};
