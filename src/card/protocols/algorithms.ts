// ICAO 9303-11 §4.4.3 Tables 2-3 (PACE) and §6.2.3 Tables 5-6 (Chip Authentication) as the simulated chip uses
// them. The protocol tables are derived once from the OID table, in src/access/pace-algorithms.ts and
// src/auth/ca-algorithms.ts; the chip's view names the cipher with its key length ('AES-128'), the form its KDF and
// secure messaging take.
import { type BlockCipherName, PACE_ALGORITHMS } from '../../access/pace-algorithms.js';
import type { OidName } from '../../asn1/oids.js';
import { CHIP_AUTHENTICATION_ALGORITHMS } from '../../auth/ca-algorithms.js';
import type { SymmetricCipher } from '../../crypto/kdf.js';

export type { SymmetricCipher } from '../../crypto/kdf.js';

export type KeyAgreement = 'DH' | 'ECDH';
export type PaceMapping = 'GM' | 'IM' | 'CAM';

export interface PaceAlgorithm {
  readonly oid: string;
  readonly name: OidName;
  readonly agreement: KeyAgreement;
  readonly mapping: PaceMapping;
  readonly cipher: SymmetricCipher;
}

export interface ChipAuthenticationAlgorithm {
  readonly oid: string;
  readonly name: OidName;
  readonly agreement: KeyAgreement;
  readonly cipher: SymmetricCipher;
}

function symmetricCipher(a: { cipher: BlockCipherName; keyLength: 112 | 128 | 192 | 256 }): SymmetricCipher {
  return a.cipher === '3DES' ? '3DES' : (`AES-${a.keyLength}` as SymmetricCipher);
}

const PACE = new Map<string, PaceAlgorithm>(
  [...PACE_ALGORITHMS.values()].map((a) => [
    a.oid,
    { oid: a.oid, name: a.oidName, agreement: a.agreement, mapping: a.mapping, cipher: symmetricCipher(a) },
  ]),
);

const CA = new Map<string, ChipAuthenticationAlgorithm>(
  [...CHIP_AUTHENTICATION_ALGORITHMS.values()].map((a) => [
    a.oid,
    { oid: a.oid, name: a.oidName, agreement: a.agreement, cipher: symmetricCipher(a) },
  ]),
);

/** The PACE variant selected by a protocol OID (dotted), or undefined for anything else (e.g. id-PACE-ECDH-GM). */
export function paceAlgorithm(oid: string): PaceAlgorithm | undefined {
  return PACE.get(oid);
}

/** The Chip Authentication variant selected by a protocol OID (dotted), or undefined. */
export function chipAuthenticationAlgorithm(oid: string): ChipAuthenticationAlgorithm | undefined {
  return CA.get(oid);
}
