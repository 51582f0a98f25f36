import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../src/bytes.js';
import { loadCitizen } from '../src/citizen/schema.js';
import type { CitizenRecord } from '../src/citizen/types.js';
import { generateKeyPair } from '../src/crypto/keygen.js';
import { encodeSpki } from '../src/crypto/keys.js';
import { isCccdError } from '../src/errors.js';
import { decodeCardAccess } from '../src/lds/card-access.js';
import { dataGroupsOfCom, decodeEfCom } from '../src/lds/com.js';
import { CCCD_NO_EXPIRY_TEXT, cccdDate, composeCard } from '../src/lds/compose.js';
import { decodeDg1 } from '../src/lds/dg1.js';
import { decodeDg2 } from '../src/lds/dg2.js';
import { decodeDg3 } from '../src/lds/dg3.js';
import { decodeDg11 } from '../src/lds/dg11.js';
import { decodeDg12 } from '../src/lds/dg12.js';
import { decodeDg13 } from '../src/lds/dg13.js';
import { decodeDg14 } from '../src/lds/dg14.js';
import { decodeDg15 } from '../src/lds/dg15.js';
import { builtinProfile } from '../src/profile/builtin.js';
import { vector } from './helpers/vectors.js';

const ROOT = join(import.meta.dirname, '..');
const CITIZENS = join(ROOT, 'examples', 'citizens');
const citizenOf = (file: string) => loadCitizen(readFileSync(join(CITIZENS, file)), CITIZENS);
const bytesOf = (path: string) => new Uint8Array(readFileSync(path));

/** A fixed byte source so that the chip keys (and so DG14/DG15) are the same on every run. */
function seeded(seed: number) {
  let s = seed;
  return (length: number) => {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      out[i] = s >>> 24;
    }
    return out;
  };
}
const caKey = generateKeyPair({ kind: 'ec', curve: 'brainpoolP256r1' }, { random: seeded(1) });
const aaKey = generateKeyPair({ kind: 'ec', curve: 'brainpoolP256r1' }, { random: seeded(2) });
const chipPublicKeys = { ca: encodeSpki(caKey.publicKey), aa: encodeSpki(aaKey.publicKey) };

const SYNTHETIC = vector('cccd-chip-synthetic.json', 'cccd.synthetic');

function compose(citizen: CitizenRecord, profile = builtinProfile('cccd-2021')) {
  return composeCard({ citizen, profile, portrait: bytesOf(citizen.portrait), chipPublicKeys });
}

describe('composing the CCCD 2021 files of a citizen', () => {
  it('writes EF.COM, DG1, DG2, DG13, DG14, DG15 and EF.CardAccess (DG3 only with fingerprints)', () => {
    const { files } = compose(citizenOf('nguyen-van-an.json'));
    expect(Object.keys(files)).toEqual(['EF.COM', 'DG1', 'DG2', 'DG13', 'DG14', 'DG15', 'EF.CardAccess']);
    const com = decodeEfCom(files['EF.COM']!);
    expect(com).toMatchObject({ ldsVersion: '0107', unicodeVersion: '040000' });
    expect(dataGroupsOfCom(com)).toEqual([1, 2, 13, 14, 15]);
  });

  it('reproduces the synthetic DG13 of cccd-chip.md byte for byte from the example citizen', () => {
    const dg13 = compose(citizenOf('nguyen-van-an.json')).files.DG13!;
    expect(dg13.length).toBe(386);
    expect(toHex(dg13)).toBe(SYNTHETIC.dg13);
    expect(decodeDg13(dg13)).toMatchObject({
      fullName: 'NGUYỄN VĂN AN',
      dateOfIssue: '10/07/2021',
      cardNumber: '0123456789ABCDEF',
    });
  });

  it('writes the EF.CardAccess that CCCD cards carry (TA v1, CA-ECDH-AES-128 v1, PACE-ECDH-GM-AES-128 ID 13)', () => {
    const access = compose(citizenOf('nguyen-van-an.json')).files['EF.CardAccess']!;
    expect(toHex(access)).toBe(SYNTHETIC.ef_cardaccess);
    expect(decodeCardAccess(access).infos).toHaveLength(3);
  });

  it('builds the DG1 MRZ of cccd-chip.md and a DG2 holding the portrait as given', () => {
    const citizen = citizenOf('nguyen-van-an.json');
    const { files } = compose(citizen);
    expect(decodeDg1(files.DG1!).lines).toEqual([
      'IDVNM0990123459001099012345<<0',
      '9901018M3901016VNM<<<<<<<<<<<0',
      'NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<',
    ]);
    const face = decodeDg2(files.DG2!).instances[0]!.record.images[0]!;
    expect(face).toMatchObject({ imageDataType: 'jpeg', width: 240, height: 320, gender: 1 });
    expect(toHex(face.image)).toBe(toHex(bytesOf(citizen.portrait)));
  });

  it('puts the chip keys in DG14 (with PACE, AA and TA infos) and DG15', () => {
    const { files } = compose(citizenOf('nguyen-van-an.json'));
    const dg14 = decodeDg14(files.DG14!);
    expect(dg14.infos.map((i) => i.type)).toEqual([
      'ChipAuthenticationPublicKeyInfo',
      'ChipAuthenticationInfo',
      'PACEInfo',
      'ActiveAuthenticationInfo',
      'TerminalAuthenticationInfo',
    ]);
    const pk = dg14.infos[0]!;
    if (pk.type !== 'ChipAuthenticationPublicKeyInfo' || pk.publicKey.kind !== 'ec')
      throw new Error('not an EC CA key');
    expect(toHex(pk.publicKey.point)).toBe(toHex(caKey.publicKey.kind === 'ec' ? caKey.publicKey.point : fromHex('')));
    const dg15 = decodeDg15(files.DG15!);
    expect(dg15.publicKey.kind).toBe('ec');
  });

  it('builds and reads back the same fields for every example citizen, including no expiry and a long address', () => {
    for (const file of ['nguyen-van-an.json', 'tran-thi-hoa-no-expiry.json', 'le-minh-khoa-long-address.json']) {
      const c = citizenOf(file);
      const dg13 = decodeDg13(compose(c).files.DG13!);
      expect(dg13).toMatchObject({
        idNumber: c.id,
        fullName: c.fullName.normalize('NFC'),
        dateOfBirth: cccdDate(c.birthDate),
        sex: c.sex === 'M' ? 'Nam' : 'Nữ',
        placeOfResidence: c.placeOfResidence.normalize('NFC'),
        dateOfIssue: cccdDate(c.issueDate),
        dateOfExpiry: c.expiryDate === null ? CCCD_NO_EXPIRY_TEXT : cccdDate(c.expiryDate),
        fatherName: c.father,
        motherName: c.mother,
        oldIdNumber: c.oldId,
      });
      expect(dg13.spouseName).toBe(c.spouse ?? undefined);
      if (c.expiryDate === null) expect(decodeDg1(compose(c).files.DG1!).lines[1]!.slice(8, 14)).toBe('991231');
    }
  });

  it('writes DG3 when the citizen has fingerprints, one CBEFF instance per finger', () => {
    const c = citizenOf('nguyen-van-an.json');
    const finger = bytesOf(c.portrait);
    const { files } = composeCard({
      citizen: c,
      profile: builtinProfile('cccd-2021'),
      portrait: finger,
      fingerprints: [
        { position: 2, image: finger },
        { position: 7, image: finger },
      ],
      chipPublicKeys,
    });
    const dg3 = decodeDg3(files.DG3!);
    expect(dg3.instances.map((i) => i.record.views[0]!.position)).toEqual([2, 7]);
    expect(dg3.instances.map((i) => i.header.biometricSubtype)).toEqual([0x09, 0x0a]);
    expect(dataGroupsOfCom(decodeEfCom(files['EF.COM']!))).toEqual([1, 2, 3, 13, 14, 15]);
  });

  it('builds the TD3 passport profile with DG11 (national-character name, address) and DG12, an RSA AA key', () => {
    const c = { ...citizenOf('le-minh-khoa-long-address.json'), documentNumber: 'C1234567' };
    const rsa = generateKeyPair({ kind: 'rsa', bits: 1024 });
    const { files } = composeCard({
      citizen: c,
      profile: builtinProfile('td3-passport'),
      portrait: bytesOf(c.portrait),
      chipPublicKeys: { ca: chipPublicKeys.ca, aa: encodeSpki(rsa.publicKey) },
    });
    expect(Object.keys(files)).toEqual(['EF.COM', 'DG1', 'DG2', 'DG11', 'DG12', 'DG14', 'DG15', 'EF.CardAccess']);
    expect(decodeEfCom(files['EF.COM']!).ldsVersion).toBe('0108');
    expect(decodeDg11(files.DG11!)).toMatchObject({
      fullName: 'LÊ<<MINH KHOA',
      personalNumber: c.id,
      fullDateOfBirth: '20030520',
    });
    expect(decodeDg12(files.DG12!).dateOfIssue).toBe('20210802');
    expect(decodeDg1(files.DG1!).parsed?.format).toBe('TD3');
    expect(decodeDg15(files.DG15!).publicKey.kind).toBe('rsa');
    // ICAO 9303-11 §6.1: ActiveAuthenticationInfo is only for ECDSA keys.
    expect(decodeDg14(files.DG14!).infos.some((i) => i.type === 'ActiveAuthenticationInfo')).toBe(false);
  });

  it('refuses a missing chip key and a portrait that is not an image, with typed codes', () => {
    const c = citizenOf('nguyen-van-an.json');
    const profile = builtinProfile('cccd-2021');
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        if (isCccdError(e)) return e.code;
        throw e;
      }
      return undefined;
    };
    expect(code(() => composeCard({ citizen: c, profile, portrait: bytesOf(c.portrait) }))).toBe('INVALID_ARGUMENT');
    expect(code(() => composeCard({ citizen: c, profile, portrait: fromHex('00112233'), chipPublicKeys }))).toBe(
      'INVALID_ARGUMENT',
    );
  });
});
