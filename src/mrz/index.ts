// ICAO 9303-3/4/5/6 machine readable zone: check digits, transliteration, TD1/TD2/TD3, BAC key material, CCCD rules.
export { type BacKeyInput, type BacKeyMaterial, bacKeyMaterial } from './bac.js';
export {
  CCCD_MRZ_PROFILE,
  CCCD_NO_EXPIRY,
  canFromId,
  cccdDocumentNumber,
  cccdMrzFromCitizen,
  cccdOptionalData,
  citizenMrzName,
  type MrzProfile,
  mrzFieldsFromCitizen,
  type ParsedCccdMrz,
  parseCccdMrz,
} from './cccd.js';
export { checkDigit, MRZ_CHARSET, mrzCharValue } from './check-digit.js';
export { isoToMrzDate, isValidIsoDate, type MrzDateToIsoOptions, mrzDateToIso } from './dates.js';
export { type MrzFields, type MrzSex, validateMrzDate } from './fields.js';
export { LAYOUTS, type Layout, type MrzFormat } from './layouts.js';
export {
  type BuildMrzResult,
  buildMrz,
  buildMrzDetailed,
  type CheckDigitResult,
  type ParsedMrz,
  type ParseMrzOptions,
  parseMrz,
} from './mrz.js';
export { formatNameField, type NameField, parseNameField, transliterate } from './transliterate.js';
