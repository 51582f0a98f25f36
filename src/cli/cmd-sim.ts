// `cccd sim serve`: the simulated chip as a virtual card in pcscd through vsmartcard vpcd, so that any PC/SC
// program (our reader and personalization jobs, opensc-tool, scriptor) talks to it; its state is saved back.
import { bytesToUtf8, fromHex, toHex } from '../bytes.js';
import { blankState, chipConfigFor, SimulatedChip } from '../card/chip.js';
import { PERSO_INS } from '../card/perso-command-set.js';
import { type ChipState, stateFromJson, stateToJson } from '../card/state.js';
import { CccdError } from '../errors.js';
import { loadProfile } from '../profile/node-load.js';
import { startVpcdBridge, type VirtualCard, VPCD_DEFAULT_PORT, type VpcdEvent } from '../transport/vpcd.js';
import { flag, optional, parse, required } from './args.js';
import type { Command } from './command.js';
import type { CliDeps } from './deps.js';

const USAGE = `Usage: cccd sim serve --state STATE.json [--vpcd HOST:PORT] [--profile P] [--uid HEX] [--json]

Serves a simulated chip to pcscd through the vsmartcard vpcd driver until interrupted (SIGINT/SIGTERM).
  --state FILE      chip state; created blank when the file does not exist, saved after personalization
                    commands and on exit
  --vpcd HOST:PORT  vpcd to connect to (default 127.0.0.1:${VPCD_DEFAULT_PORT}; port ${VPCD_DEFAULT_PORT + 1} is the second slot)
  --profile P       profile of a blank chip: a built-in name or a JSON file (default cccd-2024)
  --uid HEX         UID the virtual reader reports for GET DATA FF CA (PC/SC part 3), as a contactless reader does
  --json            one JSON line per event (connected, disconnected, apdu with header and status word only)`;

/** Writing commands after which the state file is saved (the personalization command set, perso-command-set.ts). */
const WRITING_INS: ReadonlySet<number> = new Set(Object.values(PERSO_INS));

function parseEndpoint(text: string): { host: string; port: number } {
  const m = /^(.+):(\d{1,5})$/.exec(text);
  const port = m ? Number(m[2]) : Number.NaN;
  if (!m || port < 1 || port > 65535) throw new CccdError('USAGE', `--vpcd: expected HOST:PORT, got '${text}'`);
  return { host: m[1] as string, port };
}

function isMissingFile(e: unknown): boolean {
  return (
    e instanceof CccdError && e.code === 'IO_FAILED' && (e.cause as { code?: string } | undefined)?.code === 'ENOENT'
  );
}

/** The chip in `path`, or a blank chip of the profile when the file does not exist yet (`created`). */
async function loadOrCreate(
  deps: CliDeps,
  path: string,
  profileName: string | undefined,
): Promise<{ state: ChipState; created: boolean }> {
  try {
    const state = stateFromJson(bytesToUtf8(await deps.readFile(path)));
    if (profileName !== undefined && profileName !== state.config.profile) {
      throw new CccdError('USAGE', `--profile ${profileName}: ${path} holds a ${state.config.profile} chip`);
    }
    return { state, created: false };
  } catch (e) {
    if (!isMissingFile(e)) throw e;
  }
  const profile = await loadProfile(profileName ?? 'cccd-2024', (p) => deps.readFile(p));
  return { state: blankState(chipConfigFor(profile)), created: true };
}

/** Stops on SIGINT or SIGTERM. */
function untilSignalled(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

function describeEvent(e: VpcdEvent): Record<string, unknown> {
  // Command data never leaves: personalization writes keys, PINs and the CAN with PUT DATA.
  if (e.type === 'apdu') {
    return { type: 'apdu', header: toHex(e.command.subarray(0, 4)), sw: toHex(e.response.subarray(-2)) };
  }
  if (e.type === 'error') return { type: 'error', code: e.error.code, message: e.error.message };
  return e;
}

/** Lines for a terminal: the link only; APDUs and control codes are shown with --json. */
const HUMAN: Partial<Record<VpcdEvent['type'], (e: VpcdEvent, where: string) => string>> = {
  connected: (_e, where) => `card inserted (connected to vpcd ${where})`,
  disconnected: () => 'card removed (link to vpcd closed)',
  error: (e) => (e.type === 'error' ? `error: ${e.error.message}` : ''),
};

/** `cccd sim serve`; `until` decides when to stop (default: SIGINT/SIGTERM), tests pass their own. */
export function simServeCommand(options: { until?: () => Promise<void> } = {}): Command {
  return {
    name: 'sim serve',
    summary: 'serve a simulated chip to pcscd as a virtual card (vsmartcard vpcd)',
    usage: USAGE,
    async run(args, deps) {
      const p = parse(args, {
        state: { type: 'string' },
        vpcd: { type: 'string' },
        profile: { type: 'string' },
        uid: { type: 'string' },
        json: { type: 'boolean' },
      });
      const statePath = required(p, 'state');
      const endpoint = parseEndpoint(optional(p, 'vpcd') ?? `127.0.0.1:${VPCD_DEFAULT_PORT}`);
      const uidHex = optional(p, 'uid');
      const uid = uidHex === undefined ? undefined : fromHex(uidHex);
      const json = flag(p, 'json');
      const loaded = await loadOrCreate(deps, statePath, optional(p, 'profile'));
      const chip = new SimulatedChip(loaded.state);
      const say = (event: Record<string, unknown>, text: string) =>
        deps.stdout(json ? `${JSON.stringify(event)}\n` : `${text}\n`);

      let saving: Promise<void> = Promise.resolve();
      // A new chip is written on the first save even unchanged, so that the next run serves the same chip.
      let saved = loaded.created ? '' : stateToJson(chip.exportState());
      const save = () => {
        saving = saving.then(async () => {
          const now = stateToJson(chip.exportState());
          if (now === saved) return;
          await deps.writeFile(statePath, now);
          saved = now;
          say({ type: 'saved', lifeCycle: chip.lifeCycle }, `saved ${statePath} (${chip.lifeCycle})`);
        });
        return saving;
      };
      const card: VirtualCard = {
        get atr() {
          return chip.atr;
        },
        powerOn: () => chip.powerOn(),
        powerOff: () => chip.powerOff(),
        reset: () => chip.reset(),
        async transmit(apdu) {
          const response = await chip.transmit(apdu);
          if (WRITING_INS.has(apdu[1] as number)) await save();
          return response;
        },
      };
      const where = `${endpoint.host}:${endpoint.port}`;
      say(
        { type: 'serving', profile: chip.exportState().config.profile, lifeCycle: chip.lifeCycle, vpcd: where },
        `serving a ${chip.lifeCycle} ${chip.exportState().config.profile} chip to vpcd ${where} (Ctrl-C to stop)`,
      );
      const bridge = startVpcdBridge(card, {
        ...endpoint,
        ...(uid ? { uid } : {}),
        onEvent: (e) => {
          if (json) return deps.stdout(`${JSON.stringify(describeEvent(e))}\n`);
          const text = HUMAN[e.type]?.(e, where);
          if (text !== undefined) deps.stdout(`${text}\n`);
        },
      });
      await (options.until ?? untilSignalled)();
      await bridge.close();
      await save();
      say({ type: 'stopped' }, 'stopped');
      return 0;
    },
  };
}

export const SIM_SERVE: Command = simServeCommand();
