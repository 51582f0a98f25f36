// ISO/IEC 7816-4 §5.1 response APDUs: data followed by the status word SW1 SW2.
import { CccdError } from '../errors.js';

export interface ResponseApdu {
  readonly data: Uint8Array;
  /** SW1 << 8 | SW2. */
  readonly sw: number;
}

export function decodeResponse(bytes: Uint8Array): ResponseApdu {
  if (bytes.length < 2) throw new CccdError('APDU_INVALID', `response of ${bytes.length} bytes has no status word`);
  const n = bytes.length;
  return { data: bytes.subarray(0, n - 2), sw: ((bytes[n - 2] as number) << 8) | (bytes[n - 1] as number) };
}

export function encodeResponse(data: Uint8Array, sw: number): Uint8Array {
  const out = new Uint8Array(data.length + 2);
  out.set(data, 0);
  out[data.length] = (sw >> 8) & 0xff;
  out[data.length + 1] = sw & 0xff;
  return out;
}

export function swHex(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}
