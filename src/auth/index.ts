// ICAO 9303-11 §6 authentication of the chip, terminal side: Chip Authentication v1 and Active Authentication.
export {
  AA_ECDSA_HASHES,
  type ActiveAuthenticationOptions,
  type ActiveAuthenticationResult,
  ecdsaPlainOid,
  performActiveAuthentication,
  verifyActiveAuthentication,
} from './active-authentication.js';
export {
  CHIP_AUTHENTICATION_ALGORITHMS,
  type ChipAuthenticationAlgorithm,
  chipAuthenticationAlgorithm,
} from './ca-algorithms.js';
export {
  type ChipAuthenticationOffer,
  type ChipAuthenticationOptions,
  type ChipAuthenticationResult,
  chipAuthenticationOffers,
  performChipAuthentication,
} from './chip-authentication.js';
