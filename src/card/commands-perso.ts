// The personalization command set (apdu/personalization.md) as the chip executes it: ISO/IEC 7816-9 CREATE FILE
// and ACTIVATE FILE, ISO/IEC 7816-4 UPDATE BINARY and PUT DATA. Refused once the chip is operational.
import { bytesToAscii } from '../bytes.js';
import { CccdError } from '../errors.js';
import { decodeTlvList } from '../tlv/index.js';
import type { ChipContext, Reply } from './context.js';
import { decodeFcp } from './fcp.js';
import { dfByAid, efByFid, efBySfi, mfOf } from './file-system.js';
import { PUT_DATA_OBJECTS } from './perso-command-set.js';
import type { EfState } from './state.js';
import { SW } from './sw.js';

const reply = (sw: number): Reply => ({ data: new Uint8Array(0), sw });

/** Largest file the simulated chip allocates (a 64 KB EEPROM budget per file, like real LDS chips). */
const MAX_FILE_SIZE = 0xffff;

function personalizing(ctx: ChipContext): boolean {
  if (ctx.state.lifeCycle === 'operational' && !ctx.faults.lifeCycleNotLocked) return false;
  if (ctx.state.lifeCycle === 'blank') ctx.state.lifeCycle = 'personalization';
  return true;
}

export function createFile(ctx: ChipContext, data: Uint8Array): Reply {
  if (!personalizing(ctx)) return reply(SW.CONDITIONS_NOT_SATISFIED);
  let spec: ReturnType<typeof decodeFcp>;
  try {
    spec = decodeFcp(data);
  } catch (e) {
    if (e instanceof CccdError) return reply(SW.WRONG_DATA);
    throw e;
  }
  const { state, session } = ctx;
  if (spec.kind === 'df') {
    if (dfByAid(state.dfs, spec.aid)) return reply(SW.FILE_EXISTS);
    const df = {
      name: state.dfs.length === 1 ? 'LDS1' : `DF${state.dfs.length}`,
      fid: spec.fid,
      aid: spec.aid,
      files: [],
    };
    state.dfs.push(df);
    session.df = df;
    session.ef = undefined;
    return reply(SW.OK);
  }
  if (spec.size > MAX_FILE_SIZE) return reply(SW.NOT_ENOUGH_MEMORY);
  const df = session.df;
  if (efByFid(df, spec.fid) || (spec.sfi !== undefined && efBySfi(df, spec.sfi))) return reply(SW.FILE_EXISTS);
  const ef = { fid: spec.fid, sfi: spec.sfi, access: spec.access, size: spec.size, data: new Uint8Array(0) };
  df.files.push(ef);
  session.ef = ef;
  return reply(SW.OK);
}

export function updateBinary(ctx: ChipContext, p1: number, p2: number, data: Uint8Array): Reply {
  if (!personalizing(ctx)) return reply(SW.CONDITIONS_NOT_SATISFIED);
  let ef = ctx.session.ef;
  let offset: number;
  if (p1 & 0x80) {
    ef = efBySfi(ctx.session.df, p1 & 0x1f);
    offset = p2;
  } else {
    offset = (p1 << 8) | p2;
  }
  return writeAt(ctx, ef, offset, data);
}

function writeAt(ctx: ChipContext, ef: EfState | undefined, offset: number, data: Uint8Array): Reply {
  if (!personalizing(ctx)) return reply(SW.CONDITIONS_NOT_SATISFIED);
  if (!ef) return reply(SW.NO_CURRENT_EF);
  if (offset > ef.data.length) return reply(SW.WRONG_P1P2); // no holes: files are written in order
  if (offset + data.length > ef.size) return reply(SW.WRONG_LENGTH);
  const next = new Uint8Array(Math.max(ef.data.length, offset + data.length));
  next.set(ef.data, 0);
  next.set(data, offset);
  ef.data = next;
  ctx.session.ef = ef;
  return reply(SW.OK);
}

/** UPDATE BINARY with odd INS D7: offset in DO'54', data in DO'53' (ISO/IEC 7816-4 §11.2.4), for offsets > 32,767. */
export function updateBinaryOdd(ctx: ChipContext, data: Uint8Array): Reply {
  let objects: ReturnType<typeof decodeTlvList>;
  try {
    objects = decodeTlvList(data, { maxDepth: 1, maxNodes: 4 });
  } catch {
    return reply(SW.WRONG_DATA);
  }
  const offsetDo = objects.find((o) => o.tag === 0x54);
  const dataDo = objects.find((o) => o.tag === 0x53);
  if (!offsetDo || !dataDo || offsetDo.value.length === 0 || offsetDo.value.length > 3) return reply(SW.WRONG_DATA);
  let offset = 0;
  for (const b of offsetDo.value) offset = offset * 256 + b;
  return writeAt(ctx, ctx.session.ef, offset, dataDo.value);
}

export function putData(ctx: ChipContext, p1: number, p2: number, data: Uint8Array): Reply {
  if (!personalizing(ctx)) return reply(SW.CONDITIONS_NOT_SATISFIED);
  const object = PUT_DATA_OBJECTS.find((o) => o.p1p2 === ((p1 << 8) | p2));
  if (!object) return reply(SW.DATA_NOT_FOUND);
  if (data.length === 0) return reply(SW.WRONG_LENGTH);
  const secrets = ctx.state.secrets;
  switch (object.name) {
    case 'mrz-key':
      if (data.length !== 20) return reply(SW.WRONG_LENGTH);
      secrets.mrzKey = data.slice();
      break;
    case 'can':
      if (!/^[0-9]{6,10}$/.test(bytesToAscii(data))) return reply(SW.WRONG_DATA);
      secrets.can = bytesToAscii(data);
      break;
    case 'aa-private-key':
      secrets.aaPrivateKey = data.slice();
      break;
    case 'ca-private-key':
      secrets.caPrivateKey = data.slice();
      break;
    case 'pace-settings':
      secrets.paceSettings = data.slice();
      break;
  }
  return reply(SW.OK);
}

/** ACTIVATE FILE on the MF ends personalization (ISO/IEC 7816-9 §6.4; ISO/IEC 7816-4 §5.3.3.2 "operational"). */
export function activate(ctx: ChipContext, p1: number, data: Uint8Array): Reply {
  if (ctx.state.lifeCycle === 'operational') return reply(SW.CONDITIONS_NOT_SATISFIED);
  if (p1 !== 0 || (data.length !== 0 && !(data.length === 2 && data[0] === 0x3f && data[1] === 0x00))) {
    return reply(SW.INCORRECT_P1P2);
  }
  ctx.state.lifeCycle = 'operational';
  ctx.session.df = mfOf(ctx.state.dfs);
  ctx.session.ef = undefined;
  return reply(SW.OK);
}
