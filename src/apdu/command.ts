// ISO/IEC 7816-4 §5.1 command APDUs: cases 1-4, short and extended length, validated on construction.
import { concatBytes } from '../bytes.js';
import { CccdError } from '../errors.js';

export interface CommandApdu {
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  /** Command data (Nc = data.length); empty for cases 1 and 2. */
  readonly data: Uint8Array;
  /**
   * Expected response length Ne; undefined for cases 1 and 3. 256 (short) or 65536 (extended) mean
   * "as many as available" and encode as Le = 00 / 0000.
   */
  readonly ne: number | undefined;
  /** Force the extended length form even when short would do (some chips require consistency). */
  readonly extended: boolean;
}

export interface CommandInit {
  cla?: number;
  ins: number;
  p1?: number;
  p2?: number;
  data?: Uint8Array;
  ne?: number;
  extended?: boolean;
}

function byteField(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 0 || v > 0xff) throw new CccdError('APDU_INVALID', `${name}: ${v} is not a byte`);
  return v;
}

/** Builds a validated command APDU. Extended form is chosen when Nc > 255 or Ne > 256. */
export function command(init: CommandInit): CommandApdu {
  const data = init.data ?? new Uint8Array(0);
  if (data.length > 65535) throw new CccdError('APDU_INVALID', `data: ${data.length} bytes exceed 65,535`);
  const ne = init.ne;
  if (ne !== undefined && (!Number.isInteger(ne) || ne < 1 || ne > 65536)) {
    throw new CccdError('APDU_INVALID', `ne: ${ne} is not within 1..65536`);
  }
  const extended = init.extended === true || data.length > 255 || (ne !== undefined && ne > 256);
  return {
    cla: byteField('cla', init.cla ?? 0x00),
    ins: byteField('ins', init.ins),
    p1: byteField('p1', init.p1 ?? 0),
    p2: byteField('p2', init.p2 ?? 0),
    data,
    ne,
    extended,
  };
}

/** Serializes a command APDU (ISO/IEC 7816-4 §5.1, Table 1 and the four cases). */
export function encodeCommand(c: CommandApdu): Uint8Array {
  const header = Uint8Array.of(c.cla, c.ins, c.p1, c.p2);
  const nc = c.data.length;
  if (!c.extended) {
    const lc = nc > 0 ? Uint8Array.of(nc) : new Uint8Array(0);
    const le = c.ne === undefined ? new Uint8Array(0) : Uint8Array.of(c.ne === 256 ? 0 : c.ne);
    return concatBytes(header, lc, c.data, le);
  }
  const le2 = c.ne === undefined ? new Uint8Array(0) : Uint8Array.of((c.ne >> 8) & 0xff, c.ne & 0xff);
  if (nc === 0) {
    // Case 2E: Le is 00 || Le1 Le2. A case 1 APDU has no extended form; encode it short.
    return c.ne === undefined ? header : concatBytes(header, Uint8Array.of(0), le2);
  }
  return concatBytes(header, Uint8Array.of(0, nc >> 8, nc & 0xff), c.data, le2);
}

// Built field by field: an object spread here cost more than the rest of the decoding (benchmarks/apdu).
function decoded(bytes: Uint8Array, data: Uint8Array, ne: number | undefined, extended: boolean): CommandApdu {
  return {
    cla: bytes[0] as number,
    ins: bytes[1] as number,
    p1: bytes[2] as number,
    p2: bytes[3] as number,
    data,
    ne,
    extended,
  };
}

/** Parses a serialized command APDU, rejecting every length inconsistency (ISO/IEC 7816-4 §5.1). */
export function decodeCommand(bytes: Uint8Array): CommandApdu {
  if (bytes.length < 4)
    throw new CccdError('APDU_INVALID', `command of ${bytes.length} bytes is shorter than a header`);
  const body = bytes.subarray(4);
  const n = body.length;
  if (n === 0) return decoded(bytes, new Uint8Array(0), undefined, false);
  const b0 = body[0] as number;
  if (n === 1) return decoded(bytes, new Uint8Array(0), b0 === 0 ? 256 : b0, false);
  if (b0 !== 0 || n < 3) {
    // Short case 3 or 4.
    const lc = b0;
    if (lc === 0) throw new CccdError('APDU_INVALID', 'short Lc of 0');
    if (n === 1 + lc) return decoded(bytes, body.subarray(1), undefined, false);
    if (n === 2 + lc) {
      const le = body[1 + lc] as number;
      return decoded(bytes, body.subarray(1, 1 + lc), le === 0 ? 256 : le, false);
    }
    throw new CccdError('APDU_INVALID', `short Lc ${lc} does not match ${n - 1} body bytes`);
  }
  // Extended: body starts with 00.
  const l = ((body[1] as number) << 8) | (body[2] as number);
  if (n === 3) return decoded(bytes, new Uint8Array(0), l === 0 ? 65536 : l, true);
  if (l === 0) throw new CccdError('APDU_INVALID', 'extended Lc of 0');
  if (n === 3 + l) return decoded(bytes, body.subarray(3), undefined, true);
  if (n === 5 + l) {
    const le = ((body[3 + l] as number) << 8) | (body[4 + l] as number);
    return decoded(bytes, body.subarray(3, 3 + l), le === 0 ? 65536 : le, true);
  }
  throw new CccdError('APDU_INVALID', `extended Lc ${l} does not match ${n - 3} body bytes`);
}
