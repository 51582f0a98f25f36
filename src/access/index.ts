// ICAO 9303-11 §4 access control, terminal side: BAC, PACE (GM, IM, CAM over ECDH or DH) and the access policy.

export { type BacOptions, type BacResult, bacKeys, performBac } from './bac.js';
export { paceOffers } from './card-access.js';
export { CIPHER_SUITES, type CipherSuite, cipherSuite, type SessionKeys as AccessSessionKeys } from './cipher-suite.js';
export type { Group as KeyAgreementGroup } from './group.js';
export {
  curveOf,
  groupFromAlgorithmIdentifier,
  groupFromPublicKeyInfo,
  groupOf,
  STANDARDIZED_GROUP_IDS,
  standardizedGroup,
} from './groups.js';
export {
  authenticationTokenInput,
  type PaceOptions,
  type PaceResult,
  performPace,
  verifyPaceChipAuthentication,
} from './pace.js';
export {
  type Agreement,
  type Mapping,
  PACE_ALGORITHMS,
  type PaceAlgorithm,
  paceAlgorithm,
} from './pace-algorithms.js';
export { pseudoRandomNumber } from './pace-mappings.js';
export { type MrzKey, mrzInformation, type PaceCredential, type PasswordKind, passwordBytes } from './passwords.js';
export {
  ACCESS_POLICIES,
  type AccessAttempt,
  type AccessCredentials,
  AccessError,
  type AccessMethod,
  type AccessOptions,
  type AccessPolicy,
  type AccessResult,
  type AccessSummary,
  accessChip,
  accessSummary,
  type PaceInfoLike,
} from './policy.js';
