// `--card sim:STATE.json | pcsc[:READER]`: opens the chip a command works on. A simulated chip's state is loaded
// (or created blank for a profile) and saved back atomically after the command; a PC/SC card is connected lazily.
import { bytesToUtf8 } from '../bytes.js';
import { blankState, chipConfigFor, SimulatedChip } from '../card/chip.js';
import { stateFromJson, stateToJson } from '../card/state.js';
import { CccdError } from '../errors.js';
import type { CardProfile } from '../profile/types.js';
import { connectPcscCard, parsePcscCardSpec } from '../transport/pcsc.js';
import type { Transport } from '../transport/types.js';
import type { CliDeps } from './deps.js';

export interface OpenedCard {
  readonly transport: Transport;
  /** The simulated chip, when `sim:`. */
  readonly chip?: SimulatedChip;
  /** Warm reset: the chip forgets its session, access control runs again. */
  reset(): Promise<void>;
  /** Saves a simulated chip's state (no-op for PC/SC). */
  save(): Promise<void>;
  close(): Promise<void>;
}

function isMissingFile(e: unknown): boolean {
  return (
    e instanceof CccdError && e.code === 'IO_FAILED' && (e.cause as { code?: string } | undefined)?.code === 'ENOENT'
  );
}

export interface OpenCardOptions {
  /** Profile of a blank simulated chip when the state file does not exist yet. */
  profile?: CardProfile;
  /** Wait up to this long for a PC/SC card. */
  waitMs?: number;
}

export async function openCard(spec: string, deps: CliDeps, options: OpenCardOptions = {}): Promise<OpenedCard> {
  if (spec.startsWith('sim:')) {
    const path = spec.slice(4);
    if (!path) throw new CccdError('USAGE', '--card sim: needs a state file, e.g. sim:chip.json');
    let chip: SimulatedChip;
    try {
      chip = new SimulatedChip(stateFromJson(bytesToUtf8(await deps.readFile(path))));
    } catch (e) {
      if (!isMissingFile(e)) throw e;
      if (!options.profile) throw new CccdError('USAGE', `${path} does not exist (a blank chip needs --profile)`);
      chip = new SimulatedChip(blankState(chipConfigFor(options.profile)));
    }
    return {
      transport: chip,
      chip,
      reset: async () => chip.reset(),
      save: () => deps.writeFile(path, stateToJson(chip.exportState())),
      close: async () => undefined,
    };
  }
  const pcsc = parsePcscCardSpec(spec);
  if (!pcsc) throw new CccdError('USAGE', `--card ${spec}: expected sim:STATE.json or pcsc[:READER]`);
  const transport = await connectPcscCard({
    ...(pcsc.reader === undefined ? {} : { reader: pcsc.reader }),
    ...(options.waitMs === undefined ? {} : { waitMs: options.waitMs }),
  });
  return { transport, reset: () => transport.reset(), save: async () => undefined, close: () => transport.close() };
}
