// ICAO 9303-11 §9.8 secure messaging: one implementation parametrized by cipher suite.
export { type ProtectResponseOptions, protectResponse, unprotectCommand } from './card.js';
export { SM_TAG } from './objects.js';
export {
  type CardSmSession,
  cardSmSession,
  type SmSessionOptions,
  type TerminalSmSession,
  terminalSmSession,
} from './session.js';
export {
  nextSsc,
  type SmSessionKeys as SessionKeys,
  type SmSessionKeys,
  type SmSuite,
  sessionCipher,
  smSuite,
} from './suite.js';
export { protectCommand, unprotectResponse } from './terminal.js';
export { type SecureMessagingTransport, withSecureMessaging } from './transport.js';
