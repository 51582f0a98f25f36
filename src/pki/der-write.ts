// ITU-T X.690 DER building for the signing paths of RFC 5652 and ICAO 9303-10: OBJECT IDENTIFIERs and small
// INTEGERs are constant, so their encodings are computed once (signing an EF.SOD encodes a dozen of them).
import { encodeInteger, encodeOid } from '../asn1/der.js';
import { allocPublic } from '../bytes.js';

const OIDS = new Map<string, Uint8Array>();
const INTS: Uint8Array[] = [];

/** DER OBJECT IDENTIFIER of a dotted OID, memoized (callers must not modify the returned bytes). */
export function oidDer(dotted: string): Uint8Array {
  let der = OIDS.get(dotted);
  if (!der) {
    der = encodeOid(dotted);
    OIDS.set(dotted, der);
  }
  return der;
}

/** DER INTEGER of 0..127 (versions, data group numbers) without going through bigint; larger values delegate. */
export function smallIntDer(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0 || n > 127) return encodeInteger(n);
  let der = INTS[n];
  if (!der) {
    der = Uint8Array.of(0x02, 0x01, n);
    INTS[n] = der;
  }
  return der;
}

/** A constructed value whose encoding is written once by `flatten` (nested encodeTlv would copy each level). */
export interface DerNode {
  readonly tag: number;
  readonly parts: readonly (Uint8Array | DerNode)[];
  readonly length: number;
}

// `instanceof Uint8Array` rather than `'tag' in p`: the `in` operator on a typed array takes V8's slow path, and
// these two functions run for every node of every EF.SOD signed.
const size = (p: Uint8Array | DerNode): number =>
  p instanceof Uint8Array ? p.length : headerLength(p.tag, p.length) + p.length;

/** Bytes of the tag and length octets of a TLV with `length` content bytes. */
export function headerLength(tag: number, length: number): number {
  const t = tag > 0xffffff ? 4 : tag > 0xffff ? 3 : tag > 0xff ? 2 : 1;
  return t + (length < 0x80 ? 1 : length < 0x100 ? 2 : length < 0x10000 ? 3 : length < 0x1000000 ? 4 : 5);
}

/** A TLV of `tag` around `parts`, to be encoded by `flatten`. */
export function derNode(tag: number, ...parts: (Uint8Array | DerNode)[]): DerNode {
  let length = 0;
  for (const p of parts) length += size(p);
  return { tag, parts, length };
}

/** Writes the tag and DER length octets at `at`; returns the position of the content. */
export function writeHeader(out: Uint8Array, at: number, tag: number, n: number): number {
  let pos = at;
  const tagBytes = tag > 0xffffff ? 4 : tag > 0xffff ? 3 : tag > 0xff ? 2 : 1;
  for (let i = tagBytes - 1; i >= 0; i--) out[pos++] = (tag >>> (8 * i)) & 0xff;
  if (n < 0x80) out[pos++] = n;
  else {
    const lenBytes = n < 0x100 ? 1 : n < 0x10000 ? 2 : n < 0x1000000 ? 3 : 4;
    out[pos++] = 0x80 | lenBytes;
    for (let i = lenBytes - 1; i >= 0; i--) out[pos++] = (n >>> (8 * i)) & 0xff;
  }
  return pos;
}

/** Bytes of a whole TLV with `length` content bytes. */
export const tlvSize = (tag: number, length: number): number => headerLength(tag, length) + length;

/** Copies `bytes` to out[at] and returns the position after them. */
export function writeBytes(out: Uint8Array, at: number, bytes: Uint8Array): number {
  if (bytes.length > 16) out.set(bytes, at);
  else for (let i = 0; i < bytes.length; i++) out[at + i] = bytes[i] as number; // set() costs more for a few bytes
  return at + bytes.length;
}

function write(out: Uint8Array, at: number, p: Uint8Array | DerNode): number {
  if (p instanceof Uint8Array) return writeBytes(out, at, p);
  let pos = writeHeader(out, at, p.tag, p.length);
  for (const c of p.parts) pos = write(out, pos, c);
  return pos;
}

/** The DER bytes of a node tree, in one allocation. */
export function flatten(p: DerNode): Uint8Array {
  const out = allocPublic(size(p));
  write(out, 0, p);
  return out;
}
