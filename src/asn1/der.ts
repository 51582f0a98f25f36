// Small DER helpers (ITU-T X.690 §8.3 INTEGER, §8.19 OBJECT IDENTIFIER, §8.6 BIT STRING, §8.7 OCTET STRING)
// on top of the one TLV codec. Decoders take a TLV node so that errors carry its path and offset.
import { asciiToBytes, bigIntToBytes, bytesToAscii, bytesToBigInt, concatBytes } from '../bytes.js';
import { CccdError, type ErrorCode } from '../errors.js';
import { encodeTlv, expectTag, type Tlv } from '../tlv/index.js';

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** OBJECT IDENTIFIER content octets from dotted notation. */
export function encodeOidValue(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map((a) => {
    if (!/^\d+$/.test(a)) throw new CccdError('INVALID_ARGUMENT', `oid: '${dotted}' is not dotted decimal`);
    return BigInt(a);
  });
  if (arcs.length < 2 || (arcs[0] as bigint) > 2n || ((arcs[0] as bigint) < 2n && (arcs[1] as bigint) > 39n)) {
    throw new CccdError('INVALID_ARGUMENT', `oid: '${dotted}' is not a valid object identifier`);
  }
  const first = (arcs[0] as bigint) * 40n + (arcs[1] as bigint);
  const out: number[] = [];
  for (const arc of [first, ...arcs.slice(2)]) {
    const septets: number[] = [];
    let v = arc;
    do {
      septets.unshift(Number(v & 0x7fn));
      v >>= 7n;
    } while (v > 0n);
    for (let i = 0; i < septets.length - 1; i++) septets[i] = (septets[i] as number) | 0x80;
    out.push(...septets);
  }
  return Uint8Array.from(out);
}

/** Dotted notation from OBJECT IDENTIFIER content octets; `where` names the node for errors. */
export function decodeOidValue(value: Uint8Array, where: { path?: string; offset?: number } = {}): string {
  if (value.length === 0 || value.length > 64) {
    throw new CccdError('ASN1_MALFORMED', 'object identifier of invalid length', where);
  }
  const arcs: bigint[] = [];
  let v = 0n;
  let started = false;
  for (let i = 0; i < value.length; i++) {
    const b = value[i] as number;
    if (!started && b === 0x80) throw new CccdError('ASN1_MALFORMED', 'object identifier arc with leading 80', where);
    started = true;
    v = (v << 7n) | BigInt(b & 0x7f);
    if ((b & 0x80) === 0) {
      arcs.push(v);
      v = 0n;
      started = false;
    }
  }
  if (started) throw new CccdError('ASN1_MALFORMED', 'object identifier ends inside an arc', where);
  const first = arcs[0] as bigint;
  const head = first < 40n ? [0n, first] : first < 80n ? [1n, first - 40n] : [2n, first - 80n];
  return [...head, ...arcs.slice(1)].join('.');
}

export function encodeOid(dotted: string): Uint8Array {
  return encodeTlv(TAG.OID, encodeOidValue(dotted));
}

export function decodeOid(node: Tlv, code: ErrorCode = 'ASN1_MALFORMED'): string {
  expectTag(node, TAG.OID, code);
  return decodeOidValue(node.value, { path: node.path, offset: node.offset });
}

/** DER INTEGER from a non-negative number or bigint (a 00 byte is prepended when the top bit is set). */
export function encodeInteger(value: number | bigint): Uint8Array {
  const v = BigInt(value);
  if (v < 0n) throw new CccdError('INVALID_ARGUMENT', 'encodeInteger: negative values are not used in ICAO structures');
  let bytes = bigIntToBytes(v);
  if ((bytes[0] as number) & 0x80) bytes = concatBytes(Uint8Array.of(0), bytes);
  return encodeTlv(TAG.INTEGER, bytes);
}

/** DER INTEGER content of an unsigned big-endian magnitude (e.g. an RSA modulus). */
export function encodeUnsignedInteger(magnitude: Uint8Array): Uint8Array {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const m = magnitude.subarray(start);
  return encodeTlv(TAG.INTEGER, (m[0] as number) & 0x80 ? concatBytes(Uint8Array.of(0), m) : m);
}

/** Decodes a non-negative INTEGER as bigint; rejects empty and negative encodings. */
export function decodeBigInt(node: Tlv, code: ErrorCode = 'ASN1_MALFORMED'): bigint {
  expectTag(node, TAG.INTEGER, code);
  if (node.value.length === 0) throw new CccdError(code, 'empty INTEGER', { path: node.path, offset: node.offset });
  if ((node.value[0] as number) & 0x80) {
    throw new CccdError(code, 'negative INTEGER where a non-negative one is required', {
      path: node.path,
      offset: node.offset,
    });
  }
  return bytesToBigInt(node.value);
}

/** Decodes a small non-negative INTEGER (versions, parameter IDs) as a number. */
export function decodeSmallInt(node: Tlv, code: ErrorCode = 'ASN1_MALFORMED'): number {
  const bytes = node.value;
  if (node.tag === TAG.INTEGER && bytes.length > 0 && bytes.length <= 6 && (bytes[0] as number) < 0x80) {
    // Versions and numbers fit in 48 bits: no bigint needed (they are decoded in every EF.SOD and certificate).
    let n = 0;
    for (const b of bytes) n = n * 256 + b;
    return n;
  }
  const v = decodeBigInt(node, code);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new CccdError(code, 'INTEGER too large', { path: node.path, offset: node.offset });
  }
  return Number(v);
}

/** The unsigned magnitude of an INTEGER without its sign byte. */
export function integerMagnitude(node: Tlv, code: ErrorCode = 'ASN1_MALFORMED'): Uint8Array {
  decodeBigInt(node, code);
  let start = 0;
  while (start < node.value.length - 1 && node.value[start] === 0) start++;
  return node.value.subarray(start);
}

export function encodeOctetString(value: Uint8Array): Uint8Array {
  return encodeTlv(TAG.OCTET_STRING, value);
}

/** BIT STRING with no unused bits (keys and signatures). */
export function encodeBitString(value: Uint8Array, unusedBits = 0): Uint8Array {
  return encodeTlv(TAG.BIT_STRING, Uint8Array.of(unusedBits), value);
}

/** Content of a BIT STRING that must have no unused bits (public keys, signatures). */
export function decodeBitStringBytes(node: Tlv, code: ErrorCode = 'ASN1_MALFORMED'): Uint8Array {
  expectTag(node, TAG.BIT_STRING, code);
  if (node.value.length === 0 || node.value[0] !== 0) {
    throw new CccdError(code, 'BIT STRING with unused bits where whole bytes are required', {
      path: node.path,
      offset: node.offset,
    });
  }
  return node.value.subarray(1);
}

export function encodeSequence(...items: Uint8Array[]): Uint8Array {
  return encodeTlv(TAG.SEQUENCE, ...items);
}

/** DER SET OF: elements sorted by their encodings (X.690 §11.6). */
export function encodeSetOf(...items: Uint8Array[]): Uint8Array {
  const sorted = [...items].sort(compareBytes);
  return encodeTlv(TAG.SET, ...sorted);
}

/** A SET whose elements keep the given order (ICAO structures that readers expect in a fixed order). */
export function encodeSetInOrder(...items: Uint8Array[]): Uint8Array {
  return encodeTlv(TAG.SET, ...items);
}

export function encodePrintableString(text: string): Uint8Array {
  if (!/^[A-Za-z0-9 '()+,\-./:=?]*$/.test(text)) {
    throw new CccdError('INVALID_ARGUMENT', `'${text}' has characters outside PrintableString`);
  }
  return encodeTlv(TAG.PRINTABLE_STRING, asciiToBytes(text));
}

export function decodeAsciiString(node: Tlv): string {
  return bytesToAscii(node.value);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}
