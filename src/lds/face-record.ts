// ISO/IEC 19794-5:2005 §5 (facial record format, version 010) as ICAO 9303-10 §4.7.2 requires it in DG2:
// a general header, then per image the facial information, feature points, image information and image.
import { asciiToBytes, bytesToAscii } from '../bytes.js';
import { CccdError } from '../errors.js';
import type { RecordCodec } from './cbeff.js';
import { ByteCursor, ByteWriter, malformed } from './read.js';

/** ISO/IEC 19794-5 §5.5.6: a feature point (MPEG-4 type 1), e.g. 12.1 for the left eye centre. */
export interface FeaturePoint {
  type: number;
  major: number;
  minor: number;
  x: number;
  y: number;
}

export type ImageDataType = 'jpeg' | 'jpeg2000';

export interface FaceImage {
  /** §5.5.3: 0 unspecified, 1 male, 2 female, 0xFF unknown. */
  gender: number;
  /** §5.5.4: 0 unspecified, 1 black, 2 blue, 3 brown, 4 grey, 5 green, 6 multi-coloured, 7 pink, 0xFF other. */
  eyeColour: number;
  /** §5.5.5: 0 unspecified, 1 bald, 2 black, 3 blonde, 4 brown, 5 grey, 6 white, 7 red, 0xFF unknown. */
  hairColour: number;
  /** §5.5.6: 24-bit property mask (bit 0: properties specified, 1 glasses, 2 moustache, ...). */
  propertyMask: number;
  /** §5.5.7: 0 unspecified, 1 neutral, 2 smile closed, 3 smile open, ... */
  expression: number;
  /** §5.5.8: yaw, pitch, roll (encoded 0..181, 0 unspecified). */
  poseAngle: [number, number, number];
  poseAngleUncertainty: [number, number, number];
  featurePoints: FeaturePoint[];
  /** §5.7.1: 0 basic, 1 full frontal, 2 token frontal. */
  faceImageType: number;
  imageDataType: ImageDataType;
  width: number;
  height: number;
  /** §5.7.4: 0 unspecified, 1 24-bit RGB, 2 YUV422, 3 8-bit grey, 4 other. */
  colourSpace: number;
  /** §5.7.5: 0 unspecified, 1 static photo unknown source, 2 digital camera, 3 scanner, ... */
  sourceType: number;
  deviceType: number;
  quality: number;
  /** The JPEG or JPEG 2000 image. */
  image: Uint8Array;
}

export interface FaceRecord {
  images: FaceImage[];
}

const FORMAT_ID = 'FAC\0';
const VERSION = '010\0';
const GENERAL_HEADER = 14;
const FACIAL_INFO = 20;
const FEATURE_POINT = 8;
const IMAGE_INFO = 12;
const IMAGE_DATA_TYPES: readonly ImageDataType[] = ['jpeg', 'jpeg2000'];
/** A bound well above real records (one or two images with tens of feature points). */
const MAX_IMAGES = 16;

function encodeImage(img: FaceImage, i: number): Uint8Array {
  const p = `face.images[${i}]`;
  const dataType = IMAGE_DATA_TYPES.indexOf(img.imageDataType);
  if (dataType < 0) throw new CccdError('INVALID_ARGUMENT', `${p}.imageDataType: ${img.imageDataType}`);
  if (!(img.image instanceof Uint8Array)) throw new CccdError('INVALID_ARGUMENT', `${p}.image: expected bytes`);
  const length = FACIAL_INFO + FEATURE_POINT * img.featurePoints.length + IMAGE_INFO + img.image.length;
  const w = new ByteWriter()
    .uint(length, 4, `${p} length`)
    .uint(img.featurePoints.length, 2, `${p}.featurePoints`)
    .uint(img.gender, 1, `${p}.gender`)
    .uint(img.eyeColour, 1, `${p}.eyeColour`)
    .uint(img.hairColour, 1, `${p}.hairColour`)
    .uint(img.propertyMask, 3, `${p}.propertyMask`)
    .uint(img.expression, 2, `${p}.expression`);
  for (const a of img.poseAngle) w.uint(a, 1, `${p}.poseAngle`);
  for (const a of img.poseAngleUncertainty) w.uint(a, 1, `${p}.poseAngleUncertainty`);
  for (const f of img.featurePoints) {
    if (f.major > 15 || f.minor > 15) throw new CccdError('INVALID_ARGUMENT', `${p}.featurePoints: major/minor > 15`);
    w.uint(f.type, 1, `${p}.featurePoints.type`)
      .uint((f.major << 4) | f.minor, 1, `${p}.featurePoints.code`)
      .uint(f.x, 2, `${p}.featurePoints.x`)
      .uint(f.y, 2, `${p}.featurePoints.y`)
      .uint(0, 2, 'reserved');
  }
  return w
    .uint(img.faceImageType, 1, `${p}.faceImageType`)
    .uint(dataType, 1, `${p}.imageDataType`)
    .uint(img.width, 2, `${p}.width`)
    .uint(img.height, 2, `${p}.height`)
    .uint(img.colourSpace, 1, `${p}.colourSpace`)
    .uint(img.sourceType, 1, `${p}.sourceType`)
    .uint(img.deviceType, 2, `${p}.deviceType`)
    .uint(img.quality, 2, `${p}.quality`)
    .bytes(img.image)
    .finish();
}

/** Encodes an ISO/IEC 19794-5 facial record. */
export function encodeFaceRecord(record: FaceRecord): Uint8Array {
  if (record.images.length > MAX_IMAGES) throw new CccdError('INVALID_ARGUMENT', 'face: too many images');
  const images = record.images.map(encodeImage);
  let total = GENERAL_HEADER;
  for (const b of images) total += b.length;
  const w = new ByteWriter()
    .bytes(asciiToBytes(FORMAT_ID))
    .bytes(asciiToBytes(VERSION))
    .uint(total, 4, 'face record length')
    .uint(images.length, 2, 'face images');
  for (const b of images) w.bytes(b);
  return w.finish();
}

function decodeImage(c: ByteCursor, i: number): FaceImage {
  const p = `images[${i}]`;
  const start = c.offset;
  const length = c.uint(4, `${p}/length`);
  if (length < FACIAL_INFO + IMAGE_INFO) malformed(`${c.path}/${p}/length`, start, `${length} is below the minimum`);
  c.need(length - 4, p);
  const end = c.pos - 4 + length;
  const points = c.uint(2, `${p}/featurePoints`);
  const gender = c.uint(1, `${p}/gender`);
  const eyeColour = c.uint(1, `${p}/eyeColour`);
  const hairColour = c.uint(1, `${p}/hairColour`);
  const propertyMask = c.uint(3, `${p}/propertyMask`);
  const expression = c.uint(2, `${p}/expression`);
  const poseAngle: [number, number, number] = [c.uint(1, p), c.uint(1, p), c.uint(1, p)];
  const poseAngleUncertainty: [number, number, number] = [c.uint(1, p), c.uint(1, p), c.uint(1, p)];
  if (FACIAL_INFO + FEATURE_POINT * points + IMAGE_INFO > length) {
    malformed(`${c.path}/${p}/featurePoints`, start, `${points} feature points do not fit in ${length} bytes`);
  }
  const featurePoints: FeaturePoint[] = [];
  for (let k = 0; k < points; k++) {
    const type = c.uint(1, `${p}/featurePoints[${k}]`);
    const code = c.uint(1, `${p}/featurePoints[${k}]`);
    const x = c.uint(2, `${p}/featurePoints[${k}]`);
    const y = c.uint(2, `${p}/featurePoints[${k}]`);
    c.uint(2, `${p}/featurePoints[${k}]/reserved`);
    featurePoints.push({ type, major: code >> 4, minor: code & 0x0f, x, y });
  }
  const faceImageType = c.uint(1, `${p}/faceImageType`);
  const dataTypeAt = c.offset;
  const dataType = c.uint(1, `${p}/imageDataType`);
  const imageDataType = IMAGE_DATA_TYPES[dataType];
  if (!imageDataType) malformed(`${c.path}/${p}/imageDataType`, dataTypeAt, `unknown image data type ${dataType}`);
  const width = c.uint(2, `${p}/width`);
  const height = c.uint(2, `${p}/height`);
  const colourSpace = c.uint(1, `${p}/colourSpace`);
  const sourceType = c.uint(1, `${p}/sourceType`);
  const deviceType = c.uint(2, `${p}/deviceType`);
  const quality = c.uint(2, `${p}/quality`);
  const image = c.take(end - c.pos, `${p}/image`);
  return {
    gender,
    eyeColour,
    hairColour,
    propertyMask,
    expression,
    poseAngle,
    poseAngleUncertainty,
    featurePoints,
    faceImageType,
    imageDataType,
    width,
    height,
    colourSpace,
    sourceType,
    deviceType,
    quality,
    image,
  };
}

/** Decodes an ISO/IEC 19794-5:2005 facial record; every length is checked against the bytes present. */
export function decodeFaceRecord(bytes: Uint8Array, baseOffset: number, path: string): FaceRecord {
  const c = new ByteCursor(bytes, baseOffset, path);
  const id = bytesToAscii(c.take(4, 'formatIdentifier'));
  if (id !== FORMAT_ID) malformed(`${path}/formatIdentifier`, baseOffset, "expected 'FAC'");
  const version = bytesToAscii(c.take(4, 'version'));
  if (version !== VERSION) {
    throw new CccdError('LDS_UNSUPPORTED', `facial record version '${version.replace(/\0/g, '')}' (010 supported)`, {
      path: `${path}/version`,
      offset: baseOffset + 4,
    });
  }
  const length = c.uint(4, 'recordLength');
  if (length !== bytes.length)
    malformed(`${path}/recordLength`, baseOffset + 8, `says ${length}, ${bytes.length} present`);
  const count = c.uint(2, 'numberOfImages');
  if (count > MAX_IMAGES) malformed(`${path}/numberOfImages`, baseOffset + 12, `${count} images`);
  const images: FaceImage[] = [];
  for (let i = 0; i < count; i++) images.push(decodeImage(c, i));
  if (c.remaining) malformed(path, c.offset, `${c.remaining} bytes after the last image`);
  return { images };
}

export const faceRecordCodec: RecordCodec<FaceRecord> = { decode: decodeFaceRecord, encode: encodeFaceRecord };
