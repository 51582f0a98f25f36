// ICAO 9303-11 §9.8 and App. D.4: the chip's secure messaging session, replaying the published protected
// commands and producing the published protected responses (3DES after BAC, AES-128 after PACE G.1).
import { describe, expect, it } from 'vitest';
import { encodeResponse } from '../src/apdu/response.js';
import { fromHex, toHex } from '../src/bytes.js';
import { CardSecureChannel, SM_STATUS } from '../src/card/protocols/session.js';
import type { CardSessionKeys } from '../src/card/protocols/session-keys.js';
import { hexOf, vector } from './helpers/vectors.js';

const D = 'icao9303-11-appendix-d-bac.json';
const d41 = vector(D, 'icao9303-11.D.4.1.select-ef-com');
const d42 = vector(D, 'icao9303-11.D.4.2.read-binary-4');
const d43 = vector(D, 'icao9303-11.D.4.3.read-binary-rest');
const aes = vector('icao9303-11-kdf-and-aes-sm.json', 'pm3.aes-sm.icao-G1-keys');

const bacKeys: CardSessionKeys = {
  protocol: 'BAC',
  cipher: '3DES',
  ksEnc: hexOf(d41, 'ksenc'),
  ksMac: hexOf(d41, 'ksmac'),
  ssc: hexOf(d41, 'ssc_before'),
};
const paceKeys: CardSessionKeys = {
  protocol: 'PACE',
  cipher: 'AES-128',
  ksEnc: hexOf(aes, 'ksenc'),
  ksMac: hexOf(aes, 'ksmac'),
  ssc: new Uint8Array(16),
};

function answer(sm: CardSecureChannel, data: Uint8Array, sw: number, ins = 0): string {
  return toHex(encodeResponse(sm.protect({ data, sw }, ins), sw));
}

describe('ICAO 9303-11 App. D.4: 3DES secure messaging, card side', () => {
  it('unprotects SELECT EF.COM, READ BINARY 4 and READ BINARY 18 into the published plain commands', () => {
    const sm = new CardSecureChannel(bacKeys);
    const select = sm.unprotect(hexOf(d41, 'protected_capdu'));
    expect('command' in select && toHex(select.command.data)).toBe('011E');
    expect(answer(sm, new Uint8Array(0), 0x9000)).toBe(d41.protected_rapdu);
    const read4 = sm.unprotect(hexOf(d42, 'protected_capdu'));
    expect('command' in read4 && read4.command.ne).toBe(4);
    expect(answer(sm, fromHex('60145F01'), 0x9000, 0xb0)).toBe(d42.protected_rapdu);
    const rest = sm.unprotect(hexOf(d43, 'protected_capdu'));
    expect('command' in rest && [rest.command.p2, rest.command.ne]).toEqual([4, 0x12]);
    expect(answer(sm, hexOf(d43, 'decrypted_data'), 0x9000, 0xb0)).toBe(d43.protected_rapdu);
    expect(toHex(sm.ssc)).toBe('887022120C06C22C');
  });
});

describe('ICAO 9303-11 §9.8.7: AES-128 secure messaging after PACE (G.1 keys), card side', () => {
  it('answers the published protected commands with the published cryptogram and MACs', () => {
    const sm = new CardSecureChannel(paceKeys);
    expect('command' in sm.unprotect(hexOf(aes, 'select_protected_capdu'))).toBe(true);
    expect(answer(sm, new Uint8Array(0), 0x9000)).toBe(`990290008E08${aes.select_resp_cc_over_99029000}9000`);
    const read = sm.unprotect(hexOf(aes, 'read_binary_4_protected_capdu'));
    expect('command' in read && read.command.ne).toBe(4);
    expect(answer(sm, fromHex('60145F01'), 0x9000)).toBe(
      `871101${aes.read_binary_4_resp_cryptogram}990290008E08${aes.read_binary_4_resp_cc}9000`,
    );
  });
});

describe('ICAO 9303-11 §9.8.3, §9.8.5: SM errors end the session', () => {
  it('answers 6988 to a wrong MAC and then to every later command, even a correct one', () => {
    const sm = new CardSecureChannel(bacKeys);
    const tampered = hexOf(d41, 'protected_capdu');
    tampered[tampered.length - 2] = (tampered[tampered.length - 2] as number) ^ 0x01;
    expect(sm.unprotect(tampered)).toEqual({ sw: SM_STATUS.INCORRECT });
    expect(sm.closed).toBe(true);
    expect(sm.unprotect(hexOf(d41, 'protected_capdu'))).toEqual({ sw: SM_STATUS.INCORRECT });
  });

  it('answers 6987 to a plain command inside the session and closes it', () => {
    const sm = new CardSecureChannel(bacKeys);
    expect(sm.unprotect(fromHex('00A4020C02011E'))).toEqual({ sw: SM_STATUS.MISSING });
    expect(sm.closed).toBe(true);
  });

  it('refuses to protect a response once the session has ended', () => {
    const sm = new CardSecureChannel(bacKeys);
    sm.close();
    expect(() => sm.protect({ data: new Uint8Array(0), sw: 0x9000 })).toThrow(
      expect.objectContaining({ code: 'SM_SESSION_CLOSED' }),
    );
  });

  it('states the bytes protection adds, as the protected responses above show', () => {
    const sm = new CardSecureChannel(bacKeys);
    expect(sm.overhead(0)).toBe(hexOf(d41, 'protected_rapdu').length - 2);
    expect(sm.overhead(4)).toBe(hexOf(d42, 'protected_rapdu').length - 2 - 4);
    expect(sm.overhead(18)).toBe(hexOf(d43, 'protected_rapdu').length - 2 - 18);
    expect(new CardSecureChannel(paceKeys).overhead(200)).toBe(3 + 1 + 208 - 200 + 14);
  });
});

describe('secure messaging fault switches for hostile-chip tests', () => {
  it('corrupts the response MAC when wrongResponseMac is set', () => {
    const sm = new CardSecureChannel(bacKeys, { faults: { wrongResponseMac: true } });
    sm.unprotect(hexOf(d41, 'protected_capdu'));
    expect(answer(sm, new Uint8Array(0), 0x9000)).not.toBe(d41.protected_rapdu);
  });

  it('reuses the command SSC for the response when sscNotIncremented is set', () => {
    const sm = new CardSecureChannel(bacKeys, { faults: { sscNotIncremented: true } });
    sm.unprotect(hexOf(d41, 'protected_capdu'));
    answer(sm, new Uint8Array(0), 0x9000);
    expect(toHex(sm.ssc)).toBe(d41.ssc_cmd);
  });

  it('keeps the session after a wrong MAC when smErrorKeepsSession is set', () => {
    const sm = new CardSecureChannel(bacKeys, { faults: { smErrorKeepsSession: true } });
    expect(sm.unprotect(new Uint8Array([0x0c, 0xa4, 0x02, 0x0c]))).toEqual({ sw: SM_STATUS.INCORRECT });
    expect(sm.closed).toBe(false);
  });

  it('accepts a command with a wrong MAC, still decrypting it, when acceptWrongMac is set', () => {
    const sm = new CardSecureChannel(bacKeys, { faults: { acceptWrongMac: true } });
    const tampered = hexOf(d41, 'protected_capdu');
    tampered[tampered.length - 2] = (tampered[tampered.length - 2] as number) ^ 0x01;
    const r = sm.unprotect(tampered);
    expect('command' in r && toHex(r.command.data)).toBe('011E');
    expect(sm.closed).toBe(false);
  });
});
