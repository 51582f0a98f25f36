// ICAO 9303-10 §4.7.5 (DG5, displayed portrait, 5F40) and §4.7.7 (DG7, displayed signature or usual mark,
// 5F43): a count of instances, then each image as one data element. Written once, parametrized by tags.

import { encodeInteger } from '../asn1/der.js';
import { copyBytes } from '../bytes.js';
import { CccdError } from '../errors.js';
import { encodeTlv } from '../tlv/index.js';
import { Children, type Decoded, type LdsDecodeOptions, openFile, readBytes, readInt } from './read.js';

export interface DisplayedImages {
  /** The images (JPEG per ICAO 9303-10; kept as bytes). */
  images: Uint8Array[];
}

/** Tags of one displayed-image file: the file, and the element of each image. */
export interface DisplayedImageTags {
  name: 'DG5' | 'DG7';
  fileTag: number;
  imageTag: number;
}

const MAX_IMAGES = 16;

export function buildDisplayedImages(file: DisplayedImages, tags: DisplayedImageTags): Uint8Array {
  if (file.images.length > MAX_IMAGES) throw new CccdError('INVALID_ARGUMENT', `${tags.name}: too many images`);
  return encodeTlv(
    tags.fileTag,
    encodeInteger(file.images.length),
    ...file.images.map((img) => encodeTlv(tags.imageTag, img)),
  );
}

export function decodeDisplayedImages(
  bytes: Uint8Array,
  tags: DisplayedImageTags,
  options: LdsDecodeOptions = {},
): Decoded<DisplayedImages> {
  const root = openFile(bytes, tags.name, tags.fileTag, options);
  const c = new Children(root, tags.name);
  const countNode = c.next(0x02, 'numberOfImages');
  const count = readInt(countNode, `${tags.name}/numberOfImages`, MAX_IMAGES);
  const images: Uint8Array[] = [];
  for (let i = 0; i < count; i++) images.push(readBytes(c.next(tags.imageTag, `images[${i}]`)));
  c.end();
  return { images, raw: copyBytes(root.raw) };
}
