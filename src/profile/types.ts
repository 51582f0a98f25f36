// Card profiles: what a chip contains and how it behaves, as data (profiles/*.json), read by LDS building,
// personalization, the simulated chip and the conformance suite alike. Validated by schema.ts.
import type { OidName } from '../asn1/oids.js';

export type HashName = 'SHA-1' | 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512';

/** A key the profile asks the bureau to generate. */
export type KeySpec =
  | { kind: 'ec'; curve: string /* table name, e.g. 'brainpoolP256r1' */ }
  | { kind: 'rsa'; bits: number }
  | { kind: 'dh'; parameterId: number };

/** Who may read a file: ICAO 9303-11 §4 access control. */
export type AccessCondition = 'always' | 'bac-or-pace' | 'pace' | 'terminal-authentication' | 'never';

export interface PaceSetting {
  /** A PACE OID name from src/asn1/oids.ts, e.g. 'id-PACE-ECDH-GM-AES-CBC-CMAC-128'. */
  protocol: OidName;
  /** Standardized domain parameter ID (BSI TR-03110 Part 3 A.2.1.1), e.g. 13 = brainpoolP256r1. */
  parameterId: number;
}

export interface CardProfile {
  /** Stable identifier, also the file name: 'cccd-2021'. */
  id: string;
  description: string;
  /** ICAO 9303 form factor and MRZ layout. */
  documentType: 'TD1' | 'TD2' | 'TD3';
  /** Document code (first two MRZ characters), e.g. 'ID' or 'P<'. */
  documentCode: string;
  /** Issuing state, three-letter code. */
  issuingState: string;
  /** MRZ scheme rules: 'cccd' (document number = last 9 digits, full ID in optional data) or 'icao'. */
  mrzScheme: 'cccd' | 'icao';
  lds: {
    /** LDS version as in EF.COM, '0107' or '0108'. */
    version: '0107' | '0108';
    unicodeVersion: string;
    /** LDS1 application AID, hex. */
    aid: string;
    /** Data groups present, by number. */
    dataGroups: number[];
    /** Portrait image format written in DG2. */
    portraitFormat: 'jpeg' | 'jpeg2000';
  };
  sod: {
    hash: HashName;
    /** Signature algorithm name from src/asn1/oids.ts (e.g. 'ecdsa-with-SHA256', 'id-RSASSA-PSS'). */
    signatureAlgorithm: OidName;
    /** Document signer key the development PKI generates for this profile. */
    signerKey: KeySpec;
    /** LDSSecurityObject version: 0 (LDS 1.7) or 1 (LDS 1.8 with LDSVersionInfo). */
    securityObjectVersion: 0 | 1;
    signingTime: boolean;
  };
  /** Whether the chip carries EF.CardSecurity (signed SecurityInfos). */
  cardSecurity: boolean;
  access: {
    bac: boolean;
    pace: PaceSetting[];
    /** Passwords PACE accepts on this chip. */
    pacePasswords: ('mrz' | 'can')[];
    /** How the CAN is derived: CCCD prints none, the chip uses the last 6 digits of the ID. */
    can: 'id-last-6' | 'random-6';
  };
  chipAuthentication?: { protocol: OidName; key: KeySpec; keyId?: number };
  activeAuthentication?: { key: KeySpec; hash: HashName };
  terminalAuthentication?: { version: 1 };
  /** Access condition per file name ('EF.COM', 'DG1', ..., 'EF.SOD', 'EF.CardAccess'). */
  accessConditions: Record<string, AccessCondition>;
  /** Chip behaviour as seen in the field. */
  quirks: {
    /** Status word the chip answers to SELECT MF (CCCD: 0x6D00), absent = 9000. */
    selectMfStatus?: number;
  };
  transport: {
    extendedLength: boolean;
    /** Largest command and response APDU the chip accepts/produces. */
    maxCommandLength: number;
    maxResponseLength: number;
  };
}
