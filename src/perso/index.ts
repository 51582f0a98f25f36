// The personalization bureau's job: prepare a card, write it with an APDU script, verify it, keep a record.
export type { ChipImage, ChipSecretsImage, ImageFile } from './chip-image.js';
export { type Personalization, type PersonalizeOptions, personalize } from './personalize.js';
export { type PreparedCard, type PrepareInput, prepareCard } from './prepare.js';
export { type PersonalizationRecord, personalizationRecord } from './record.js';
export { personalizationScript, type ScriptOptions } from './script.js';
export { type PersoVerification, type VerificationRun, verifyPersonalization } from './verify.js';
