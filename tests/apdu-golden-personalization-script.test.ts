import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatScript, parseScript, toScriptor } from '../src/apdu/script.js';
import { runScript } from '../src/apdu/script-runner.js';
import { blankState, chipConfigFor, SimulatedChip } from '../src/card/chip.js';
import { loadCitizen } from '../src/citizen/schema.js';
import { prepareCard } from '../src/perso/prepare.js';
import { personalizationScript } from '../src/perso/script.js';
import { parseCertificate } from '../src/pki/certificate.js';
import { fromPem } from '../src/pki/pem.js';
import { softwareSigner } from '../src/pki/software-signer.js';
import { loadTrustStore } from '../src/pki/trust-store.js';
import { builtinProfile } from '../src/profile/builtin.js';
import { readDocument } from '../src/reader/read-document.js';
import { seededRandom } from './helpers/seeded-random.js';

const ROOT = join(import.meta.dirname, '..');
const PKI = join(ROOT, 'tests', 'data', 'golden-pki');
const GOLDEN = join(ROOT, 'apdu', 'scripts', 'cccd-2021-nguyen-van-an.script');
const text = (p: string) => readFileSync(p, 'utf8');

/** The example citizen's CCCD, prepared with fixed randomness and clock: the same bytes every time. */
async function goldenCard() {
  const examples = join(ROOT, 'examples', 'citizens');
  const citizen = loadCitizen(readFileSync(join(examples, 'nguyen-van-an.json')), examples);
  const profile = builtinProfile('cccd-2021');
  const random = seededRandom('cccd-toolkit golden personalization script');
  return prepareCard({
    profile,
    citizen,
    portrait: new Uint8Array(readFileSync(citizen.portrait)),
    signer: softwareSigner({ privateKey: text(join(PKI, 'ds.key.pem')), algorithm: 'ecdsa-sha256', random }),
    certificate: parseCertificate(fromPem(text(join(PKI, 'ds.pem')), 'CERTIFICATE', 'ds.pem'), 'ds.pem'),
    random,
    now: () => new Date('2026-12-15T00:00:00Z'),
  });
}

describe('golden personalization script (apdu/personalization.md)', () => {
  it('is reproduced byte for byte from the example citizen with fixed randomness', async () => {
    const card = await goldenCard();
    const script = personalizationScript(card.image, { header: { profile: 'cccd-2021', document: '099012345' } });
    // UPDATE_GOLDEN=1 rewrites the file after a deliberate change of the script format or of the data groups.
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, formatScript(script));
    expect(formatScript(script)).toBe(text(GOLDEN));
  });

  it('personalizes a blank chip that then verifies against the golden PKI, and exports for scriptor', async () => {
    const card = await goldenCard();
    const script = personalizationScript(card.image);
    const chip = new SimulatedChip(blankState(chipConfigFor(builtinProfile('cccd-2021'))));
    await runScript(chip, parseScript(formatScript(script, { includeSecrets: true })));
    chip.reset();
    const trust = loadTrustStore([
      { name: 'csca.pem', bytes: readFileSync(join(PKI, 'csca.pem')) },
      { name: 'csca.crl', bytes: readFileSync(join(PKI, 'csca.crl')) },
    ]);
    const report = await readDocument(chip, {
      credentials: { can: '012345' },
      trust,
      now: () => new Date('2026-12-15T00:00:00Z'),
    });
    expect(report.checks.filter((c) => c.status !== 'passed')).toEqual([]);
    expect(toScriptor(script).split('\n')[2]).toBe('reset');
  });
});
