// vsmartcard vpcd wire protocol (virtual smart card reader driver for pcsc-lite): length-prefixed frames
// carrying control codes and APDUs. Platform-free: the socket side lives in vpcd.ts.
import { CccdError } from '../errors.js';

/**
 * One-byte messages from vpcd (vsmartcard `vpcd.h`): power off, power on and reset expect no answer; get ATR is
 * answered with the ATR. Any longer message is a command APDU answered by one response APDU.
 */
export const VPCD_CONTROL = {
  powerOff: 0x00,
  powerOn: 0x01,
  reset: 0x02,
  getAtr: 0x04,
} as const;

export type VpcdControl = keyof typeof VPCD_CONTROL;

const CONTROL_BY_CODE: ReadonlyMap<number, VpcdControl> = new Map(
  (Object.entries(VPCD_CONTROL) as [VpcdControl, number][]).map(([name, code]) => [code, name]),
);

/** The largest payload one frame carries: the length prefix is two bytes, big-endian. */
export const VPCD_MAX_PAYLOAD = 0xffff;

/** A decoded message from vpcd. */
export type VpcdMessage = { kind: 'control'; control: VpcdControl } | { kind: 'apdu'; apdu: Uint8Array };

/** Frames a payload (an ATR or a response APDU) as vpcd expects it: 2-byte big-endian length, then the bytes. */
export function encodeVpcdFrame(payload: Uint8Array): Uint8Array {
  if (payload.length > VPCD_MAX_PAYLOAD) {
    throw new CccdError('TRANSPORT_LIMIT', `vpcd frame of ${payload.length} bytes exceeds ${VPCD_MAX_PAYLOAD}`);
  }
  const out = new Uint8Array(payload.length + 2);
  out[0] = payload.length >> 8;
  out[1] = payload.length & 0xff;
  out.set(payload, 2);
  return out;
}

/** Classifies one frame payload received from vpcd. */
export function decodeVpcdMessage(payload: Uint8Array): VpcdMessage {
  if (payload.length === 1) {
    const control = CONTROL_BY_CODE.get(payload[0] as number);
    if (control === undefined) {
      throw new CccdError('TRANSPORT_FAILED', `unknown vpcd control code ${payload[0]}`, { path: 'vpcd' });
    }
    return { kind: 'control', control };
  }
  if (payload.length === 0) throw new CccdError('TRANSPORT_FAILED', 'empty vpcd frame', { path: 'vpcd' });
  return { kind: 'apdu', apdu: payload };
}

/**
 * Reassembles frames from a byte stream: TCP delivers them split across reads or several in one read, so bytes
 * are buffered until a whole frame is present. Bounded by construction (a frame is at most 65,537 bytes).
 */
export class VpcdFrameReader {
  private buffer: Uint8Array = new Uint8Array(0);

  /** Appends received bytes and returns every frame payload completed by them, in order. */
  push(chunk: Uint8Array): Uint8Array[] {
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer, 0);
    joined.set(chunk, this.buffer.length);
    const frames: Uint8Array[] = [];
    let offset = 0;
    while (joined.length - offset >= 2) {
      const length = ((joined[offset] as number) << 8) | (joined[offset + 1] as number);
      if (joined.length - offset - 2 < length) break;
      frames.push(joined.slice(offset + 2, offset + 2 + length));
      offset += 2 + length;
    }
    this.buffer = joined.slice(offset);
    return frames;
  }

  /** Bytes received that do not yet form a whole frame. */
  get pending(): number {
    return this.buffer.length;
  }
}
