// The conformance report as one self-contained HTML page (inline CSS, no scripts or external assets) that a
// lab can attach to a certificate request: summary, chip identification, statistics, cases, details, transcripts.
import type { ConformanceReport } from './runner.js';
import type { CaseResult, Verdict } from './types.js';

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const esc = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);

const VERDICT_CLASS: Readonly<Record<Verdict, string>> = {
  PASSED: 'pass',
  FAILED: 'fail',
  WARNING: 'warn',
  'NOT APPLICABLE': 'na',
  ERROR: 'err',
};

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d232a;background:#f6f7f9}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d5d9df;padding-bottom:4px}
.sub{color:#5b6570}
.verdict{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;white-space:nowrap}
.pass{background:#dcf5e3;color:#146c2e}.fail{background:#fde0e0;color:#a11919}.warn{background:#fff1cc;color:#7a5a00}
.na{background:#e8eaed;color:#4a525b}.err{background:#f3dcf7;color:#6d1b86}
.overall{font-size:18px;padding:6px 14px;border-radius:14px}
table{border-collapse:collapse;width:100%;background:#fff}th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #e5e8ec;vertical-align:top}
th{background:#eef1f4;font-weight:600}td.id{font-family:ui-monospace,Menlo,Consolas,monospace;white-space:nowrap}
.stats{display:flex;gap:10px;flex-wrap:wrap}.stat{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:8px 14px;min-width:110px}
.stat b{display:block;font-size:22px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0}dt{color:#5b6570}dd{margin:0}
details{background:#fff;border:1px solid #e0e4e8;border-radius:6px;margin:6px 0;padding:6px 10px}
summary{cursor:pointer}pre{background:#11161c;color:#d8e0e8;padding:10px;border-radius:6px;overflow-x:auto;font-size:12px;line-height:1.35}
.bar{display:flex;height:12px;border-radius:6px;overflow:hidden;margin:10px 0}.bar span{display:block}
@media print{details{break-inside:avoid}pre{white-space:pre-wrap}}
`;

const badge = (v: Verdict) => `<span class="verdict ${VERDICT_CLASS[v]}">${esc(v)}</span>`;

function details(r: CaseResult): string {
  const rows: [string, string | undefined][] = [
    ['Clause', r.clause],
    ['Verdict', undefined],
    ['Expected', r.expected],
    ['Received', r.received],
    ['Reason', r.reason],
    ['Preconditions', r.preconditions.join('; ')],
    ['Steps', r.steps.join('; ')],
    ['Time', `${r.milliseconds.toFixed(1)} ms`],
  ];
  const dl = rows
    .filter(([k, v]) => k === 'Verdict' || (v !== undefined && v !== ''))
    .map(([k, v]) => `<dt>${k}</dt><dd>${k === 'Verdict' ? badge(r.verdict) : esc(v as string)}</dd>`)
    .join('');
  const transcript = r.transcript ? `<pre>${esc(r.transcript)}</pre>` : '<p class="sub">No APDU exchanged.</p>';
  return `<details id="${esc(r.id)}"><summary>${badge(r.verdict)} <b>${esc(r.id)}</b> ${esc(r.title)}</summary><dl>${dl}</dl>${transcript}</details>`;
}

/** The HTML page of a report. */
export function reportToHtml(report: ConformanceReport): string {
  const c = report.counts;
  const total = report.results.length;
  const ok = c.FAILED === 0 && c.ERROR === 0;
  const colors: [Verdict, string][] = [
    ['PASSED', '#3fae5f'],
    ['WARNING', '#e0b000'],
    ['FAILED', '#d93636'],
    ['ERROR', '#9b3cb5'],
    ['NOT APPLICABLE', '#aab2bb'],
  ];
  const bar = colors
    .map(([v, col]) =>
      c[v] ? `<span style="width:${(100 * c[v]) / total}%;background:${col}" title="${v} ${c[v]}"></span>` : '',
    )
    .join('');
  const stats = colors.map(([v]) => `<div class="stat">${badge(v)}<b>${c[v]}</b></div>`).join('');
  const units = new Map<string, CaseResult[]>();
  for (const r of report.results) units.set(`${r.layer}.${r.unit}`, [...(units.get(`${r.layer}.${r.unit}`) ?? []), r]);
  const perUnit = [...units]
    .map(
      ([u, rs]) =>
        `<tr><td class="id">${esc(u)}</td>${colors.map(([v]) => `<td>${rs.filter((r) => r.verdict === v).length || ''}</td>`).join('')}</tr>`,
    )
    .join('');
  const table = report.results
    .map(
      (r) =>
        `<tr><td class="id"><a href="#${esc(r.id)}">${esc(r.id)}</a></td><td>${esc(r.title)}</td><td>${esc(r.clause)}</td><td>${badge(r.verdict)}</td></tr>`,
    )
    .join('');
  const chip = report.chip;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Conformance report: ${esc(chip.profile)} on ${esc(chip.name)}</title><style>${CSS}</style></head>
<body><main>
<h1>ICAO 9303 chip conformance report</h1>
<p class="sub">${esc(report.toolkit)} &middot; started ${esc(report.startedAt)} &middot; ${(report.milliseconds / 1000).toFixed(1)} s</p>
<h2>Summary</h2>
<p><span class="verdict overall ${ok ? 'pass' : 'fail'}">${ok ? 'CONFORMANT: no case failed' : 'NOT CONFORMANT'}</span></p>
<p>${c.PASSED} of ${total - c['NOT APPLICABLE']} applicable cases passed; ${c.FAILED} failed, ${c.ERROR} could not run, ${c.WARNING} with warnings; ${c['NOT APPLICABLE']} not applicable to what the chip claims.</p>
<h2>Chip identification</h2>
<dl><dt>Chip</dt><dd>${esc(chip.name)}</dd><dt>ATR</dt><dd>${esc(chip.atr ?? 'not reported')}</dd><dt>Profile</dt><dd>${esc(chip.profile)}</dd><dt>LDS</dt><dd>${esc(chip.lds)}</dd><dt>Description</dt><dd>${esc(chip.profileDescription)}</dd><dt>Claims</dt><dd>${esc(report.claims.join(', '))}</dd></dl>
<h2>Statistics</h2>
<div class="bar">${bar}</div><div class="stats">${stats}</div>
<table style="margin-top:12px"><tr><th>Unit</th>${colors.map(([v]) => `<th>${v}</th>`).join('')}</tr>${perUnit}</table>
<h2>Cases</h2>
<table><tr><th>Id</th><th>Title</th><th>Clause</th><th>Verdict</th></tr>${table}</table>
<h2>Details and transcripts</h2>
${report.results.map(details).join('\n')}
</main></body></html>
`;
}
