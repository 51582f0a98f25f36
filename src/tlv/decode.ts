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
  /** Tags and positions of the objects enclosing the one being checked (see walkOne), for error paths. */
  readonly frameTags: number[];
  readonly frameIndexes: number[];
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

/**
 * Where an object being read sits: under a built node, under the first `depth` frames of the check walk, or at the
 * top (undefined).
 */
type Parent = Node | number | undefined;

/** Path of the object being read under `parent` (the input's name at the top). */
function pathUnder(s: State, parent: Parent): string {
  if (parent === undefined) return s.prefix;
  if (typeof parent !== 'number') return parent.path;
  let path = s.prefix;
  for (let i = 0; i < parent; i++) {
    const index = s.frameIndexes[i] as number;
    const name = index > 0 ? `${tagHex(s.frameTags[i] as number)}[${index}]` : tagHex(s.frameTags[i] as number);
    path = path ? `${path}/${name}` : name;
  }
  return path;
}

/** Reads a tag and length at `pos` into `s`; `end` bounds the enclosing object. */
function readHeader(s: State, pos: number, end: number, parent: Parent): void {
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
 * True when the object at `pos` has a one-byte tag and a short definite length (X.690 §8.1.2.2, §8.1.3.4), the
 * form of most objects in a certificate or EF.SOD: read without readHeader's general path, with the same result.
 */
function isShortForm(bytes: Uint8Array, pos: number, end: number): boolean {
  const first = bytes[pos] as number;
  return (
    pos + 1 < end && (bytes[pos + 1] as number) < 0x80 && first !== 0x00 && first !== 0xff && (first & 0x1f) !== 0x1f
  );
}

/**
 * Checks the objects in bytes[pos, end) at `depth` without building anything: every rule and limit of BER-TLV
 * decoding, in document order, so that the first failure is the one reported. Returns the position after the last
 * object (after the end-of-contents octets when `untilEoc`).
 */
function walkList(s: State, pos: number, end: number, depth: number, untilEoc: boolean): number {
  let index = 0;
  while (pos < end) {
    if (untilEoc && s.bytes[pos] === 0x00) {
      if (pos + 1 >= end || s.bytes[pos + 1] !== 0x00)
        fail('TLV_MALFORMED', 'malformed end-of-contents', pathUnder(s, depth), s.base + pos);
      return pos + 2;
    }
    pos = walkOne(s, pos, end, depth, index++);
  }
  if (untilEoc)
    fail('TLV_TRUNCATED', 'missing end-of-contents of an indefinite-length object', pathUnder(s, depth), s.base + pos);
  return pos;
}

/** Checks one object at `pos` (the `index`-th of its parent) and everything inside it; returns its end. */
function walkOne(s: State, pos: number, end: number, depth: number, index: number): number {
  if (++s.nodes > s.maxNodes) fail('TLV_LIMIT', `more than ${s.maxNodes} objects`, pathUnder(s, depth), s.base + pos);
  if (depth > s.maxDepth) fail('TLV_LIMIT', `nesting deeper than ${s.maxDepth}`, pathUnder(s, depth), s.base + pos);
  let tag: number;
  let length: number;
  let constructed: boolean;
  let valueStart: number;
  if (isShortForm(s.bytes, pos, end)) {
    tag = s.bytes[pos] as number;
    length = s.bytes[pos + 1] as number;
    constructed = (tag & 0x20) !== 0;
    valueStart = pos + 2;
  } else {
    readHeader(s, pos, end, depth);
    tag = s.tag;
    length = s.length;
    constructed = s.constructed;
    valueStart = pos + s.headerLength;
  }
  s.frameTags[depth] = tag;
  s.frameIndexes[depth] = index;
  if (length === -1) return walkList(s, valueStart, end, depth + 1, true);
  if (length > end - valueStart) {
    fail(
      'TLV_TRUNCATED',
      `tag ${tagHex(tag)} declares ${length} bytes but only ${end - valueStart} remain`,
      pathUnder(s, depth + 1),
      s.base + pos,
    );
  }
  if (constructed) walkList(s, valueStart, valueStart + length, depth + 1, false);
  return valueStart + length;
}

/**
 * A decoded node over bytes that walkOne has already checked. Its children, its `value`/`raw` views and its path
 * (`6E/31/30[2]/06`) are built on first use: an EF.SOD has a hundred objects, of which passive authentication
 * reads about half (the embedded certificate is found in a cache by its bytes), and building everything eagerly
 * was most of the decoding time.
 */
class Node implements Tlv {
  #children: Tlv[] | undefined;
  #path: string | undefined;
  #value: Uint8Array | undefined;
  #raw: Uint8Array | undefined;
  constructor(
    private readonly s: State,
    private readonly start: number,
    /** Where the value ends (before the end-of-contents octets of an indefinite object). */
    private readonly valueEnd: number,
    /** Where the whole object ends. */
    readonly end: number,
    private readonly depth: number,
    readonly tag: number,
    readonly constructed: boolean,
    readonly headerLength: number,
    readonly indefinite: boolean,
    private readonly parent: Node | undefined,
    private readonly index: number,
  ) {}

  get offset(): number {
    return this.s.base + this.start;
  }

  get children(): readonly Tlv[] {
    if (this.#children === undefined) {
      const children: Tlv[] = [];
      if (this.constructed) {
        for (let pos = this.start + this.headerLength; pos < this.valueEnd; ) {
          const child = build(this.s, pos, this.valueEnd, this.depth + 1, this, children.length);
          children.push(child);
          pos = child.end;
        }
      }
      this.#children = children;
    }
    return this.#children;
  }

  get value(): Uint8Array {
    if (this.#value === undefined) this.#value = this.s.bytes.subarray(this.start + this.headerLength, this.valueEnd);
    return this.#value;
  }

  get raw(): Uint8Array {
    if (this.#raw === undefined) this.#raw = this.s.bytes.subarray(this.start, this.end);
    return this.#raw;
  }

  get path(): string {
    if (this.#path === undefined) {
      // A position index is written for every child but the first, so that repeated tags stay distinct.
      const name = this.index > 0 ? `${tagHex(this.tag)}[${this.index}]` : tagHex(this.tag);
      const parent = this.parent ? this.parent.path : this.s.prefix;
      this.#path = parent ? `${parent}/${name}` : name;
    }
    return this.#path;
  }
}

/** The node of the (checked) object at `pos`. */
function build(s: State, pos: number, end: number, depth: number, parent: Node | undefined, index: number): Node {
  if (isShortForm(s.bytes, pos, end)) {
    const tag = s.bytes[pos] as number;
    const valueEnd = pos + 2 + (s.bytes[pos + 1] as number);
    return new Node(s, pos, valueEnd, valueEnd, depth, tag, (tag & 0x20) !== 0, 2, false, parent, index);
  }
  readHeader(s, pos, end, parent);
  const tag = s.tag;
  const constructed = s.constructed;
  const headerLength = s.headerLength;
  const length = s.length;
  if (length === -1) {
    // The end of an indefinite object is found by walking to its end-of-contents (not counted again as objects).
    const counted = s.nodes;
    const after = walkList(s, pos + headerLength, end, depth + 1, true);
    s.nodes = counted;
    return new Node(s, pos, after - 2, after, depth, tag, true, headerLength, true, parent, index);
  }
  const valueEnd = pos + headerLength + length;
  return new Node(s, pos, valueEnd, valueEnd, depth, tag, constructed, headerLength, false, parent, index);
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
    frameTags: [],
    frameIndexes: [],
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

/** Checks the one object `bytes` must hold (padding after it only with `allowTrailing`); returns its end. */
function checkOne(s: State, options: TlvDecodeOptions): number {
  const bytes = s.bytes;
  const next = walkOne(s, 0, bytes.length, 0, 0);
  if (next !== bytes.length && !(options.allowTrailing && isPadding(bytes, next))) {
    fail('TLV_MALFORMED', `${bytes.length - next} trailing bytes after the object`, options.path ?? '', s.base + next);
  }
  return next;
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
  return build(s, 0, checkOne(s, options), 0, undefined, 0);
}

/**
 * A checked object read by position instead of through nodes: `at(pos, end)` puts the header of the object at
 * `pos` into the fields below and allocates nothing. It serves the decoders that run for every document (EF.SOD,
 * CMS SignedData: some 60 objects each, most read once), where building a node per object was most of the time.
 * The input was checked whole by readTlv, so reading can no longer fail; the input must not change while in use.
 */
export class TlvReader {
  /** The header of the object last read by `at`. */
  tag = 0;
  constructed = false;
  indefinite = false;
  /** Where the object starts, its value starts and ends (before any end-of-contents), and the whole object ends. */
  start = 0;
  valueStart = 0;
  valueEnd = 0;
  end = 0;

  /** @internal use readTlv */
  constructor(private readonly s: State) {}

  /** The input. */
  get bytes(): Uint8Array {
    return this.s.bytes;
  }

  /** Offset of `pos` in the outermost input (for error reports). */
  offset(pos: number): number {
    return this.s.base + pos;
  }

  /**
   * Reads the header of the object at `pos`, which must lie before `end` (the end of the enclosing value); returns
   * its tag.
   */
  at(pos: number, end: number): number {
    const s = this.s;
    this.start = pos;
    this.indefinite = false;
    if (isShortForm(s.bytes, pos, end)) {
      const tag = s.bytes[pos] as number;
      this.tag = tag;
      this.constructed = (tag & 0x20) !== 0;
      this.valueStart = pos + 2;
      this.valueEnd = this.end = pos + 2 + (s.bytes[pos + 1] as number);
      return tag;
    }
    readHeader(s, pos, end, undefined);
    this.tag = s.tag;
    this.constructed = s.constructed;
    this.valueStart = pos + s.headerLength;
    if (s.length === -1) {
      // As in build: the end of an indefinite object is its end-of-contents, found by walking to it.
      const counted = s.nodes;
      this.end = walkList(s, this.valueStart, end, 0, true);
      s.nodes = counted;
      this.valueEnd = this.end - 2;
      this.indefinite = true;
    } else this.valueEnd = this.end = this.valueStart + s.length;
    return this.tag;
  }

  /**
   * The number of objects in bytes[from, to) (the content of a constructed object). The header last read stays in
   * the fields.
   */
  count(from: number, to: number): number {
    const { tag, constructed, indefinite, start, valueStart, valueEnd, end } = this;
    let n = 0;
    for (let pos = from; pos < to; n++) {
      this.at(pos, to);
      pos = this.end;
    }
    this.tag = tag;
    this.constructed = constructed;
    this.indefinite = indefinite;
    this.start = start;
    this.valueStart = valueStart;
    this.valueEnd = valueEnd;
    this.end = end;
    return n;
  }

  /** The object at `pos` as a node, for decoders that take nodes. */
  node(pos: number, end: number): Tlv {
    return build(this.s, pos, end, 0, undefined, 0);
  }

  /** True when the object last read is exactly `der` (tag, length and value), e.g. a known OID. */
  holds(der: Uint8Array): boolean {
    const bytes = this.s.bytes;
    if (this.end - this.start !== der.length) return false;
    for (let i = 0; i < der.length; i++) if (bytes[this.start + i] !== der[i]) return false;
    return true;
  }

  /** A view of bytes[from, to). */
  view(from: number, to: number): Uint8Array {
    return this.s.bytes.subarray(from, to);
  }
}

/** Checks one data object (as decodeTlv) and returns a reader over it. */
export function readTlv(bytes: Uint8Array, options: TlvDecodeOptions = {}): TlvReader {
  const s = state(bytes, options);
  checkOne(s, options);
  return new TlvReader(s);
}

/** Decodes a concatenation of data objects (e.g. the content of a constructed object, or a file of several). */
export function decodeTlvList(bytes: Uint8Array, options: TlvDecodeOptions = {}): Tlv[] {
  const s = state(bytes, options);
  walkList(s, 0, bytes.length, 0, false);
  const out: Tlv[] = [];
  for (let pos = 0; pos < bytes.length; ) {
    const node = build(s, pos, bytes.length, 0, undefined, out.length);
    out.push(node);
    pos = node.end;
  }
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
