// Layer 6, interindustry basics and life cycle (ISO/IEC 7816-4 §5.6, §11.5.3 GET CHALLENGE; ISO/IEC 7816-9
// §6 and ISO/IEC 7816-4 §5.3.3.2 life cycle: personalization commands refused once the chip is operational).
import { command } from '../../apdu/command.js';
import { getChallenge, putData, updateBinary } from '../../apdu/commands.js';
import { asciiToBytes, equalBytes, fromHex, toHex } from '../../bytes.js';
import { PERSO_INS, putDataByName } from '../../card/perso-command-set.js';
import type { ConformanceCase } from '../types.js';
import { expectSw, fail, verdict } from '../verdicts.js';
import { describe, selectEf, tc } from './build.js';

const REFUSED = [0x6982, 0x6985, 0x6986, 0x6d00, 0x6a86];
const refused = (sw: number) => REFUSED.includes(sw);

const iso: ConformanceCase[] = [
  tc('L6.ISO.01', 'An unknown instruction is refused', 'ISO/IEC 7816-4 §5.6 Table 6', [], 'SW 6D00', async (ctx) =>
    expectSw((await ctx.send(command({ ins: 0x1e }), 'INS 1E')).sw, 0x6d00),
  ),
  tc('L6.ISO.02', 'An unsupported class byte is refused', 'ISO/IEC 7816-4 §5.4.1, §5.6', [], 'SW 6E00', async (ctx) =>
    expectSw(
      (await ctx.send(command({ cla: 0xa0, ins: 0xa4, p1: 0x04, p2: 0x0c, data: fromHex('A0000002471001') }), 'CLA A0'))
        .sw,
      0x6e00,
    ),
  ),
  tc(
    'L6.ISO.03',
    'Extended-length APDUs are accepted as claimed',
    'ISO/IEC 7816-4 §5.1; ICAO 9303-10 §3.9.4',
    ['extended-length'],
    'SW 9000',
    async (ctx) => {
      const s = await ctx.open();
      await s.send(selectEf(ctx.file('EF.COM')), 'select EF.COM');
      const r = await s.send(command({ ins: 0xb0, ne: 4, extended: true }), 'READ BINARY extended Le');
      return verdict(r.sw === 0x9000 && r.data.length === 4, 'SW 9000, 4 bytes', describe(r));
    },
  ),
  tc(
    'L6.GC.01',
    'GET CHALLENGE returns 8 bytes',
    'ISO/IEC 7816-4 §11.5.3; ICAO 9303-11 §4.3.4.1',
    [],
    'SW 9000, 8 bytes',
    async (ctx) => {
      await ctx.selectApplication();
      const r = await ctx.send(getChallenge(), 'GET CHALLENGE');
      return verdict(r.sw === 0x9000 && r.data.length === 8, 'SW 9000, 8 bytes', describe(r));
    },
  ),
  tc(
    'L6.GC.02',
    'Two GET CHALLENGE answers differ',
    'ICAO 9303-11 §4.3.4.1 (RND.IC random); ISO/IEC 7816-4 §11.5.3',
    [],
    'two different 8-byte challenges',
    async (ctx) => {
      await ctx.selectApplication();
      const a = await ctx.send(getChallenge(), 'GET CHALLENGE 1');
      const b = await ctx.send(getChallenge(), 'GET CHALLENGE 2');
      return verdict(
        a.sw === 0x9000 && b.sw === 0x9000 && !equalBytes(a.data, b.data),
        'different challenges',
        `${toHex(a.data)} / ${toHex(b.data)}`,
      );
    },
  ),
];

const lifeCycle: ConformanceCase[] = [
  tc(
    'L6.LC.01',
    'UPDATE BINARY is refused once the chip is operational',
    'ISO/IEC 7816-4 §5.3.3.2, §11.2.4; ICAO 9303-11 §4',
    ['personalization-commands'],
    'SW 6982 or 6985',
    async (ctx) => {
      const doc = await ctx.document();
      const com = doc.files.get('EF.COM');
      if (!com) return fail('EF.COM read', 'not read');
      const s = await ctx.open();
      await s.send(selectEf(ctx.file('EF.COM')), 'select EF.COM');
      // The same bytes as on the chip: a chip that wrongly accepts is not changed.
      const r = await s.send(updateBinary({ offset: 0, data: com.subarray(0, 2) }), 'UPDATE BINARY');
      return verdict(refused(r.sw), 'SW 6982 or 6985', describe(r));
    },
  ),
  tc(
    'L6.LC.02',
    'PUT DATA is refused once the chip is operational',
    'ISO/IEC 7816-4 §11.5.6; ISO/IEC 7816-9 §6',
    ['personalization-commands'],
    'SW 6982 or 6985',
    async (ctx) => {
      const can = ctx.lab.credentials.can ?? '000000';
      const s = await ctx.open();
      const r = await s.send(putData(putDataByName('can').p1p2, asciiToBytes(can)), 'PUT DATA can');
      return verdict(refused(r.sw), 'SW 6982 or 6985', describe(r));
    },
  ),
  tc(
    'L6.LC.03',
    'CREATE FILE is refused once the chip is operational',
    'ISO/IEC 7816-9 §6.1',
    ['personalization-commands'],
    'SW 6982 or 6985',
    async (ctx) => {
      const s = await ctx.open();
      const fcp = fromHex('620C8202010183020119800200018801D0');
      fcp[1] = fcp.length - 2;
      const r = await s.send(command({ ins: PERSO_INS.CREATE_FILE, data: fcp }), 'CREATE FILE 0119');
      return verdict(refused(r.sw), 'SW 6982 or 6985', describe(r));
    },
  ),
  tc(
    'L6.LC.04',
    'UPDATE BINARY in plain is refused once the chip is operational',
    'ISO/IEC 7816-4 §5.3.3.2',
    ['personalization-commands'],
    'SW 6982 or 6985',
    async (ctx) => {
      const doc = await ctx.document();
      const com = doc.files.get('EF.COM');
      if (!com) return fail('EF.COM read', 'not read');
      await ctx.selectApplication();
      await ctx.send(selectEf(ctx.file('EF.COM')), 'select EF.COM');
      const r = await ctx.send(updateBinary({ offset: 0, data: com.subarray(0, 2) }), 'UPDATE BINARY (plain)');
      return verdict(refused(r.sw), 'SW 6982 or 6985', describe(r));
    },
  ),
];

export const ISO_CASES: readonly ConformanceCase[] = [...iso, ...lifeCycle];
