// ISO/IEC 7816-4 §7.4.3 file control parameters: encoded for CREATE FILE and SELECT responses, decoded by the chip.
import { CccdError } from '../errors.js';
import type { AccessCondition } from '../profile/types.js';
import { decodeTlv, encodeTlv, findChild } from '../tlv/index.js';
import { ACCESS_CODES, FCP_TAG, FILE_DESCRIPTOR } from './perso-command-set.js';

export type FileSpec =
  | { kind: 'ef'; fid: number; size: number; sfi?: number; access: AccessCondition }
  | { kind: 'df'; fid?: number; aid: Uint8Array };

function u16(v: number): Uint8Array {
  return Uint8Array.of((v >> 8) & 0xff, v & 0xff);
}

function sizeBytes(size: number): Uint8Array {
  return size > 0xffff ? Uint8Array.of((size >> 16) & 0xff, (size >> 8) & 0xff, size & 0xff) : u16(size);
}

export function encodeFcp(spec: FileSpec): Uint8Array {
  if (spec.kind === 'df') {
    const parts = [encodeTlv(FCP_TAG.DESCRIPTOR, Uint8Array.of(FILE_DESCRIPTOR.DF))];
    if (spec.fid !== undefined) parts.push(encodeTlv(FCP_TAG.FID, u16(spec.fid)));
    parts.push(encodeTlv(FCP_TAG.DF_NAME, spec.aid));
    return encodeTlv(FCP_TAG.TEMPLATE, ...parts);
  }
  const code = ACCESS_CODES.find((a) => a.condition === spec.access)?.code ?? 0xff;
  const parts = [
    encodeTlv(FCP_TAG.SIZE, sizeBytes(spec.size)),
    encodeTlv(FCP_TAG.DESCRIPTOR, Uint8Array.of(FILE_DESCRIPTOR.TRANSPARENT_EF)),
    encodeTlv(FCP_TAG.FID, u16(spec.fid)),
  ];
  // ISO/IEC 7816-4 Table 12: tag '88' carries the SFI in bits 8-4.
  if (spec.sfi !== undefined) parts.push(encodeTlv(FCP_TAG.SFI, Uint8Array.of(spec.sfi << 3)));
  parts.push(encodeTlv(FCP_TAG.SECURITY_PROPRIETARY, Uint8Array.of(code)));
  return encodeTlv(FCP_TAG.TEMPLATE, ...parts);
}

function uint(bytes: Uint8Array): number {
  let v = 0;
  for (const b of bytes) v = v * 256 + b;
  return v;
}

/** Decodes a CREATE FILE FCP; malformed or incomplete templates are APDU_INVALID (the chip answers 6A80). */
export function decodeFcp(bytes: Uint8Array): FileSpec {
  const t = decodeTlv(bytes, { path: 'FCP' });
  if (t.tag !== FCP_TAG.TEMPLATE) throw new CccdError('APDU_INVALID', 'FCP template must have tag 62', { path: 'FCP' });
  const descriptor = findChild(t, FCP_TAG.DESCRIPTOR)?.value[0];
  const fid = findChild(t, FCP_TAG.FID);
  if (fid && fid.value.length !== 2) throw new CccdError('APDU_INVALID', 'FID must be 2 bytes', { path: 'FCP/83' });
  if (descriptor === FILE_DESCRIPTOR.DF) {
    const aid = findChild(t, FCP_TAG.DF_NAME);
    if (!aid || aid.value.length < 5 || aid.value.length > 16) {
      throw new CccdError('APDU_INVALID', 'a DF needs a DF name of 5-16 bytes', { path: 'FCP/84' });
    }
    return { kind: 'df', fid: fid ? uint(fid.value) : undefined, aid: aid.value.slice() };
  }
  if (descriptor !== FILE_DESCRIPTOR.TRANSPARENT_EF) {
    throw new CccdError('APDU_INVALID', 'only transparent EFs and DFs can be created', { path: 'FCP/82' });
  }
  const size = findChild(t, FCP_TAG.SIZE);
  if (!fid || !size || size.value.length < 1 || size.value.length > 3) {
    throw new CccdError('APDU_INVALID', 'an EF needs a FID (83) and a size (80)', { path: 'FCP' });
  }
  const sfiByte = findChild(t, FCP_TAG.SFI)?.value[0];
  const code = findChild(t, FCP_TAG.SECURITY_PROPRIETARY)?.value[0] ?? 0xff;
  const access = ACCESS_CODES.find((a) => a.code === code)?.condition;
  if (!access) throw new CccdError('APDU_INVALID', `unknown access code ${code}`, { path: 'FCP/86' });
  return {
    kind: 'ef',
    fid: uint(fid.value),
    size: uint(size.value),
    sfi: sfiByte === undefined ? undefined : sfiByte >> 3,
    access,
  };
}
