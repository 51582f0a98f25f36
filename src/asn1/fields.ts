// ITU-T X.690 §8.9 SEQUENCE components read in order, and the INTEGER (§8.3), OBJECT IDENTIFIER (§8.19) and
// BIT STRING (§8.6) values inside them. Errors name the field by its ASN.1 path (`DG15/subjectPublicKeyInfo/
// algorithm`) and carry the caller's code, so that one reader serves the LDS files (LDS_MALFORMED) and the
// structures they share with certificates (PKI_MALFORMED), such as SubjectPublicKeyInfo.
import { copyBytes } from '../bytes.js';
import { CccdError, type ErrorCode } from '../errors.js';
import { type Tlv, tagHex } from '../tlv/index.js';
import { decodeOidValue } from './der.js';

function fail(code: ErrorCode, path: string, offset: number, message: string, cause?: unknown): never {
  throw new CccdError(code, message, { path, offset, cause });
}

/** Throws `code` at `path` unless `node` has `tag`; returns it. */
export function expectField(node: Tlv, tag: number, path: string, code: ErrorCode): Tlv {
  if (node.tag !== tag) fail(code, path, node.offset, `expected tag ${tagHex(tag)}, got ${tagHex(node.tag)}`);
  return node;
}

/**
 * Walks the components of a constructed node in order: `next` for required elements, `optional` for elements
 * recognised by their tag, `end` to refuse unexpected trailing elements (DER has no room for extras).
 */
export class Fields {
  private i = 0;
  constructor(
    readonly node: Tlv,
    readonly path: string,
    readonly code: ErrorCode,
  ) {
    if (!node.constructed) fail(code, path, node.offset, `expected a constructed object, got tag ${tagHex(node.tag)}`);
  }

  get remaining(): readonly Tlv[] {
    return this.node.children.slice(this.i);
  }

  peek(): Tlv | undefined {
    return this.node.children[this.i];
  }

  /** The next element, which must have `tag`. */
  next(tag: number, name: string): Tlv {
    const child = this.node.children[this.i];
    if (!child) fail(this.code, `${this.path}/${name}`, this.node.offset, `missing (expected tag ${tagHex(tag)})`);
    this.i++;
    return expectField(child, tag, `${this.path}/${name}`, this.code);
  }

  /** The next element of any tag. */
  any(name: string): Tlv {
    const child = this.node.children[this.i];
    if (!child) fail(this.code, `${this.path}/${name}`, this.node.offset, 'missing');
    this.i++;
    return child;
  }

  /** The next element when it has `tag`, else undefined (nothing consumed). */
  optional(tag: number): Tlv | undefined {
    const child = this.node.children[this.i];
    if (child?.tag !== tag) return undefined;
    this.i++;
    return child;
  }

  end(): void {
    const child = this.node.children[this.i];
    if (child) fail(this.code, this.path, child.offset, `unexpected element with tag ${tagHex(child.tag)}`);
  }
}

/**
 * The content of a DER INTEGER that must be non-negative and minimal (X.690 §8.3.2), unchecked for size;
 * `redundantZeros` accepts leading zero bytes a minimal encoding would drop (BER-lenient readers).
 */
function integerContent(node: Tlv, path: string, code: ErrorCode, redundantZeros = false): Uint8Array {
  expectField(node, 0x02, path, code);
  const v = node.value;
  if (v.length === 0) fail(code, path, node.offset, 'empty INTEGER');
  if ((v[0] as number) & 0x80) fail(code, path, node.offset, 'negative INTEGER');
  if (!redundantZeros && v.length > 1 && v[0] === 0 && ((v[1] as number) & 0x80) === 0) {
    fail(code, path, node.offset, 'INTEGER with a redundant leading zero');
  }
  return v;
}

/** A small non-negative INTEGER (versions, IDs, counts) in minimal DER form, at most `max`. */
export function readSmallInteger(node: Tlv, path: string, code: ErrorCode, max = 0x7fffffff): number {
  const v = integerContent(node, path, code);
  if (v.length > 5) fail(code, path, node.offset, 'INTEGER too large');
  let n = 0;
  for (const b of v) n = n * 256 + b;
  if (n > max) fail(code, path, node.offset, `INTEGER ${n} above ${max}`);
  return n;
}

/**
 * A non-negative INTEGER of any size (RSA moduli, curve orders, DH primes), in minimal DER form unless
 * `redundantZeros`.
 */
export function readUnsignedInteger(node: Tlv, path: string, code: ErrorCode, redundantZeros = false): bigint {
  let n = 0n;
  for (const b of integerContent(node, path, code, redundantZeros)) n = (n << 8n) | BigInt(b);
  return n;
}

/** An OBJECT IDENTIFIER in dotted form. */
export function readObjectIdentifier(node: Tlv, path: string, code: ErrorCode): string {
  expectField(node, 0x06, path, code);
  try {
    return decodeOidValue(node.value, { path, offset: node.offset });
  } catch (cause) {
    return fail(code, path, node.offset, 'invalid OBJECT IDENTIFIER', cause);
  }
}

/** The content of a BIT STRING of whole bytes (keys, signatures: X.690 §8.6.2.2 initial octet 00), copied. */
export function readBitStringBytes(node: Tlv, path: string, code: ErrorCode): Uint8Array {
  expectField(node, 0x03, path, code);
  if (node.value.length === 0 || node.value[0] !== 0) fail(code, path, node.offset, 'BIT STRING with unused bits');
  return copyBytes(node.value.subarray(1));
}
