import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeCommand } from '../src/apdu/command.js';
import { equalBytes, fromHex, toHex } from '../src/bytes.js';
import { type CccdError, isCccdError, type StatusWordError } from '../src/errors.js';
import { createFileReader, readFile } from '../src/reader/read-file.js';
import { encodeTlv } from '../src/tlv/encode.js';
import { withGetResponse } from '../src/transport/get-response.js';
import type { Transport } from '../src/transport/types.js';
import { type FakeCardOptions, fakeCard } from './helpers/fake-card.js';

/** A file of `total` bytes: tag 75 (DG2) and a counting pattern, so that any misplaced byte shows. */
function file(total: number, tag = 0x75): Uint8Array {
  let content = total - 2;
  while (encodeTlv(tag, new Uint8Array(content)).length > total) content--;
  return encodeTlv(
    tag,
    Uint8Array.from({ length: content }, (_, i) => (i * 7 + (i >> 8)) & 0xff),
  );
}

/** Byte equality without a deep-equality walk over thousands of elements. */
function same(actual: Uint8Array, expected: Uint8Array): void {
  expect(actual.length).toBe(expected.length);
  expect(equalBytes(actual, expected)).toBe(true);
}

const EF_COM = fromHex('60145F0104303130365F36063034303030305C026175');

async function errorOf(p: Promise<unknown>): Promise<CccdError> {
  try {
    await p;
  } catch (e) {
    if (isCccdError(e)) return e;
    throw e;
  }
  throw new Error('expected a CccdError');
}

const hexes = (card: { received: Parameters<typeof encodeCommand>[0][] }) =>
  card.received.map((c) => toHex(encodeCommand(c)));

describe('ICAO 9303-10 §3.9 reading a file: header first, then the rest', () => {
  it('reads EF.COM with the SELECT and two READ BINARY of App. D.4', async () => {
    const card = fakeCard({ files: { 286: EF_COM }, info: { extendedLength: false } });
    const { bytes, stats } = await readFile(card, { fid: 0x011e, name: 'EF.COM' });
    same(bytes, EF_COM);
    expect(hexes(card)).toEqual(['00A4020C02011E', '00B0000004', '00B0000412']);
    expect(stats).toEqual({ apdus: 3, bytesSent: 17, bytesReceived: 2 + 6 + 20, retries: 0, extended: false });
  });

  it('reads a 5,000-byte file in 223-byte chunks on a short-only link', async () => {
    const f = file(5000);
    const card = fakeCard({ files: { 258: f }, info: { extendedLength: false } });
    const { bytes, stats } = await readFile(card, { fid: 0x0102 });
    same(bytes, f);
    expect(stats.apdus).toBe(2 + Math.ceil((5000 - 4) / 223));
    expect(card.received.slice(2).every((c) => !c.extended && (c.ne ?? 0) <= 223)).toBe(true);
  });

  it('probes extended length once when the link does not say, and remembers the refusal', async () => {
    const f = file(5000);
    const card = fakeCard({ files: { 258: f, 259: f } });
    const reader = createFileReader(card);
    const first = await reader.readFile({ fid: 0x0102 });
    same(first.bytes, f);
    expect(first.stats.retries).toBe(1);
    expect(reader.link.extended).toBe(false);
    const second = await reader.readFile({ fid: 0x0103 });
    expect(second.stats.retries).toBe(0);
    expect(second.stats.apdus).toBe(first.stats.apdus - 1);
  });

  it('reads the rest of a file in one extended APDU when card and link allow it (header first)', async () => {
    const f = file(20000);
    const card = fakeCard({ files: { 258: f }, extended: true });
    const reader = createFileReader(card, { firstRead: 'header' });
    const { bytes, stats } = await reader.readFile({ fid: 0x0102 });
    same(bytes, f);
    expect(stats).toMatchObject({ apdus: 3, extended: true, retries: 0 });
    expect(toHex(encodeCommand(card.received[2] as never))).toBe('00B00004004E1C');
    expect(reader.link.extended).toBe(true);
  });

  it('reads a whole file in its first extended APDU once the link is known to carry extended length', async () => {
    const f = file(20000);
    const card = fakeCard({ files: { 258: f }, extended: true, info: { extendedLength: true } });
    const { bytes, stats } = await readFile(card, { fid: 0x0102 });
    same(bytes, f);
    expect(stats).toMatchObject({ apdus: 2, extended: true, retries: 0 });
    expect(card.received[1]?.ins).toBe(0xb0);
    expect(card.received[1]?.ne).toBeGreaterThan(20000);
  });

  it('continues beyond offset 32,767 with odd INS B1 on a 40,000-byte file', async () => {
    const f = file(40000);
    const card = fakeCard({ files: { 258: f }, info: { extendedLength: false } });
    const { bytes } = await readFile(card, { fid: 0x0102 });
    same(bytes, f);
    const odd = card.received.filter((c) => c.ins === 0xb1);
    expect(odd.length).toBeGreaterThan(0);
    expect(card.received.filter((c) => c.ins === 0xb0).every((c) => ((c.p1 << 8) | c.p2) <= 0x7fff)).toBe(true);
    expect(odd.every((c) => (c.ne ?? 0) <= 223 && c.p1 === 0 && c.p2 === 0 && c.data[0] === 0x54)).toBe(true);
  });

  it('reads a 70,000-byte file with extended even and odd INS', async () => {
    const f = file(70000);
    const card = fakeCard({ files: { 258: f }, extended: true, info: { extendedLength: true } });
    const { bytes, stats } = await readFile(card, { fid: 0x0102 }, { maxFileSize: 100000, firstRead: 'header' });
    same(bytes, f);
    // The 5-byte header (75 83 01 11 6B) needs a second header read before the extended ones.
    expect(card.received.map((c) => c.ins)).toEqual([0xa4, 0xb0, 0xb0, 0xb0, 0xb1]);
    const greedy = fakeCard({ files: { 258: f }, extended: true, info: { extendedLength: true } });
    same((await readFile(greedy, { fid: 0x0102 }, { maxFileSize: 100000 })).bytes, f);
    expect(greedy.received.map((c) => c.ins)).toEqual([0xa4, 0xb0, 0xb1]);
    expect(stats.extended).toBe(true);
  });

  it('reads by short EF identifier without a SELECT, the SFI in the first READ BINARY only', async () => {
    const card = fakeCard({ files: { 286: EF_COM }, sfi: true, info: { extendedLength: false } });
    const { bytes } = await readFile(card, { fid: 0x011e, sfi: 0x1e }, { selectBy: 'sfi' });
    same(bytes, EF_COM);
    expect(hexes(card)).toEqual(['00B09E0004', '00B0000412']);
  });
});

describe('files holding several data objects', () => {
  const efDir = fromHex('61094F07A0000002471001' + '61094F07A0000002472001');

  it('reads EF.DIR to its end rather than to the end of its first template', async () => {
    const card = fakeCard({ files: { 12032: efDir }, info: { extendedLength: false } });
    const { bytes } = await readFile(card, { fid: 0x2f00, under: 'mf', extent: 'to-end', name: 'EF.DIR' });
    same(bytes, efDir);
    const first = await readFile(card, { fid: 0x2f00, under: 'mf' });
    same(first.bytes, efDir.subarray(0, 11));
  });

  it('reads a 40,000-byte file to its end, with odd INS past 32,767', async () => {
    const f = file(40000);
    const card = fakeCard({ files: { 258: f }, wrongLe: true, info: { extendedLength: false } });
    same((await readFile(card, { fid: 0x0102, extent: 'to-end' })).bytes, f);
  });

  it('stops reading to the end at the size cap', async () => {
    const card = fakeCard({ files: { 258: file(5000) }, extended: true });
    const e = await errorOf(readFile(card, { fid: 0x0102, extent: 'to-end' }, { maxFileSize: 4096 }));
    expect(e.code).toBe('TLV_LIMIT');
  });
});

describe('ICAO 9303-10 §3.11 files under the MF, with the CCCD quirk', () => {
  const cardAccess = fromHex(
    '3134300D060804007F00070202020201013' + '00F060A04007F000702020302020201013012060A04007F0007020204020202010202010D',
  );
  const cccd = (): FakeCardOptions => ({
    files: { 284: cardAccess },
    mfStatus: 0x6d00,
    info: { extendedLength: false },
  });

  it('goes on to select EF.CardAccess directly when SELECT MF answers 6D00', async () => {
    const card = fakeCard(cccd());
    const { bytes } = await readFile(card, { fid: 0x011c, under: 'mf', name: 'EF.CardAccess' });
    same(bytes, cardAccess);
    expect(hexes(card).slice(0, 2)).toEqual(['00A4000C023F00', '00A4020C02011C']);
  });

  it('skips SELECT MF altogether with the CCCD profile setting', async () => {
    const card = fakeCard(cccd());
    await readFile(card, { fid: 0x011c, under: 'mf' }, { selectMasterFile: 'skip' });
    expect(hexes(card)[0]).toBe('00A4020C02011C');
  });

  it('fails with the status word when SELECT MF is required and refused', async () => {
    const e = await errorOf(readFile(fakeCard(cccd()), { fid: 0x011c, under: 'mf' }, { selectMasterFile: 'require' }));
    expect(e.code).toBe('STATUS_WORD');
    expect((e as StatusWordError).sw).toBe(0x6d00);
  });
});

describe('ISO/IEC 7816-4 §5.6 status words while reading', () => {
  it('re-reads with the length a 6Cxx card states', async () => {
    const tiny = fromHex('5301AA');
    const card = fakeCard({ files: { 257: tiny }, wrongLe: true, info: { extendedLength: false } });
    const { bytes, stats } = await readFile(card, { fid: 0x0101 });
    same(bytes, tiny);
    expect(hexes(card).slice(1)).toEqual(['00B0000004', '00B0000003']);
    expect(stats.retries).toBe(1);
  });

  it('shrinks the chunk after 6700 and keeps the smaller size for the next file', async () => {
    const f = file(1000);
    const card = fakeCard({ files: { 257: f, 258: f }, maxNe: 100, info: { extendedLength: false } });
    const reader = createFileReader(card);
    same((await reader.readFile({ fid: 0x0101 })).bytes, f);
    expect(reader.link.shortChunk).toBe(55);
    const again = await reader.readFile({ fid: 0x0102 });
    same(again.bytes, f);
    expect(again.stats.retries).toBe(0);
  });

  it('falls back to short reads after an extended read times out', async () => {
    const f = file(3000);
    const card = fakeCard({ files: { 257: f }, extended: true, timeoutAbove: 1000, info: { extendedLength: true } });
    const reader = createFileReader(card);
    const { bytes, stats } = await reader.readFile({ fid: 0x0101 });
    same(bytes, f);
    expect(stats.retries).toBe(1);
    expect(reader.link.extended).toBe(false);
  });

  it('names the status word of a file that is absent or protected', async () => {
    const card = fakeCard({ files: {}, selectStatus: { 259: 0x6982 } });
    const absent = await errorOf(readFile(card, { fid: 0x010b, name: 'EF.DG11' }));
    expect([absent.code, (absent as StatusWordError).sw]).toEqual(['STATUS_WORD', 0x6a82]);
    const protectedDg3 = await errorOf(readFile(card, { fid: 0x0103, name: 'EF.DG3' }));
    expect([protectedDg3.code, (protectedDg3 as StatusWordError).sw]).toEqual(['STATUS_WORD', 0x6982]);
  });

  it('reads through GET RESPONSE on a card that answers 61xx', async () => {
    const f = file(2000);
    const card = withGetResponse(fakeCard({ files: { 257: f }, t0Chunk: 32, info: { extendedLength: false } }));
    same((await readFile(card, { fid: 0x0101 })).bytes, f);
  });
});

describe('hostile cards end with a typed error in bounded time and memory', () => {
  it('refuses a header announcing 4 GB before allocating', async () => {
    const card = fakeCard({ files: { 258: fromHex('7584FFFFFFF0AABBCC') }, info: { extendedLength: false } });
    const e = await errorOf(readFile(card, { fid: 0x0102 }));
    expect([e.code, e.path]).toEqual(['TLV_LIMIT', 'EF 0102']);
    expect(card.received.length).toBe(3);
  });

  it('refuses a file larger than the configured cap', async () => {
    const card = fakeCard({ files: { 258: file(5000) }, info: { extendedLength: false } });
    expect((await errorOf(readFile(card, { fid: 0x0102 }, { maxFileSize: 4096 }))).code).toBe('TLV_LIMIT');
  });

  it('reports a file shorter than its header says (6282, then 6B00)', async () => {
    const liar = encodeTlv(0x75, new Uint8Array(1000)).subarray(0, 500);
    const card = fakeCard({ files: { 258: liar }, info: { extendedLength: false } });
    const e = await errorOf(readFile(card, { fid: 0x0102 }));
    expect([e.code, e.offset]).toEqual(['TLV_TRUNCATED', 500]);
  });

  it('reports a lying length on a 6Cxx card too', async () => {
    const liar = encodeTlv(0x75, new Uint8Array(300)).subarray(0, 100);
    const card = fakeCard({ files: { 258: liar }, wrongLe: true, info: { extendedLength: false } });
    expect((await errorOf(readFile(card, { fid: 0x0102 }))).code).toBe('TLV_TRUNCATED');
  });

  it('reports a file that ends inside its own header', async () => {
    const card = fakeCard({ files: { 258: fromHex('7582') }, info: { extendedLength: false } });
    expect((await errorOf(readFile(card, { fid: 0x0102 }))).code).toBe('TLV_TRUNCATED');
  });

  it('stops a card that answers 61xx forever', async () => {
    const card = withGetResponse(
      fakeCard({ files: { 258: file(3000) }, t0Chunk: 2, endlessGetResponse: true, info: { extendedLength: false } }),
      { maxRounds: 32 },
    );
    expect((await errorOf(readFile(card, { fid: 0x0102 }))).code).toBe('TRANSPORT_LIMIT');
  });

  it('stops a card that keeps asking for a different Le', async () => {
    const card: Transport = {
      info: { name: 'liar', extendedLength: false },
      async transmit(bytes) {
        return bytes[1] === 0xa4 ? fromHex('9000') : fromHex('6C10');
      },
    };
    expect((await errorOf(readFile(card, { fid: 0x0102 }))).code).toBe('TRANSPORT_LIMIT');
  });

  it('rejects an answer longer than the Ne asked for', async () => {
    const card: Transport = {
      info: { name: 'flood', extendedLength: false },
      async transmit(bytes) {
        return bytes[1] === 0xa4 ? fromHex('9000') : fromHex('7581FF0102039000');
      },
    };
    expect((await errorOf(readFile(card, { fid: 0x0102 }))).code).toBe('APDU_INVALID');
  });

  it('stops a card that answers one byte at a time (with 9000) once the APDU budget is spent', async () => {
    const f = file(3000);
    const card: Transport = {
      info: { name: 'trickle', extendedLength: false },
      async transmit(bytes) {
        if (bytes[1] === 0xa4) return fromHex('9000');
        const offset = ((bytes[2] as number) << 8) | (bytes[3] as number);
        return Uint8Array.of(f[offset] as number, 0x90, 0x00);
      },
    };
    const e = await errorOf(readFile(card, { fid: 0x0102 }, { maxApdus: 500 }));
    expect(e.code).toBe('TRANSPORT_LIMIT');
  });
});

describe('reading returns the file as written, whatever the card and link', () => {
  it('holds for random sizes and card behaviours', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 3, max: 36000 }),
        fc.record({
          extended: fc.boolean(),
          wrongLe: fc.boolean(),
          maxNe: fc.constantFrom(64, 128, 256, 1000, 65536),
          link: fc.constantFrom(true, false, undefined),
          t0Chunk: fc.constantFrom(undefined, 64),
        }),
        async (size, o) => {
          const f = file(size);
          const raw = fakeCard({
            files: { 257: f },
            extended: o.extended,
            wrongLe: o.wrongLe,
            maxNe: Math.min(o.maxNe, o.extended ? 65536 : 256),
            t0Chunk: o.t0Chunk,
            info: { extendedLength: o.link === undefined ? undefined : o.link && o.extended },
          });
          const card = o.t0Chunk ? withGetResponse(raw) : raw;
          same((await readFile(card, { fid: 0x0101 })).bytes, f);
        },
      ),
      { numRuns: 60 },
    );
  });
});
