// Layer 6, access conditions (ICAO 9303-11 §4.2; BSI TR-03110 Part 1 for DG3/DG4): data groups refused before
// BAC/PACE, DG3 refused without Terminal Authentication, EF.CardAccess free, EF.CardSecurity behind PACE.
import { readBinary, selectFile } from '../../apdu/commands.js';
import type { ConformanceCase } from '../types.js';
import { expectSw, fail, verdict } from '../verdicts.js';
import { describe, LDS1_FILES, nn, selectEf, tc } from './build.js';

const protectedFiles = LDS1_FILES.filter((f) => f.name !== 'DG3');

/** Per file: READ BINARY by SFI in plain, before access control, is refused. */
const bySfi: ConformanceCase[] = protectedFiles.map((f) =>
  tc(
    `L6.AC.${nn(20 + f.n)}`,
    `${f.name} is refused by SFI before access control`,
    'ICAO 9303-11 §4.2; ISO/IEC 7816-4 §5.6',
    ['sfi', ...f.requires],
    'SW 6982',
    async (ctx) => {
      await ctx.selectApplication();
      const r = await ctx.send(
        readBinary({ offset: 0, ne: 8, sfi: ctx.file(f.name).sfi ?? 0 }),
        `read ${f.name} by SFI (plain)`,
      );
      return expectSw(r.sw, 0x6982);
    },
  ),
);

/** Per file: SELECT then READ BINARY in plain, before access control, is refused (SELECT itself may be allowed). */
const bySelect: ConformanceCase[] = protectedFiles.map((f) =>
  tc(
    `L6.AC.${nn(40 + f.n)}`,
    `${f.name} is refused by SELECT and READ BINARY before access control`,
    'ICAO 9303-11 §4.2',
    f.requires,
    'SELECT 9000 or 6982, then READ BINARY 6982 (or 6986 with no EF)',
    async (ctx) => {
      await ctx.selectApplication();
      const sel = await ctx.send(selectEf(ctx.file(f.name)), `select ${f.name} (plain)`);
      if (sel.sw === 0x6982) return verdict(true, 'refused', 'SELECT 6982');
      const r = await ctx.send(readBinary({ offset: 0, ne: 8 }), `read ${f.name} (plain)`);
      return verdict([0x6982, 0x6986].includes(r.sw) && r.data.length === 0, 'SW 6982', describe(r));
    },
  ),
);

const other: ConformanceCase[] = [
  tc(
    'L6.AC.01',
    'DG3 is refused after BAC/PACE without Terminal Authentication',
    'BSI TR-03110 Part 1 §2.3; ICAO 9303-11 §4',
    ['terminal-authentication', 'dg:3'],
    'SW 6982 at SELECT or READ BINARY',
    async (ctx) => {
      const s = await ctx.open();
      const sel = await s.send(selectEf(ctx.file('DG3')), 'select DG3');
      if (sel.sw === 0x6982) return verdict(true, 'SW 6982', 'SELECT 6982');
      const r = await s.send(readBinary({ offset: 0, ne: 8 }), 'read DG3');
      return verdict(r.sw === 0x6982, 'SW 6982', describe(r));
    },
  ),
  tc(
    'L6.AC.02',
    'DG3 is refused by SFI without Terminal Authentication',
    'BSI TR-03110 Part 1 §2.3',
    ['terminal-authentication', 'dg:3', 'sfi'],
    'SW 6982',
    async (ctx) => {
      const s = await ctx.open();
      return expectSw((await s.send(readBinary({ offset: 0, ne: 8, sfi: 3 }), 'read DG3 by SFI')).sw, 0x6982);
    },
  ),
  tc(
    'L6.AC.03',
    'EF.CardAccess is readable without access control',
    'ICAO 9303-11 §9.2.1; ICAO 9303-10 §3.11.3',
    ['card-access'],
    'SW 9000 and data',
    async (ctx) => {
      const sel = await ctx.send(selectFile(0x011c), 'select EF.CardAccess');
      if (sel.sw !== 0x9000) return fail('SELECT 9000', describe(sel));
      const r = await ctx.send(readBinary({ offset: 0, ne: 4 }), 'read EF.CardAccess');
      return verdict(r.sw === 0x9000 && r.data.length === 4, 'SW 9000, 4 bytes', describe(r));
    },
  ),
  tc(
    'L6.AC.04',
    'EF.CardSecurity is refused after BAC (PACE only)',
    'BSI TR-03110 Part 3 §A.1.2.3; ICAO 9303-11 §9.2',
    ['card-security', 'bac'],
    'SW 6982',
    async (ctx) => {
      const s = await ctx.open({ method: 'BAC', selectApplication: false });
      await s.send(selectFile(0x3f00, { scope: 'any' }), 'select MF');
      const sel = await s.send(selectFile(0x011d), 'select EF.CardSecurity');
      if (sel.sw === 0x6982 || sel.sw === 0x6a82) return verdict(sel.sw === 0x6982, 'SW 6982', describe(sel));
      const r = await s.send(readBinary({ offset: 0, ne: 4 }), 'read EF.CardSecurity');
      return verdict(r.sw === 0x6982, 'SW 6982', describe(r));
    },
  ),
];

export const ACCESS_CASES: readonly ConformanceCase[] = [...other, ...bySfi, ...bySelect];
