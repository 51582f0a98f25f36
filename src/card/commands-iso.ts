// ISO/IEC 7816-4 §11 interindustry commands as the chip executes them: SELECT (§11.1.1), READ BINARY (§11.2.3,
// even and odd INS), GET CHALLENGE (§11.5.3). Access conditions per file come from the chip's state (ICAO 9303-11 §4).
import { concatBytes } from '../bytes.js';
import { decodeTlv, encodeTlv } from '../tlv/index.js';
import type { ChipContext, Reply } from './context.js';
import { encodeFcp } from './fcp.js';
import { dfByAid, efByFid, efBySfi, MF_FID, mfOf, resolvePath } from './file-system.js';
import type { EfState } from './state.js';
import { SW } from './sw.js';

const reply = (sw: number, data: Uint8Array = new Uint8Array(0)): Reply => ({ data, sw });

/** Whether the session satisfies a file's access condition (ICAO 9303-11 §4.2, BSI TR-03110 for DG3/DG4). */
export function mayRead(ctx: ChipContext, ef: EfState): boolean {
  if (ctx.state.lifeCycle !== 'operational') return true;
  const auth = ctx.session.authenticated;
  const dg3 = ctx.faults.dg3WithoutTerminalAuthentication === true && ef.access === 'terminal-authentication';
  if (ctx.faults.readWithoutAuthentication && ef.access !== 'never') return true;
  switch (ef.access) {
    case 'always':
      return true;
    case 'bac-or-pace':
      return auth.has('bac') || auth.has('pace');
    case 'pace':
      return auth.has('pace');
    case 'terminal-authentication':
      return auth.has('ta') || (dg3 && (auth.has('bac') || auth.has('pace')));
    default:
      return false;
  }
}

function fcpReply(ctx: ChipContext, p2: number, ef: EfState | undefined): Reply {
  // P2 bits 4-3 = 11: no response data (ICAO readers send 0C); otherwise return the FCP template.
  if ((p2 & 0x0c) === 0x0c || !ef || ctx.faults.fcpMissing) return reply(SW.OK);
  return reply(SW.OK, encodeFcp({ kind: 'ef', fid: ef.fid, size: ef.data.length, sfi: ef.sfi, access: ef.access }));
}

export function select(ctx: ChipContext, p1: number, p2: number, data: Uint8Array): Reply {
  const { state, session } = ctx;
  const mf = mfOf(state.dfs);
  const mfStatus = state.config.selectMfStatus ?? SW.OK;
  const notFound = () => (ctx.faults.selectMissingFileOk ? reply(SW.OK) : reply(SW.FILE_NOT_FOUND));
  if (ctx.faults.selectLenient && p1 !== 0x04 && data.length > 2) return select(ctx, 0x02, p2, data.subarray(-2));
  if (ctx.faults.selectLenient && ![0x00, 0x02, 0x04, 0x08, 0x09].includes(p1)) return select(ctx, 0x02, p2, data);
  switch (p1) {
    case 0x00: {
      // Select MF (empty data or 3F00), or a file by FID anywhere in the current DF.
      if (data.length === 0 || (data.length === 2 && ((data[0] as number) << 8) + (data[1] as number) === MF_FID)) {
        if (mfStatus !== SW.OK) return reply(mfStatus); // CCCD quirk: 6D00 (cccd-chip.md)
        session.df = mf;
        session.ef = undefined;
        return reply(SW.OK);
      }
      if (data.length !== 2) return reply(SW.WRONG_LENGTH);
      return selectEf(ctx, p2, ((data[0] as number) << 8) | (data[1] as number), notFound);
    }
    case 0x02: {
      if (data.length !== 2) return reply(SW.WRONG_LENGTH);
      return selectEf(ctx, p2, ((data[0] as number) << 8) | (data[1] as number), notFound);
    }
    case 0x04: {
      const df = dfByAid(state.dfs, data);
      if (!df) return notFound();
      session.df = df;
      session.ef = undefined;
      return reply(SW.OK);
    }
    case 0x08:
    case 0x09: {
      const found = resolvePath(state.dfs, p1 === 0x08 ? mf : session.df, data);
      if (!found) return notFound();
      if (
        found.ef &&
        !mayRead(ctx, found.ef) &&
        state.lifeCycle === 'operational' &&
        found.ef.access === 'terminal-authentication'
      ) {
        return reply(SW.SECURITY_STATUS_NOT_SATISFIED);
      }
      session.df = found.df;
      session.ef = found.ef;
      return fcpReply(ctx, p2, found.ef);
    }
    default:
      return reply(SW.INCORRECT_P1P2);
  }
}

function selectEf(ctx: ChipContext, p2: number, fid: number, notFound: () => Reply): Reply {
  const ef = efByFid(ctx.session.df, fid);
  if (!ef) return notFound();
  // cccd-chip.md: DG3 answers 6982 at SELECT without Terminal Authentication.
  if (ef.access === 'terminal-authentication' && ctx.state.lifeCycle === 'operational' && !mayRead(ctx, ef)) {
    return reply(SW.SECURITY_STATUS_NOT_SATISFIED);
  }
  ctx.session.ef = ef;
  return fcpReply(ctx, p2, ef);
}

/** The largest data field the chip returns for one READ BINARY on this link. */
function maxChunk(ctx: ChipContext, ne: number): number {
  const cap = ctx.state.config.extendedLength ? ctx.state.config.maxResponseLength - 2 : 256;
  return Math.min(ctx.faults.leIgnored ? cap : ne, cap - ctx.smOverhead());
}

function readFrom(
  ctx: ChipContext,
  ef: EfState,
  offset: number,
  ne: number,
  wildcard: boolean,
): Reply | { bytes: Uint8Array; sw: number } {
  if (!mayRead(ctx, ef)) return reply(SW.SECURITY_STATUS_NOT_SATISFIED);
  const size = ef.data.length;
  if (offset > size || (offset === size && size > 0)) {
    return ctx.faults.readBeyondEndOk ? reply(SW.OK) : reply(SW.WRONG_P1P2);
  }
  const n = Math.min(maxChunk(ctx, ne), size - offset);
  const from = ctx.faults.readBinaryIgnoresOffset ? 0 : offset;
  let bytes = ef.data.subarray(from, from + n);
  if (ctx.faults.hugeLength && offset === 0 && bytes.length >= 2) {
    bytes = concatBytes(Uint8Array.of(bytes[0] as number, 0x84, 0xff, 0xff, 0xff, 0xf0), bytes.subarray(2));
  }
  // ISO/IEC 7816-4 §11.2.3: fewer bytes than an explicit Ne because the end of file was reached -> 6282;
  // Le = 00 (wildcard) asks for "all available", so a short answer is normal.
  return { bytes, sw: n < ne && offset + n === size && !wildcard ? SW.END_OF_FILE : SW.OK };
}

export function readBinary(ctx: ChipContext, p1: number, p2: number, ne: number | undefined): Reply {
  if (ne === undefined) return reply(SW.WRONG_LENGTH);
  let ef = ctx.session.ef;
  let offset: number;
  if (p1 & 0x80) {
    // P1 bit 8 set: short EF identifier in bits 5-1, offset in P2 (ISO/IEC 7816-4 §11.2.2).
    if (p1 & 0x60 || ctx.faults.sfiNotSupported) return reply(SW.INCORRECT_P1P2);
    ef = efBySfi(ctx.session.df, p1 & 0x1f);
    if (!ef) return reply(SW.FILE_NOT_FOUND);
    if (!mayRead(ctx, ef)) return reply(SW.SECURITY_STATUS_NOT_SATISFIED);
    ctx.session.ef = ef;
    offset = p2;
  } else {
    if (!ef) return reply(SW.NO_CURRENT_EF);
    offset = (p1 << 8) | p2;
  }
  const r = readFrom(ctx, ef, offset, ne, ne === 256 || ne === 65536);
  return 'bytes' in r ? reply(r.sw, r.bytes) : r;
}

/** READ BINARY with odd INS B1: offset in DO'54', data returned in DO'53' (ISO/IEC 7816-4 §11.2.3). */
export function readBinaryOdd(
  ctx: ChipContext,
  p1: number,
  p2: number,
  data: Uint8Array,
  ne: number | undefined,
): Reply {
  if (ctx.faults.oddInsNotSupported) return reply(SW.INS_NOT_SUPPORTED);
  if (ne === undefined) return reply(SW.WRONG_LENGTH);
  let offsetDo: ReturnType<typeof decodeTlv>;
  try {
    offsetDo = decodeTlv(data, { maxDepth: 1, maxNodes: 2 });
  } catch {
    return reply(SW.WRONG_DATA);
  }
  if (offsetDo.tag !== 0x54 || offsetDo.value.length === 0 || offsetDo.value.length > 3) return reply(SW.WRONG_DATA);
  let offset = 0;
  for (const b of offsetDo.value) offset = offset * 256 + b;
  let ef = ctx.session.ef;
  const fid = (p1 << 8) | p2;
  if (fid !== 0) {
    ef = efByFid(ctx.session.df, fid);
    if (!ef) return reply(SW.FILE_NOT_FOUND);
    ctx.session.ef = ef;
  }
  if (!ef) return reply(SW.NO_CURRENT_EF);
  // The DO'53' header takes up to 4 bytes of the response.
  const r = readFrom(ctx, ef, offset, Math.max(1, ne - 4), ne === 256 || ne === 65536);
  return 'bytes' in r ? reply(r.sw, encodeTlv(0x53, r.bytes)) : r;
}

export function getChallenge(ctx: ChipContext, p1: number, p2: number, ne: number | undefined): Reply {
  if (p1 !== 0 || p2 !== 0) return reply(SW.INCORRECT_P1P2);
  if (ne === undefined || (ne !== 8 && ne !== 256 && ne > 32)) return reply(SW.WRONG_LENGTH);
  const n = ne === 256 ? 8 : ne;
  const challenge = ctx.faults.staticChallenge ? new Uint8Array(n).fill(0x42) : ctx.random(n);
  if (ctx.faults.shortChallenge) return reply(SW.OK, challenge.subarray(0, 4));
  ctx.session.challenge = challenge;
  return reply(SW.OK, challenge);
}
