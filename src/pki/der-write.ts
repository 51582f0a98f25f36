// ITU-T X.690 DER building for the signing paths of RFC 5652 and ICAO 9303-10: OBJECT IDENTIFIERs and small
// INTEGERs are constant, so their encodings are computed once (signing an EF.SOD encodes a dozen of them).
import { encodeInteger, encodeOid } from '../asn1/der.js';

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

const size = (p: Uint8Array | DerNode): number => ('tag' in p ? headerLength(p.tag, p.length) + p.length : p.length);

function headerLength(tag: number, length: number): number {
  const t = tag > 0xffffff ? 4 : tag > 0xffff ? 3 : tag > 0xff ? 2 : 1;
  return t + (length < 0x80 ? 1 : length < 0x100 ? 2 : length < 0x10000 ? 3 : length < 0x1000000 ? 4 : 5);
}

/** A TLV of `tag` around `parts`, to be encoded by `flatten`. */
export function derNode(tag: number, ...parts: (Uint8Array | DerNode)[]): DerNode {
  let length = 0;
  for (const p of parts) length += size(p);
  return { tag, parts, length };
}

function write(out: Uint8Array, at: number, p: Uint8Array | DerNode): number {
  if (!('tag' in p)) {
    out.set(p, at);
    return at + p.length;
  }
  let pos = at;
  const tagBytes = p.tag > 0xffffff ? 4 : p.tag > 0xffff ? 3 : p.tag > 0xff ? 2 : 1;
  for (let i = tagBytes - 1; i >= 0; i--) out[pos++] = (p.tag >>> (8 * i)) & 0xff;
  const n = p.length;
  if (n < 0x80) out[pos++] = n;
  else {
    const lenBytes = n < 0x100 ? 1 : n < 0x10000 ? 2 : n < 0x1000000 ? 3 : 4;
    out[pos++] = 0x80 | lenBytes;
    for (let i = lenBytes - 1; i >= 0; i--) out[pos++] = (n >>> (8 * i)) & 0xff;
  }
  for (const c of p.parts) pos = write(out, pos, c);
  return pos;
}

/** The DER bytes of a node tree, in one allocation. */
export function flatten(p: DerNode): Uint8Array {
  const out = new Uint8Array(size(p));
  write(out, 0, p);
  return out;
}
