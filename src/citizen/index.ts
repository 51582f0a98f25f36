// The citizen record (what a personalization bureau knows about the holder), its schema and CCCD ID rules.
export { expectedIdBirthDigits, PROVINCE_CODES } from './provinces.js';
export {
  type CitizenIssue,
  type CitizenValidationOptions,
  citizenIssues,
  type LoadCitizenOptions,
  loadCitizen,
  validateCitizen,
} from './schema.js';
export type { CitizenRecord, FingerprintRef, IsoDate } from './types.js';
