// Standardized domain parameters of BSI TR-03110 Part 3 A.2.1.1 (Table 4) / ICAO 9303-11 §9.5.1: the parameter
// IDs that PACEInfo and ChipAuthenticationDomainParameterInfo name instead of spelling out the group.
import { CccdError } from '../errors.js';
import { type DhGroup, type Rfc5114GroupName, rfc5114Group } from './dh.js';
import { type Curve, type CurveName, curveByName } from './ec.js';

/** A group for key agreement: an elliptic curve or a finite-field DH group. */
export type DomainParameters = Curve | DhGroup;

/** ID -> group; IDs 3-7 and 19-31 are reserved. */
export const STANDARDIZED_DOMAIN_PARAMETERS: Readonly<
  Record<number, { kind: 'dh'; group: Rfc5114GroupName } | { kind: 'ec'; curve: CurveName }>
> = {
  0: { kind: 'dh', group: 'modp-1024-160' },
  1: { kind: 'dh', group: 'modp-2048-224' },
  2: { kind: 'dh', group: 'modp-2048-256' },
  8: { kind: 'ec', curve: 'secp192r1' },
  9: { kind: 'ec', curve: 'brainpoolP192r1' },
  10: { kind: 'ec', curve: 'secp224r1' },
  11: { kind: 'ec', curve: 'brainpoolP224r1' },
  12: { kind: 'ec', curve: 'secp256r1' },
  13: { kind: 'ec', curve: 'brainpoolP256r1' },
  14: { kind: 'ec', curve: 'brainpoolP320r1' },
  15: { kind: 'ec', curve: 'secp384r1' },
  16: { kind: 'ec', curve: 'brainpoolP384r1' },
  17: { kind: 'ec', curve: 'brainpoolP512r1' },
  18: { kind: 'ec', curve: 'secp521r1' },
};

/**
 * The group of a standardized domain parameter ID; CRYPTO_UNSUPPORTED for reserved or unknown IDs.
 * @example domainParameters(13) // brainpoolP256r1, the curve of ICAO 9303-11 App. G.1
 */
export function domainParameters(id: number): DomainParameters {
  const entry = Number.isInteger(id) ? STANDARDIZED_DOMAIN_PARAMETERS[id] : undefined;
  if (!entry)
    throw new CccdError('CRYPTO_UNSUPPORTED', `standardized domain parameter ID ${id} is reserved or unknown`);
  return entry.kind === 'ec' ? curveByName(entry.curve) : rfc5114Group(entry.group);
}

/** The standardized ID of a named group, or undefined (explicit parameters). */
export function domainParameterId(group: DomainParameters): number | undefined {
  for (const [id, entry] of Object.entries(STANDARDIZED_DOMAIN_PARAMETERS)) {
    if ((entry.kind === 'ec' ? entry.curve : entry.group) === group.name && entry.kind === group.kind)
      return Number(id);
  }
  return undefined;
}
