// The personalization command set of the simulated chip (documented in apdu/personalization.md): ISO/IEC
// 7816-9 CREATE FILE and ACTIVATE FILE, ISO/IEC 7816-4 UPDATE BINARY and PUT DATA with proprietary tags.
// Shared by the chip (which executes it) and src/perso (which writes scripts of it): constants, not protocol.
import type { AccessCondition } from '../profile/types.js';

/** Instruction bytes of the personalization commands. */
export const PERSO_INS = {
  /** ISO/IEC 7816-9 §6.1 CREATE FILE: data = FCP template '62'. */
  CREATE_FILE: 0xe0,
  /** ISO/IEC 7816-4 §11.2.4 UPDATE BINARY (extended length allowed). */
  UPDATE_BINARY: 0xd6,
  /** UPDATE BINARY with odd INS: offset in DO'54', data in DO'53', for offsets beyond 32,767. */
  UPDATE_BINARY_ODD: 0xd7,
  /** ISO/IEC 7816-4 §11.5.6 PUT DATA, P1-P2 = a proprietary tag of PUT_DATA_OBJECTS. */
  PUT_DATA: 0xda,
  /** ISO/IEC 7816-9 §6.4 ACTIVATE FILE on the MF: ends personalization; the chip becomes operational (locked). */
  ACTIVATE_FILE: 0x44,
} as const;

/**
 * PUT DATA objects (P1-P2 in the proprietary range 0100-01FF of ISO/IEC 7816-4 §11.5.6). All carry secrets:
 * scripts mark them so that transcripts and logs redact the data.
 */
export const PUT_DATA_OBJECTS = [
  {
    p1p2: 0x0101,
    name: 'mrz-key',
    secret: true,
    meaning: 'K = SHA-1(MRZ information), ICAO 9303-11 §9.7.2 (20 bytes)',
  },
  { p1p2: 0x0102, name: 'can', secret: true, meaning: 'card access number, ASCII digits (ICAO 9303-11 §9.7.3)' },
  { p1p2: 0x0103, name: 'aa-private-key', secret: true, meaning: 'Active Authentication private key, PKCS#8 DER' },
  { p1p2: 0x0104, name: 'ca-private-key', secret: true, meaning: 'Chip Authentication private key, PKCS#8 DER' },
  {
    p1p2: 0x0105,
    name: 'pace-settings',
    secret: false,
    meaning: 'SecurityInfos (SET of PACEInfo) the chip runs; default: the PACEInfos of EF.CardAccess',
  },
] as const;

export type PutDataName = (typeof PUT_DATA_OBJECTS)[number]['name'];

export function putDataByName(name: PutDataName): (typeof PUT_DATA_OBJECTS)[number] {
  return PUT_DATA_OBJECTS.find((o) => o.name === name) as (typeof PUT_DATA_OBJECTS)[number];
}

/**
 * Access conditions in the FCP's proprietary security attribute (tag '86', ISO/IEC 7816-4 §7.4.3 Table 12):
 * one byte per condition.
 */
export const ACCESS_CODES: readonly { code: number; condition: AccessCondition }[] = [
  { code: 0x00, condition: 'always' },
  { code: 0x01, condition: 'bac-or-pace' },
  { code: 0x02, condition: 'pace' },
  { code: 0x03, condition: 'terminal-authentication' },
  { code: 0xff, condition: 'never' },
];

/** FCP data objects used by CREATE FILE (ISO/IEC 7816-4 §7.4.3 Table 12). */
export const FCP_TAG = {
  TEMPLATE: 0x62,
  SIZE: 0x80,
  DESCRIPTOR: 0x82,
  FID: 0x83,
  DF_NAME: 0x84,
  SECURITY_PROPRIETARY: 0x86,
  SFI: 0x88,
} as const;

/** File descriptor bytes (tag '82'): a working transparent EF, or a DF. */
export const FILE_DESCRIPTOR = { TRANSPARENT_EF: 0x01, DF: 0x38 } as const;
