// Helpers shared by the case tables (ICAO 9303-10 §3, 9303-11 §9.8): case construction, the files a case may
// touch, and protected commands built by hand for the secure messaging error cases.
import { type CommandApdu, command, encodeCommand } from '../../apdu/command.js';
import { readBinary, selectFile } from '../../apdu/commands.js';
import type { ResponseApdu } from '../../apdu/response.js';
import { bytesToBigInt, concatBytes } from '../../bytes.js';
import { smSuite } from '../../sm/suite.js';
import { protectCommand } from '../../sm/terminal.js';
import { encodeTlv } from '../../tlv/index.js';
import type { ClaimedFile } from '../claims.js';
import type { CaseContext, OpenSession } from '../context.js';
import type { CaseOutcome, ConformanceCase, Feature } from '../types.js';
import { hexSw } from '../verdicts.js';

/** Builds a case; `pre` and `steps` default to what most cases do. */
export function tc(
  id: string,
  title: string,
  clause: string,
  requires: readonly Feature[],
  expected: string,
  run: (ctx: CaseContext) => Promise<CaseOutcome>,
  more: { preconditions?: readonly string[]; steps?: readonly string[] } = {},
): ConformanceCase {
  return {
    id,
    title,
    clause,
    requires,
    expected,
    preconditions: more.preconditions ?? ['chip reset (warm reset, no session)'],
    steps: more.steps ?? [title],
    run,
  };
}

/**
 * The LDS1 files the built-in profiles hold, in registry order, with the feature that claims it. DG5, DG7 and
 * DG16 are left out until a profile (and a reference card) carries them, so that every case can be shown to work.
 */
export const LDS1_FILES: readonly { name: string; requires: readonly Feature[]; n: number }[] = [
  { name: 'EF.COM', requires: [], n: 0 },
  ...[1, 2, 3, 11, 12, 13, 14, 15].map((n) => ({ name: `DG${n}`, requires: [`dg:${n}`] as Feature[], n })),
  { name: 'EF.SOD', requires: [], n: 17 },
];

/** Two-digit case number. */
export const nn = (n: number): string => n.toString().padStart(2, '0');

/** SELECT an EF of the current DF by FID (P1 02, P2 0C). */
export const selectEf = (f: ClaimedFile): CommandApdu => selectFile(f.fid);

export const describe = (r: ResponseApdu): string =>
  `SW ${hexSw(r.sw)}${r.data.length ? `, ${r.data.length} bytes` : ''}`;

/** The next command's SSC (the session's current counter + 1). */
function nextSsc(s: OpenSession, skip = 0): bigint {
  return bytesToBigInt(s.sm.ssc) + 1n + BigInt(skip);
}

/** A protected command built with the session's keys but sent around the SM wrapper, for error cases. */
export function protectedBytes(s: OpenSession, apdu: CommandApdu, options: { skipSsc?: number } = {}): Uint8Array {
  return protectCommand(smSuite(s.keys), nextSsc(s, options.skipSsc ?? 0), apdu);
}

/** A READ BINARY of the first bytes of the selected EF (a harmless command to protect). */
export const readFirst = (ne = 4): CommandApdu => readBinary({ offset: 0, ne });

/** ICAO 9303-11 §9.8.6: a READ BINARY whose DO'87' cryptogram has bad padding, with a correct MAC. */
export function badPaddingBytes(s: OpenSession): Uint8Array {
  const suite = smSuite(s.keys);
  const ssc = nextSsc(s);
  const block = suite.blockLength;
  // UPDATE-like command data: one block without the 80 00.. padding of ISO/IEC 9797-1 method 2.
  const cryptogram = encodeTlv(
    0x87,
    concatBytes(Uint8Array.of(0x01), suite.encrypt(ssc, new Uint8Array(block).fill(0x41))),
  );
  const le = encodeTlv(0x97, Uint8Array.of(0x04));
  const header = new Uint8Array(block);
  header.set([0x0c, 0xb0, 0x00, 0x00, 0x80]);
  const mac = suite.mac(ssc, concatBytes(header, cryptogram, le));
  const body = concatBytes(cryptogram, le, encodeTlv(0x8e, mac));
  return encodeCommand(command({ cla: 0x0c, ins: 0xb0, p1: 0, p2: 0, data: body, ne: 256 }));
}
