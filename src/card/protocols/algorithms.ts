// ICAO 9303-11 §4.4.3 Tables 2-3 (PACE) and §6.2.3 Tables 5-6 (Chip Authentication): what each protocol OID selects.
// Derived from the one OID table (src/asn1/oids.ts) by reading the registered name, so no second list of OIDs exists.
import { type OidName, oidName } from '../../asn1/oids.js';
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

const PACE_NAME = /^id-PACE-(DH|ECDH)-(GM|IM|CAM)-(3DES-CBC-CBC|AES-CBC-CMAC-(128|192|256))$/;
const CA_NAME = /^id-CA-(DH|ECDH)-(3DES-CBC-CBC|AES-CBC-CMAC-(128|192|256))$/;

function cipherOf(suite: string, bits: string | undefined): SymmetricCipher {
  return suite.startsWith('3DES') ? '3DES' : (`AES-${bits}` as SymmetricCipher);
}

/** The PACE variant selected by a protocol OID (dotted), or undefined for anything else (e.g. id-PACE-ECDH-GM). */
export function paceAlgorithm(oid: string): PaceAlgorithm | undefined {
  const name = oidName(oid);
  const m = name ? PACE_NAME.exec(name) : null;
  if (!name || !m) return undefined;
  return {
    oid,
    name,
    agreement: m[1] as KeyAgreement,
    mapping: m[2] as PaceMapping,
    cipher: cipherOf(m[3] as string, m[4]),
  };
}

/** The Chip Authentication variant selected by a protocol OID (dotted), or undefined. */
export function chipAuthenticationAlgorithm(oid: string): ChipAuthenticationAlgorithm | undefined {
  const name = oidName(oid);
  const m = name ? CA_NAME.exec(name) : null;
  if (!name || !m) return undefined;
  return { oid, name, agreement: m[1] as KeyAgreement, cipher: cipherOf(m[2] as string, m[3]) };
}
