// ICAO 9303-11 card side: BAC (§4.3), PACE (§4.4), Active Authentication (§6.1), Chip Authentication (§6.2) and
// the chip's secure messaging session (§9.8), as pure state machines for the simulated chip.
export {
  type ActiveAuthenticationFaults,
  ActiveAuthenticationResponder,
  type ActiveAuthenticationResponderConfig,
} from './active-authentication.js';
export {
  type ChipAuthenticationAlgorithm,
  chipAuthenticationAlgorithm,
  type KeyAgreement,
  type PaceAlgorithm,
  type PaceMapping,
  paceAlgorithm,
  type SymmetricCipher,
} from './algorithms.js';
export { type BacFaults, BacResponder, type BacResponderConfig, type BacResult } from './bac.js';
export {
  type ChipAuthenticationFaults,
  type ChipAuthenticationKey,
  ChipAuthenticationResponder,
  type ChipAuthenticationResponderConfig,
  type ChipAuthenticationResult,
} from './chip-authentication.js';
export { CardProtocols, type CardProtocolsConfig, PROTOCOL_ROUTES, type ProtocolReply } from './dispatch.js';
export { type CardGroup, type DomainParameterSource, resolveGroup } from './group.js';
export {
  type PaceFaults,
  type PaceOffer,
  type PacePasswords,
  PaceResponder,
  type PaceResponderConfig,
  type PaceResult,
} from './pace.js';
export { integratedMappingPrf } from './pace-mapping.js';
export {
  CardSecureChannel,
  type CardSecureChannelFaults,
  type CardSecureChannelOptions,
  SM_STATUS,
} from './session.js';
export type { CardSessionKeys } from './session-keys.js';
export { type CardResponse, SW as CARD_SW } from './status.js';
