import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitChain } from '../src/apdu/chaining.js';
import { command, decodeCommand, encodeCommand } from '../src/apdu/command.js';
import {
  CLA_CHAINING,
  externalAuthenticate,
  generalAuthenticate,
  getChallenge,
  getResponse,
  internalAuthenticate,
  mseSetAtChipAuthentication,
  mseSetAtPace,
  mseSetKat,
  putData,
  readBinary,
  readBinaryOdd,
  selectApplication,
  selectFile,
  selectMasterFile,
  selectPath,
  updateBinary,
  updateBinaryOdd,
} from '../src/apdu/commands.js';
import { fromHex, toHex } from '../src/bytes.js';
import { isCccdError } from '../src/errors.js';
import { hexOf, vector } from './helpers/vectors.js';

const hex = (c: Parameters<typeof encodeCommand>[0]) => toHex(encodeCommand(c));

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isCccdError(e) ? e.code : 'not a CccdError';
  }
  return undefined;
}

describe('ISO/IEC 7816-4 §11.1.1 SELECT', () => {
  it('selects the LDS1 application by DF name without FCI and without Le', () => {
    expect(hex(selectApplication(fromHex('A0000002471001')))).toBe('00A4040C07A0000002471001');
  });

  it('selects EF.COM under the current DF as in ICAO 9303-11 App. D.4', () => {
    const v = vector('icao9303-11-appendix-d-bac.json', 'icao9303-11.D.4.1.select-ef-com');
    expect(encodeCommand(selectFile(0x011e))).toEqual(hexOf(v, 'unprotected_capdu'));
  });

  it('selects EF.CardAccess directly with 00 A4 02 0C 02 01 1C as CCCD readers must', () => {
    expect(hex(selectFile(fromHex('011C')))).toBe('00A4020C02011C');
  });

  it('selects the MF with P1 00 and FID 3F00', () => {
    expect(hex(selectMasterFile())).toBe('00A4000C023F00');
  });

  it('asks for the FCP with P2 04 and Le 00', () => {
    expect(hex(selectFile(0x0101, { returns: 'fcp' }))).toBe('00A4020402010100');
    expect(hex(selectApplication(fromHex('A0000002471001'), { returns: 'fci' }))).toBe('00A4040007A000000247100100');
  });

  it('selects by path from the MF (P1 08) or from the current DF (P1 09)', () => {
    expect(hex(selectPath([0x5f00, 0x011e]))).toBe('00A4080C045F00011E');
    expect(hex(selectPath([0x011e], { from: 'currentDf' }))).toBe('00A4090C02011E');
  });

  it('rejects file identifiers that are not two bytes', () => {
    expect(codeOf(() => selectFile(0x10000))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => selectFile(fromHex('01')))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => selectApplication(new Uint8Array(17)))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => selectPath([]))).toBe('INVALID_ARGUMENT');
  });
});

describe('ISO/IEC 7816-4 §11.2.3 READ BINARY and §11.2.5 UPDATE BINARY', () => {
  it('reads the first 4 bytes and then 18 more as in ICAO 9303-11 App. D.4', () => {
    const first = vector('icao9303-11-appendix-d-bac.json', 'icao9303-11.D.4.2.read-binary-4');
    const rest = vector('icao9303-11-appendix-d-bac.json', 'icao9303-11.D.4.3.read-binary-rest');
    expect(encodeCommand(readBinary({ offset: 0, ne: 4 }))).toEqual(hexOf(first, 'unprotected_capdu'));
    expect(encodeCommand(readBinary({ offset: 4, ne: 0x12 }))).toEqual(hexOf(rest, 'unprotected_capdu'));
  });

  it('puts the short EF identifier in P1 with bit 8 set and the offset in P2', () => {
    expect(hex(readBinary({ sfi: 0x1e, offset: 0, ne: 4 }))).toBe('00B09E0004');
    expect(hex(readBinary({ sfi: 0x0d, offset: 0xff, ne: 256 }))).toBe('00B08DFF00');
  });

  it('encodes a 15-bit offset in P1-P2 and switches to extended Le above 256 bytes', () => {
    expect(hex(readBinary({ offset: 0x7fff, ne: 0xdf }))).toBe('00B07FFFDF');
    expect(hex(readBinary({ offset: 0x0100, ne: 65536 }))).toBe('00B00100000000');
    expect(hex(readBinary({ offset: 0, ne: 1000 }))).toBe('00B000000003E8');
  });

  it('refuses offsets the even instruction cannot carry', () => {
    expect(codeOf(() => readBinary({ offset: 0x8000, ne: 1 }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => readBinary({ sfi: 1, offset: 256, ne: 1 }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => readBinary({ sfi: 31, offset: 0, ne: 1 }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => readBinary({ offset: -1, ne: 1 }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => readBinary({ offset: 0, ne: 0 }))).toBe('APDU_INVALID');
  });

  it('reads beyond 32,767 with odd INS B1 and the offset in DO 54', () => {
    expect(hex(readBinaryOdd({ offset: 0x9c40, ne: 256 }))).toBe('00B100000454029C4000');
    expect(hex(readBinaryOdd({ offset: 5, ne: 0x20, fid: 0x0102 }))).toBe('00B10102045402000520');
    expect(hex(readBinaryOdd({ offset: 0x012345, ne: 4000 }))).toBe('00B1000000000554030123450FA0');
  });

  it('writes with UPDATE BINARY using extended Lc for more than 255 bytes', () => {
    expect(hex(updateBinary({ offset: 2, data: fromHex('A1B2') }))).toBe('00D6000202A1B2');
    const big = updateBinary({ offset: 0, data: new Uint8Array(300) });
    expect(toHex(encodeCommand(big).subarray(0, 7))).toBe('00D6000000012C');
    expect(hex(updateBinaryOdd({ offset: 0x8000, data: fromHex('AA') }))).toBe('00D7000007540280005301AA');
  });
});

describe('ICAO 9303-11 authentication commands', () => {
  it('reproduces GET CHALLENGE and EXTERNAL AUTHENTICATE of App. D.3', () => {
    const v = vector('icao9303-11-appendix-d-bac.json', 'icao9303-11.D.3.bac-mutual-auth');
    expect(encodeCommand(getChallenge())).toEqual(hexOf(v, 'get_challenge_capdu'));
    expect(encodeCommand(externalAuthenticate(hexOf(v, 'ext_auth_cmd_data'), { ne: 40 }))).toEqual(
      hexOf(v, 'ext_auth_capdu'),
    );
  });

  it('reproduces the INTERNAL AUTHENTICATE of App. F with Le 00', () => {
    const v = vector('icao9303-11-appendix-f-aa.json', 'icao9303-11.F.aa-rsa');
    expect(encodeCommand(internalAuthenticate(hexOf(v, 'rnd_ifd')))).toEqual(hexOf(v, 'internal_authenticate_capdu'));
  });

  it('reproduces MSE:Set AT and the four chained GENERAL AUTHENTICATE commands of App. G.1', () => {
    const pace = vector('icao9303-11-appendix-g-pace-gm.json', 'icao9303-11.G.1.pace-ecdh-gm');
    const a = vector('icao9303-11-appendix-g-pace-gm.json', 'icao9303-11.G.1.apdus');
    expect(encodeCommand(mseSetAtPace({ protocol: '0.4.0.127.0.7.2.2.4.2.2', password: 'mrz' }))).toEqual(
      hexOf(a, 'mse_set_at'),
    );
    expect(encodeCommand(mseSetAtPace({ protocol: hexOf(pace, 'pace_oid'), password: 'mrz' }))).toEqual(
      hexOf(a, 'mse_set_at'),
    );
    expect(encodeCommand(generalAuthenticate(new Uint8Array(0), { chained: true }))).toEqual(hexOf(a, 'ga1_capdu'));
    expect(encodeCommand(generalAuthenticate(fromHex(`8141${pace.pk_map_ifd}`), { chained: true }))).toEqual(
      hexOf(a, 'ga2_capdu'),
    );
    expect(encodeCommand(generalAuthenticate(fromHex(`8341${pace.pk_ifd}`), { chained: true }))).toEqual(
      hexOf(a, 'ga3_capdu'),
    );
    expect(encodeCommand(generalAuthenticate(fromHex(`8508${pace.t_ifd}`)))).toEqual(hexOf(a, 'ga4_capdu'));
  });

  it('adds the domain parameter reference 84 when asked, as gmrtd sends it', () => {
    const cmd = mseSetAtPace({ protocol: '0.4.0.127.0.7.2.2.4.2.2', password: 'mrz', domainParameterId: 13 });
    expect(hex(cmd)).toBe('0022C1A412800A04007F0007020204020283010184010D');
  });

  it('selects the CAN as password reference 02', () => {
    expect(hex(mseSetAtPace({ protocol: '0.4.0.127.0.7.2.2.4.2.2', password: 'can' }))).toBe(
      '0022C1A40F800A04007F00070202040202830102',
    );
    expect(codeOf(() => mseSetAtPace({ protocol: '0.4.0.127.0.7.2.2.4.2.2', password: 'pass' as 'can' }))).toBe(
      'INVALID_ARGUMENT',
    );
  });

  it('builds MSE:Set AT for Chip Authentication with AES and MSE:Set KAT for 3DES', () => {
    expect(hex(mseSetAtChipAuthentication({ protocol: '0.4.0.127.0.7.2.2.3.2.2' }))).toBe(
      '002241A40C800A04007F00070202030202',
    );
    expect(hex(mseSetAtChipAuthentication({ protocol: '0.4.0.127.0.7.2.2.3.2.2', keyId: 1 }))).toBe(
      '002241A40F800A04007F00070202030202840101',
    );
    expect(hex(mseSetKat({ ephemeralPublicKey: fromHex('04AABB') }))).toBe('002241A605910304AABB');
    expect(hex(mseSetKat({ ephemeralPublicKey: fromHex('04AABB'), keyId: 2 }))).toBe('002241A608910304AABB840102');
  });

  it('wraps a large dynamic authentication template with a long-form length and extended Lc', () => {
    const cmd = generalAuthenticate(new Uint8Array(300), { chained: true });
    expect(cmd.extended).toBe(true);
    expect(toHex(cmd.data.subarray(0, 4))).toBe('7C82012C');
  });

  it('builds GET RESPONSE and PUT DATA', () => {
    expect(hex(getResponse(0x10))).toBe('00C0000010');
    expect(hex(getResponse(256))).toBe('00C0000000');
    expect(hex(putData(0x0066, fromHex('0102')))).toBe('00DA0066020102');
  });
});

describe('ISO/IEC 7816-4 §5.1.1.1 command chaining', () => {
  it('returns a command that fits unchanged', () => {
    const c = updateBinary({ offset: 0, data: new Uint8Array(10) });
    expect(splitChain(c)).toEqual([c]);
  });

  it('sets CLA bit 10 on every link but the last, and keeps Le on the last only', () => {
    const c = command({ ins: 0x86, data: Uint8Array.from({ length: 600 }, (_, i) => i & 0xff), ne: 256 });
    const links = splitChain(c);
    expect(links.map((l) => [l.cla, l.data.length, l.ne, l.extended])).toEqual([
      [CLA_CHAINING, 255, undefined, false],
      [CLA_CHAINING, 255, undefined, false],
      [0x00, 90, 256, false],
    ]);
  });

  it('reassembles the original data for any size and chunk', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 2000 }), fc.integer({ min: 1, max: 300 }), (data, max) => {
        const links = splitChain(command({ cla: 0x0c, ins: 0xd6, data, ne: 4 }), { maxData: max });
        const joined = new Uint8Array(links.reduce((n, l) => n + l.data.length, 0));
        let off = 0;
        for (const l of links) {
          joined.set(l.data, off);
          off += l.data.length;
          expect(decodeCommand(encodeCommand(l))).toEqual(l);
        }
        expect(joined).toEqual(data);
        expect(links.slice(0, -1).every((l) => l.cla === 0x1c && l.ne === undefined)).toBe(true);
        expect(links.at(-1)?.cla).toBe(0x0c);
      }),
    );
  });

  it('refuses to chain a command that already is a chain link', () => {
    expect(codeOf(() => splitChain(command({ cla: 0x10, ins: 0x86, data: new Uint8Array(300) })))).toBe('APDU_INVALID');
    expect(codeOf(() => splitChain(command({ ins: 0x86, data: new Uint8Array(3) }), { maxData: 0 }))).toBe(
      'INVALID_ARGUMENT',
    );
  });
});

describe('every builder produces APDUs that decode to themselves', () => {
  it('holds for READ BINARY, odd READ BINARY, UPDATE BINARY and GENERAL AUTHENTICATE of any size', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0x7fff }),
        fc.integer({ min: 1, max: 65536 }),
        fc.uint8Array({ minLength: 1, maxLength: 600 }),
        fc.boolean(),
        (offset, ne, data, chained) => {
          const built = [
            readBinary({ offset, ne }),
            readBinaryOdd({ offset: offset * 7, ne }),
            updateBinary({ offset, data }),
            updateBinaryOdd({ offset: offset * 7, data }),
            generalAuthenticate(data, { chained }),
            externalAuthenticate(data, { ne: Math.min(ne, 256) }),
            selectApplication(data.subarray(0, 16)),
          ];
          for (const c of built) expect(decodeCommand(encodeCommand(c))).toEqual(c);
        },
      ),
      { numRuns: 200 },
    );
  });
});
