// ICAO 9303-10 §4.7.5 (DG5, tag 65): the displayed portrait, each image in a 5F40 element.

import { buildDisplayedImages, type DisplayedImages, decodeDisplayedImages } from './displayed-image.js';
import type { Decoded, LdsDecodeOptions } from './read.js';

export type Dg5 = DisplayedImages;
const TAGS = { name: 'DG5', fileTag: 0x65, imageTag: 0x5f40 } as const;

export function buildDg5(dg5: Dg5): Uint8Array {
  return buildDisplayedImages(dg5, TAGS);
}

export function decodeDg5(bytes: Uint8Array, options: LdsDecodeOptions = {}): Decoded<Dg5> {
  return decodeDisplayedImages(bytes, TAGS, options);
}
