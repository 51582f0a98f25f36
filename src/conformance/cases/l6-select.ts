// Layer 6, SELECT (ISO/IEC 7816-4 §11.1.1; ICAO 9303-10 §3.9-§3.10): the LDS1 application, its EFs, errors.

import { command } from '../../apdu/command.js';
import { select, selectApplication, selectFile, selectMasterFile } from '../../apdu/commands.js';
import { fromHex } from '../../bytes.js';
import { decodeTlv } from '../../tlv/index.js';
import type { ConformanceCase } from '../types.js';
import { expectSw, fail, hexSw, pass, verdict } from '../verdicts.js';
import { describe, LDS1_FILES, nn, selectEf, tc } from './build.js';

const UNKNOWN_AID = fromHex('A0000002479999');
/** A FID no LDS1 file uses (ICAO 9303-10 Table 35 stops at 011F for DG16... and 011D for EF.SOD). */
const UNUSED_FID = 0x01ff;

const general: ConformanceCase[] = [
  tc('L6.SEL.01', 'SELECT the LDS1 application by AID', 'ICAO 9303-10 §3.10', [], 'SW 9000', async (ctx) =>
    expectSw((await ctx.selectApplication()).sw, 0x9000),
  ),
  tc(
    'L6.SEL.02',
    'SELECT of an unknown application is refused',
    'ISO/IEC 7816-4 §11.1.1, §5.6',
    [],
    'SW 6A82',
    async (ctx) => expectSw((await ctx.send(selectApplication(UNKNOWN_AID), 'select unknown AID')).sw, 0x6a82),
  ),
  tc(
    'L6.SEL.03',
    'SELECT EF.CardAccess under the MF before any access control',
    'ICAO 9303-10 §3.11.3',
    ['card-access'],
    'SW 9000',
    async (ctx) => expectSw((await ctx.send(selectFile(0x011c), 'select EF.CardAccess')).sw, 0x9000),
  ),
  tc(
    'L6.SEL.04',
    'SELECT of a missing EF inside LDS1 is refused',
    'ISO/IEC 7816-4 §11.1.1, §5.6',
    [],
    'SW 6A82',
    async (ctx) => {
      const s = await ctx.open();
      return expectSw((await s.send(selectFile(UNUSED_FID), 'select missing EF')).sw, 0x6a82);
    },
  ),
  tc(
    'L6.SEL.05',
    'SELECT with P2 04 returns an FCP template whose size matches EF.COM',
    'ISO/IEC 7816-4 §7.4.3, §11.1.1',
    [],
    "SW 9000, '62' with '80' = file size",
    async (ctx) => {
      const doc = await ctx.document();
      const s = await ctx.open();
      const r = await s.send(select(0x02, fromHex('011E'), { returns: 'fcp' }), 'select EF.COM with FCP');
      if (r.sw !== 0x9000 || r.data[0] !== 0x62) return fail("SW 9000 and an FCP template '62'", describe(r));
      const fcp = decodeTlv(r.data);
      const size = fcp.children.find((c) => c.tag === 0x80 || c.tag === 0x81)?.value;
      const n = size ? size.reduce((a, b) => a * 256 + b, 0) : -1;
      const want = doc.files.get('EF.COM')?.length ?? -1;
      return verdict(n === want, `file size ${want}`, `file size ${n}`);
    },
  ),
  tc(
    'L6.SEL.06',
    'SELECT with a file identifier of the wrong length is refused',
    'ISO/IEC 7816-4 §11.1.1',
    [],
    'SW 6700, 6A80, 6A86 or 6A87',
    async (ctx) => {
      const s = await ctx.open();
      const r = await s.send(
        command({ ins: 0xa4, p1: 0x02, p2: 0x0c, data: fromHex('01011E') }),
        'select with 3-byte FID',
      );
      return expectSw(r.sw, 0x6700, 0x6a80, 0x6a86, 0x6a87);
    },
  ),
  tc(
    'L6.SEL.07',
    'SELECT MF answers as the profile states',
    'ISO/IEC 7816-4 §7.1.1; docs/cccd-chip.md (6D00 quirk)',
    [],
    'the status word of the profile (9000 unless a quirk is declared)',
    async (ctx) => {
      const want = ctx.claims.profile.quirks.selectMfStatus ?? 0x9000;
      return expectSw((await ctx.send(selectMasterFile(), 'select MF')).sw, want);
    },
  ),
  tc(
    'L6.SEL.08',
    'SELECT with an unknown P1 is refused',
    'ISO/IEC 7816-4 §11.1.1 Table 39',
    [],
    'SW 6A86',
    async (ctx) =>
      expectSw(
        (await ctx.send(command({ ins: 0xa4, p1: 0x07, p2: 0x0c, data: fromHex('011E') }), 'select P1 07')).sw,
        0x6a86,
        0x6a81,
      ),
  ),
];

/** One case per LDS1 file: SELECT by FID after access control. */
const perFile: ConformanceCase[] = LDS1_FILES.filter((f) => f.name !== 'DG3').map((f) =>
  tc(
    `L6.SEL.${nn(20 + f.n)}`,
    `SELECT ${f.name} by file identifier after access control`,
    'ICAO 9303-10 §3.9.2, Table 35',
    f.requires,
    'SW 9000',
    async (ctx) => {
      const s = await ctx.open();
      const r = await s.send(selectEf(ctx.file(f.name)), `select ${f.name}`);
      return r.sw === 0x9000 ? pass(`SW ${hexSw(r.sw)}`) : expectSw(r.sw, 0x9000);
    },
  ),
);

export const SELECT_CASES: readonly ConformanceCase[] = [...general, ...perFile];
