// Secure messaging as a Transport wrapper (architecture.md rule 2; ICAO 9303-11 §9.8): plain APDUs in and out,
// protected APDUs on the wire.
import { CccdError, isCccdError } from '../errors.js';
import type { TransmitOptions, Transport, TransportInfo } from '../transport/types.js';
import { type SmSessionOptions, terminalSmSession } from './session.js';
import type { SmSessionKeys } from './suite.js';

/** A transport that protects every command and unprotects every response. */
export interface SecureMessagingTransport extends Transport {
  /** The wrapped (wire) transport. */
  readonly inner: Transport;
  /** True once an SM error, an unprotected error response or close() ended the session. */
  readonly closed: boolean;
  /** The current send sequence counter (a copy). */
  readonly ssc: Uint8Array;
}

/**
 * Wraps `transport` in secure messaging with the session keys of BAC, PACE or Chip Authentication. Any SM or
 * transport error ends the session: later transmits throw SM_SESSION_CLOSED; establish new keys to continue.
 * `close()` ends the session without closing the inner transport.
 * @example const secure = withSecureMessaging(reader, pace.keys); await secure.transmit(selectEfCom);
 */
export function withSecureMessaging(
  transport: Transport,
  keys: SmSessionKeys,
  options: SmSessionOptions = {},
): SecureMessagingTransport {
  const session = terminalSmSession(keys, options);
  const info: TransportInfo = { ...transport.info, name: `sm(${session.cipher}):${transport.info.name}` };
  return {
    inner: transport,
    info,
    get closed() {
      return session.closed;
    },
    get ssc() {
      return session.ssc;
    },
    async transmit(command: Uint8Array, options?: TransmitOptions): Promise<Uint8Array> {
      const wire = session.wrap(command);
      let response: Uint8Array;
      try {
        // Step labels and the secret flag travel on, so a recorder below SM still names each exchange.
        response = await transport.transmit(wire, options);
      } catch (e) {
        // The chip may or may not have seen the command: the counters can no longer be trusted.
        session.close();
        if (isCccdError(e)) throw e;
        throw new CccdError('TRANSPORT_FAILED', 'transport failed under secure messaging', { cause: e });
      }
      return session.unwrap(response);
    },
    async close() {
      session.close();
    },
  };
}
