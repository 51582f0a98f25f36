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
  /** Name of the input, the first segment of every path. */
  readonly prefix: string;
  nodes: number;
  // The header just read (readHeader writes here rather than allocating an object per node).
  tag: number;
  constructed: boolean;
  headerLength: number;
  /** -1 for the indefinite form. */
  length: number;
}

export function tagHex(tag: number): string {
  const h = tag.toString(16).toUpperCase();
  return h.length % 2 ? `0${h}` : h;
}

function fail(code: 'TLV_TRUNCATED' | 'TLV_MALFORMED' | 'TLV_LIMIT', msg: string, path: string, offset: number): never {
  throw new CccdError(code, msg, { path: path || '/', offset });
}

/** Path of the object being read under `parent` (the input's name at the top). */
function pathUnder(s: State, parent: Node | undefined): string {
  return parent ? parent.path : s.prefix;
}

/** Reads a tag and length at `pos` into `s`; `end` bounds the enclosing object. */
function readHeader(s: State, pos: number, end: number, parent: Node | undefined): void {
  const start = pos;
  const bytes = s.bytes;
  if (pos >= end)
    fail('TLV_TRUNCATED', 'expected a tag, found the end of the data', pathUnder(s, parent), s.base + pos);
  const first = bytes[pos++] as number;
  if (first === 0x00 || first === 0xff) {
    // ISO/IEC 7816-4 §5.2: 00 and FF are not valid first tag bytes (they are padding between objects).
    fail('TLV_MALFORMED', `invalid tag byte ${tagHex(first)}`, pathUnder(s, parent), s.base + start);
  }
  let tag = first;
  if ((first & 0x1f) === 0x1f) {
    // Subsequent tag bytes: bit 8 set means another byte follows (ISO/IEC 8825-1 §8.1.2.4).
    let count = 0;
    for (;;) {
      if (pos >= end) fail('TLV_TRUNCATED', 'tag runs past the end of the data', pathUnder(s, parent), s.base + start);
      const b = bytes[pos++] as number;
      count++;
      if (count === 1 && (b & 0x7f) === 0)
        fail('TLV_MALFORMED', 'tag number has a leading zero byte', pathUnder(s, parent), s.base + start);
      if (count > 3)
        fail('TLV_LIMIT', 'tags longer than 4 bytes are not supported', pathUnder(s, parent), s.base + start);
      tag = tag * 256 + b;
      if ((b & 0x80) === 0) break;
    }
  }
  const constructed = (first & 0x20) !== 0;
  if (pos >= end)
    fail(
      'TLV_TRUNCATED',
      `length of tag ${tagHex(tag)} runs past the end of the data`,
      pathUnder(s, parent),
      s.base + start,
    );
  const l0 = bytes[pos++] as number;
  let length: number;
  if (l0 < 0x80) {
    length = l0;
  } else if (l0 === 0x80) {
    if (!s.allowIndefinite)
      fail(
        'TLV_MALFORMED',
        `indefinite length for tag ${tagHex(tag)} (not allowed)`,
        pathUnder(s, parent),
        s.base + start,
      );
    if (!constructed)
      fail('TLV_MALFORMED', `indefinite length on primitive tag ${tagHex(tag)}`, pathUnder(s, parent), s.base + start);
    length = -1;
  } else {
    const n = l0 & 0x7f;
    if (n > 4)
      fail(
        'TLV_LIMIT',
        `length of tag ${tagHex(tag)} uses ${n} bytes (at most 4 supported)`,
        pathUnder(s, parent),
        s.base + start,
      );
    if (pos + n > end)
      fail(
        'TLV_TRUNCATED',
        `length of tag ${tagHex(tag)} runs past the end of the data`,
        pathUnder(s, parent),
        s.base + start,
      );
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + (bytes[pos++] as number);
    if (!s.allowNonMinimal) {
      const minimal = length < 0x80 ? 0 : length < 0x100 ? 1 : length < 0x10000 ? 2 : length < 0x1000000 ? 3 : 4;
      if (n !== minimal)
        fail(
          'TLV_MALFORMED',
          `non-minimal length encoding for tag ${tagHex(tag)}`,
          pathUnder(s, parent),
          s.base + start,
        );
    }
  }
  s.tag = tag;
  s.constructed = constructed;
  s.headerLength = pos - start;
  s.length = length;
}

/**
 * A decoded node. Its path (`6E/31/30[2]/06`) is built only when asked for, which is when an error is reported,
 * and `value`/`raw` are views made on first use: a certificate or EF.SOD has a hundred nodes of which a decoder
 * looks at a few dozen, and building paths and views eagerly was most of the decoding time.
 */
class Node implements Tlv {
  readonly children: Tlv[] = [];
  #path: string | undefined;
  #value: Uint8Array | undefined;
  #raw: Uint8Array | undefined;
  /** Where the value ends in `bytes` (before the end-of-contents octets of an indefinite object). */
  valueEnd = 0;
  /** Where the whole object ends in `bytes`. */
  end = 0;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly start: number,
    readonly tag: number,
    readonly constructed: boolean,
    readonly offset: number,
    readonly headerLength: number,
    readonly indefinite: boolean,
    private readonly parent: Node | undefined,
    private readonly prefix: string,
    private readonly index: number,
  ) {}

  get value(): Uint8Array {
    if (this.#value === undefined) this.#value = this.bytes.subarray(this.start + this.headerLength, this.valueEnd);
    return this.#value;
  }

  get raw(): Uint8Array {
    if (this.#raw === undefined) this.#raw = this.bytes.subarray(this.start, this.end);
    return this.#raw;
  }

  get path(): string {
    if (this.#path === undefined) {
      // A position index is written for every child but the first, so that repeated tags stay distinct.
      const name = this.index > 0 ? `${tagHex(this.tag)}[${this.index}]` : tagHex(this.tag);
      const parent = this.parent ? this.parent.path : this.prefix;
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
  parent: Node | undefined,
  untilEoc: boolean,
  out: Tlv[],
): number {
  while (pos < end) {
    if (untilEoc && s.bytes[pos] === 0x00) {
      if (pos + 1 >= end || s.bytes[pos + 1] !== 0x00)
        fail('TLV_MALFORMED', 'malformed end-of-contents', pathUnder(s, parent), s.base + pos);
      return pos + 2;
    }
    const node = decodeOne(s, pos, end, depth, parent, out.length);
    out.push(node);
    pos = node.end;
  }
  if (untilEoc)
    fail('TLV_TRUNCATED', 'missing end-of-contents of an indefinite-length object', pathUnder(s, parent), s.base + pos);
  return pos;
}

function decodeOne(s: State, pos: number, end: number, depth: number, parent: Node | undefined, index: number): Node {
  if (++s.nodes > s.maxNodes) fail('TLV_LIMIT', `more than ${s.maxNodes} objects`, pathUnder(s, parent), s.base + pos);
  if (depth > s.maxDepth) fail('TLV_LIMIT', `nesting deeper than ${s.maxDepth}`, pathUnder(s, parent), s.base + pos);
  const start = pos;
  readHeader(s, pos, end, parent);
  const valueStart = start + s.headerLength;
  const length = s.length;
  const node = new Node(
    s.bytes,
    start,
    s.tag,
    length === -1 || s.constructed,
    s.base + start,
    s.headerLength,
    length === -1,
    parent,
    s.prefix,
    index,
  );
  if (length === -1) {
    const after = decodeList(s, valueStart, end, depth + 1, node, true, node.children);
    node.valueEnd = after - 2;
    node.end = after;
    return node;
  }
  if (length > end - valueStart) {
    fail(
      'TLV_TRUNCATED',
      `tag ${tagHex(node.tag)} declares ${length} bytes but only ${end - valueStart} remain`,
      node.path,
      s.base + start,
    );
  }
  node.valueEnd = node.end = valueStart + length;
  if (node.constructed) decodeList(s, valueStart, node.end, depth + 1, node, false, node.children);
  return node;
}

function state(bytes: Uint8Array, o: TlvDecodeOptions): State {
  if (!(bytes instanceof Uint8Array)) throw new CccdError('INVALID_ARGUMENT', 'bytes: expected Uint8Array');
  return {
    bytes,
    base: o.baseOffset ?? 0,
    allowIndefinite: o.allowIndefinite ?? false,
    allowNonMinimal: o.allowNonMinimalLength ?? false,
    maxDepth: o.maxDepth ?? DEFAULT_MAX_DEPTH,
    maxNodes: o.maxNodes ?? DEFAULT_MAX_NODES,
    prefix: o.path ?? '',
    nodes: 0,
    tag: 0,
    constructed: false,
    headerLength: 0,
    length: 0,
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
  const node = decodeOne(s, 0, bytes.length, 0, undefined, 0);
  const next = node.end;
  if (next !== bytes.length && !(options.allowTrailing && isPadding(bytes, next))) {
    fail('TLV_MALFORMED', `${bytes.length - next} trailing bytes after the object`, options.path ?? '', s.base + next);
  }
  return node;
}

/** Decodes a concatenation of data objects (e.g. the content of a constructed object, or a file of several). */
export function decodeTlvList(bytes: Uint8Array, options: TlvDecodeOptions = {}): Tlv[] {
  const s = state(bytes, options);
  const out: Tlv[] = [];
  decodeList(s, 0, bytes.length, 0, undefined, false, out);
  return out;
}

/**
 * Reads only the header of the object at the start of `bytes` and returns its total length, without
 * needing the value. Used to size a file from its first bytes (ICAO 9303-10: read the header, then the rest).
 * Returns undefined when more bytes are needed to see the whole header.
 */
export function peekTlvLength(bytes: Uint8Array, options: Pick<TlvDecodeOptions, 'path'> = {}): number | undefined {
  const s = state(bytes, { allowNonMinimalLength: true, ...(options.path ? { path: options.path } : {}) });
  try {
    readHeader(s, 0, bytes.length, undefined);
    if (s.length < 0) fail('TLV_MALFORMED', 'indefinite length at the top of a file', options.path ?? '', 0);
    return s.headerLength + s.length;
  } catch (e) {
    if (e instanceof CccdError && e.code === 'TLV_TRUNCATED') return undefined;
    throw e;
  }
}
