// The simulated ICAO 9303 chip: an ISO/IEC 7816-4 card configured by a profile, reachable as a Transport
// (in-process) or as a virtual card (vpcd). Card-side protocols live in src/card/protocols, apart from the reader.
import { type CommandApdu, decodeCommand } from '../apdu/command.js';
import { encodeResponse } from '../apdu/response.js';
import { copyBytes } from '../bytes.js';
import { defaultRandom, type RandomSource } from '../crypto/random.js';
import { CccdError } from '../errors.js';
import type { CardProfile } from '../profile/types.js';
import type { Transport, TransportInfo } from '../transport/types.js';
import { AUTH_HANDLERS } from './auth-commands.js';
import { getChallenge, readBinary, readBinaryOdd, select } from './commands-iso.js';
import { activate, createFile, putData, updateBinary, updateBinaryOdd } from './commands-perso.js';
import type { ChipContext, Reply, Session } from './context.js';
import type { ChipFaults } from './faults.js';
import { mfOf } from './file-system.js';
import { PERSO_INS } from './perso-command-set.js';
import type { ChipConfig, ChipState } from './state.js';
import { SW } from './sw.js';

export interface ChipOptions {
  random?: RandomSource;
  faults?: ChipFaults;
}

type Handler = (ctx: ChipContext, c: CommandApdu) => Reply;

/** One table from INS to handler (architecture rule 3). */
const HANDLERS: ReadonlyMap<number, Handler> = new Map<number, Handler>([
  [0xa4, (ctx, c) => select(ctx, c.p1, c.p2, c.data)],
  [0xb0, (ctx, c) => readBinary(ctx, c.p1, c.p2, c.ne)],
  [0xb1, (ctx, c) => readBinaryOdd(ctx, c.p1, c.p2, c.data, c.ne)],
  [0x84, (ctx, c) => getChallenge(ctx, c.p1, c.p2, c.ne)],
  [PERSO_INS.CREATE_FILE, (ctx, c) => createFile(ctx, c.data)],
  [PERSO_INS.UPDATE_BINARY, (ctx, c) => updateBinary(ctx, c.p1, c.p2, c.data)],
  [PERSO_INS.UPDATE_BINARY_ODD, (ctx, c) => updateBinaryOdd(ctx, c.data)],
  [PERSO_INS.PUT_DATA, (ctx, c) => putData(ctx, c.p1, c.p2, c.data)],
  [PERSO_INS.ACTIVATE_FILE, (ctx, c) => activate(ctx, c.p1, c.data)],
  ...AUTH_HANDLERS,
]);

/** The ATR of a contactless ICAO chip as a PC/SC reader reports it (PC/SC Part 3 §3.1.3.2.3, no historical bytes). */
export const DEFAULT_ATR = Uint8Array.of(0x3b, 0x80, 0x80, 0x01, 0x01);

/** The configuration of a blank chip built to a card profile (APDU sizes, quirks, BAC). */
export function chipConfigFor(profile: CardProfile, atr: Uint8Array = DEFAULT_ATR): ChipConfig {
  return {
    profile: profile.id,
    atr,
    selectMfStatus: profile.quirks.selectMfStatus,
    extendedLength: profile.transport.extendedLength,
    bac: profile.access.bac ? undefined : false,
    aaHash: profile.activeAuthentication?.hash,
    maxCommandLength: profile.transport.maxCommandLength,
    maxResponseLength: profile.transport.maxResponseLength,
  };
}

export function blankState(config: Partial<ChipConfig> & { profile: string }): ChipState {
  return {
    lifeCycle: 'blank',
    config: {
      atr: DEFAULT_ATR,
      extendedLength: true,
      maxCommandLength: 65544,
      maxResponseLength: 65538,
      ...config,
    },
    dfs: [{ name: 'MF', fid: 0x3f00, files: [] }],
    secrets: {},
  };
}

export class SimulatedChip implements Transport {
  readonly info: TransportInfo;
  private readonly state: ChipState;
  private readonly faults: ChipFaults;
  private readonly random: RandomSource;
  private session: Session;
  private powered = true;
  /** Count of command APDUs processed since power-on (for tests and benchmarks). */
  apduCount = 0;

  constructor(state: ChipState, options: ChipOptions = {}) {
    this.state = state;
    this.faults = { ...options.faults };
    this.random = options.random ?? defaultRandom;
    this.session = this.freshSession();
    this.info = {
      name: `sim:${state.config.profile}`,
      extendedLength: state.config.extendedLength,
      maxCommandLength: state.config.maxCommandLength,
      maxResponseLength: state.config.maxResponseLength,
    };
  }

  get atr(): Uint8Array {
    return copyBytes(this.state.config.atr);
  }

  get lifeCycle(): ChipState['lifeCycle'] {
    return this.state.lifeCycle;
  }

  /** A deep copy of the persistent state (files, keys, life cycle) for saving. */
  exportState(): ChipState {
    return structuredClone(this.state);
  }

  /** Switches a fault on or off (conformance mutants, hostile-card tests). */
  setFault<K extends keyof ChipFaults>(name: K, value: ChipFaults[K]): void {
    this.faults[name] = value;
  }

  powerOn(): void {
    this.powered = true;
    this.reset();
  }

  powerOff(): void {
    this.powered = false;
    this.session = this.freshSession();
  }

  /** Warm reset: the session (selected files, security status, SM keys) is lost (ISO/IEC 7816-3 §6.2.3). */
  reset(): void {
    this.session = this.freshSession();
    this.apduCount = 0;
  }

  async transmit(command: Uint8Array): Promise<Uint8Array> {
    return this.process(command);
  }

  /** Processes one serialized command APDU synchronously. */
  process(bytes: Uint8Array): Uint8Array {
    if (!this.powered) throw new CccdError('TRANSPORT_FAILED', 'the simulated chip is powered off');
    this.apduCount++;
    if (this.faults.endless61xx) return encodeResponse(new Uint8Array(0), 0x6110);
    if (bytes.length > this.state.config.maxCommandLength) return encodeResponse(new Uint8Array(0), SW.WRONG_LENGTH);
    let c: CommandApdu;
    try {
      c = decodeCommand(bytes);
    } catch {
      return encodeResponse(new Uint8Array(0), SW.WRONG_LENGTH);
    }
    if (c.extended && (!this.state.config.extendedLength || this.faults.extendedLengthRefused)) {
      return encodeResponse(new Uint8Array(0), SW.WRONG_LENGTH);
    }
    if ((c.cla & 0xe0) !== 0 && c.cla !== 0x80 && !this.faults.claNotChecked) {
      return encodeResponse(new Uint8Array(0), SW.CLA_NOT_SUPPORTED);
    }
    const ctx = this.context();
    const protectedCommand = (c.cla & 0x0c) === 0x0c;
    const sm = this.session.sm;
    if (protectedCommand) {
      if (!sm) return encodeResponse(new Uint8Array(0), SW.SM_NOT_SUPPORTED);
      try {
        c = sm.unwrapCommand(bytes);
      } catch (e) {
        if (!(e instanceof CccdError)) throw e;
        // ICAO 9303-11 §9.8.6: an SM error ends the session; the error itself is answered in plain:
        // 6988 for a wrong MAC or cryptogram, 6987 for missing SM data objects.
        // Fault smErrorKeepsSession: the keys are gone but the security status survives.
        if (this.faults.smErrorKeepsSession) this.session.sm = undefined;
        else this.endSecureMessaging();
        if (this.faults.wrongSmErrorStatus) return encodeResponse(new Uint8Array(0), SW.NO_PRECISE_DIAGNOSIS);
        return encodeResponse(new Uint8Array(0), e.code === 'SM_MALFORMED' ? SW.SM_DATA_MISSING : SW.SM_DATA_INCORRECT);
      }
    } else if (sm && !this.faults.plainCommandKeepsSession) {
      // A plain command during an SM session aborts the session (ICAO 9303-11 §9.8.6), then runs unauthenticated.
      this.endSecureMessaging();
    }
    const handler = HANDLERS.get(c.ins);
    const unknown = this.faults.unknownInsOk ? SW.OK : SW.INS_NOT_SUPPORTED;
    let out: Reply = handler ? handler(ctx, c) : { data: new Uint8Array(0), sw: unknown };
    if (this.faults.truncateResponse && out.data.length > 0) {
      out = { data: out.data.subarray(0, Math.max(0, out.data.length - this.faults.truncateResponse)), sw: out.sw };
    }
    let response = encodeResponse(out.data, out.sw);
    if (protectedCommand && sm && this.session.sm === sm && !sm.closed) {
      response = sm.wrapResponse(out, { ins: c.ins });
      if (this.faults.wrongResponseMac)
        response[response.length - 3] = (response[response.length - 3] as number) ^ 0x01;
    }
    // Chip Authentication: the response to the CA command is protected with the old keys, then keys switch.
    if (this.session.pendingSm) {
      if (!this.faults.caKeysNotSwitched) this.session.sm = this.session.pendingSm;
      this.session.pendingSm = undefined;
    }
    return response;
  }

  private endSecureMessaging(): void {
    this.session.sm?.close();
    this.session.sm = undefined;
    this.session.pendingSm = undefined;
    this.session.authenticated.clear();
    this.session.protocol = undefined;
  }

  private freshSession(): Session {
    return { df: mfOf(this.state.dfs), authenticated: new Set() };
  }

  private context(): ChipContext {
    const session = this.session;
    return {
      state: this.state,
      session,
      faults: this.faults,
      random: this.random,
      // DO'87' header (up to 5 bytes) + padding indicator + one block of padding, DO'99' (4), DO'8E' (10).
      smOverhead: () => (session.sm ? 5 + 1 + 16 + 4 + 10 : 0),
    };
  }
}
