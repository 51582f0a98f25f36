// ICAO 9303-11 §4.3.4, §4.4.4, §6.1.3, §6.2.4: which command reaches which card-side protocol. One routing table
// for the chip's INS dispatcher (src/card), so GENERAL AUTHENTICATE goes to the protocol MSE:Set selected.
import type { CommandApdu } from '../../apdu/command.js';
import { ActiveAuthenticationResponder, type ActiveAuthenticationResponderConfig } from './active-authentication.js';
import { BacResponder, type BacResponderConfig } from './bac.js';
import { ChipAuthenticationResponder, type ChipAuthenticationResponderConfig } from './chip-authentication.js';
import { PaceResponder, type PaceResponderConfig, type PaceResult } from './pace.js';
import type { CardSessionKeys } from './session-keys.js';
import { type CardResponse, SW, status } from './status.js';

/** ISO/IEC 7816-4 §5.6: 6A86, incorrect parameters P1-P2. */
const INCORRECT_P1P2 = 0x6a86;

/** The protocols a chip runs; each is optional (a BAC-only passport, a PACE-only ID card, no AA, ...). */
export interface CardProtocolsConfig {
  readonly bac?: BacResponderConfig;
  readonly pace?: PaceResponderConfig;
  readonly chipAuthentication?: ChipAuthenticationResponderConfig;
  readonly activeAuthentication?: ActiveAuthenticationResponderConfig;
}

/** A protocol command's answer. With `established`, protect THIS response with the old keys, then switch. */
export interface ProtocolReply extends CardResponse {
  /** Which protocol handled the command. */
  readonly protocol: 'BAC' | 'PACE' | 'CA' | 'AA';
  readonly established?: CardSessionKeys;
  /** PACE only: what ran (mapping, cipher, password reference), once established. */
  readonly pace?: PaceResult['info'];
}

interface Route {
  readonly ins: number;
  /** P1-P2 the command requires; any other answers 6A86. */
  readonly p1p2: number;
  readonly name: string;
  readonly run: (p: CardProtocols, c: CommandApdu) => ProtocolReply | undefined;
}

const chained = (c: CommandApdu) => (c.cla & 0x10) !== 0;

/** The routing table: INS, P1-P2, and the responder method (undefined when the chip lacks the protocol). */
export const PROTOCOL_ROUTES: readonly Route[] = [
  {
    ins: 0x84,
    p1p2: 0x0000,
    name: 'GET CHALLENGE (§4.3.4.1)',
    run: (p, c) => p.bac && { protocol: 'BAC', ...p.bac.getChallenge(c.ne) },
  },
  {
    ins: 0x82,
    p1p2: 0x0000,
    name: 'EXTERNAL AUTHENTICATE (§4.3.4.2)',
    run: (p, c) => p.bac && { protocol: 'BAC', ...p.bac.externalAuthenticate(c.data) },
  },
  {
    ins: 0x22,
    p1p2: 0xc1a4,
    name: 'MSE:Set AT for PACE (§4.4.4.1)',
    run: (p, c) => {
      p.chipAuthentication?.reset();
      return p.pace && { protocol: 'PACE', ...status(p.pace.mseSetAt(c.data)) };
    },
  },
  {
    ins: 0x22,
    p1p2: 0x41a4,
    name: 'MSE:Set AT for Chip Authentication (§6.2.4.2)',
    run: (p, c) => {
      p.pace?.reset();
      return p.chipAuthentication && { protocol: 'CA', ...status(p.chipAuthentication.mseSetAt(c.data)) };
    },
  },
  {
    ins: 0x22,
    p1p2: 0x41a6,
    name: 'MSE:Set KAT for Chip Authentication (§6.2.4.1)',
    run: (p, c) => {
      p.pace?.reset();
      return p.chipAuthentication && { protocol: 'CA', ...p.chipAuthentication.mseSetKat(c.data) };
    },
  },
  {
    ins: 0x86,
    p1p2: 0x0000,
    name: 'GENERAL AUTHENTICATE (§4.4.4.2, §6.2.4.2)',
    run: (p, c) => {
      if (p.pace?.active) {
        const r = p.pace.generalAuthenticate(c.data, chained(c));
        return { protocol: 'PACE', data: r.data, sw: r.sw, established: r.established, pace: r.info };
      }
      if (p.chipAuthentication?.active)
        return { protocol: 'CA', ...p.chipAuthentication.generalAuthenticate(c.data, chained(c)) };
      if (!p.pace && !p.chipAuthentication) return undefined;
      return { protocol: p.pace ? 'PACE' : 'CA', ...status(SW.CONDITIONS_NOT_SATISFIED) };
    },
  },
  {
    ins: 0x88,
    p1p2: 0x0000,
    name: 'INTERNAL AUTHENTICATE (§6.1.3)',
    run: (p, c) => p.activeAuthentication && { protocol: 'AA', ...p.activeAuthentication.internalAuthenticate(c.data) },
  },
];

/**
 * The card side of every access and authentication protocol behind one entry point for the chip's dispatcher.
 * Secure messaging is the dispatcher's: it unprotects commands before `handle` and protects the reply after.
 *
 * @example
 * const protocols = new CardProtocols({ pace: { protocols, passwords: { can }, random }, activeAuthentication });
 * const reply = protocols.handle(command); // undefined: not a protocol command, dispatch it elsewhere
 * if (reply?.established) { send(protect(reply, oldKeys)); switchTo(reply.established); }
 */
export class CardProtocols {
  readonly bac: BacResponder | undefined;
  readonly pace: PaceResponder | undefined;
  readonly chipAuthentication: ChipAuthenticationResponder | undefined;
  readonly activeAuthentication: ActiveAuthenticationResponder | undefined;

  constructor(config: CardProtocolsConfig) {
    this.bac = config.bac && new BacResponder(config.bac);
    this.pace = config.pace && new PaceResponder(config.pace);
    this.chipAuthentication = config.chipAuthentication && new ChipAuthenticationResponder(config.chipAuthentication);
    this.activeAuthentication =
      config.activeAuthentication && new ActiveAuthenticationResponder(config.activeAuthentication);
  }

  /**
   * Runs a protocol command (already unprotected if SM is active). Returns undefined for commands that are not
   * protocol commands, or that name a protocol this chip does not run (the dispatcher answers 6D00 or 6A88).
   */
  handle(command: CommandApdu): ProtocolReply | undefined {
    const routes = PROTOCOL_ROUTES.filter((r) => r.ins === command.ins);
    if (routes.length === 0) return undefined;
    const p1p2 = (command.p1 << 8) | command.p2;
    const route = routes.find((r) => r.p1p2 === p1p2);
    if (!route) {
      // MSE with a P1-P2 no route knows (e.g. Set DST of Terminal Authentication) is not ours to answer.
      return command.ins === 0x22 ? undefined : { protocol: routeProtocol(command.ins), ...status(INCORRECT_P1P2) };
    }
    return route.run(this, command);
  }

  /** Forgets every protocol in progress (reset, de-powering, a new application selected). */
  reset(): void {
    this.bac?.reset();
    this.pace?.reset();
    this.chipAuthentication?.reset();
  }
}

function routeProtocol(ins: number): ProtocolReply['protocol'] {
  if (ins === 0x88) return 'AA';
  if (ins === 0x86) return 'PACE';
  return 'BAC';
}
