// `cccd readers`: the PC/SC readers (PC/SC part 5 resource manager), card presence and the parsed ATR
// (ISO/IEC 7816-3 §8, PC/SC part 3 contactless ATR); the UID through GET DATA FF CA with --uid.
import { toHex } from '../bytes.js';
import { CccdError } from '../errors.js';
import { type Atr, describeAtr, parseAtr } from '../transport/atr.js';
import { openPcsc, type PcscContext, type ReaderStatus } from '../transport/pcsc.js';
import { flag, parse } from './args.js';
import type { Command } from './command.js';

const USAGE = `Usage: cccd readers [--json] [--uid]

Lists the PC/SC readers, whether each holds a card, and the card's ATR with what it says (protocols, contact or
contactless, extended length).
  --uid    also ask each reader with a card for the card's UID (GET DATA FF CA, contactless readers)
  --json   machine-readable output`;

interface ReaderReport {
  name: string;
  card: 'present' | 'mute' | 'absent';
  atr?: string;
  protocols?: number[];
  type?: Atr['card'];
  extendedLength?: boolean;
  /** One line for humans, e.g. `T=0/T=1, contactless ISO/IEC 14443-4, extended length`. */
  description?: string;
  /** The ATR does not follow ISO/IEC 7816-3: why. */
  atrError?: string;
  uid?: string;
}

function report(r: ReaderStatus): ReaderReport {
  const out: ReaderReport = { name: r.name, card: r.present ? 'present' : r.mute ? 'mute' : 'absent' };
  if (!r.atr) return out;
  out.atr = toHex(r.atr);
  try {
    const atr = parseAtr(r.atr);
    out.protocols = atr.protocols;
    out.type = atr.card;
    if (atr.extendedLength !== undefined) out.extendedLength = atr.extendedLength;
    out.description = describeAtr(atr);
  } catch (e) {
    // A reader may hold a card with a malformed ATR: list it anyway and say why.
    if (!(e instanceof CccdError)) throw e;
    out.atrError = e.message;
  }
  return out;
}

async function readUid(pcsc: PcscContext, name: string): Promise<string | undefined> {
  const card = await pcsc.connect({ reader: name, share: 'shared' });
  try {
    const uid = await card.readUid();
    return uid === undefined ? undefined : toHex(uid);
  } finally {
    await card.close({ disposition: 'leave' });
  }
}

function line(r: ReaderReport): string {
  if (r.card !== 'present') return `${r.name}: ${r.card === 'mute' ? 'card does not answer' : 'no card'}`;
  const what = r.atrError ? `malformed ATR (${r.atrError})` : (r.description ?? '');
  return `${r.name}: card ${r.atr ?? ''}\n  ${what}${r.uid ? `\n  UID ${r.uid}` : ''}`;
}

/** `cccd readers`; `open` is injectable so that tests run it against a scripted binding. */
export function readersCommand(options: { open?: () => Promise<PcscContext> } = {}): Command {
  return {
    name: 'readers',
    summary: 'list PC/SC readers, card presence and the parsed ATR',
    usage: USAGE,
    async run(args, deps) {
      const p = parse(args, { json: { type: 'boolean' }, uid: { type: 'boolean' } });
      const pcsc = await (options.open ?? openPcsc)();
      try {
        const reports = (await pcsc.readers({ timeoutMs: 10_000 })).map(report);
        if (flag(p, 'uid')) {
          for (const r of reports) {
            if (r.card !== 'present') continue;
            const uid = await readUid(pcsc, r.name);
            if (uid !== undefined) r.uid = uid;
          }
        }
        if (flag(p, 'json')) deps.stdout(`${JSON.stringify(reports, null, 2)}\n`);
        else deps.stdout(reports.length === 0 ? 'no PC/SC reader found\n' : `${reports.map(line).join('\n')}\n`);
        return 0;
      } finally {
        await pcsc.close();
      }
    },
  };
}

export const READERS: Command = readersCommand();
