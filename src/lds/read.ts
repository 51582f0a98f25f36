// ICAO 9303-10 §4.6: shared reading helpers for the LDS elementary file decoders. Every decoder walks the
// bounded TLV tree of src/tlv with a semantic path (`DG14/SecurityInfos[2]/protocol`) so that an error says
// which field is wrong and at which byte offset, and none of them trusts a declared length.

import { expectField, Fields, readObjectIdentifier, readSmallInteger, readUnsignedInteger } from '../asn1/fields.js';
import { bytesToAscii, bytesToUtf8, copyBytes } from '../bytes.js';
import { CccdError } from '../errors.js';
import { decodeTlv, decodeTlvList, type Tlv, tagHex } from '../tlv/index.js';

/** Decoding options shared by every LDS decoder; the defaults are strict (architecture.md rule 7). */
export interface LdsDecodeOptions {
  /** Accept 00/FF padding after the file's object, as some chips return whole blocks. Default false. */
  allowTrailing?: boolean;
  /** Accept long-form lengths a shorter form could encode (seen on real chips). Default false. */
  allowNonMinimalLength?: boolean;
  /** Bound on the number of TLV objects in one file (default 10,000). */
  maxNodes?: number;
  /** Bound on nesting depth (default 32). */
  maxDepth?: number;
}

/** Decoded files carry the bytes exactly as received, so hashes run on them (architecture.md rule 8). */
export type Decoded<T> = T & { readonly raw: Uint8Array };

const LDS = 'LDS_MALFORMED' as const;

/** Throws LDS_MALFORMED naming the field path and the byte offset. */
export function malformed(path: string, offset: number | undefined, message: string, cause?: unknown): never {
  throw new CccdError('LDS_MALFORMED', message, { path, offset, cause });
}

/** Decodes the one object of a file and checks its tag; TLV-level faults keep their TLV_* codes. */
export function openFile(bytes: Uint8Array, name: string, tag: number, options: LdsDecodeOptions = {}): Tlv {
  if (!(bytes instanceof Uint8Array)) throw new CccdError('INVALID_ARGUMENT', `${name}: expected Uint8Array`);
  const root = decodeTlv(bytes, {
    path: name,
    allowTrailing: options.allowTrailing ?? false,
    allowNonMinimalLength: options.allowNonMinimalLength ?? false,
    maxNodes: options.maxNodes ?? 10_000,
    maxDepth: options.maxDepth ?? 32,
  });
  if (root.tag !== tag) malformed(name, 0, `expected tag ${tagHex(tag)}, got ${tagHex(root.tag)}`);
  return root;
}

/** Decodes the TLV objects inside a primitive value (e.g. a BIT STRING holding a DH INTEGER). */
export function openInner(value: Uint8Array, path: string, baseOffset: number): Tlv {
  return decodeTlv(value, { path, baseOffset, maxNodes: 10_000, maxDepth: 32 });
}

/** Decodes a list of TLV objects inside a primitive value. */
export function openInnerList(value: Uint8Array, path: string, baseOffset: number): Tlv[] {
  return decodeTlvList(value, { path, baseOffset, maxNodes: 10_000, maxDepth: 32 });
}

/** Offset of a node's value in the outermost input. */
export function valueOffset(node: Tlv): number {
  return node.offset + node.headerLength;
}

/** Throws unless `node` has `tag`; returns it. */
export function expectNode(node: Tlv, tag: number, path: string): Tlv {
  return expectField(node, tag, path, LDS);
}

/** The ordered walk of asn1/fields.ts with LDS_MALFORMED errors. */
export class Children extends Fields {
  constructor(node: Tlv, path: string) {
    super(node, path, LDS);
  }
}

/** A small non-negative INTEGER (versions, IDs, counts) in minimal DER form. */
export function readInt(node: Tlv, path: string, max = 0x7fffffff): number {
  return readSmallInteger(node, path, LDS, max);
}

/** A non-negative INTEGER of any size, as its minimal unsigned magnitude (RSA moduli, DH primes). */
export function readUnsigned(node: Tlv, path: string): bigint {
  return readUnsignedInteger(node, path, LDS);
}

export function readOid(node: Tlv, path: string): string {
  return readObjectIdentifier(node, path, LDS);
}

/** ASCII text (PrintableString, IA5String, ICAO MRZ/LDS text fields); refuses bytes above 7F. */
export function readAscii(node: Tlv, path: string): string {
  for (let i = 0; i < node.value.length; i++) {
    if ((node.value[i] as number) > 0x7e || (node.value[i] as number) < 0x20) {
      const b = node.value[i] as number;
      if (b !== 0x0a && b !== 0x0d) malformed(path, valueOffset(node) + i, `byte ${tagHex(b)} is not printable ASCII`);
    }
  }
  return bytesToAscii(node.value);
}

/** UTF-8 text, strictly decoded (ICAO 9303-10 §4.6.2: LDS text fields are UTF-8). */
export function readUtf8(node: Tlv, path: string): string {
  try {
    return bytesToUtf8(node.value);
  } catch (cause) {
    return malformed(path, node.offset, 'text is not valid UTF-8', cause);
  }
}

/** An image, record or key kept as bytes; a copy so that the caller may keep it. */
export function readBytes(node: Tlv): Uint8Array {
  return copyBytes(node.value);
}

/**
 * Reads fixed-width big-endian fields of a binary record (ISO/IEC 19794 records inside DG2/DG3), refusing
 * to read past its end; `base` is the record's offset in the outermost input, for error offsets.
 */
export class ByteCursor {
  pos = 0;
  constructor(
    readonly bytes: Uint8Array,
    readonly base: number,
    readonly path: string,
  ) {}

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  need(n: number, what: string): void {
    if (n < 0 || n > this.remaining) {
      malformed(`${this.path}/${what}`, this.base + this.pos, `needs ${n} bytes, ${this.remaining} remain`);
    }
  }

  /** An unsigned big-endian integer of 1..6 bytes. */
  uint(n: number, what: string): number {
    this.need(n, what);
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 256 + (this.bytes[this.pos + i] as number);
    this.pos += n;
    return v;
  }

  take(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = copyBytes(this.bytes.subarray(this.pos, this.pos + n));
    this.pos += n;
    return out;
  }

  /** Offset of the cursor in the outermost input. */
  get offset(): number {
    return this.base + this.pos;
  }
}

/** Writes fixed-width big-endian fields; the builder side of ByteCursor. */
export class ByteWriter {
  private readonly parts: number[] = [];
  private readonly chunks: Uint8Array[] = [];

  uint(value: number, n: number, what: string): this {
    if (!Number.isInteger(value) || value < 0 || value >= 2 ** (8 * n)) {
      throw new CccdError('INVALID_ARGUMENT', `${what}: ${value} does not fit in ${n} bytes`);
    }
    for (let i = n - 1; i >= 0; i--) this.parts.push(Math.floor(value / 2 ** (8 * i)) & 0xff);
    return this;
  }

  bytes(b: Uint8Array): this {
    this.flush();
    this.chunks.push(b);
    return this;
  }

  private flush(): void {
    if (this.parts.length) {
      this.chunks.push(Uint8Array.from(this.parts));
      this.parts.length = 0;
    }
  }

  finish(): Uint8Array {
    this.flush();
    let total = 0;
    for (const c of this.chunks) total += c.length;
    const out = new Uint8Array(total);
    let off = 0;
    for (const c of this.chunks) {
      out.set(c, off);
      off += c.length;
    }
    return out;
  }
}
