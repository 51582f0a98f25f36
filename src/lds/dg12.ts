// ICAO 9303-10 §4.7.12 (DG12, tag 6C): additional document details, each an optional tagged element listed
// in the 5C tag list. Dates 5F26 and 5F55 are ASCII digits by the standard; BCD forms real documents carry
// are read as digits too.
import { copyBytes } from '../bytes.js';
import { encodeTlv } from '../tlv/index.js';
import { type Decoded, type LdsDecodeOptions, openFile } from './read.js';
import { decodeFields, type ExtraElement, encodeFields, readTagList, type TaggedField } from './tagged-fields.js';

export interface Dg12 {
  /** 5F19: issuing authority. */
  issuingAuthority?: string;
  /** 5F26: date of issue `yyyymmdd`. */
  dateOfIssue?: string;
  /** A0/5F1A: names of other persons. */
  otherPersons?: string[];
  /** 5F1B: endorsements and observations. */
  endorsementsAndObservations?: string;
  /** 5F1C: tax or exit requirements. */
  taxOrExitRequirements?: string;
  /** 5F1D: image of the front of the document. */
  imageOfFront?: Uint8Array;
  /** 5F1E: image of the rear of the document. */
  imageOfRear?: Uint8Array;
  /** 5F55: date and time of personalization `yyyymmddhhmmss`. */
  personalizationDateTime?: string;
  /** 5F56: serial number of the personalization system. */
  personalizationSystemSerialNumber?: string;
  /** Elements this table does not know, kept in file order. */
  extra?: ExtraElement[];
}

type Key = Exclude<keyof Dg12, 'extra'>;

/** ICAO 9303-10 §4.7.12 table of DG12 data elements, in the order they are written. */
const FIELDS: readonly TaggedField<Key>[] = [
  { tag: 0x5f19, key: 'issuingAuthority', kind: 'text' },
  { tag: 0x5f26, key: 'dateOfIssue', kind: 'date' },
  { tag: 0xa0, key: 'otherPersons', kind: 'names', nameTag: 0x5f1a },
  { tag: 0x5f1b, key: 'endorsementsAndObservations', kind: 'text' },
  { tag: 0x5f1c, key: 'taxOrExitRequirements', kind: 'text' },
  { tag: 0x5f1d, key: 'imageOfFront', kind: 'bytes' },
  { tag: 0x5f1e, key: 'imageOfRear', kind: 'bytes' },
  { tag: 0x5f55, key: 'personalizationDateTime', kind: 'date' },
  { tag: 0x5f56, key: 'personalizationSystemSerialNumber', kind: 'text' },
];

const TAG_DG12 = 0x6c;

/** Builds DG12 with its tag list. */
export function buildDg12(dg12: Dg12): Uint8Array {
  return encodeTlv(TAG_DG12, ...encodeFields(FIELDS, dg12, 'DG12', true));
}

/** Decodes DG12. */
export function decodeDg12(bytes: Uint8Array, options: LdsDecodeOptions = {}): Decoded<Dg12> {
  const root = openFile(bytes, 'DG12', TAG_DG12, options);
  const { elements } = readTagList(root, 'DG12');
  return { ...(decodeFields(elements, FIELDS, 'DG12') as Dg12), raw: copyBytes(root.raw) };
}
