// ICAO 9303-11 §4.4.3 (Tables 2 and 3) and BSI TR-03110 Part 3 A.1.1.1: the PACE protocol identifiers.

import { OIDS, type OidName, oid } from '../asn1/oids.js';
import { CccdError } from '../errors.js';

/** The key agreement a PACE (or Chip Authentication) OID names: finite-field DH or elliptic-curve DH. */
export type Agreement = 'DH' | 'ECDH';
/** The nonce mapping of ICAO 9303-11 §4.4.3.3: Generic, Integrated or Chip Authentication Mapping. */
export type Mapping = 'GM' | 'IM' | 'CAM';
/** The block cipher behind the session keys (ICAO 9303-11 §9.8): 3DES (CBC/retail MAC) or AES (CBC/CMAC). */
export type BlockCipherName = '3DES' | 'AES';

/** What a PACE OID selects (one row of ICAO 9303-11 Table 2 or 3). */
export interface PaceAlgorithm {
  readonly oidName: OidName;
  readonly oid: string;
  readonly agreement: Agreement;
  readonly mapping: Mapping;
  readonly cipher: BlockCipherName;
  /** Key length in bits: 112 for two-key 3DES, 128/192/256 for AES. */
  readonly keyLength: 112 | 128 | 192 | 256;
}

/** The last OID arc of a protocol family names the cipher (TR-03110 Part 3 A.1.1.1). */
export const CIPHER_BY_ARC: Readonly<Record<string, { cipher: BlockCipherName; keyLength: 112 | 128 | 192 | 256 }>> = {
  '1': { cipher: '3DES', keyLength: 112 },
  '2': { cipher: 'AES', keyLength: 128 },
  '3': { cipher: 'AES', keyLength: 192 },
  '4': { cipher: 'AES', keyLength: 256 },
};

const FAMILIES: readonly { prefix: OidName; agreement: Agreement; mapping: Mapping }[] = [
  { prefix: 'id-PACE-DH-GM', agreement: 'DH', mapping: 'GM' },
  { prefix: 'id-PACE-ECDH-GM', agreement: 'ECDH', mapping: 'GM' },
  { prefix: 'id-PACE-DH-IM', agreement: 'DH', mapping: 'IM' },
  { prefix: 'id-PACE-ECDH-IM', agreement: 'ECDH', mapping: 'IM' },
  { prefix: 'id-PACE-ECDH-CAM', agreement: 'ECDH', mapping: 'CAM' },
];

/**
 * Every PACE protocol OID registered in src/asn1/oids.ts, derived from the OID table (a family prefix and the
 * cipher arc), so that an OID added there appears here without a second list.
 */
export const PACE_ALGORITHMS: ReadonlyMap<string, PaceAlgorithm> = new Map(
  (Object.keys(OIDS) as OidName[]).flatMap((name) => {
    const family = FAMILIES.find((f) => name.startsWith(`${f.prefix}-`));
    if (!family) return [];
    const dotted = oid(name);
    const arc = dotted.slice(oid(family.prefix).length + 1);
    const suite = CIPHER_BY_ARC[arc];
    if (!suite) return [];
    const entry: PaceAlgorithm = {
      oidName: name,
      oid: dotted,
      agreement: family.agreement,
      mapping: family.mapping,
      ...suite,
    };
    return [[dotted, entry] as const];
  }),
);

/** The PACE algorithm of a dotted OID; CRYPTO_UNSUPPORTED for anything else (fail closed). */
export function paceAlgorithm(dotted: string): PaceAlgorithm {
  const found = PACE_ALGORITHMS.get(dotted);
  if (!found) throw new CccdError('CRYPTO_UNSUPPORTED', `${dotted} is not a PACE protocol identifier`);
  return found;
}

/** Key length in bytes of the session keys for a cipher (two-key 3DES keys are 16 bytes with parity). */
export function keyBytes(keyLength: 112 | 128 | 192 | 256): number {
  return keyLength === 112 ? 16 : keyLength / 8;
}
