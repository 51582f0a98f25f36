// ICAO 9303-10 §3.9 / ISO/IEC 7816-4 §11.1.1: selecting an elementary file before reading it, with the CCCD quirk.
import type { CommandApdu } from '../apdu/command.js';
import { encodeCommand } from '../apdu/command.js';
import { selectFile, selectMasterFile } from '../apdu/commands.js';
import { decodeResponse } from '../apdu/response.js';
import { describeStatusWord } from '../apdu/status-words.js';
import { CccdError, StatusWordError } from '../errors.js';
import type { Transport } from '../transport/types.js';

/** Which elementary file to read. */
export interface FileRef {
  /** File identifier, e.g. 0x0101 for EF.DG1 or 0x011C for EF.CardAccess. */
  fid?: number | Uint8Array;
  /** Short EF identifier (1..30), e.g. 0x01 for EF.DG1 (ICAO 9303-10 Table 35). */
  sfi?: number;
  /** Name for errors and transcripts, e.g. `EF.DG1`. */
  name?: string;
  /**
   * Where the file lives: 'current' (default: the selected application, LDS1 data groups) or 'mf' (EF.CardAccess,
   * EF.CardSecurity, EF.ATR/INFO, EF.DIR: ICAO 9303-10 §3.11).
   */
  under?: 'current' | 'mf';
  /**
   * How long the file is: 'tlv' (default) takes the length from the first data object's header, as every LDS
   * file is one object; 'to-end' reads until the card reports the end (6282/6B00), for files holding several
   * objects such as EF.DIR and EF.ATR/INFO. Both stop at maxFileSize.
   */
  extent?: 'tlv' | 'to-end';
}

/**
 * How to reach a file under the MF. ICAO 9303-10 readers send SELECT MF first, but the CCCD chip answers 6D00
 * to it (AndyQ/NFCPassportReader#219, ZeroPass/dmrtd#28) while it accepts EF.CardAccess selected directly with
 * `00 A4 02 0C 02 01 1C`, the MF being current after activation. 'try' (the default) sends SELECT MF and goes
 * on whatever it answers; 'skip' selects the EF directly (the CCCD profile); 'require' fails unless MF answers 9000.
 */
export type MasterFileSelection = 'try' | 'skip' | 'require';

export interface SelectEfOptions {
  /** Select by FID (P1 02, default when `fid` is given) or read by SFI without a SELECT. */
  selectBy?: 'fid' | 'sfi';
  selectMasterFile?: MasterFileSelection;
  cla?: number;
}

/** A transmit that counts: what the reader uses for every APDU it sends. */
export type SendCommand = (command: CommandApdu, step: string) => Promise<ReturnType<typeof decodeResponse>>;

/** Wraps a transport's transmit with typed APDUs and a step label for recorders. */
export function sender(transport: Transport, onExchange?: (sent: number, received: number) => void): SendCommand {
  return async (command, step) => {
    const bytes = encodeCommand(command);
    const raw = await transport.transmit(bytes, { step });
    onExchange?.(bytes.length, raw.length);
    return decodeResponse(raw);
  };
}

export function fileName(ref: FileRef): string {
  if (ref.name) return ref.name;
  if (ref.fid !== undefined) {
    const fid = ref.fid instanceof Uint8Array ? ((ref.fid[0] ?? 0) << 8) | (ref.fid[1] ?? 0) : ref.fid;
    return `EF ${fid.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return `EF SFI ${ref.sfi}`;
}

/**
 * Makes `ref` the current EF (or, when reading by SFI, makes sure its DF is current) and returns whether the
 * first READ BINARY must carry the SFI. A refused SELECT throws StatusWordError: 6A82 (absent, e.g. DG11 on a
 * CCCD) and 6982 (protected by Terminal Authentication, e.g. DG3) are the usual ones.
 */
export async function selectEf(
  send: SendCommand,
  ref: FileRef,
  options: SelectEfOptions = {},
): Promise<{ bySfi: boolean }> {
  const name = fileName(ref);
  const by = options.selectBy ?? (ref.fid !== undefined ? 'fid' : 'sfi');
  if (ref.under === 'mf') {
    const mode = options.selectMasterFile ?? 'try';
    if (mode !== 'skip') {
      const r = await send(selectMasterFile({ cla: options.cla }), `select MF for ${name}`);
      if (r.sw !== 0x9000 && mode === 'require') {
        throw new StatusWordError(r.sw, 'SELECT MF', `SELECT MF answered ${describeStatusWord(r.sw)}`);
      }
    }
  }
  if (by === 'sfi') {
    if (ref.sfi === undefined) throw new CccdError('INVALID_ARGUMENT', `${name}: selectBy 'sfi' without an sfi`);
    return { bySfi: true };
  }
  if (ref.fid === undefined) throw new CccdError('INVALID_ARGUMENT', `${name}: neither fid nor sfi given`);
  const r = await send(selectFile(ref.fid, { cla: options.cla }), `select ${name}`);
  if (r.sw !== 0x9000)
    throw new StatusWordError(r.sw, `SELECT ${name}`, `SELECT ${name} answered ${describeStatusWord(r.sw)}`);
  return { bySfi: false };
}
