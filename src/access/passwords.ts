// ICAO 9303-11 §9.7.3 (BAC and PACE passwords) and 9303-3 §4.9 (the check digits of the MRZ information).
import type { PacePassword as PacePasswordReference } from '../apdu/commands.js';
import { passwordKey } from '../crypto/kdf.js';
import { CccdError } from '../errors.js';

/** The PACE passwords of ICAO 9303-11 §9.7.3 and BSI TR-03110 Part 3: 'mrz', 'can', 'pin', 'puk'. */
export type PasswordKind = PacePasswordReference;

/** The three MRZ fields that key BAC and PACE-MRZ, as printed in the MRZ (without check digits). */
export interface MrzKey {
  /** Document number; padded to 9 characters with '<' when shorter. Long numbers (TD1 D.2 case) are taken whole. */
  readonly documentNumber: string;
  /** Date of birth YYMMDD. */
  readonly dateOfBirth: string;
  /** Date of expiry YYMMDD (CCCD cards without expiry use 991231). */
  readonly dateOfExpiry: string;
}

/** A password for PACE: the MRZ fields, or the digits of a CAN, PIN or PUK. */
export type PacePassword =
  | { readonly kind: 'mrz'; readonly mrz: MrzKey }
  | { readonly kind: 'can' | 'pin' | 'puk'; readonly value: string };

const WEIGHTS = [7, 3, 1];

/** ICAO 9303-3 §4.9 check digit (weights 7-3-1, '<' = 0, A-Z = 10..35). */
function checkDigit(field: string): string {
  let sum = 0;
  for (let i = 0; i < field.length; i++) {
    const c = field.charCodeAt(i);
    const v = c === 0x3c ? 0 : c <= 0x39 ? c - 0x30 : c - 0x37;
    sum += v * (WEIGHTS[i % 3] as number);
  }
  return String(sum % 10);
}

function field(value: unknown, name: string, pattern: RegExp): string {
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new CccdError('INVALID_ARGUMENT', `${name}: ${JSON.stringify(value)} does not match ${pattern}`);
  }
  return value;
}

/**
 * ICAO 9303-11 §9.7.3 / Appendix D.2: the MRZ information, document number + check digit, date of birth +
 * check digit, date of expiry + check digit.
 *
 * @example mrzInformation({ documentNumber: 'L898902C', dateOfBirth: '690806', dateOfExpiry: '940623' })
 * // 'L898902C<369080619406236'
 */
export function mrzInformation(key: MrzKey): string {
  const doc = field(key?.documentNumber, 'documentNumber', /^[0-9A-Z<]{1,22}$/).padEnd(9, '<');
  const birth = field(key.dateOfBirth, 'dateOfBirth', /^[0-9]{6}$/);
  const expiry = field(key.dateOfExpiry, 'dateOfExpiry', /^[0-9]{6}$/);
  return `${doc}${checkDigit(doc)}${birth}${checkDigit(birth)}${expiry}${checkDigit(expiry)}`;
}

/**
 * ICAO 9303-11 §9.7.3: the password key K that KDFπ starts from (SHA-1 of the MRZ information, or the
 * ISO 8859-1 bytes of a CAN, PIN or PUK), through the one implementation in src/crypto/kdf.ts.
 */
export function passwordBytes(password: PacePassword): Uint8Array {
  if (password?.kind === 'mrz') return passwordKey({ kind: 'mrz', mrzInformation: mrzInformation(password.mrz) });
  if (password?.kind === 'can' || password?.kind === 'pin' || password?.kind === 'puk') {
    return passwordKey({ kind: password.kind, value: field(password.value, password.kind, /^[0-9A-Za-z]{1,32}$/) });
  }
  throw new CccdError('INVALID_ARGUMENT', 'password: expected kind mrz, can, pin or puk');
}
