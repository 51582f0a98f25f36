// ICAO 9303-10 §4.7.7 (DG7, tag 67): the displayed signature or usual mark, each image in a 5F43 element.

import { buildDisplayedImages, type DisplayedImages, decodeDisplayedImages } from './displayed-image.js';
import type { Decoded, LdsDecodeOptions } from './read.js';

export type Dg7 = DisplayedImages;
const TAGS = { name: 'DG7', fileTag: 0x67, imageTag: 0x5f43 } as const;

export function buildDg7(dg7: Dg7): Uint8Array {
  return buildDisplayedImages(dg7, TAGS);
}

export function decodeDg7(bytes: Uint8Array, options: LdsDecodeOptions = {}): Decoded<Dg7> {
  return decodeDisplayedImages(bytes, TAGS, options);
}
