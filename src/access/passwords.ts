// ICAO 9303-11 §9.7.2-§9.7.3: the passwords of BAC and PACE (MRZ information, CAN, PIN, PUK).
import type { PacePassword as PacePasswordReference } from '../apdu/commands.js';
import { passwordKey } from '../crypto/kdf.js';
import { CccdError } from '../errors.js';
import { bacKeyMaterial } from '../mrz/bac.js';

/** The PACE passwords of ICAO 9303-11 §9.7.3 and BSI TR-03110 Part 3: 'mrz', 'can', 'pin', 'puk'. */
export type PasswordKind = PacePasswordReference;

/**
 * What keys BAC and PACE-MRZ: the three fields (document number, birthDate, expiryDate as YYMMDD), the MRZ
 * lines, or a parsed MRZ (src/mrz). CCCD cards without expiry use 991231.
 */
export type MrzKey = Parameters<typeof bacKeyMaterial>[0];

/** A password for PACE: the MRZ fields, or the digits of a CAN, PIN or PUK. */
export type PaceCredential =
  | { readonly kind: 'mrz'; readonly mrz: MrzKey }
  | { readonly kind: 'can' | 'pin' | 'puk'; readonly value: string };

function field(value: unknown, name: string, pattern: RegExp): string {
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new CccdError('INVALID_ARGUMENT', `${name}: ${JSON.stringify(value)} does not match ${pattern}`);
  }
  return value;
}

/**
 * ICAO 9303-11 §9.7.2 / Appendix D.2: the MRZ information (document number, date of birth and date of expiry,
 * each followed by its check digit), computed by src/mrz.
 *
 * @example mrzInformation({ documentNumber: 'L898902C', birthDate: '690806', expiryDate: '940623' })
 * // 'L898902C<369080619406236'
 */
export function mrzInformation(key: MrzKey): string {
  return bacKeyMaterial(key).mrzInformation;
}

/**
 * ICAO 9303-11 §9.7.3: the password key K that KDFπ starts from (SHA-1 of the MRZ information, or the
 * ISO 8859-1 bytes of a CAN, PIN or PUK), through the one implementation in src/crypto/kdf.ts.
 */
export function passwordBytes(password: PaceCredential): Uint8Array {
  if (password?.kind === 'mrz') return passwordKey({ kind: 'mrz', mrzInformation: mrzInformation(password.mrz) });
  if (password?.kind === 'can' || password?.kind === 'pin' || password?.kind === 'puk') {
    return passwordKey({ kind: password.kind, value: field(password.value, password.kind, /^[0-9A-Za-z]{1,32}$/) });
  }
  throw new CccdError('INVALID_ARGUMENT', 'password: expected kind mrz, can, pin or puk');
}
