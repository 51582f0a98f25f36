// ISO/IEC 7816-4 §5.2 data objects of MSE:Set (ICAO 9303-11 §4.4.4.1, §6.2.4) and the Dynamic Authentication
// Data template '7C' of GENERAL AUTHENTICATE (§4.4.4.2, §4.4.5), as the chip parses and builds them.
import { concatBytes } from '../../bytes.js';
import { decodeTlv, decodeTlvList, encodeTlv, type Tlv } from '../../tlv/index.js';

const DYNAMIC_AUTHENTICATION_DATA = 0x7c;
/** Command data objects are small; a bound keeps a hostile terminal from making the chip parse much. */
const LIMITS = { maxDepth: 2, maxNodes: 16 } as const;

/**
 * The data objects of an MSE:Set command data field by tag, or undefined when the field is not BER-TLV or a
 * tag repeats. §4.4.4.1 Note 2: the chip ignores tags it does not know, so unknown tags are kept, not refused.
 */
export function parseMseData(data: Uint8Array): Map<number, Uint8Array> | undefined {
  let list: Tlv[];
  try {
    list = decodeTlvList(data, LIMITS);
  } catch {
    return undefined;
  }
  const out = new Map<number, Uint8Array>();
  for (const node of list) {
    if (out.has(node.tag)) return undefined;
    out.set(node.tag, node.value);
  }
  return out;
}

/**
 * The objects inside a '7C' template that fills `data` exactly, or undefined when `data` is anything else
 * (§4.4.4.2: the command data field is one Dynamic Authentication Data object).
 */
export function parseDynamicAuthenticationData(data: Uint8Array): readonly Tlv[] | undefined {
  try {
    const outer = decodeTlv(data, LIMITS);
    if (outer.tag !== DYNAMIC_AUTHENTICATION_DATA) return undefined;
    return outer.children;
  } catch {
    return undefined;
  }
}

/** A '7C' template holding the given context-specific objects, in order. */
export function dynamicAuthenticationData(...objects: readonly [number, Uint8Array][]): Uint8Array {
  return encodeTlv(DYNAMIC_AUTHENTICATION_DATA, concatBytes(...objects.map(([tag, value]) => encodeTlv(tag, value))));
}

/** The unsigned big-endian value of a key reference ('83', '84'), or undefined when empty or longer than 4 bytes. */
export function referenceValue(value: Uint8Array | undefined): number | undefined {
  if (!value || value.length === 0 || value.length > 4) return undefined;
  let v = 0;
  for (const b of value) v = v * 256 + b;
  return v;
}
