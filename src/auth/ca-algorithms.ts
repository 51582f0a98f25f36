// ICAO 9303-11 §6.2.3 Tables 5 and 6 (BSI TR-03110 Part 3 A.1.1.2): the Chip Authentication protocol identifiers,
// derived from the one OID table like the PACE ones (src/access/pace-algorithms.ts). Terminal and chip both read it.
import { type Agreement, type BlockCipherName, CIPHER_BY_ARC } from '../access/pace-algorithms.js';
import { OIDS, type OidName, oid } from '../asn1/oids.js';
import { CccdError } from '../errors.js';

/** What a Chip Authentication OID selects (ICAO 9303-11 Tables 5 and 6). */
export interface ChipAuthenticationAlgorithm {
  readonly oidName: OidName;
  readonly oid: string;
  readonly agreement: Agreement;
  readonly cipher: BlockCipherName;
  readonly keyLength: 112 | 128 | 192 | 256;
}

const FAMILIES: readonly { prefix: OidName; agreement: Agreement }[] = [
  { prefix: 'id-CA-DH', agreement: 'DH' },
  { prefix: 'id-CA-ECDH', agreement: 'ECDH' },
];

/** Every CA protocol OID of the OID table (src/asn1/oids.ts), derived from it by family prefix and cipher arc. */
export const CHIP_AUTHENTICATION_ALGORITHMS: ReadonlyMap<string, ChipAuthenticationAlgorithm> = new Map(
  (Object.keys(OIDS) as OidName[]).flatMap((name) => {
    const family = FAMILIES.find((f) => name.startsWith(`${f.prefix}-`));
    const suite = family && CIPHER_BY_ARC[oid(name).slice(oid(family.prefix).length + 1)];
    if (!family || !suite) return [];
    return [[oid(name), { oidName: name, oid: oid(name), agreement: family.agreement, ...suite }] as const];
  }),
);

/** The CA algorithm of a dotted OID; CRYPTO_UNSUPPORTED otherwise. */
export function chipAuthenticationAlgorithm(dotted: string): ChipAuthenticationAlgorithm {
  const found = CHIP_AUTHENTICATION_ALGORITHMS.get(dotted);
  if (!found) throw new CccdError('CRYPTO_UNSUPPORTED', `${dotted} is not a Chip Authentication protocol identifier`);
  return found;
}
