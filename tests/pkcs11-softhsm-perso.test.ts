// Personalization with the document signer in an HSM (PKCS#11 v2.40 on SoftHSM2): `cccd pki init --pkcs11-*`
// generates the DS key in the token, `cccd perso --pkcs11-*` signs EF.SOD there, and the chip verifies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/run.js';
import { fakeDeps } from './helpers/fake-deps.js';
import { createSoftHsm, SOFTHSM_MODULE, type SoftHsm, softhsmMissing } from './helpers/softhsm.js';

const missing = softhsmMissing();
if (missing) console.log(`pkcs11-softhsm-perso: skipped: ${missing}`);

describe.skipIf(missing !== undefined)('cccd perso with the DS key in a SoftHSM2 token', () => {
  let hsm: SoftHsm;
  beforeAll(() => {
    hsm = createSoftHsm();
    hsm.initToken('bureau-ds', '2468');
  });
  afterAll(() => hsm?.cleanup());

  it('signs EF.SOD in the token, writes no DS private key, and the personalized chip verifies', async () => {
    const { deps, out, files } = fakeDeps();
    const env = { ...deps.env, CCCD_PKCS11_PIN: '2468' };
    const hsmArgs = ['--pkcs11-module', SOFTHSM_MODULE, '--pkcs11-token', 'bureau-ds'];
    expect(
      await run(['pki', 'init', '--dir', '/mem/pki', '--algorithm', 'brainpoolP256r1', ...hsmArgs], { ...deps, env }),
    ).toBe(0);
    expect(files.has('/mem/pki/ds.key.pem')).toBe(false);
    const perso = [
      'perso',
      '--profile',
      'cccd-2021',
      '--citizen',
      'examples/citizens/nguyen-van-an.json',
      '--pki',
      '/mem/pki',
      '--card',
      'sim:/mem/chip.json',
      '--json',
      ...hsmArgs,
    ];
    expect(await run(perso, { ...deps, env })).toBe(0);
    expect(JSON.parse(out.stdout.slice(out.stdout.indexOf('{'))).result).toBe('personalized-and-verified');
    expect(`${out.stdout}${out.stderr}`).not.toContain('2468');
  });

  it('signs the EF.SOD of `cccd lds build --pki` in the token too', async () => {
    const { deps, files } = fakeDeps();
    const env = { ...deps.env, CCCD_PKCS11_PIN: '2468' };
    const hsmArgs = ['--pkcs11-module', SOFTHSM_MODULE, '--pkcs11-token', 'bureau-ds', '--pkcs11-key', 'lds-ds'];
    expect(await run(['pki', 'init', '--dir', '/mem/pki2', ...hsmArgs], { ...deps, env })).toBe(0);
    const build = ['lds', 'build', '--profile', 'cccd-2021', '--citizen', 'examples/citizens/nguyen-van-an.json'];
    expect(await run([...build, '--out', '/mem/card', '--pki', '/mem/pki2', ...hsmArgs], { ...deps, env })).toBe(0);
    expect(files.has('/mem/card/EF.SOD.bin')).toBe(true);
    expect(
      await run(
        ['pa', 'verify', '--dir', '/mem/card', '--trust', '/mem/pki2/csca.pem', '--crl', '/mem/pki2/csca.crl'],
        deps,
      ),
    ).toBe(0);
  });

  it('asks for the PIN on the terminal when CCCD_PKCS11_PIN is not set, and never prints it', async () => {
    const { deps, out } = fakeDeps();
    const asked: string[] = [];
    const promptSecret = async (q: string) => {
      asked.push(q);
      return '2468';
    };
    const hsmArgs = ['--pkcs11-module', SOFTHSM_MODULE, '--pkcs11-token', 'bureau-ds', '--pkcs11-key', 'prompted'];
    expect(await run(['pki', 'init', '--dir', '/mem/pki3', ...hsmArgs], { ...deps, promptSecret })).toBe(0);
    // Asked once, although the key is generated and then opened for signing.
    expect(asked.length).toBe(1);
    expect(asked[0]).toBe('PKCS#11 user PIN: ');
    expect(`${out.stdout}${out.stderr}`).not.toContain('2468');
  });

  it('names the missing PIN instead of signing', async () => {
    const { deps, out } = fakeDeps();
    const hsmArgs = ['--pkcs11-module', SOFTHSM_MODULE, '--pkcs11-token', 'bureau-ds'];
    expect(await run(['pki', 'init', '--dir', '/mem/pki', ...hsmArgs], deps)).not.toBe(0);
    expect(out.stderr).toContain('PKCS11_UNAVAILABLE');
    expect(out.stderr).toContain('CCCD_PKCS11_PIN');
  });
});
