// ICAO 9303-11 §9.8.4-9.8.5 / ISO/IEC 7816-4 §10.2 secure messaging data objects, shared by both sides.

import { pad, unpad } from '../crypto/padding.js';
import { CccdError } from '../errors.js';
import type { Tlv } from '../tlv/index.js';
import { decodeTlvList, encodeTlv } from '../tlv/index.js';
import type { SmSuite } from './suite.js';

/** The SM data object tags ICAO 9303-11 uses. */
export const SM_TAG = {
  /** Cryptogram, plain value not BER-TLV encoded (odd INS): no padding-content indicator. */
  cryptogramOdd: 0x85,
  /** Padding-content indicator (01 = ISO/IEC 9797-1 method 2) followed by the cryptogram. */
  cryptogram: 0x87,
  /** Protected Le. */
  le: 0x97,
  /** Processing status SW1 SW2. */
  status: 0x99,
  /** Cryptographic checksum (the MAC). */
  mac: 0x8e,
} as const;

/** Padding-content indicator 01: padding according to ISO/IEC 9797-1 method 2 (§9.8.4). */
export const PADDING_INDICATOR = 0x01;

export interface ParsedObjects {
  cryptogram?: Tlv;
  le?: Tlv;
  status?: Tlv;
  mac: Tlv;
  /** The bytes of every object before DO'8E', which the MAC covers. */
  macInput: Uint8Array;
}

/**
 * Decodes the SM objects of a command or response body strictly: only `allowed` tags, each at most once, in
 * ICAO order, with DO'8E' last and 8 bytes long. Any violation is SM_MALFORMED.
 */
export function parseSmObjects(body: Uint8Array, allowed: readonly number[], where: string): ParsedObjects {
  let list: Tlv[];
  try {
    list = decodeTlvList(body, { path: where, maxDepth: 1, maxNodes: 8 });
  } catch (cause) {
    throw new CccdError('SM_MALFORMED', 'SM data objects are not valid BER-TLV', { path: where, cause });
  }
  const order = [SM_TAG.cryptogramOdd, SM_TAG.cryptogram, SM_TAG.le, SM_TAG.status, SM_TAG.mac];
  let last = -1;
  const out: Partial<ParsedObjects> = {};
  for (const node of list) {
    const rank = order.indexOf(node.tag as (typeof order)[number]);
    if (!allowed.includes(node.tag) || rank < 0) {
      throw new CccdError('SM_MALFORMED', `unexpected SM data object ${node.tag.toString(16)}`, {
        path: where,
        offset: node.offset,
      });
    }
    // 85 and 87 share a rank: a body carries at most one cryptogram.
    const slot = Math.max(rank, 1);
    if (slot <= last) throw new CccdError('SM_MALFORMED', 'SM data objects repeated or out of order', { path: where });
    last = slot;
    if (node.tag === SM_TAG.mac) out.mac = node;
    else if (node.tag === SM_TAG.le) out.le = node;
    else if (node.tag === SM_TAG.status) out.status = node;
    else out.cryptogram = node;
  }
  const mac = out.mac;
  if (!mac) throw new CccdError('SM_MALFORMED', "DO'8E' (MAC) missing", { path: where });
  if (mac.value.length !== 8) throw new CccdError('SM_MALFORMED', "DO'8E' is not 8 bytes", { path: where });
  return { ...out, mac, macInput: body.subarray(0, mac.offset) };
}

/** CLA with the ISO/IEC 7816-4 §5.1.1 SM indication b4 b3 = 11 (header authenticated). */
export const SM_CLA_BITS = 0x0c;

/** DO'97': Ne as one byte (short, 256 as 00) or two bytes (extended, 65536 as 0000). */
export function encodeLeObject(ne: number, extended: boolean): Uint8Array {
  const le = extended ? Uint8Array.of((ne >> 8) & 0xff, ne & 0xff) : Uint8Array.of(ne & 0xff);
  return encodeTlv(SM_TAG.le, le);
}

/** The encrypted data object of a command or response: DO'85' for odd INS, else DO'87' with indicator 01. */
export function encodeCryptogram(suite: SmSuite, ssc: bigint, data: Uint8Array, odd: boolean): Uint8Array {
  const encrypted = suite.encrypt(ssc, pad(data, suite.blockLength));
  return odd
    ? encodeTlv(SM_TAG.cryptogramOdd, encrypted)
    : encodeTlv(SM_TAG.cryptogram, Uint8Array.of(PADDING_INDICATOR), encrypted);
}

/** The padded header CLA' INS P1 P2 || 80 00.. that starts the command MAC input (§9.8.6.1 step 1). */
export function paddedHeader(suite: SmSuite, cla: number, ins: number, p1: number, p2: number): Uint8Array {
  return pad(Uint8Array.of(cla, ins, p1, p2), suite.blockLength);
}

/** Decrypts DO'87' (indicator 01 required) or DO'85' and removes the padding; SM_MALFORMED on any defect. */
export function decryptCryptogram(
  suite: SmSuite,
  ssc: bigint,
  tag: number,
  value: Uint8Array,
  where: string,
): Uint8Array {
  let ciphertext = value;
  if (tag === SM_TAG.cryptogram) {
    if (value[0] !== PADDING_INDICATOR) {
      throw new CccdError('SM_MALFORMED', "DO'87' padding-content indicator is not 01", { path: where });
    }
    ciphertext = value.subarray(1);
  }
  if (ciphertext.length === 0 || ciphertext.length % suite.blockLength !== 0) {
    throw new CccdError('SM_MALFORMED', 'cryptogram is not a whole number of blocks', { path: where });
  }
  try {
    return unpad(suite.decrypt(ssc, ciphertext), suite.blockLength);
  } catch (cause) {
    throw new CccdError('SM_MALFORMED', 'cryptogram padding is invalid', { path: where, cause });
  }
}
