// ISO/IEC 10918-1 (JPEG) Annex B.2.2 frame header and ISO/IEC 15444-1 (JPEG 2000) Annex A.5.1 SIZ marker /
// I.5.3.1 image header box: just enough of each to fill the image fields of ISO/IEC 19794-5 and -4 records.
import { CccdError } from '../errors.js';

export interface ImageInfo {
  format: 'jpeg' | 'jpeg2000' | 'wsq' | 'png';
  width: number;
  height: number;
  /** Number of colour components (1 grey, 3 colour); 0 when the header does not say. */
  components: number;
}

const u16 = (b: Uint8Array, i: number) => ((b[i] as number) << 8) | (b[i + 1] as number);
const u32 = (b: Uint8Array, i: number) => u16(b, i) * 65536 + u16(b, i + 2);

/** ISO/IEC 10918-1 B.2.2: the first SOFn segment (C0-CF except C4 DHT, C8 JPG, CC DAC) has P, Y, X, Nf. */
function jpegInfo(b: Uint8Array): ImageInfo | undefined {
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1] as number;
    if (marker === 0xff) {
      i++;
      continue;
    }
    const length = u16(b, i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (i + 10 > b.length) return undefined;
      return { format: 'jpeg', height: u16(b, i + 5), width: u16(b, i + 7), components: b[i + 9] as number };
    }
    if (marker === 0xda || length < 2) return undefined;
    i += 2 + length;
  }
  return undefined;
}

/** ISO/IEC 15444-1 A.5.1: SIZ follows SOC (FF4F FF51): Lsiz, Rsiz, Xsiz, Ysiz, XOsiz, YOsiz, ..., Csiz. */
function j2kCodestreamInfo(b: Uint8Array, at: number): ImageInfo | undefined {
  if (at + 40 > b.length || u16(b, at) !== 0xff4f || u16(b, at + 2) !== 0xff51) return undefined;
  const s = at + 4;
  const width = u32(b, s + 4) - u32(b, s + 12);
  const height = u32(b, s + 8) - u32(b, s + 16);
  return { format: 'jpeg2000', width, height, components: u16(b, s + 36) };
}

/** ISO/IEC 15444-1 I.5.3.1: the 'ihdr' box inside 'jp2h' gives HEIGHT, WIDTH, NC. */
function jp2Info(b: Uint8Array): ImageInfo | undefined {
  for (let i = 0; i + 14 <= b.length; i++) {
    if (b[i] === 0x69 && b[i + 1] === 0x68 && b[i + 2] === 0x64 && b[i + 3] === 0x72) {
      return { format: 'jpeg2000', height: u32(b, i + 4), width: u32(b, i + 8), components: u16(b, i + 12) };
    }
  }
  return undefined;
}

/** PNG (ISO/IEC 15948 §11.2.2): IHDR is the first chunk, width and height at bytes 16-23. */
function pngInfo(b: Uint8Array): ImageInfo | undefined {
  if (b.length < 26) return undefined;
  const colour = b[25] as number;
  return { format: 'png', width: u32(b, 16), height: u32(b, 20), components: colour === 0 || colour === 4 ? 1 : 3 };
}

/**
 * Recognises a JPEG, JPEG 2000 (JP2 file or raw codestream), WSQ or PNG image by its signature and reads its
 * size from the header. Throws INVALID_ARGUMENT for anything else.
 */
export function imageInfo(bytes: Uint8Array, what = 'image'): ImageInfo {
  const b = bytes;
  let info: ImageInfo | undefined;
  if (b[0] === 0xff && b[1] === 0xd8) info = jpegInfo(b);
  else if (b[0] === 0xff && b[1] === 0x4f) info = j2kCodestreamInfo(b, 0);
  else if (u32(b, 0) === 12 && u32(b, 4) === 0x6a502020) info = jp2Info(b);
  else if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) info = pngInfo(b);
  // ISO/IEC 19794-4 Table 3 / FBI WSQ: SOI marker FFA0; the frame header is not needed for DG3.
  else if (b[0] === 0xff && b[1] === 0xa0) info = { format: 'wsq', width: 0, height: 0, components: 1 };
  if (!info)
    throw new CccdError('INVALID_ARGUMENT', `${what}: not a JPEG, JPEG 2000, PNG or WSQ image with a readable header`);
  return info;
}
