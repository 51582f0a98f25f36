// What personalization writes to a chip: the elementary files of the MF and of the LDS1 application
// (ICAO 9303-10 §3.2) with their access conditions, and the chip's secrets (ICAO 9303-11 §4: access keys,
// Chip and Active Authentication private keys). Built by prepare.ts, written by script.ts.
import type { AccessCondition } from '../profile/types.js';

export interface ImageFile {
  /** Registry name: 'EF.CardAccess', 'EF.COM', 'DG1', ..., 'EF.SOD'. */
  readonly name: string;
  readonly fid: number;
  readonly sfi?: number;
  readonly access: AccessCondition;
  readonly data: Uint8Array;
}

export interface ChipSecretsImage {
  /** K = SHA-1(MRZ information), ICAO 9303-11 §9.7.2. */
  readonly mrzKey: Uint8Array;
  /** The CAN as ASCII digits. */
  readonly can: string;
  /** PKCS#8 DER of the Active Authentication key, when the profile has AA. */
  readonly aaPrivateKey?: Uint8Array;
  /** PKCS#8 DER of the Chip Authentication key, when the profile has CA. */
  readonly caPrivateKey?: Uint8Array;
}

export interface ChipImage {
  /** LDS1 application identifier (A0000002471001). */
  readonly aid: Uint8Array;
  /** Files of the master file: EF.CardAccess, EF.CardSecurity, EF.ATR/INFO. */
  readonly mfFiles: readonly ImageFile[];
  /** Files of the LDS1 application: EF.COM, the data groups, EF.SOD. */
  readonly applicationFiles: readonly ImageFile[];
  readonly secrets: ChipSecretsImage;
  /** PACE settings (SecurityInfos DER) when they differ from EF.CardAccess; usually absent. */
  readonly paceSettings?: Uint8Array;
}
