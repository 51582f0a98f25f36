// ICAO 9303-10 §4.7.11, §4.7.12, §4.7.16: files made of optional tagged data elements (DG11, DG12, the
// DG16 person templates). One table per file says which tag holds which field and how it is encoded; the
// build and decode loops below are written once for all of them.

import { encodeInteger } from '../asn1/der.js';
import { bytesToAscii, copyBytes, utf8ToBytes } from '../bytes.js';
import { CccdError } from '../errors.js';
import { encodeTag, encodeTlv, type Tlv, tagHex } from '../tlv/index.js';
import { Children, malformed, readBytes, readInt, readUtf8, valueOffset } from './read.js';

/**
 * How a field is encoded: UTF-8 text; a date of digits (`yyyymmdd`, possibly partial, or `yyyymmddhhmmss`)
 * written as ASCII and also read from the BCD form real documents carry; raw bytes (images); or a list of
 * names inside `A0 { 02 count, <nameTag> name ... }`.
 */
export type FieldKind = 'text' | 'date' | 'bytes' | 'names';

export interface TaggedField<K extends string> {
  tag: number;
  key: K;
  kind: FieldKind;
  /** For 'names': the tag of each name inside the A0 template (5F0F in DG11, 5F1A in DG12). */
  nameTag?: number;
}

/** Elements a file carries that its table does not know, kept with their tag, in file order. */
export interface ExtraElement {
  tag: number;
  value: Uint8Array;
}

export type FieldValues<K extends string> = { [P in K]?: string | string[] | Uint8Array } & { extra?: ExtraElement[] };

const TAG_NAMES = 0xa0;
const TAG_TAG_LIST = 0x5c;
/** A bound on names in one A0 template (ICAO 9303-10 gives no limit; documents carry a few). */
const MAX_NAMES = 64;

function encodeDate(value: string, what: string): Uint8Array {
  if (!/^\d{1,14}$/.test(value)) throw new CccdError('INVALID_ARGUMENT', `${what}: '${value}' is not a date of digits`);
  return Uint8Array.from(value, (ch) => ch.charCodeAt(0));
}

/** ICAO 9303-10 §4.7.11/§4.7.12: dates are ASCII digits; some documents write packed BCD instead. */
function decodeDate(node: Tlv, path: string): string {
  const v = node.value;
  if (v.length === 0) malformed(path, node.offset, 'empty date');
  if (v.every((b) => b >= 0x30 && b <= 0x39)) return bytesToAscii(v);
  let out = '';
  for (const b of v) {
    const hi = b >> 4;
    const lo = b & 0x0f;
    if (hi > 9 || lo > 9) malformed(path, valueOffset(node), 'date is neither ASCII digits nor BCD');
    out += `${hi}${lo}`;
  }
  return out;
}

function encodeField<K extends string>(f: TaggedField<K>, value: string | string[] | Uint8Array, what: string) {
  if (f.kind === 'bytes') {
    if (!(value instanceof Uint8Array)) throw new CccdError('INVALID_ARGUMENT', `${what}: expected bytes`);
    return encodeTlv(f.tag, value);
  }
  if (f.kind === 'names') {
    if (!Array.isArray(value) || value.length > MAX_NAMES) {
      throw new CccdError('INVALID_ARGUMENT', `${what}: expected a list of names`);
    }
    const nameTag = f.nameTag as number;
    return encodeTlv(
      TAG_NAMES,
      encodeInteger(value.length),
      ...value.map((n) => encodeTlv(nameTag, utf8ToBytes(String(n).normalize('NFC')))),
    );
  }
  if (typeof value !== 'string') throw new CccdError('INVALID_ARGUMENT', `${what}: expected a string`);
  return encodeTlv(f.tag, f.kind === 'date' ? encodeDate(value, what) : utf8ToBytes(value.normalize('NFC')));
}

/** The tag a field is listed under in the 5C tag list (the name tag for a names template). */
function listedTag<K extends string>(f: TaggedField<K>): number {
  return f.kind === 'names' ? (f.nameTag as number) : f.tag;
}

/** Encodes the fields present, in table order, then the extra elements; optionally preceded by a 5C tag list. */
export function encodeFields<K extends string>(
  table: readonly TaggedField<K>[],
  values: FieldValues<K>,
  name: string,
  withTagList: boolean,
): Uint8Array[] {
  const parts: Uint8Array[] = [];
  const listed: Uint8Array[] = [];
  for (const f of table) {
    const v = values[f.key];
    if (v === undefined) continue;
    parts.push(encodeField(f, v, `${name}.${f.key}`));
    listed.push(encodeTag(listedTag(f)));
  }
  for (const e of values.extra ?? []) {
    if (table.some((f) => f.tag === e.tag || f.nameTag === e.tag) || e.tag === TAG_TAG_LIST) {
      throw new CccdError('INVALID_ARGUMENT', `${name}.extra: tag ${tagHex(e.tag)} is a known field`);
    }
    parts.push(encodeTlv(e.tag, e.value));
    listed.push(encodeTag(e.tag));
  }
  return withTagList ? [encodeTlv(TAG_TAG_LIST, ...listed), ...parts] : parts;
}

function decodeNames(node: Tlv, nameTag: number, path: string): string[] {
  const c = new Children(node, path);
  const countNode = c.next(0x02, 'count');
  const count = readInt(countNode, `${path}/count`, MAX_NAMES);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    names.push(readUtf8(c.next(nameTag, `names[${i}]`), `${path}/names[${i}]`).normalize('NFC'));
  }
  c.end();
  return names;
}

/**
 * Decodes the elements of `node` after position `from` by the table; a field may appear once, in any order.
 * Names are also accepted as bare elements (without the A0 template), as some documents write them.
 */
export function decodeFields<K extends string>(
  elements: readonly Tlv[],
  table: readonly TaggedField<K>[],
  path: string,
): FieldValues<K> {
  const out: Record<string, string | string[] | Uint8Array> = {};
  const extra: ExtraElement[] = [];
  for (const node of elements) {
    const f = table.find((x) => x.tag === node.tag);
    const bareName = table.find((x) => x.kind === 'names' && x.nameTag === node.tag);
    if (f) {
      const fp = `${path}/${f.key}`;
      if (out[f.key] !== undefined) malformed(fp, node.offset, 'appears twice');
      if (f.kind === 'bytes') out[f.key] = readBytes(node);
      else if (f.kind === 'date') out[f.key] = decodeDate(node, fp);
      else if (f.kind === 'names') out[f.key] = decodeNames(node, f.nameTag as number, fp);
      else out[f.key] = readUtf8(node, fp).normalize('NFC');
    } else if (bareName) {
      const list = out[bareName.key] ?? [];
      if (!Array.isArray(list)) malformed(`${path}/${bareName.key}`, node.offset, 'mixed name layouts');
      list.push(readUtf8(node, `${path}/${bareName.key}`).normalize('NFC'));
      out[bareName.key] = list;
    } else {
      extra.push({ tag: node.tag, value: copyBytes(node.value) });
    }
  }
  const result = out as FieldValues<K>;
  if (extra.length) result.extra = extra;
  return result;
}

/** Reads the 5C tag list that opens DG11 and DG12 and returns it with the remaining elements. */
export function readTagList(root: Tlv, name: string): { tags: number[]; elements: readonly Tlv[] } {
  const c = new Children(root, name);
  const list = c.next(TAG_TAG_LIST, 'tagList');
  const tags: number[] = [];
  let i = 0;
  const v = list.value;
  while (i < v.length) {
    // ISO/IEC 7816-4 §5.2.2.1: a tag of two bytes has 1F in the low bits of its first byte.
    const first = v[i] as number;
    if ((first & 0x1f) === 0x1f) {
      if (i + 1 >= v.length) malformed(`${name}/tagList`, list.offset, 'truncated two-byte tag');
      tags.push(first * 256 + (v[i + 1] as number));
      i += 2;
    } else {
      tags.push(first);
      i += 1;
    }
  }
  return { tags, elements: c.remaining };
}
