// ICAO 9303-10 §3.6, §4.6 (Tables 35-37) and 9303-11 §9.2.9: the one table of elementary files of the
// LDS1 application and the master file; every lookup (by tag, number, FID, SFI, name) is derived from it.

/** Where a file lives: in the LDS1 eMRTD application or in the master file (ICAO 9303-10 §3.6.2, §3.11). */
export type LdsLocation = 'LDS1' | 'MF';

/** Names of the elementary files, as ICAO 9303-10 writes them. */
export type EfName =
  | 'EF.COM'
  | 'DG1'
  | 'DG2'
  | 'DG3'
  | 'DG4'
  | 'DG5'
  | 'DG6'
  | 'DG7'
  | 'DG8'
  | 'DG9'
  | 'DG10'
  | 'DG11'
  | 'DG12'
  | 'DG13'
  | 'DG14'
  | 'DG15'
  | 'DG16'
  | 'EF.SOD'
  | 'EF.CardAccess'
  | 'EF.CardSecurity'
  | 'EF.ATR/INFO';

export interface EfEntry {
  /** The name ICAO 9303-10 uses, also the file name the CLI writes (`DG13.bin`). */
  readonly name: EfName;
  /** Short name as in the EF.COM/SOD listings of ICAO 9303-10 Table 35 (e.g. `COM`, `DG2`, `SOD`). */
  readonly shortName: string;
  /** Data group number 1..16; undefined for the other files. */
  readonly number: number | undefined;
  /**
   * First tag of the file content: the application tag of EF.COM, EF.SOD and DG1..DG16 (ICAO 9303-10 §4.6.1),
   * the universal SET (31) that starts EF.CardAccess SecurityInfos and the SEQUENCE (30) that starts the
   * EF.CardSecurity ContentInfo. EF.ATR/INFO holds loose ISO 7816-4 data objects and has none.
   */
  readonly tag: number | undefined;
  /** File identifier (ICAO 9303-10 Table 35, 9303-11 §9.2.9). */
  readonly fid: number;
  /** Short EF identifier for READ BINARY with SFI (ISO 7816-4 §7.2.2); undefined when none is assigned. */
  readonly sfi: number | undefined;
  readonly location: LdsLocation;
  /** What the file holds, in the words of ICAO 9303-10 §4.7. */
  readonly title: string;
}

function dg(number: number, tag: number, title: string): EfEntry {
  const name = `DG${number}` as EfName;
  return { name, shortName: name, number, tag, fid: 0x0100 + number, sfi: number, location: 'LDS1', title };
}

/** The registry: ICAO 9303-10 Table 35 (LDS1 files) and §3.11 (master file entries). */
export const LDS_FILES: readonly EfEntry[] = [
  {
    name: 'EF.COM',
    shortName: 'COM',
    number: undefined,
    tag: 0x60,
    fid: 0x011e,
    sfi: 0x1e,
    location: 'LDS1',
    title: 'Common data: LDS and Unicode versions, tag list',
  },
  dg(1, 0x61, 'Details recorded in the MRZ'),
  dg(2, 0x75, 'Encoded face'),
  dg(3, 0x63, 'Encoded fingers'),
  dg(4, 0x76, 'Encoded irises'),
  dg(5, 0x65, 'Displayed portrait'),
  dg(6, 0x66, 'Reserved for future use'),
  dg(7, 0x67, 'Displayed signature or usual mark'),
  dg(8, 0x68, 'Data features'),
  dg(9, 0x69, 'Structure features'),
  dg(10, 0x6a, 'Substance features'),
  dg(11, 0x6b, 'Additional personal details'),
  dg(12, 0x6c, 'Additional document details'),
  dg(13, 0x6d, 'Optional details (CCCD: the national citizen data)'),
  dg(14, 0x6e, 'Security options (SecurityInfos for Chip Authentication, PACE)'),
  dg(15, 0x6f, 'Active Authentication public key info'),
  dg(16, 0x70, 'Persons to notify'),
  {
    name: 'EF.SOD',
    shortName: 'SOD',
    number: undefined,
    tag: 0x77,
    fid: 0x011d,
    sfi: 0x1d,
    location: 'LDS1',
    title: 'Document security object (signed data group hashes)',
  },
  {
    name: 'EF.CardAccess',
    shortName: 'CardAccess',
    number: undefined,
    tag: 0x31,
    fid: 0x011c,
    sfi: 0x1c,
    location: 'MF',
    title: 'SecurityInfos for PACE, readable without access control',
  },
  {
    name: 'EF.CardSecurity',
    shortName: 'CardSecurity',
    number: undefined,
    tag: 0x30,
    fid: 0x011d,
    sfi: 0x1d,
    location: 'MF',
    title: 'Signed SecurityInfos (PACE-CAM, Chip Authentication)',
  },
  {
    name: 'EF.ATR/INFO',
    shortName: 'ATR/INFO',
    number: undefined,
    tag: undefined,
    fid: 0x2f01,
    sfi: 0x01,
    location: 'MF',
    title: 'Answer-to-reset information (ISO 7816-4 §8.2.1.1: buffer sizes, extended length)',
  },
];

function index<K>(key: (e: EfEntry) => K | undefined, filter: (e: EfEntry) => boolean = () => true) {
  const map = new Map<K, EfEntry>();
  for (const e of LDS_FILES) {
    const k = key(e);
    if (k !== undefined && filter(e) && !map.has(k)) map.set(k, e);
  }
  return map as ReadonlyMap<K, EfEntry>;
}

const BY_NAME = index((e) => e.name.toUpperCase());
const BY_SHORT = index((e) => e.shortName.toUpperCase());
const BY_TAG = index((e) => e.tag);
const BY_NUMBER = index((e) => e.number);
const BY_LDS_FID = index(
  (e) => e.fid,
  (e) => e.location === 'LDS1',
);
const BY_MF_FID = index(
  (e) => e.fid,
  (e) => e.location === 'MF',
);

/** The entry of a file by its name or short name (`DG13`, `EF.COM`, `COM`, `ef.sod`), or undefined. */
export function efByName(name: string): EfEntry | undefined {
  const k = name.toUpperCase();
  return BY_NAME.get(k) ?? BY_SHORT.get(k);
}

/** The entry whose content starts with `tag` (e.g. 0x6D -> DG13, 0x31 -> EF.CardAccess), or undefined. */
export function efByTag(tag: number): EfEntry | undefined {
  return BY_TAG.get(tag);
}

/** The data group with `number` 1..16, or undefined. */
export function efByNumber(number: number): EfEntry | undefined {
  return BY_NUMBER.get(number);
}

/**
 * The entry with file identifier `fid`. EF.SOD and EF.CardSecurity share 011D (one in the LDS1 application,
 * one in the master file), so the location decides; the default is the LDS1 application.
 */
export function efByFid(fid: number, location: LdsLocation = 'LDS1'): EfEntry | undefined {
  return (location === 'LDS1' ? BY_LDS_FID : BY_MF_FID).get(fid);
}

/** The data group entries DG1..DG16 in number order. */
export function dataGroups(): readonly EfEntry[] {
  return LDS_FILES.filter((e) => e.number !== undefined);
}

/** The tag of data group `number` (ICAO 9303-10 Table 35), as EF.COM's tag list and DG1..DG16 use it. */
export function dataGroupTag(number: number): number | undefined {
  return BY_NUMBER.get(number)?.tag;
}
