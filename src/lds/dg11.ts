// ICAO 9303-10 §4.7.11 (DG11, tag 6B): additional personal details, each an optional tagged element listed
// in the 5C tag list. Partial dates of birth (`1974`, `197408`, zeros for unknown parts) are kept as given.
import { copyBytes } from '../bytes.js';
import { encodeTlv } from '../tlv/index.js';
import { type Decoded, type LdsDecodeOptions, openFile } from './read.js';
import { decodeFields, type ExtraElement, encodeFields, readTagList, type TaggedField } from './tagged-fields.js';

export interface Dg11 {
  /** 5F0E: full name in national characters, primary and secondary identifiers separated by `<<`. */
  fullName?: string;
  /** A0/5F0F: other names. */
  otherNames?: string[];
  /** 5F10: personal number. */
  personalNumber?: string;
  /** 5F2B: full date of birth `yyyymmdd` (partial dates as written; BCD input is read as digits). */
  fullDateOfBirth?: string;
  /** 5F11: place of birth, parts separated by `<`. */
  placeOfBirth?: string;
  /** 5F42: permanent address, parts separated by `<`. */
  permanentAddress?: string;
  /** 5F12: telephone. */
  telephone?: string;
  /** 5F13: profession. */
  profession?: string;
  /** 5F14: title. */
  title?: string;
  /** 5F15: personal summary. */
  personalSummary?: string;
  /** 5F16: proof of citizenship (an image). */
  proofOfCitizenship?: Uint8Array;
  /** 5F17: other valid travel document numbers, separated by `<`. */
  otherValidTdNumbers?: string;
  /** 5F18: custody information. */
  custodyInformation?: string;
  /** Elements this table does not know, kept in file order. */
  extra?: ExtraElement[];
}

type Key = Exclude<keyof Dg11, 'extra'>;

/** ICAO 9303-10 §4.7.11 table of DG11 data elements, in the order they are written. */
const FIELDS: readonly TaggedField<Key>[] = [
  { tag: 0x5f0e, key: 'fullName', kind: 'text' },
  { tag: 0xa0, key: 'otherNames', kind: 'names', nameTag: 0x5f0f },
  { tag: 0x5f10, key: 'personalNumber', kind: 'text' },
  { tag: 0x5f2b, key: 'fullDateOfBirth', kind: 'date' },
  { tag: 0x5f11, key: 'placeOfBirth', kind: 'text' },
  { tag: 0x5f42, key: 'permanentAddress', kind: 'text' },
  { tag: 0x5f12, key: 'telephone', kind: 'text' },
  { tag: 0x5f13, key: 'profession', kind: 'text' },
  { tag: 0x5f14, key: 'title', kind: 'text' },
  { tag: 0x5f15, key: 'personalSummary', kind: 'text' },
  { tag: 0x5f16, key: 'proofOfCitizenship', kind: 'bytes' },
  { tag: 0x5f17, key: 'otherValidTdNumbers', kind: 'text' },
  { tag: 0x5f18, key: 'custodyInformation', kind: 'text' },
];

const TAG_DG11 = 0x6b;

/** Builds DG11 with its tag list. */
export function buildDg11(dg11: Dg11): Uint8Array {
  return encodeTlv(TAG_DG11, ...encodeFields(FIELDS, dg11, 'DG11', true));
}

/** Decodes DG11. */
export function decodeDg11(bytes: Uint8Array, options: LdsDecodeOptions = {}): Decoded<Dg11> {
  const root = openFile(bytes, 'DG11', TAG_DG11, options);
  const { elements } = readTagList(root, 'DG11');
  return { ...(decodeFields(elements, FIELDS, 'DG11') as Dg11), raw: copyBytes(root.raw) };
}
