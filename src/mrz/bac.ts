// ICAO 9303-11 §9.7.2 and App. D.2: the MRZ information hashed into the BAC keys and the PACE MRZ password.
import { CccdError } from '../errors.js';
import { checkDigit } from './check-digit.js';
import { validateMrzDate } from './fields.js';
import { type ParsedMrz, parseMrz } from './mrz.js';

export interface BacKeyMaterial {
  /** The document number as hashed: at least 9 characters, padded with fillers ('L898902C<'). */
  documentNumber: string;
  documentNumberCheckDigit: string;
  birthDate: string;
  birthDateCheckDigit: string;
  expiryDate: string;
  expiryDateCheckDigit: string;
  /** Document number + cd + birth date + cd + expiry date + cd: the input of SHA-1 for Kseed. */
  mrzInformation: string;
}

export interface BacKeyInput {
  documentNumber: string;
  /** YYMMDD. */
  birthDate: string;
  /** YYMMDD. */
  expiryDate: string;
}

function isParsed(x: unknown): x is ParsedMrz {
  return typeof x === 'object' && x !== null && 'fields' in x && 'format' in x;
}

/**
 * The BAC / PACE-MRZ key material of a document: from MRZ lines, a parsed MRZ, or the three fields.
 * A long document number (ICAO 9303-11 App. D.2) is used whole with the check digit computed over it.
 *
 * @example
 * bacKeyMaterial({ documentNumber: 'L898902C', birthDate: '690806', expiryDate: '940623' }).mrzInformation;
 * // 'L898902C<369080619406236'
 */
export function bacKeyMaterial(input: ParsedMrz | readonly string[] | string | BacKeyInput): BacKeyMaterial {
  let source: BacKeyInput;
  if (typeof input === 'string' || Array.isArray(input)) source = parseMrz(input as string | string[]).fields;
  else if (isParsed(input)) source = input.fields;
  else if (typeof input === 'object' && input !== null) source = input as BacKeyInput;
  else throw new CccdError('INVALID_ARGUMENT', 'bacKeyMaterial: expected MRZ lines, a parsed MRZ or the three fields');
  const { documentNumber, birthDate, expiryDate } = source;
  if (typeof documentNumber !== 'string' || !/^[A-Z0-9<]+$/.test(documentNumber)) {
    throw new CccdError('MRZ_INVALID', 'document number is empty or outside A-Z, 0-9, <', { path: 'documentNumber' });
  }
  validateMrzDate(birthDate, 'birthDate');
  validateMrzDate(expiryDate, 'expiryDate');
  const number = documentNumber.padEnd(9, '<');
  const material = {
    documentNumber: number,
    documentNumberCheckDigit: checkDigit(number),
    birthDate,
    birthDateCheckDigit: checkDigit(birthDate),
    expiryDate,
    expiryDateCheckDigit: checkDigit(expiryDate),
  };
  return {
    ...material,
    mrzInformation:
      material.documentNumber +
      material.documentNumberCheckDigit +
      birthDate +
      material.birthDateCheckDigit +
      expiryDate +
      material.expiryDateCheckDigit,
  };
}
