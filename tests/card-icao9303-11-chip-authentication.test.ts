// ICAO 9303-11 §6.2 Chip Authentication v1, card side: MSE:Set KAT (3DES) and MSE:Set AT + GENERAL AUTHENTICATE
// (AES), ECDH and DH. ICAO prints no CA worked example; the terminal's half is computed here from the shared
// primitives (ECDH/DH, KDF) with the App. G key pairs, and the chip must derive the same keys.
import { describe, expect, it } from 'vitest';
import { encodeOidValue } from '../src/asn1/der.js';
import { oid } from '../src/asn1/oids.js';
import { bytesToBigInt, concatBytes, fromHex, numberToBytes, toHex } from '../src/bytes.js';
import { type ChipAuthenticationKey, ChipAuthenticationResponder } from '../src/card/protocols/chip-authentication.js';
import { SW } from '../src/card/protocols/status.js';
import { dhSharedSecret, modPow, rfc5114Group } from '../src/crypto/dh.js';
import { curveByName, ecdhSharedSecret, ecPublicKey } from '../src/crypto/ec.js';
import { kdf, type SymmetricCipher } from '../src/crypto/kdf.js';
import { hexOf, vector } from './helpers/vectors.js';

const G = 'icao9303-11-appendix-g-pace-gm.json';
const g1 = vector(G, 'icao9303-11.G.1.pace-ecdh-gm');
const g2 = vector(G, 'icao9303-11.G.2.pace-dh-gm');
const curve = curveByName('brainpoolP256r1');
const dh = rfc5114Group('modp-1024-160');

// Static chip keys and terminal ephemeral keys borrowed from App. G (any valid key pairs would do).
const ecStatic = bytesToBigInt(hexOf(g1, 'sk_ic'));
const ecTerminalSk = hexOf(g1, 'sk_ifd');
const ecTerminalPk = ecPublicKey(curve, ecTerminalSk);
const dhStatic = bytesToBigInt(hexOf(g2, 'sk_ic'));
const dhTerminalSk = hexOf(g2, 'sk_ifd');
const dhTerminalPk = numberToBytes(modPow(dh.g, bytesToBigInt(dhTerminalSk), dh.p), 128);

const ecKey = (name: Parameters<typeof oid>[0], keyId?: number): ChipAuthenticationKey => ({
  oid: oid(name),
  domain: 13,
  privateKey: ecStatic,
  keyId,
});
const dhKey = (name: Parameters<typeof oid>[0]): ChipAuthenticationKey => ({
  oid: oid(name),
  domain: 0,
  privateKey: dhStatic,
});

/** What the terminal derives (§6.2.1 step 3), from its ephemeral private key and the chip's static public key. */
function terminalKeys(cipher: SymmetricCipher, shared: Uint8Array) {
  return { ksEnc: toHex(kdf(shared, 1, cipher)), ksMac: toHex(kdf(shared, 2, cipher)) };
}
const ecShared = () => ecdhSharedSecret(curve, ecTerminalSk, ecPublicKey(curve, ecStatic));
const dhShared = () => dhSharedSecret(dh, dhTerminalSk, numberToBytes(modPow(dh.g, dhStatic, dh.p), 128));

const tlv = (tag: number, value: Uint8Array) => Uint8Array.from([tag, value.length, ...value]);
const setAt = (name: Parameters<typeof oid>[0], keyId?: number) =>
  concatBytes(
    tlv(0x80, encodeOidValue(oid(name))),
    keyId === undefined ? new Uint8Array(0) : tlv(0x84, Uint8Array.of(keyId)),
  );
const gaData = (publicKey: Uint8Array) =>
  publicKey.length < 0x80
    ? Uint8Array.from([0x7c, publicKey.length + 2, 0x80, publicKey.length, ...publicKey])
    : Uint8Array.from([0x7c, 0x81, publicKey.length + 3, 0x80, 0x81, publicKey.length, ...publicKey]);

describe('ICAO 9303-11 §6.2.4.2: Chip Authentication with MSE:Set AT and GENERAL AUTHENTICATE (AES)', () => {
  it('answers an empty 7C and hands over the keys the terminal derives, ECDH on brainpoolP256r1', () => {
    const ca = new ChipAuthenticationResponder({ keys: [ecKey('id-CA-ECDH-AES-CBC-CMAC-128')] });
    expect(ca.mseSetAt(setAt('id-CA-ECDH-AES-CBC-CMAC-128'))).toBe(SW.OK);
    expect(ca.active).toBe(true);
    const r = ca.generalAuthenticate(gaData(ecTerminalPk), false);
    expect([r.sw, toHex(r.data)]).toEqual([SW.OK, '7C00']);
    expect(r.established?.protocol).toBe('CA');
    expect({ ksEnc: toHex(r.established!.ksEnc), ksMac: toHex(r.established!.ksMac) }).toEqual(
      terminalKeys('AES-128', ecShared()),
    );
    expect(toHex(r.established!.ssc)).toBe('00'.repeat(16));
    expect(ca.active).toBe(false);
  });

  it('derives AES-256 keys with SHA-256 for id-CA-ECDH-AES-CBC-CMAC-256', () => {
    const ca = new ChipAuthenticationResponder({ keys: [ecKey('id-CA-ECDH-AES-CBC-CMAC-256')] });
    ca.mseSetAt(setAt('id-CA-ECDH-AES-CBC-CMAC-256'));
    const r = ca.generalAuthenticate(gaData(ecTerminalPk), false);
    expect(toHex(r.established!.ksEnc)).toBe(terminalKeys('AES-256', ecShared()).ksEnc);
  });

  it('runs with DH on the 1024-bit MODP group', () => {
    const ca = new ChipAuthenticationResponder({ keys: [dhKey('id-CA-DH-AES-CBC-CMAC-128')] });
    expect(ca.mseSetAt(setAt('id-CA-DH-AES-CBC-CMAC-128'))).toBe(SW.OK);
    const r = ca.generalAuthenticate(gaData(dhTerminalPk), false);
    expect(r.sw).toBe(SW.OK);
    expect({ ksEnc: toHex(r.established!.ksEnc), ksMac: toHex(r.established!.ksMac) }).toEqual(
      terminalKeys('AES-128', dhShared()),
    );
  });

  it('selects the key named by 84 when the chip holds several', () => {
    const other = { ...ecKey('id-CA-ECDH-AES-CBC-CMAC-128', 2), privateKey: ecStatic + 1n };
    const ca = new ChipAuthenticationResponder({ keys: [other, ecKey('id-CA-ECDH-AES-CBC-CMAC-128', 7)] });
    expect(ca.mseSetAt(setAt('id-CA-ECDH-AES-CBC-CMAC-128'))).toBe(SW.REFERENCED_DATA_NOT_FOUND);
    expect(ca.mseSetAt(setAt('id-CA-ECDH-AES-CBC-CMAC-128', 9))).toBe(SW.REFERENCED_DATA_NOT_FOUND);
    expect(ca.mseSetAt(setAt('id-CA-ECDH-AES-CBC-CMAC-128', 7))).toBe(SW.OK);
    const r = ca.generalAuthenticate(gaData(ecTerminalPk), false);
    expect(toHex(r.established!.ksMac)).toBe(terminalKeys('AES-128', ecShared()).ksMac);
  });
});

describe('ICAO 9303-11 §6.2.4.1: Chip Authentication with MSE:Set KAT (3DES)', () => {
  it('answers 9000 without data and hands over 3DES keys with a zero 8-byte SSC, ECDH', () => {
    const ca = new ChipAuthenticationResponder({ keys: [ecKey('id-CA-ECDH-3DES-CBC-CBC')] });
    const r = ca.mseSetKat(tlv(0x91, ecTerminalPk));
    expect([r.sw, r.data.length]).toEqual([SW.OK, 0]);
    expect({ ksEnc: toHex(r.established!.ksEnc), ksMac: toHex(r.established!.ksMac) }).toEqual(
      terminalKeys('3DES', ecShared()),
    );
    expect(toHex(r.established!.ssc)).toBe('0000000000000000');
  });

  it('runs with DH, the public value as a plain unsigned integer', () => {
    const ca = new ChipAuthenticationResponder({ keys: [dhKey('id-CA-DH-3DES-CBC-CBC')] });
    const r = ca.mseSetKat(Uint8Array.from([0x91, 0x81, 0x80, ...dhTerminalPk]));
    expect(r.sw).toBe(SW.OK);
    expect(toHex(r.established!.ksEnc)).toBe(terminalKeys('3DES', dhShared()).ksEnc);
  });

  it('answers 6A88 when the chip has only AES Chip Authentication keys', () => {
    const ca = new ChipAuthenticationResponder({ keys: [ecKey('id-CA-ECDH-AES-CBC-CMAC-128')] });
    expect(ca.mseSetKat(tlv(0x91, ecTerminalPk)).sw).toBe(SW.REFERENCED_DATA_NOT_FOUND);
  });
});

describe('ICAO 9303-11 §6.2.4: Chip Authentication rejections', () => {
  const chip = () =>
    new ChipAuthenticationResponder({ keys: [ecKey('id-CA-ECDH-AES-CBC-CMAC-128'), ecKey('id-CA-ECDH-3DES-CBC-CBC')] });
  const offCurve = ecTerminalPk.map((b, i) => (i === ecTerminalPk.length - 1 ? b ^ 1 : b));

  it('answers 6A80 to an ephemeral key that is not on the curve, in both command forms, keeping the old keys', () => {
    const ca = chip();
    const kat = ca.mseSetKat(tlv(0x91, offCurve));
    expect([kat.sw, kat.established]).toEqual([SW.INCORRECT_DATA, undefined]);
    ca.mseSetAt(setAt('id-CA-ECDH-AES-CBC-CMAC-128'));
    const ga = ca.generalAuthenticate(gaData(offCurve), false);
    expect([ga.sw, ga.established]).toEqual([SW.INCORRECT_DATA, undefined]);
  });

  it('answers 6A80 to a DH public value outside the subgroup', () => {
    const ca = new ChipAuthenticationResponder({ keys: [dhKey('id-CA-DH-AES-CBC-CMAC-128')] });
    ca.mseSetAt(setAt('id-CA-DH-AES-CBC-CMAC-128'));
    expect(ca.generalAuthenticate(gaData(numberToBytes(dh.p - 1n, 128)), false).sw).toBe(SW.INCORRECT_DATA);
  });

  it('answers 6A80 to MSE:Set AT with an OID the chip does not hold, or none', () => {
    const ca = chip();
    expect(ca.mseSetAt(setAt('id-CA-DH-AES-CBC-CMAC-128'))).toBe(SW.INCORRECT_DATA);
    expect(ca.mseSetAt(setAt('id-PACE-ECDH-GM-AES-CBC-CMAC-128'))).toBe(SW.INCORRECT_DATA);
    expect(ca.mseSetAt(fromHex('840101'))).toBe(SW.INCORRECT_DATA);
  });

  it('answers 6985 to GENERAL AUTHENTICATE without MSE:Set AT, or with command chaining', () => {
    const ca = chip();
    expect(ca.generalAuthenticate(gaData(ecTerminalPk), false).sw).toBe(SW.CONDITIONS_NOT_SATISFIED);
    ca.mseSetAt(setAt('id-CA-ECDH-AES-CBC-CMAC-128'));
    expect(ca.generalAuthenticate(gaData(ecTerminalPk), true).sw).toBe(SW.CONDITIONS_NOT_SATISFIED);
  });

  it('answers 6A80 to GENERAL AUTHENTICATE data other than 7C { 80 key }', () => {
    const ca = chip();
    ca.mseSetAt(setAt('id-CA-ECDH-AES-CBC-CMAC-128'));
    expect(ca.generalAuthenticate(tlv(0x7c, tlv(0x81, ecTerminalPk)), false).sw).toBe(SW.INCORRECT_DATA);
  });

  it('refuses a key whose domain parameters do not match its protocol', () => {
    expect(() => new ChipAuthenticationResponder({ keys: [{ ...dhKey('id-CA-ECDH-AES-CBC-CMAC-128') }] })).toThrow(
      expect.objectContaining({ code: 'CRYPTO_UNSUPPORTED' }),
    );
  });

  it('refuses a configuration with a protocol OID that is not Chip Authentication', () => {
    expect(() => new ChipAuthenticationResponder({ keys: [ecKey('id-PACE-ECDH-GM-AES-CBC-CMAC-128')] })).toThrow(
      expect.objectContaining({ code: 'CRYPTO_UNSUPPORTED' }),
    );
  });
});

describe('Chip Authentication fault switches for hostile-chip tests', () => {
  it('derives keys the terminal cannot match when wrongKeys is set', () => {
    const ca = new ChipAuthenticationResponder({
      keys: [ecKey('id-CA-ECDH-3DES-CBC-CBC')],
      faults: { wrongKeys: true },
    });
    const r = ca.mseSetKat(tlv(0x91, ecTerminalPk));
    expect(r.sw).toBe(SW.OK);
    expect(toHex(r.established!.ksEnc)).not.toBe(terminalKeys('3DES', ecShared()).ksEnc);
  });

  it('accepts a key off the curve when acceptInvalidKey is set', () => {
    const ca = new ChipAuthenticationResponder({
      keys: [ecKey('id-CA-ECDH-3DES-CBC-CBC')],
      faults: { acceptInvalidKey: true },
    });
    const bad = ecTerminalPk.map((b, i) => (i === 1 ? b ^ 1 : b));
    expect(ca.mseSetKat(tlv(0x91, bad)).sw).toBe(SW.OK);
  });
});
