// ICAO 9303-10 §4.7.16 (DG16, tag 70): persons to notify, a count then one template per person
// (A1, A2, ...) of date recorded, name, telephone and address.

import { encodeInteger } from '../asn1/der.js';
import { copyBytes } from '../bytes.js';
import { CccdError } from '../errors.js';
import { encodeTlv } from '../tlv/index.js';
import { Children, type Decoded, type LdsDecodeOptions, malformed, openFile, readInt } from './read.js';
import { decodeFields, type ExtraElement, encodeFields, type TaggedField } from './tagged-fields.js';

export interface PersonToNotify {
  /** 5F50: date the data was recorded, `yyyymmdd`. */
  dateRecorded?: string;
  /** 5F51: name, primary and secondary identifiers separated by `<<`. */
  name?: string;
  /** 5F52: telephone. */
  telephone?: string;
  /** 5F53: address, parts separated by `<`. */
  address?: string;
  extra?: ExtraElement[];
}

export interface Dg16 {
  persons: PersonToNotify[];
}

type Key = Exclude<keyof PersonToNotify, 'extra'>;

const FIELDS: readonly TaggedField<Key>[] = [
  { tag: 0x5f50, key: 'dateRecorded', kind: 'date' },
  { tag: 0x5f51, key: 'name', kind: 'text' },
  { tag: 0x5f52, key: 'telephone', kind: 'text' },
  { tag: 0x5f53, key: 'address', kind: 'text' },
];

const TAG_DG16 = 0x70;
/** Templates are A1, A2, ... (context-specific constructed 1..n); at most 31 fit the one-byte tag. */
const MAX_PERSONS = 30;

/** Builds DG16. */
export function buildDg16(dg16: Dg16): Uint8Array {
  if (dg16.persons.length > MAX_PERSONS) throw new CccdError('INVALID_ARGUMENT', 'DG16: too many persons');
  return encodeTlv(
    TAG_DG16,
    encodeInteger(dg16.persons.length),
    ...dg16.persons.map((p, i) => encodeTlv(0xa1 + i, ...encodeFields(FIELDS, p, `DG16.persons[${i}]`, false))),
  );
}

/** Decodes DG16; templates must be numbered A1, A2, ... in order. */
export function decodeDg16(bytes: Uint8Array, options: LdsDecodeOptions = {}): Decoded<Dg16> {
  const root = openFile(bytes, 'DG16', TAG_DG16, options);
  const c = new Children(root, 'DG16');
  const countNode = c.next(0x02, 'numberOfPersons');
  const count = readInt(countNode, 'DG16/numberOfPersons', MAX_PERSONS);
  const persons: PersonToNotify[] = [];
  for (let i = 0; i < count; i++) {
    const node = c.next(0xa1 + i, `persons[${i}]`);
    if (!node.constructed) malformed(`DG16/persons[${i}]`, node.offset, 'expected a template');
    persons.push(decodeFields(node.children, FIELDS, `DG16/persons[${i}]`) as PersonToNotify);
  }
  c.end();
  return { persons, raw: copyBytes(root.raw) };
}
