// ICAO 9303-10 §4.7.13 (DG13, tag 6D, "optional details"), in the layout Vietnam's CCCD uses for the
// citizen's national data (docs/cccd-chip.md "DG13"): a header (version, ISO 10646 UTF-8 OID) and a SET of
// indexed fields 1..16. Built in the habits deployed readers depend on; read as robustly as the best readers.

import { encodeInteger, encodeOid, encodeSequence } from '../asn1/der.js';
import { oid } from '../asn1/oids.js';
import { asciiToBytes, copyBytes, utf8ToBytes } from '../bytes.js';
import { CccdError } from '../errors.js';
import { decodeTlv, encodeTlv, type Tlv } from '../tlv/index.js';
import {
  Children,
  type Decoded,
  type LdsDecodeOptions,
  malformed,
  openFile,
  readAscii,
  readInt,
  readOid,
  readUtf8,
} from './read.js';

/** The CCCD fields, named for their Vietnamese meaning (cccd-chip.md table); all text NFC-normalized. */
export interface Dg13Fields {
  /** 1 Số định danh: the 12-digit personal ID number. */
  idNumber?: string;
  /** 2 Họ và tên: full name with diacritics. */
  fullName?: string;
  /** 3 Ngày sinh: `dd/MM/yyyy`. */
  dateOfBirth?: string;
  /** 4 Giới tính: "Nam" or "Nữ". */
  sex?: string;
  /** 5 Quốc tịch: "Việt Nam". */
  nationality?: string;
  /** 6 Dân tộc, e.g. "Kinh". */
  ethnicity?: string;
  /** 7 Tôn giáo, e.g. "Không". */
  religion?: string;
  /** 8 Quê quán (2024 card: place of birth registration). */
  placeOfOrigin?: string;
  /** 9 Nơi thường trú. */
  placeOfResidence?: string;
  /** 10 Đặc điểm nhận dạng. */
  identifyingMarks?: string;
  /** 11 Ngày cấp: `dd/MM/yyyy`. */
  dateOfIssue?: string;
  /** 12 Có giá trị đến: `dd/MM/yyyy` or "Không thời hạn". */
  dateOfExpiry?: string;
  /** 13 first name: father (Họ tên cha). */
  fatherName?: string;
  /** 13 second name: mother (Họ tên mẹ). */
  motherName?: string;
  /** 14 Họ tên vợ/chồng: spouse; absent is written as the empty field `30 03 02 01 0E`. */
  spouseName?: string;
  /** 15 Số CMND cũ: the old 9-digit ID. */
  oldIdNumber?: string;
  /** 16 a 16-character value (suspected card or chip identifier). */
  cardNumber?: string;
}

export interface Dg13 extends Dg13Fields {
  /** Header INTEGER (1 on cards); `null` when the file has none. Built as 1 when undefined. */
  version?: number | null;
  /** Header OID (ISO 10646 UTF-8, 1.0.10646.1.0.8 on cards); `null` when absent. Built as that OID when undefined. */
  charset?: string | null;
  /** Fields with indices the layout does not define, kept whole (the field SEQUENCE), ascending by index. */
  unknown?: { index: number; raw: Uint8Array }[];
}

type StringType = 'printable' | 'utf8';
type SimpleKey = Exclude<keyof Dg13Fields, 'fatherName' | 'motherName' | 'spouseName'>;

/** cccd-chip.md: the field table, index -> name and the string type deployed cards use. */
const SIMPLE_FIELDS: readonly { index: number; key: SimpleKey; type: StringType }[] = [
  { index: 1, key: 'idNumber', type: 'printable' },
  { index: 2, key: 'fullName', type: 'utf8' },
  { index: 3, key: 'dateOfBirth', type: 'printable' },
  { index: 4, key: 'sex', type: 'utf8' },
  { index: 5, key: 'nationality', type: 'utf8' },
  { index: 6, key: 'ethnicity', type: 'utf8' },
  { index: 7, key: 'religion', type: 'utf8' },
  { index: 8, key: 'placeOfOrigin', type: 'utf8' },
  { index: 9, key: 'placeOfResidence', type: 'utf8' },
  { index: 10, key: 'identifyingMarks', type: 'utf8' },
  { index: 11, key: 'dateOfIssue', type: 'printable' },
  { index: 12, key: 'dateOfExpiry', type: 'utf8' },
  { index: 15, key: 'oldIdNumber', type: 'printable' },
  { index: 16, key: 'cardNumber', type: 'printable' },
];
const PARENTS = 13;
const SPOUSE = 14;
const LAST_KNOWN = 16;

const TAG_DG13 = 0x6d;
const UTF8 = 0x0c;
const PRINTABLE = 0x13;
/** String types accepted when reading: UTF8String, PrintableString, IA5String, T61String, VisibleString. */
const STRING_TAGS: ReadonlySet<number> = new Set([UTF8, PRINTABLE, 0x16, 0x14, 0x1a]);
const PRINTABLE_CHARS = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

function encodeString(text: string, type: StringType, path: string): Uint8Array {
  if (typeof text !== 'string') throw new CccdError('INVALID_ARGUMENT', 'expected a string', { path });
  const nfc = text.normalize('NFC');
  if (type === 'printable') {
    if (!PRINTABLE_CHARS.test(nfc)) {
      throw new CccdError('INVALID_ARGUMENT', `'${nfc}' has characters outside PrintableString`, { path });
    }
    return encodeTlv(PRINTABLE, asciiToBytes(nfc));
  }
  return encodeTlv(UTF8, utf8ToBytes(nfc));
}

function field(index: number, ...content: Uint8Array[]): Uint8Array {
  return encodeSequence(encodeInteger(index), ...content);
}

/** The index of a whole field `30 L 02 L n ...`, or undefined when `raw` is not one. */
function unknownIndex(raw: Uint8Array): number | undefined {
  try {
    const node = decodeTlv(raw);
    return node.tag === 0x30 && node.children[0] ? readInt(node.children[0], 'DG13.unknown', 0xffff) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Builds DG13 in the CCCD layout: header, then fields 1..16 in ascending order (not DER SET order), the
 * string types of cccd-chip.md, minimal lengths, absent fields written empty (`30 03 02 01 n`).
 *
 * @example
 * buildDg13({ idNumber: '001099012345', fullName: 'NGUYỄN VĂN AN', dateOfBirth: '01/01/1999' });
 */
export function buildDg13(dg13: Dg13): Uint8Array {
  const fields: [number, Uint8Array][] = [];
  for (const f of SIMPLE_FIELDS) {
    const v = dg13[f.key];
    const path = `DG13.${f.key}`;
    fields.push([f.index, v === undefined ? field(f.index) : field(f.index, encodeString(v, f.type, path))]);
  }
  const parents = [dg13.fatherName, dg13.motherName].map((name, i) =>
    name === undefined
      ? encodeSequence()
      : encodeSequence(encodeString(name, 'utf8', `DG13.${i ? 'motherName' : 'fatherName'}`)),
  );
  const hasParents = dg13.fatherName !== undefined || dg13.motherName !== undefined;
  fields.push([PARENTS, hasParents ? field(PARENTS, ...parents) : field(PARENTS)]);
  const spouse = dg13.spouseName;
  fields.push([
    SPOUSE,
    spouse === undefined
      ? field(SPOUSE)
      : field(SPOUSE, encodeSequence(encodeString(spouse, 'utf8', 'DG13.spouseName'))),
  ]);
  for (const u of dg13.unknown ?? []) {
    if (!Number.isInteger(u.index) || (u.index >= 1 && u.index <= LAST_KNOWN) || !(u.raw instanceof Uint8Array)) {
      throw new CccdError('INVALID_ARGUMENT', `unknown field ${u.index}: index must be outside 1..${LAST_KNOWN}`, {
        path: 'DG13.unknown',
      });
    }
    if (unknownIndex(u.raw) !== u.index) {
      throw new CccdError(
        'INVALID_ARGUMENT',
        `unknown field ${u.index}: raw is not SEQUENCE { INTEGER ${u.index}, ... }`,
        {
          path: 'DG13.unknown',
        },
      );
    }
    fields.push([u.index, u.raw]);
  }
  fields.sort((a, b) => a[0] - b[0]);
  const header: Uint8Array[] = [];
  if (dg13.version !== null) header.push(encodeInteger(dg13.version ?? 1));
  if (dg13.charset !== null) header.push(encodeOid(dg13.charset ?? oid('iso10646-utf8')));
  const set = encodeTlv(0x31, ...fields.map((f) => f[1]));
  return encodeTlv(TAG_DG13, encodeSequence(...header, set));
}

function readText(node: Tlv, path: string): string {
  if (!STRING_TAGS.has(node.tag)) malformed(path, node.offset, `expected a string, got tag ${node.tag.toString(16)}`);
  const text = node.tag === UTF8 ? readUtf8(node, path) : readAscii(node, path);
  return text.normalize('NFC');
}

/** A field's index: `30 L 02 01 n ...` */
function isField(node: Tlv): boolean {
  return node.tag === 0x30 && node.children[0]?.tag === 0x02;
}

/**
 * cccd-chip.md, field 13: the strings in order, whatever the nesting: two SEQUENCEs of one string each,
 * one SEQUENCE holding both, or bare strings. An empty SEQUENCE keeps its slot (a missing name).
 */
function nameSlots(items: readonly Tlv[], path: string): (string | undefined)[] {
  const out: (string | undefined)[] = [];
  items.forEach((item, i) => {
    const p = `${path}[${i}]`;
    if (item.tag === 0x30 || item.tag === 0x31) {
      if (item.children.length === 0) out.push(undefined);
      item.children.forEach((s, j) => {
        out.push(readText(s, `${p}[${j}]`));
      });
    } else {
      out.push(readText(item, p));
    }
  });
  return out;
}

/** The SET (or SEQUENCE) of fields, after an optional version INTEGER and OID. */
function readHeader(seq: Tlv): { version: number | null; charset: string | null; fields: Tlv[] } {
  const c = new Children(seq, 'DG13/header');
  const v = c.optional(0x02);
  const o = c.optional(0x06);
  const version = v ? readInt(v, 'DG13/header/version') : null;
  const charset = o ? readOid(o, 'DG13/header/charset') : null;
  const rest = c.remaining;
  // cccd-chip.md: a SET of fields is what cards carry; some readers saw a SEQUENCE, and some files list
  // the fields directly after the header.
  const only = rest[0];
  if (rest.length === 1 && only && (only.tag === 0x31 || only.tag === 0x30) && !isField(only)) {
    return { version, charset, fields: [...only.children] };
  }
  return { version, charset, fields: [...rest] };
}

/**
 * Decodes DG13 robustly (cccd-chip.md "Robust reading"): header with or without version and OID, SEQUENCE
 * where a SET is expected, both layouts of field 13, empty fields, unknown indices kept, any order of fields,
 * strings NFC-normalized. A repeated index or a field that is not `SEQUENCE { INTEGER, ... }` is malformed.
 */
export function decodeDg13(bytes: Uint8Array, options: LdsDecodeOptions = {}): Decoded<Dg13> {
  const root = openFile(bytes, 'DG13', TAG_DG13, options);
  const top = new Children(root, 'DG13');
  const first = top.any('content');
  top.end();
  let header: ReturnType<typeof readHeader>;
  if (first.tag === 0x30) header = readHeader(first);
  else if (first.tag === 0x31) header = { version: null, charset: null, fields: [...first.children] };
  else return malformed('DG13/content', first.offset, 'expected a SEQUENCE or SET');
  const out: Decoded<Dg13> = { version: header.version, charset: header.charset, raw: copyBytes(root.raw) };
  const seen = new Set<number>();
  const unknown: { index: number; raw: Uint8Array }[] = [];
  header.fields.forEach((node, i) => {
    const path = `DG13/fields[${i}]`;
    if (node.tag !== 0x30) malformed(path, node.offset, 'expected a field SEQUENCE');
    const c = new Children(node, path);
    const index = readInt(c.next(0x02, 'index'), `${path}/index`, 0xffff);
    if (seen.has(index)) malformed(`${path}/index`, node.offset, `field ${index} appears twice`);
    seen.add(index);
    const rest = c.remaining;
    const fp = `DG13/field${index}`;
    const simple = SIMPLE_FIELDS.find((f) => f.index === index);
    if (simple) {
      if (rest.length > 1) malformed(fp, node.offset, 'more than one value');
      if (rest[0]) out[simple.key] = readText(rest[0], `${fp}/${simple.key}`);
    } else if (index === PARENTS) {
      const slots = nameSlots(rest, fp);
      if (slots.length > 2) malformed(fp, node.offset, 'more than two names');
      if (slots[0] !== undefined) out.fatherName = slots[0];
      if (slots[1] !== undefined) out.motherName = slots[1];
    } else if (index === SPOUSE) {
      const slots = nameSlots(rest, fp);
      if (slots.length > 1) malformed(fp, node.offset, 'more than one name');
      if (slots[0] !== undefined) out.spouseName = slots[0];
    } else {
      unknown.push({ index, raw: copyBytes(node.raw) });
    }
  });
  if (unknown.length) out.unknown = unknown.sort((a, b) => a.index - b.index);
  return out;
}

/** cccd-chip.md field table, for dumps: index, key, Vietnamese and English labels. */
export const DG13_LABELS: readonly { index: number; key: keyof Dg13Fields; vi: string; en: string }[] = [
  { index: 1, key: 'idNumber', vi: 'Số định danh', en: 'personal ID number' },
  { index: 2, key: 'fullName', vi: 'Họ và tên', en: 'full name' },
  { index: 3, key: 'dateOfBirth', vi: 'Ngày sinh', en: 'date of birth' },
  { index: 4, key: 'sex', vi: 'Giới tính', en: 'sex' },
  { index: 5, key: 'nationality', vi: 'Quốc tịch', en: 'nationality' },
  { index: 6, key: 'ethnicity', vi: 'Dân tộc', en: 'ethnicity' },
  { index: 7, key: 'religion', vi: 'Tôn giáo', en: 'religion' },
  { index: 8, key: 'placeOfOrigin', vi: 'Quê quán', en: 'place of origin' },
  { index: 9, key: 'placeOfResidence', vi: 'Nơi thường trú', en: 'place of residence' },
  { index: 10, key: 'identifyingMarks', vi: 'Đặc điểm nhận dạng', en: 'identifying marks' },
  { index: 11, key: 'dateOfIssue', vi: 'Ngày cấp', en: 'date of issue' },
  { index: 12, key: 'dateOfExpiry', vi: 'Có giá trị đến', en: 'date of expiry' },
  { index: 13, key: 'fatherName', vi: 'Họ tên cha', en: "father's name" },
  { index: 13, key: 'motherName', vi: 'Họ tên mẹ', en: "mother's name" },
  { index: 14, key: 'spouseName', vi: 'Họ tên vợ/chồng', en: "spouse's name" },
  { index: 15, key: 'oldIdNumber', vi: 'Số CMND cũ', en: 'old 9-digit ID' },
  { index: 16, key: 'cardNumber', vi: 'Trường 16', en: 'field 16 (card identifier?)' },
];
