// ISO/IEC 7816-4 §5.1.1.1 command chaining: one long command sent as several APDUs with CLA bit '10'.
import { CccdError } from '../errors.js';
import { type CommandApdu, command } from './command.js';
import { CLA_CHAINING } from './commands.js';

export interface ChainOptions {
  /** Largest data field of one APDU of the chain (default 255, the short Lc limit). */
  maxData?: number;
}

/**
 * Splits `cmd` into a chain: every APDU but the last carries CLA bit '10' and no Le; the last keeps the
 * original CLA and Ne (ISO/IEC 7816-4 §5.1.1.1). A command that fits is returned alone, unchanged.
 * Each link is encoded short unless `maxData` exceeds 255 (the chain exists because the link lacks extended length).
 */
export function splitChain(cmd: CommandApdu, options: ChainOptions = {}): CommandApdu[] {
  const max = options.maxData ?? 255;
  if (!Number.isInteger(max) || max < 1 || max > 65535) {
    throw new CccdError('INVALID_ARGUMENT', `maxData: ${max} not within 1..65535`);
  }
  if ((cmd.cla & CLA_CHAINING) !== 0) throw new CccdError('APDU_INVALID', 'command is already part of a chain');
  if (cmd.data.length <= max) return [cmd];
  const out: CommandApdu[] = [];
  for (let off = 0; off < cmd.data.length; off += max) {
    const last = off + max >= cmd.data.length;
    out.push(
      command({
        cla: last ? cmd.cla : cmd.cla | CLA_CHAINING,
        ins: cmd.ins,
        p1: cmd.p1,
        p2: cmd.p2,
        data: cmd.data.subarray(off, off + max),
        ne: last ? cmd.ne : undefined,
      }),
    );
  }
  return out;
}
