// BER-TLV decoding (ISO/IEC 8825-1 §8.1, ISO/IEC 7816-4 §5.2): strict by default, bounded always.
// Every declared length is checked against the bytes present before anything is sliced, so a hostile
// chip claiming a 4 GB object costs nothing (architecture.md rule 7).
import { CccdError } from '../errors.js';
import type { Tlv, TlvDecodeOptions } from './types.js';

const DEFAULT_MAX_DEPTH = 32;
const DEFAULT_MAX_NODES = 10_000;

interface State {
  readonly bytes: Uint8Array;
  readonly base: number;
  readonly allowIndefinite: boolean;
  readonly allowNonMinimal: boolean;
  readonly maxDepth: number;
  readonly maxNodes: number;
  nodes: number;
}

export function tagHex(tag: number): string {
  const h = tag.toString(16).toUpperCase();
  return h.length % 2 ? `0${h}` : h;
}

function fail(code: 'TLV_TRUNCATED' | 'TLV_MALFORMED' | 'TLV_LIMIT', msg: string, path: string, offset: number): never {
  throw new CccdError(code, msg, { path: path || '/', offset });
}

interface Header {
  tag: number;
  constructed: boolean;
  headerLength: number;
  /** -1 for the indefinite form. */
  length: number;
}

/** Reads a tag and length at `pos`; `end` bounds the enclosing object. */
function readHeader(s: State, pos: number, end: number, pathOf: () => string): Header {
  const start = pos;
  if (pos >= end) fail('TLV_TRUNCATED', 'expected a tag, found the end of the data', pathOf(), s.base + pos);
  const first = s.bytes[pos++] as number;
  if (first === 0x00 || first === 0xff) {
    // ISO/IEC 7816-4 §5.2: 00 and FF are not valid first tag bytes (they are padding between objects).
    fail('TLV_MALFORMED', `invalid tag byte ${tagHex(first)}`, pathOf(), s.base + start);
  }
  let tag = first;
  if ((first & 0x1f) === 0x1f) {
    // Subsequent tag bytes: bit 8 set means another byte follows (ISO/IEC 8825-1 §8.1.2.4).
    let count = 0;
    for (;;) {
      if (pos >= end) fail('TLV_TRUNCATED', 'tag runs past the end of the data', pathOf(), s.base + start);
      const b = s.bytes[pos++] as number;
      count++;
      if (count === 1 && (b & 0x7f) === 0)
        fail('TLV_MALFORMED', 'tag number has a leading zero byte', pathOf(), s.base + start);
      if (count > 3) fail('TLV_LIMIT', 'tags longer than 4 bytes are not supported', pathOf(), s.base + start);
      tag = tag * 256 + b;
      if ((b & 0x80) === 0) break;
    }
  }
  const constructed = (first & 0x20) !== 0;
  if (pos >= end)
    fail('TLV_TRUNCATED', `length of tag ${tagHex(tag)} runs past the end of the data`, pathOf(), s.base + start);
  const l0 = s.bytes[pos++] as number;
  let length: number;
  if (l0 < 0x80) {
    length = l0;
  } else if (l0 === 0x80) {
    if (!s.allowIndefinite)
      fail('TLV_MALFORMED', `indefinite length for tag ${tagHex(tag)} (not allowed)`, pathOf(), s.base + start);
    if (!constructed)
      fail('TLV_MALFORMED', `indefinite length on primitive tag ${tagHex(tag)}`, pathOf(), s.base + start);
    length = -1;
  } else {
    const n = l0 & 0x7f;
    if (n > 4)
      fail('TLV_LIMIT', `length of tag ${tagHex(tag)} uses ${n} bytes (at most 4 supported)`, pathOf(), s.base + start);
    if (pos + n > end)
      fail('TLV_TRUNCATED', `length of tag ${tagHex(tag)} runs past the end of the data`, pathOf(), s.base + start);
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + (s.bytes[pos++] as number);
    if (!s.allowNonMinimal) {
      const minimal = length < 0x80 ? 0 : length < 0x100 ? 1 : length < 0x10000 ? 2 : length < 0x1000000 ? 3 : 4;
      if (n !== minimal)
        fail('TLV_MALFORMED', `non-minimal length encoding for tag ${tagHex(tag)}`, pathOf(), s.base + start);
    }
  }
  return { tag, constructed, headerLength: pos - start, length };
}

/**
 * A decoded node. Its path (`6E/31/30[2]/06`) is built only when asked for, which is when an error is reported:
 * building it eagerly for every node was a large share of decoding time.
 */
class Node implements Tlv {
  readonly children: Tlv[] = [];
  #path: string | undefined;
  constructor(
    readonly tag: number,
    readonly constructed: boolean,
    public value: Uint8Array,
    public raw: Uint8Array,
    readonly offset: number,
    readonly headerLength: number,
    readonly indefinite: boolean,
    private readonly parentPath: () => string,
    private readonly index: number,
  ) {}

  get path(): string {
    if (this.#path === undefined) {
      // A position index is written for every child but the first, so that repeated tags stay distinct.
      const name = this.index > 0 ? `${tagHex(this.tag)}[${this.index}]` : tagHex(this.tag);
      const parent = this.parentPath();
      this.#path = parent ? `${parent}/${name}` : name;
    }
    return this.#path;
  }
}

/** Decodes objects in bytes[pos, end) at the given depth into `out`; returns the position after the last. */
function decodeList(
  s: State,
  pos: number,
  end: number,
  depth: number,
  path: () => string,
  untilEoc: boolean,
  out: Tlv[],
): number {
  while (pos < end) {
    if (untilEoc && s.bytes[pos] === 0x00) {
      if (pos + 1 >= end || s.bytes[pos + 1] !== 0x00)
        fail('TLV_MALFORMED', 'malformed end-of-contents', path(), s.base + pos);
      return pos + 2;
    }
    const [node, next] = decodeOne(s, pos, end, depth, path, out.length);
    out.push(node);
    pos = next;
  }
  if (untilEoc) fail('TLV_TRUNCATED', 'missing end-of-contents of an indefinite-length object', path(), s.base + pos);
  return pos;
}

function decodeOne(
  s: State,
  pos: number,
  end: number,
  depth: number,
  parentPath: () => string,
  index: number,
): [Tlv, number] {
  if (++s.nodes > s.maxNodes) fail('TLV_LIMIT', `more than ${s.maxNodes} objects`, parentPath(), s.base + pos);
  if (depth > s.maxDepth) fail('TLV_LIMIT', `nesting deeper than ${s.maxDepth}`, parentPath(), s.base + pos);
  const start = pos;
  const h = readHeader(s, pos, end, parentPath);
  const valueStart = start + h.headerLength;
  if (h.length === -1) {
    const node = new Node(h.tag, true, EMPTY, EMPTY, s.base + start, h.headerLength, true, parentPath, index);
    const after = decodeList(s, valueStart, end, depth + 1, () => node.path, true, node.children);
    node.value = s.bytes.subarray(valueStart, after - 2);
    node.raw = s.bytes.subarray(start, after);
    return [node, after];
  }
  if (h.length > end - valueStart) {
    const path = new Node(h.tag, h.constructed, EMPTY, EMPTY, s.base + start, 0, false, parentPath, index).path;
    fail(
      'TLV_TRUNCATED',
      `tag ${tagHex(h.tag)} declares ${h.length} bytes but only ${end - valueStart} remain`,
      path,
      s.base + start,
    );
  }
  const valueEnd = valueStart + h.length;
  const node = new Node(
    h.tag,
    h.constructed,
    s.bytes.subarray(valueStart, valueEnd),
    s.bytes.subarray(start, valueEnd),
    s.base + start,
    h.headerLength,
    false,
    parentPath,
    index,
  );
  if (h.constructed) decodeList(s, valueStart, valueEnd, depth + 1, () => node.path, false, node.children);
  return [node, valueEnd];
}

const EMPTY = new Uint8Array(0);

function state(bytes: Uint8Array, o: TlvDecodeOptions): State {
  if (!(bytes instanceof Uint8Array)) throw new CccdError('INVALID_ARGUMENT', 'bytes: expected Uint8Array');
  return {
    bytes,
    base: o.baseOffset ?? 0,
    allowIndefinite: o.allowIndefinite ?? false,
    allowNonMinimal: o.allowNonMinimalLength ?? false,
    maxDepth: o.maxDepth ?? DEFAULT_MAX_DEPTH,
    maxNodes: o.maxNodes ?? DEFAULT_MAX_NODES,
    nodes: 0,
  };
}

function isPadding(bytes: Uint8Array, from: number): boolean {
  for (let i = from; i < bytes.length; i++) if (bytes[i] !== 0x00 && bytes[i] !== 0xff) return false;
  return true;
}

/**
 * Decodes exactly one data object. Strict: the object must fill `bytes` unless `allowTrailing`
 * (which accepts 00/FF padding only, as files read from chips carry).
 *
 * @example
 * const com = decodeTlv(fromHex('60145F0104303130365F36063034303030305C026175'), { path: 'EF.COM' });
 * com.children[0].tag; // 0x5F01
 */
export function decodeTlv(bytes: Uint8Array, options: TlvDecodeOptions = {}): Tlv {
  const s = state(bytes, options);
  const prefix = options.path ?? '';
  const [node, next] = decodeOne(s, 0, bytes.length, 0, () => prefix, 0);
  if (next !== bytes.length && !(options.allowTrailing && isPadding(bytes, next))) {
    fail('TLV_MALFORMED', `${bytes.length - next} trailing bytes after the object`, options.path ?? '', s.base + next);
  }
  return node;
}

/** Decodes a concatenation of data objects (e.g. the content of a constructed object, or a file of several). */
export function decodeTlvList(bytes: Uint8Array, options: TlvDecodeOptions = {}): Tlv[] {
  const s = state(bytes, options);
  const prefix = options.path ?? '';
  const out: Tlv[] = [];
  decodeList(s, 0, bytes.length, 0, () => prefix, false, out);
  return out;
}

/**
 * Reads only the header of the object at the start of `bytes` and returns its total length, without
 * needing the value. Used to size a file from its first bytes (ICAO 9303-10: read the header, then the rest).
 * Returns undefined when more bytes are needed to see the whole header.
 */
export function peekTlvLength(bytes: Uint8Array, options: Pick<TlvDecodeOptions, 'path'> = {}): number | undefined {
  const s = state(bytes, { allowNonMinimalLength: true });
  try {
    const h = readHeader(s, 0, bytes.length, () => options.path ?? '');
    if (h.length < 0) fail('TLV_MALFORMED', 'indefinite length at the top of a file', options.path ?? '', 0);
    return h.headerLength + h.length;
  } catch (e) {
    if (e instanceof CccdError && e.code === 'TLV_TRUNCATED') return undefined;
    throw e;
  }
}
