// ICAO 9303-11 §4.3 and App. D.3: the chip's side of Basic Access Control, replayed with the published nonces.
import { describe, expect, it } from 'vitest';
import { concatBytes, toHex } from '../src/bytes.js';
import { BacResponder } from '../src/card/protocols/bac.js';
import { SW } from '../src/card/protocols/status.js';
import { decrypt, encrypt } from '../src/crypto/cipher.js';
import { retailMacWithPadding } from '../src/crypto/mac.js';
import { replayRandom } from '../src/crypto/random.js';
import { hexOf, vector } from './helpers/vectors.js';

const FILE = 'icao9303-11-appendix-d-bac.json';
const keys = vector(FILE, 'icao9303-11.D.2.bac-keys');
const d3 = vector(FILE, 'icao9303-11.D.3.bac-mutual-auth');

function chip(faults = {}) {
  return new BacResponder({
    mrzKey: hexOf(keys, 'sha1_mrz_information'),
    random: replayRandom(hexOf(d3, 'rnd_ic'), hexOf(d3, 'k_ic')),
    faults,
  });
}

/** A terminal's EXTERNAL AUTHENTICATE data for a challenge, written here from the §4.3.1 steps. */
function terminalCryptogram(rndIc: Uint8Array, rndIfd: Uint8Array, kIfd: Uint8Array): Uint8Array {
  const kEnc = hexOf(keys, 'kenc');
  const kMac = hexOf(keys, 'kmac');
  const e = encrypt('3DES', kEnc, concatBytes(rndIfd, rndIc, kIfd));
  return concatBytes(e, retailMacWithPadding(kMac, e));
}

describe('ICAO 9303-11 App. D.3: BAC, card side', () => {
  it('answers GET CHALLENGE with the published RND.IC', () => {
    const bac = chip();
    const r = bac.getChallenge(8);
    expect(r.sw).toBe(SW.OK);
    expect(toHex(r.data)).toBe(d3.rnd_ic);
  });

  it('answers the published EXTERNAL AUTHENTICATE with the published E_IC || M_IC', () => {
    const bac = chip();
    bac.getChallenge(8);
    const r = bac.externalAuthenticate(hexOf(d3, 'ext_auth_cmd_data'));
    expect(r.sw).toBe(SW.OK);
    expect(toHex(r.data)).toBe(d3.ext_auth_resp_data);
  });

  it('derives the published session keys and send sequence counter', () => {
    const bac = chip();
    bac.getChallenge(256);
    const { established } = bac.externalAuthenticate(hexOf(d3, 'ext_auth_cmd_data'));
    expect(established?.protocol).toBe('BAC');
    expect(established?.cipher).toBe('3DES');
    expect(toHex(established!.ksEnc)).toBe(d3.ksenc);
    expect(toHex(established!.ksMac)).toBe(d3.ksmac);
    expect(toHex(established!.ssc)).toBe(d3.ssc);
  });

  it('checks the published R = RND.IC || RND.IFD || K.IC inside E_IC', () => {
    const bac = chip();
    bac.getChallenge(8);
    const r = bac.externalAuthenticate(hexOf(d3, 'ext_auth_cmd_data'));
    expect(toHex(decrypt('3DES', hexOf(keys, 'kenc'), r.data.subarray(0, 32)))).toBe(d3.r);
  });
});

describe('ICAO 9303-11 §4.3: BAC rejections', () => {
  it('answers 6300 to a wrong MAC and sends no keys', () => {
    const bac = chip();
    bac.getChallenge(8);
    const data = hexOf(d3, 'ext_auth_cmd_data');
    data[39] = (data[39] as number) ^ 1;
    const r = bac.externalAuthenticate(data);
    expect(r.sw).toBe(SW.AUTHENTICATION_FAILED);
    expect(r.data.length).toBe(0);
    expect(r.established).toBeUndefined();
  });

  it('answers 6300 when the terminal returns a different RND.IC', () => {
    const bac = chip();
    bac.getChallenge(8);
    const data = terminalCryptogram(hexOf(d3, 'rnd_ifd'), hexOf(d3, 'rnd_ifd'), hexOf(d3, 'k_ifd'));
    expect(bac.externalAuthenticate(data).sw).toBe(SW.AUTHENTICATION_FAILED);
  });

  it('answers 6300 to a terminal that derived its keys from another MRZ', () => {
    const other = new BacResponder({
      mrzKey: new Uint8Array(20).fill(0x42),
      random: replayRandom(hexOf(d3, 'rnd_ic')),
    });
    other.getChallenge(8);
    expect(other.externalAuthenticate(hexOf(d3, 'ext_auth_cmd_data')).sw).toBe(SW.AUTHENTICATION_FAILED);
  });

  it('answers 6985 to EXTERNAL AUTHENTICATE without a challenge, and after a failure consumed it', () => {
    const bac = chip();
    expect(bac.externalAuthenticate(hexOf(d3, 'ext_auth_cmd_data')).sw).toBe(SW.CONDITIONS_NOT_SATISFIED);
    bac.getChallenge(8);
    expect(bac.externalAuthenticate(new Uint8Array(40)).sw).toBe(SW.AUTHENTICATION_FAILED);
    expect(bac.externalAuthenticate(hexOf(d3, 'ext_auth_cmd_data')).sw).toBe(SW.CONDITIONS_NOT_SATISFIED);
  });

  it('answers 6700 to a cryptogram of the wrong length and to GET CHALLENGE asking for other than 8 bytes', () => {
    const bac = chip();
    expect(bac.getChallenge(16).sw).toBe(SW.WRONG_LENGTH);
    expect(bac.getChallenge(undefined).sw).toBe(SW.WRONG_LENGTH);
    bac.getChallenge(8);
    expect(bac.externalAuthenticate(hexOf(d3, 'ext_auth_cmd_data').subarray(0, 39)).sw).toBe(SW.WRONG_LENGTH);
  });
});

describe('BAC fault switches for hostile-chip tests', () => {
  it('accepts a wrong MAC when acceptWrongMac is set', () => {
    const bac = chip({ acceptWrongMac: true });
    bac.getChallenge(8);
    const data = hexOf(d3, 'ext_auth_cmd_data');
    data[39] = (data[39] as number) ^ 1;
    expect(bac.externalAuthenticate(data).sw).toBe(SW.OK);
  });

  it('corrupts M_IC when wrongResponseMac is set', () => {
    const bac = chip({ wrongResponseMac: true });
    bac.getChallenge(8);
    const r = bac.externalAuthenticate(hexOf(d3, 'ext_auth_cmd_data'));
    expect(toHex(r.data.subarray(32))).not.toBe(d3.m_ic);
    expect(toHex(r.data.subarray(0, 32))).toBe(d3.e_ic);
  });

  it('returns a wrong RND.IFD when wrongTerminalNonce is set', () => {
    const bac = chip({ wrongTerminalNonce: true });
    bac.getChallenge(8);
    const r = bac.externalAuthenticate(hexOf(d3, 'ext_auth_cmd_data'));
    const plain = decrypt('3DES', hexOf(keys, 'kenc'), r.data.subarray(0, 32));
    expect(toHex(plain.subarray(8, 16))).not.toBe(d3.rnd_ifd);
  });

  it('repeats its first challenge when reuseChallenge is set', () => {
    const bac = new BacResponder({
      mrzKey: hexOf(keys, 'sha1_mrz_information'),
      random: replayRandom(hexOf(d3, 'rnd_ic')),
      faults: { reuseChallenge: true },
    });
    const first = bac.getChallenge(8).data;
    expect(toHex(bac.getChallenge(8).data)).toBe(toHex(first));
  });
});
