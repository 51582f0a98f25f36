// ICAO 9303-11 §4.3 / Appendix D.2-D.3: Basic Access Control, terminal side, against the published worked example.
import { describe, expect, it } from 'vitest';
import { bacKeys, performBac } from '../src/access/bac.js';
import { mrzInformation } from '../src/access/passwords.js';
import { fromHex, toHex } from '../src/bytes.js';
import { replayRandom } from '../src/crypto/random.js';
import { isCccdError, ProtocolError } from '../src/errors.js';
import { withSecureMessaging } from '../src/sm/index.js';
import { scriptedTransport } from './helpers/fake-chip-script.js';
import { hexOf, vector } from './helpers/vectors.js';

const D2 = vector('icao9303-11-appendix-d-bac.json', 'icao9303-11.D.2.bac-keys');
const D2_LONG = vector('icao9303-11-appendix-d-bac.json', 'icao9303-11.D.2.long-document-number');
const D2C = vector('icao9303-11-appendix-d-bac.json', 'icao9303-11.D.2.L898902C-td1-td2-corrected');
const D3 = vector('icao9303-11-appendix-d-bac.json', 'icao9303-11.D.3.bac-mutual-auth');
const MRZ = { documentNumber: 'L898902C', birthDate: '690806', expiryDate: '940623' };

function d3Chip(response = `${D3.ext_auth_resp_data}9000`) {
  return scriptedTransport([
    { command: D3.get_challenge_capdu as string, response: `${D3.rnd_ic}9000` },
    { command: D3.ext_auth_capdu as string, response },
  ]);
}

describe('ICAO 9303-11 Appendix D.2: document basic access keys', () => {
  it('builds the MRZ information with check digits from the three MRZ fields', () => {
    expect(mrzInformation(MRZ)).toBe(D2.mrz_information_text);
  });

  it('accepts the MRZ lines themselves', () => {
    const lines = [D2C.td1_line1_text as string, D2C.td1_line2_text as string, D2C.td1_line3_text as string];
    expect(mrzInformation(lines)).toBe(D2.mrz_information_text);
  });

  it('takes a long document number whole, as in the TD1 example of D.2', () => {
    const info = mrzInformation({ documentNumber: 'D23145890734', birthDate: '340712', expiryDate: '950712' });
    expect(info).toBe(D2_LONG.mrz_information_text);
  });

  it('derives Kenc and Kmac with adjusted parity', () => {
    const { kEnc, kMac } = bacKeys(MRZ);
    expect(toHex(kEnc)).toBe(D2.kenc);
    expect(toHex(kMac)).toBe(D2.kmac);
  });

  it('rejects MRZ fields of the wrong shape', () => {
    expect(() => mrzInformation({ ...MRZ, birthDate: '69086' })).toThrow(
      expect.objectContaining({ code: 'MRZ_INVALID' }),
    );
    expect(() => mrzInformation({ ...MRZ, documentNumber: 'l898' })).toThrow(
      expect.objectContaining({ code: 'MRZ_INVALID' }),
    );
  });
});

describe('ICAO 9303-11 Appendix D.3: mutual authentication', () => {
  it('sends GET CHALLENGE and EXTERNAL AUTHENTICATE byte for byte and derives the session keys and SSC', async () => {
    const chip = d3Chip();
    const result = await performBac(chip, {
      mrz: MRZ,
      random: replayRandom(hexOf(D3, 'rnd_ifd'), hexOf(D3, 'k_ifd')),
    });
    expect(chip.remaining()).toBe(0);
    expect(result.protocol).toBe('BAC');
    expect(toHex(result.keys.ksEnc)).toBe(D3.ksenc);
    expect(toHex(result.keys.ksMac)).toBe(D3.ksmac);
    expect(toHex(result.keys.ssc)).toBe(D3.ssc);
    expect(result.keys.suite).toBe('3DES');
  });

  it('hands secure messaging keys and SSC that protect SELECT EF.COM as Appendix D.4 does', async () => {
    const D4 = vector('icao9303-11-appendix-d-bac.json', 'icao9303-11.D.4.1.select-ef-com');
    const chip = scriptedTransport([
      { command: D3.get_challenge_capdu as string, response: `${D3.rnd_ic}9000` },
      { command: D3.ext_auth_capdu as string, response: `${D3.ext_auth_resp_data}9000` },
      { command: D4.protected_capdu as string, response: D4.protected_rapdu as string },
    ]);
    const bac = await performBac(chip, { mrz: MRZ, random: replayRandom(hexOf(D3, 'rnd_ifd'), hexOf(D3, 'k_ifd')) });
    const secure = withSecureMessaging(chip, bac.keys);
    expect(toHex(await secure.transmit(fromHex(D4.unprotected_capdu as string)))).toBe(D4.unprotected_rapdu);
    expect(chip.remaining()).toBe(0);
  });

  it('fails at external-authenticate with the status word when the chip rejects the MRZ (6300)', async () => {
    const chip = d3Chip('6300');
    const run = performBac(chip, { mrz: MRZ, random: replayRandom(hexOf(D3, 'rnd_ifd'), hexOf(D3, 'k_ifd')) });
    await expect(run).rejects.toMatchObject({ code: 'AUTH_FAILED', step: 'external-authenticate', sw: 0x6300 });
  });

  it('rejects a chip cryptogram whose MAC does not verify', async () => {
    const tampered = `${(D3.ext_auth_resp_data as string).slice(0, -2)}48`;
    const chip = d3Chip(`${tampered}9000`);
    const error = await performBac(chip, {
      mrz: MRZ,
      random: replayRandom(hexOf(D3, 'rnd_ifd'), hexOf(D3, 'k_ifd')),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect(isCccdError(error, 'AUTH_FAILED')).toBe(true);
    expect((error as ProtocolError).step).toBe('verify-chip-cryptogram');
  });

  it('rejects a chip cryptogram of the wrong length', async () => {
    const chip = d3Chip(`${(D3.ext_auth_resp_data as string).slice(0, 64)}9000`);
    const run = performBac(chip, { mrz: MRZ, random: replayRandom(hexOf(D3, 'rnd_ifd'), hexOf(D3, 'k_ifd')) });
    await expect(run).rejects.toMatchObject({ code: 'AUTH_FAILED', step: 'verify-chip-cryptogram' });
  });

  it('rejects a chip that does not return the terminal challenge', async () => {
    // The D.3 answer belongs to RND.IFD 781723860C06C226; a different RND.IFD makes the chip's R mismatch.
    const chip = scriptedTransport([
      { command: D3.get_challenge_capdu as string, response: `${D3.rnd_ic}9000` },
      { command: () => true, response: `${D3.ext_auth_resp_data}9000` },
    ]);
    const run = performBac(chip, {
      mrz: MRZ,
      random: replayRandom(hexOf(D3, 'rnd_ic'), hexOf(D3, 'k_ifd')),
    });
    await expect(run).rejects.toMatchObject({ code: 'AUTH_FAILED', step: 'verify-chip-cryptogram' });
  });
});
