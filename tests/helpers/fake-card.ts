// In-test fake cards (ISO/IEC 7816-4 §11.1-§11.2 file commands only): a function answering APDUs from a file map,
// with switches for the behaviours of real and hostile chips. Not the simulated chip of src/card.
import { type CommandApdu, decodeCommand } from '../../src/apdu/command.js';
import { encodeResponse } from '../../src/apdu/response.js';
import { CccdError } from '../../src/errors.js';
import { decodeTlv } from '../../src/tlv/decode.js';
import { encodeTlv } from '../../src/tlv/encode.js';
import type { Transport, TransportInfo } from '../../src/transport/types.js';

export interface FakeCardOptions {
  /** Files by FID; a file's SFI is the low 5 bits of its FID when `sfi` is true (as ICAO 9303-10 numbers them). */
  files: Record<number, Uint8Array>;
  sfi?: boolean;
  /** Accept extended Le/Lc (otherwise 6700). */
  extended?: boolean;
  /** Largest Ne honoured in one READ BINARY; above: 6700 (default 256, or 65536 with `extended`). */
  maxNe?: number;
  /** Answer 6Cxx (xx = bytes left) instead of returning fewer bytes with 6282 when Ne runs past the end. */
  wrongLe?: boolean;
  /** Answer SELECT MF with this status word (the CCCD says 6D00). */
  mfStatus?: number;
  /** Answer every READ BINARY with the first `t0Chunk` bytes and 61xx, serving the rest by GET RESPONSE. */
  t0Chunk?: number;
  /** Answer every GET RESPONSE with 61 00 and 256 more bytes, forever. */
  endlessGetResponse?: boolean;
  /** Throw TRANSPORT_FAILED (a timeout) when Ne exceeds this. */
  timeoutAbove?: number;
  /** Support READ BINARY with odd INS B1 (default true). */
  oddIns?: boolean;
  /** Status words to answer SELECT of these FIDs with, instead of selecting (6982 for DG3, ...). */
  selectStatus?: Record<number, number>;
  info?: Partial<TransportInfo>;
}

export interface FakeCard extends Transport {
  /** Every command received, decoded. */
  readonly received: CommandApdu[];
}

const ok = (data: Uint8Array = new Uint8Array(0)) => encodeResponse(data, 0x9000);
const sw = (s: number) => encodeResponse(new Uint8Array(0), s);

export function fakeCard(options: FakeCardOptions): FakeCard {
  const received: CommandApdu[] = [];
  const maxNe = options.maxNe ?? (options.extended ? 65536 : 256);
  let current: number | undefined;
  let pending: Uint8Array | undefined;

  function read(c: CommandApdu, fid: number | undefined, offset: number, ne: number, odd: boolean): Uint8Array {
    if (fid === undefined) return sw(0x6986);
    if (c.extended && !options.extended) return sw(0x6700);
    if (options.timeoutAbove !== undefined && ne > options.timeoutAbove) {
      throw new CccdError('TRANSPORT_FAILED', 'timeout');
    }
    if (ne > maxNe) return sw(0x6700);
    const file = options.files[fid] as Uint8Array;
    // ISO/IEC 7816-4 §11.2.3: an offset at or past the end of the EF is 6B00 (some cards say 6282 with no data).
    if (offset >= file.length) return sw(0x6b00);
    const header = (n: number) => (odd ? encodeTlv(0x53, new Uint8Array(n)).length - n : 0);
    const available = file.length - offset;
    let fit = ne;
    while (fit > 0 && fit + header(fit) > ne) fit--;
    const n = Math.min(available, fit);
    const short = available < fit;
    if (short && options.wrongLe) {
      const have = available + header(available);
      return sw(0x6c00 | (have > 255 ? 0 : have));
    }
    const bytes = file.subarray(offset, offset + n);
    const data = odd ? (n === 0 ? new Uint8Array(0) : encodeTlv(0x53, bytes)) : bytes;
    const status = short ? 0x6282 : 0x9000;
    if (options.t0Chunk !== undefined && data.length > options.t0Chunk) {
      pending = data.subarray(options.t0Chunk);
      return encodeResponse(data.subarray(0, options.t0Chunk), 0x6100 | (Math.min(pending.length, 256) % 256));
    }
    return encodeResponse(data, status);
  }

  const handlers: Record<number, (c: CommandApdu) => Uint8Array> = {
    164: (c) => {
      if (c.p1 === 0x00 && c.data.length === 2 && c.data[0] === 0x3f && c.data[1] === 0x00) {
        if (options.mfStatus !== undefined && options.mfStatus !== 0x9000) return sw(options.mfStatus);
        current = undefined;
        return ok();
      }
      if (c.p1 !== 0x02 || c.data.length !== 2) return sw(0x6a86);
      const fid = ((c.data[0] as number) << 8) | (c.data[1] as number);
      const refused = options.selectStatus?.[fid];
      if (refused !== undefined) return sw(refused);
      if (!(fid in options.files)) return sw(0x6a82);
      current = fid;
      return ok();
    },
    176: (c) => {
      let fid = current;
      let offset = (c.p1 << 8) | c.p2;
      if (c.p1 & 0x80) {
        if (!options.sfi) return sw(0x6a81);
        const sfi = c.p1 & 0x1f;
        fid = Object.keys(options.files)
          .map(Number)
          .find((f) => (f & 0x1f) === sfi);
        if (fid === undefined) return sw(0x6a82);
        current = fid;
        offset = c.p2;
      }
      return read(c, fid, offset, c.ne ?? 0, false);
    },
    177: (c) => {
      if (options.oddIns === false) return sw(0x6d00);
      const node = decodeTlv(c.data);
      if (node.tag !== 0x54) return sw(0x6a80);
      let offset = 0;
      for (const b of node.value) offset = offset * 256 + b;
      return read(c, current, offset, c.ne ?? 0, true);
    },
    192: (c) => {
      if (options.endlessGetResponse) return encodeResponse(new Uint8Array(256), 0x6100);
      if (!pending) return sw(0x6985);
      const n = Math.min(pending.length, c.ne ?? 256);
      const chunk = pending.subarray(0, n);
      pending = pending.length > n ? pending.subarray(n) : undefined;
      return encodeResponse(chunk, pending ? 0x6100 | (Math.min(pending.length, 256) % 256) : 0x9000);
    },
  };

  return {
    received,
    info: { name: 'fake', ...options.info },
    async transmit(bytes: Uint8Array) {
      const c = decodeCommand(bytes);
      received.push(c);
      const handler = handlers[c.ins];
      return handler ? handler(c) : sw(0x6d00);
    },
  };
}
