// ITU-T X.690 DER/BER reading helpers for the PKI decoders (RFC 5280, RFC 5652): every failure names the
// field by its ASN.1 path (`EF.SOD/signerInfos[0]/signedAttrs`) rather than by tag bytes.
import { decodeOidValue, decodeSmallInt } from '../asn1/der.js';
import { bytesToUtf8, concatBytes } from '../bytes.js';
import { CccdError } from '../errors.js';
import { decodeTlv, readTlv, type Tlv, type TlvDecodeOptions, type TlvReader, tagHex } from '../tlv/index.js';
import { DecodedCache } from './decoded-cache.js';

/** Throws PKI_MALFORMED at `path`, pointing at `node` (or an offset in the input) when given. */
export function malformed(message: string, path: string, node?: Tlv | number): never {
  throw new CccdError('PKI_MALFORMED', message, { path, offset: typeof node === 'number' ? node : node?.offset });
}

/** Throws PKI_INVALID (decodes, but breaks its profile) at `path`. */
export function invalid(message: string, path: string, node?: Tlv): never {
  throw new CccdError('PKI_INVALID', message, { path, offset: node?.offset });
}

/** Runs `decode`, re-throwing TLV errors as PKI_MALFORMED with `path`. */
function asPki<T>(path: string, decode: () => T): T {
  try {
    return decode();
  } catch (cause) {
    if (cause instanceof CccdError && cause.code.startsWith('TLV_')) {
      throw new CccdError('PKI_MALFORMED', cause.detail, { path: cause.path ?? path, offset: cause.offset, cause });
    }
    throw cause;
  }
}

/**
 * Decodes one DER object; `lenient` accepts BER indefinite and non-minimal lengths (ICAO 9303-10 §4.6:
 * EF.SOD files issued around 2013 use them). TLV errors are re-thrown as PKI_MALFORMED with `path`.
 */
export function decodeDer(bytes: Uint8Array, path: string, lenient = false): Tlv {
  return asPki(path, () => decodeTlv(bytes, derOptions(bytes, path, lenient)));
}

/**
 * Limits for PKI files. No limit on the number of objects beyond the input's own size (each takes at least two
 * bytes): a master list of 500 CSCAs or a CRL of 20,000 entries holds far more than the TLV decoder's default of
 * 10,000, and checking allocates nothing per object, so the work stays linear in the input.
 */
function derOptions(bytes: Uint8Array, path: string, lenient: boolean): TlvDecodeOptions {
  return {
    path,
    allowIndefinite: lenient,
    allowNonMinimalLength: lenient,
    maxDepth: 48,
    maxNodes: Math.max(10_000, bytes.length),
  };
}

/** Checks one DER object as decodeDer does and returns a position reader over it (for the per-document decoders). */
export function readDer(bytes: Uint8Array, path: string, lenient = false): TlvReader {
  return asPki(path, () => readTlv(bytes, derOptions(bytes, path, lenient)));
}

/**
 * Reads the object at `pos` of a value ending at `end` into `r`: it must exist (else the error points at `pos`)
 * and carry `tag`. The reader form of `need`.
 */
export function needAt(r: TlvReader, pos: number, end: number, tag: number, path: string): void {
  if (pos >= end) malformed(`missing (expected tag ${tagHex(tag)})`, path, r.offset(pos));
  r.at(pos, end);
  if (r.tag !== tag) malformed(`expected tag ${tagHex(tag)}, got ${tagHex(r.tag)}`, path, r.offset(pos));
}

/** The number of objects in bytes[from, to), which must be min..max; `start` is the enclosing object. The reader form of `items`. */
export function countAt(
  r: TlvReader,
  from: number,
  to: number,
  path: string,
  start: number,
  min: number,
  max: number,
): number {
  const n = r.count(from, to);
  if (n < min || n > max) {
    malformed(
      `expected ${min === max ? min : `${min}..${max === Infinity ? 'n' : max}`} elements, got ${n}`,
      path,
      r.offset(start),
    );
  }
  return n;
}

/** The INTEGER just read by `r` as a number (versions, data group numbers). */
export function smallIntAt(r: TlvReader): number {
  const b = r.bytes;
  const from = r.valueStart;
  const length = r.valueEnd - from;
  if (length > 0 && length <= 6 && (b[from] as number) < 0x80) {
    let n = 0;
    for (let i = from; i < r.valueEnd; i++) n = n * 256 + (b[i] as number);
    return n;
  }
  return decodeSmallInt(r.node(r.start, r.end), 'PKI_MALFORMED');
}

/**
 * The content of the OCTET STRING at `pos`, also in the BER constructed form (tag 24 with primitive segments)
 * that some signers use for eContent.
 */
export function octetsAt(r: TlvReader, pos: number, end: number, path: string): Uint8Array {
  if (pos < end) {
    r.at(pos, end);
    if (r.tag === 0x24) {
      const parts: Uint8Array[] = [];
      const to = r.valueEnd;
      for (let q = r.valueStart, i = 0; q < to; i++) {
        r.at(q, to);
        const next = r.end;
        parts.push(octetsAt(r, q, to, `${path}[${i}]`));
        q = next;
      }
      return concatBytes(...parts);
    }
  }
  needAt(r, pos, end, 0x04, path);
  return r.view(r.valueStart, r.valueEnd);
}

/** `node` must exist and carry `tag`. */
export function need(node: Tlv | undefined, tag: number, path: string, parent?: Tlv): Tlv {
  if (!node) malformed(`missing (expected tag ${tagHex(tag)})`, path, parent);
  if (node.tag !== tag) malformed(`expected tag ${tagHex(tag)}, got ${tagHex(node.tag)}`, path, node);
  return node;
}

/** Children of a constructed node, with a count check. */
export function items(node: Tlv, path: string, min: number, max = Number.POSITIVE_INFINITY): readonly Tlv[] {
  if (!node.constructed) malformed('expected a constructed value', path, node);
  const n = node.children.length;
  if (n < min || n > max) {
    malformed(
      `expected ${min === max ? min : `${min}..${max === Infinity ? 'n' : max}`} elements, got ${n}`,
      path,
      node,
    );
  }
  return node.children;
}

const STRING_TAGS = new Set([0x0c, 0x13, 0x16, 0x14, 0x1e, 0x1a]);

/** A directory string (UTF8String, PrintableString, IA5String, T61String, BMPString, VisibleString). */
export function directoryString(node: Tlv, path: string): string {
  if (!STRING_TAGS.has(node.tag)) malformed(`expected a string, got tag ${tagHex(node.tag)}`, path, node);
  if (node.tag === 0x1e) {
    let s = '';
    for (let i = 0; i + 1 < node.value.length; i += 2) {
      s += String.fromCharCode(((node.value[i] as number) << 8) | (node.value[i + 1] as number));
    }
    return s;
  }
  if (node.tag === 0x0c) {
    try {
      return bytesToUtf8(node.value);
    } catch (cause) {
      throw new CccdError('PKI_MALFORMED', 'UTF8String is not valid UTF-8', { path, offset: node.offset, cause });
    }
  }
  let s = '';
  for (const b of node.value) s += String.fromCharCode(b);
  return s;
}

const OID_TEXT = new DecodedCache<string>(4096);

/**
 * decodeOidValue with memoized results: a verifier decodes the same few dozen OIDs in every EF.SOD and
 * certificate, and arc arithmetic costs more than a lookup.
 */
export function oidValue(value: Uint8Array, where: { path?: string; offset?: number } = {}): string {
  let dotted = OID_TEXT.get(value);
  if (dotted === undefined) {
    dotted = decodeOidValue(value, where);
    OID_TEXT.set(value, dotted);
  }
  return dotted;
}

/** The OBJECT IDENTIFIER just read by `r`, dotted (memoized as oidValue). */
export function oidAt(r: TlvReader, path: string): string {
  const dotted = OID_TEXT.getIn(r.bytes, r.valueStart, r.valueEnd);
  return dotted ?? oidValue(r.view(r.valueStart, r.valueEnd), { path, offset: r.offset(r.start) });
}
