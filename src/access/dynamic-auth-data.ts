// ICAO 9303-11 §4.4.4.2 / §4.4.5 and ISO/IEC 7816-4 §7.5.2: the Dynamic Authentication Data object '7C'
// carried by GENERAL AUTHENTICATE (PACE, Chip Authentication with AES).
import { concatBytes } from '../bytes.js';
import { ProtocolError } from '../errors.js';
import { decodeTlv, encodeTlv, tagHex } from '../tlv/index.js';

/** Tag of the Dynamic Authentication Data template. */
export const DYNAMIC_AUTH_DATA = 0x7c;

/** The data objects that go inside '7C', in the order given (ICAO 9303-11 Table 4). */
export function encodeDataObjects(objects: readonly (readonly [number, Uint8Array])[]): Uint8Array {
  return concatBytes(...objects.map(([tag, value]) => encodeTlv(tag, value)));
}

/** Where a decoding failure is reported: the protocol and step names of the ProtocolError. */
export interface DynamicAuthContext {
  readonly protocol: string;
  readonly step: string;
}

/**
 * Decodes a chip's `7C` response strictly: exactly one template, no trailing bytes, only primitive data
 * objects from `allowed`, none repeated. The values are views into `bytes`. A chip that answers with
 * anything else fails the step (AUTH_FAILED), never silently.
 */
export function decodeDynamicAuthData(
  bytes: Uint8Array,
  allowed: readonly number[],
  context: DynamicAuthContext,
): Map<number, Uint8Array> {
  const fail = (message: string, cause?: unknown) =>
    new ProtocolError('AUTH_FAILED', context.protocol, context.step, message, cause === undefined ? {} : { cause });
  let node: ReturnType<typeof decodeTlv>;
  try {
    node = decodeTlv(bytes, { maxDepth: 2, maxNodes: 16, path: `${context.step}/7C` });
  } catch (cause) {
    throw fail('response is not a BER-TLV data object', cause);
  }
  if (node.tag !== DYNAMIC_AUTH_DATA) throw fail(`expected tag 7C, got ${tagHex(node.tag)}`);
  const out = new Map<number, Uint8Array>();
  for (const child of node.children) {
    if (child.constructed || !allowed.includes(child.tag)) throw fail(`unexpected data object ${tagHex(child.tag)}`);
    if (out.has(child.tag)) throw fail(`data object ${tagHex(child.tag)} repeated`);
    out.set(child.tag, child.value);
  }
  return out;
}

/** The value of a data object the step requires; AUTH_FAILED when the chip left it out or sent it empty. */
export function requireObject(objects: Map<number, Uint8Array>, tag: number, context: DynamicAuthContext): Uint8Array {
  const value = objects.get(tag);
  if (value === undefined || value.length === 0) {
    throw new ProtocolError('AUTH_FAILED', context.protocol, context.step, `data object ${tagHex(tag)} missing`);
  }
  return value;
}
