// Layer 6, READ BINARY (ISO/IEC 7816-4 §11.2.3; ICAO 9303-10 §3.9.3): offsets at and beyond the end, Le short and
// extended, short EF identifiers, odd INS, and GET RESPONSE that ends.
import { readBinary, readBinaryOdd } from '../../apdu/commands.js';
import { equalBytes, toHex } from '../../bytes.js';
import { createFileReader } from '../../reader/read-file.js';
import { decodeTlv, peekTlvLength } from '../../tlv/index.js';
import type { CaseContext } from '../context.js';
import type { CaseOutcome, ConformanceCase } from '../types.js';
import { expectSw, fail, short, verdict } from '../verdicts.js';
import { describe, LDS1_FILES, nn, selectEf, tc } from './build.js';

/** Reads `ne` bytes of EF.COM at `offset` after selecting it, and compares with the document's bytes. */
async function readCom(ctx: CaseContext, offset: number, ne: number, extended = false): Promise<CaseOutcome> {
  const doc = await ctx.document();
  const com = doc.files.get('EF.COM');
  if (!com) return fail('EF.COM readable', 'EF.COM could not be read');
  const s = await ctx.open();
  await s.send(selectEf(ctx.file('EF.COM')), 'select EF.COM');
  const r = await s.send(readBinary({ offset, ne, extended }), `read ${ne} at ${offset}`);
  const want = com.subarray(offset, offset + Math.min(ne, com.length - offset));
  const sizeOk = ne >= 256 ? r.data.length > 0 && r.data.length <= ne : r.data.length === want.length;
  const ok = (r.sw === 0x9000 || r.sw === 0x6282) && sizeOk && equalBytes(r.data, want.subarray(0, r.data.length));
  return verdict(ok, `SW 9000, ${short(want)}`, `${describe(r)} ${short(r.data)}`);
}

const general: ConformanceCase[] = [
  tc(
    'L6.RB.01',
    'READ BINARY at offset 0 with Le = 04 returns exactly 4 bytes of the EF',
    'ISO/IEC 7816-4 §11.2.3',
    [],
    'SW 9000 and the first 4 bytes',
    (ctx) => readCom(ctx, 0, 4),
  ),
  tc(
    'L6.RB.02',
    'READ BINARY at offset 3 returns the bytes at that offset',
    'ISO/IEC 7816-4 §11.2.3',
    [],
    'SW 9000 and bytes 3-6',
    (ctx) => readCom(ctx, 3, 4),
  ),
  tc(
    'L6.RB.03',
    'READ BINARY with short Le = 00 returns at most 256 bytes from the offset',
    'ISO/IEC 7816-4 §5.1',
    [],
    'SW 9000 or 6282, 1-256 bytes',
    (ctx) => readCom(ctx, 1, 256),
  ),
  tc(
    'L6.RB.04',
    'READ BINARY with extended Le = 0000 returns the rest of the EF',
    'ISO/IEC 7816-4 §5.1; ICAO 9303-10 §3.9.4',
    ['extended-length'],
    'SW 9000 or 6282 and the file bytes',
    (ctx) => readCom(ctx, 0, 65536, true),
  ),
  tc(
    'L6.RB.05',
    'READ BINARY at the offset of the end of the EF is refused',
    'ISO/IEC 7816-4 §11.2.3, §5.6',
    [],
    'SW 6B00 (or 6282 with no data)',
    async (ctx) => {
      const doc = await ctx.document();
      const size = doc.files.get('EF.COM')?.length ?? 0;
      const s = await ctx.open();
      await s.send(selectEf(ctx.file('EF.COM')), 'select EF.COM');
      const r = await s.send(readBinary({ offset: size, ne: 4 }), 'read at end');
      return verdict(r.sw === 0x6b00 || (r.sw === 0x6282 && r.data.length === 0), 'SW 6B00', describe(r));
    },
  ),
  tc(
    'L6.RB.06',
    'READ BINARY beyond the end of the EF is refused',
    'ISO/IEC 7816-4 §11.2.3, §5.6',
    [],
    'SW 6B00',
    async (ctx) => {
      const doc = await ctx.document();
      const size = doc.files.get('EF.COM')?.length ?? 0;
      const s = await ctx.open();
      await s.send(selectEf(ctx.file('EF.COM')), 'select EF.COM');
      return expectSw((await s.send(readBinary({ offset: size + 16, ne: 4 }), 'read beyond end')).sw, 0x6b00);
    },
  ),
  tc(
    'L6.RB.07',
    "READ BINARY with odd INS (B1) and DO'54' returns DO'53' with the bytes",
    'ISO/IEC 7816-4 §11.2.3; ICAO 9303-10 §3.9.4',
    ['read-binary-odd'],
    "SW 9000, '53' holding the bytes at the offset",
    async (ctx) => {
      const doc = await ctx.document();
      const com = doc.files.get('EF.COM') ?? new Uint8Array(0);
      const s = await ctx.open();
      await s.send(selectEf(ctx.file('EF.COM')), 'select EF.COM');
      const r = await s.send(readBinaryOdd({ offset: 2, ne: 8 }), 'read odd INS at 2');
      if (r.sw !== 0x9000 || r.data[0] !== 0x53) return fail("SW 9000 and DO'53'", describe(r));
      const got = decodeTlv(r.data).value;
      return verdict(
        got.length > 0 && equalBytes(got, com.subarray(2, 2 + got.length)),
        short(com.subarray(2, 6)),
        short(got),
      );
    },
  ),
  tc(
    'L6.RB.08',
    'The largest data group reads whole within a bounded number of commands, as the document read gave it',
    'ISO/IEC 7816-4 §5.3.4 (61xx), §11.2.3; ICAO 9303-10 §3.9.4',
    [],
    'the same bytes, at most one READ BINARY per 200 bytes plus 4',
    async (ctx) => {
      const doc = await ctx.document();
      const [name, want] = [...doc.files]
        .filter(([n]) => n !== 'EF.CardAccess')
        .reduce((a, b) => (b[1].length > a[1].length ? b : a));
      const s = await ctx.open();
      const bound = Math.ceil(want.length / 200) + 4;
      const r = await createFileReader(s.sm, { selectMasterFile: 'skip', maxApdus: bound }).readFile({
        fid: ctx.file(name).fid,
        name,
      });
      return verdict(
        equalBytes(r.bytes, want),
        `${name}: ${want.length} bytes in <= ${bound} commands`,
        `${r.bytes.length} bytes in ${r.stats.apdus} commands`,
      );
    },
  ),
];

/** Per file: READ BINARY by short EF identifier returns the file's first bytes. */
const bySfi: ConformanceCase[] = LDS1_FILES.filter((f) => f.name !== 'DG3').map((f) =>
  tc(
    `L6.RB.${nn(20 + f.n)}`,
    `READ BINARY of ${f.name} by short EF identifier`,
    'ICAO 9303-10 §3.9.3; ISO/IEC 7816-4 §7.2.2',
    ['sfi', ...f.requires],
    'SW 9000 and the first bytes of the file',
    async (ctx) => {
      const doc = await ctx.document();
      const want = doc.files.get(f.name);
      const file = ctx.file(f.name);
      const s = await ctx.open();
      const r = await s.send(readBinary({ offset: 0, ne: 8, sfi: file.sfi ?? 0 }), `read ${f.name} by SFI`);
      const ok = r.sw === 0x9000 && want !== undefined && equalBytes(r.data, want.subarray(0, 8));
      return verdict(ok, `SW 9000, ${want ? toHex(want.subarray(0, 8)) : '?'}`, `${describe(r)} ${toHex(r.data)}`);
    },
  ),
);

/** Per file: the whole file as read parses as one TLV of exactly that length (no truncation, no padding). */
const wholeFile: ConformanceCase[] = LDS1_FILES.filter((f) => f.name !== 'DG3').map((f) =>
  tc(
    `L6.RB.${nn(40 + f.n)}`,
    `${f.name} reads whole: one TLV object of exactly the bytes read`,
    'ICAO 9303-10 §3.9.4, §4.6',
    f.requires,
    'the TLV header length covers exactly the file',
    async (ctx) => {
      const doc = await ctx.document();
      const bytes = doc.files.get(f.name);
      if (!bytes) return fail(`${f.name} readable`, doc.unread.get(f.name) ?? 'not read');
      const n = peekTlvLength(bytes);
      return verdict(n === bytes.length, `${bytes.length} bytes`, `TLV of ${n} bytes`);
    },
  ),
);

export const READ_BINARY_CASES: readonly ConformanceCase[] = [...general, ...bySfi, ...wholeFile];
