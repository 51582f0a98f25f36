// ISO/IEC 19794-4:2005 §8 (finger image record, version 010) as ICAO 9303-10 §4.7.3 uses it in DG3:
// a 32-byte general header, then per finger view a 14-byte finger header and the compressed image.
import { asciiToBytes, bytesToAscii } from '../bytes.js';
import { CccdError } from '../errors.js';
import type { RecordCodec } from './cbeff.js';
import { ByteCursor, ByteWriter, malformed } from './read.js';

export interface FingerView {
  /** §8.3.2 Table 5: 0 unknown, 1 right thumb ... 5 right little, 6 left thumb ... 10 left little, 11+ plain/palm. */
  position: number;
  viewCount: number;
  viewNumber: number;
  /** 0..100, 254 not available, 255 failed. */
  quality: number;
  /** §8.3.6 Table 6: 0 live-scan plain, 1 live-scan rolled, 2 non-live plain, 3 non-live rolled, ... */
  impressionType: number;
  /** Horizontal and vertical line lengths (pixels). */
  width: number;
  height: number;
  image: Uint8Array;
}

export interface FingerRecord {
  captureDeviceId: number;
  /** §8.2.5 Table 1: 10, 20, 30, 31, 40, 41. */
  imageAcquisitionLevel: number;
  /** §8.2.7: 1 pixels per inch, 2 pixels per centimetre. */
  scaleUnits: number;
  scanResolution: [number, number];
  imageResolution: [number, number];
  pixelDepth: number;
  /** §8.2.13 Table 3: 0 uncompressed, 1 bit-packed, 2 WSQ, 3 JPEG, 4 JPEG 2000, 5 PNG. */
  compression: number;
  views: FingerView[];
}

const FORMAT_ID = 'FIR\0';
const VERSION = '010\0';
const GENERAL_HEADER = 32;
const FINGER_HEADER = 14;
/** ISO/IEC 19794-4 allows 255 views; ten fingers with a few views each is the practical ceiling. */
const MAX_VIEWS = 255;

function encodeView(v: FingerView, i: number): Uint8Array {
  const p = `finger.views[${i}]`;
  if (!(v.image instanceof Uint8Array)) throw new CccdError('INVALID_ARGUMENT', `${p}.image: expected bytes`);
  return new ByteWriter()
    .uint(FINGER_HEADER + v.image.length, 4, `${p} length`)
    .uint(v.position, 1, `${p}.position`)
    .uint(v.viewCount, 1, `${p}.viewCount`)
    .uint(v.viewNumber, 1, `${p}.viewNumber`)
    .uint(v.quality, 1, `${p}.quality`)
    .uint(v.impressionType, 1, `${p}.impressionType`)
    .uint(v.width, 2, `${p}.width`)
    .uint(v.height, 2, `${p}.height`)
    .uint(0, 1, 'reserved')
    .bytes(v.image)
    .finish();
}

/** Encodes an ISO/IEC 19794-4 finger image record. */
export function encodeFingerRecord(r: FingerRecord): Uint8Array {
  if (r.views.length > MAX_VIEWS) throw new CccdError('INVALID_ARGUMENT', 'finger: too many views');
  const views = r.views.map(encodeView);
  let total = GENERAL_HEADER;
  for (const v of views) total += v.length;
  const w = new ByteWriter()
    .bytes(asciiToBytes(FORMAT_ID))
    .bytes(asciiToBytes(VERSION))
    .uint(total, 6, 'finger record length')
    .uint(r.captureDeviceId, 2, 'finger.captureDeviceId')
    .uint(r.imageAcquisitionLevel, 2, 'finger.imageAcquisitionLevel')
    .uint(views.length, 1, 'finger views')
    .uint(r.scaleUnits, 1, 'finger.scaleUnits')
    .uint(r.scanResolution[0], 2, 'finger.scanResolution')
    .uint(r.scanResolution[1], 2, 'finger.scanResolution')
    .uint(r.imageResolution[0], 2, 'finger.imageResolution')
    .uint(r.imageResolution[1], 2, 'finger.imageResolution')
    .uint(r.pixelDepth, 1, 'finger.pixelDepth')
    .uint(r.compression, 1, 'finger.compression')
    .uint(0, 2, 'reserved');
  for (const v of views) w.bytes(v);
  return w.finish();
}

function decodeView(c: ByteCursor, i: number): FingerView {
  const p = `views[${i}]`;
  const start = c.offset;
  const length = c.uint(4, `${p}/length`);
  if (length < FINGER_HEADER) malformed(`${c.path}/${p}/length`, start, `${length} is below the header size`);
  c.need(length - 4, p);
  const position = c.uint(1, `${p}/position`);
  const viewCount = c.uint(1, `${p}/viewCount`);
  const viewNumber = c.uint(1, `${p}/viewNumber`);
  const quality = c.uint(1, `${p}/quality`);
  const impressionType = c.uint(1, `${p}/impressionType`);
  const width = c.uint(2, `${p}/width`);
  const height = c.uint(2, `${p}/height`);
  c.uint(1, `${p}/reserved`);
  const image = c.take(length - FINGER_HEADER, `${p}/image`);
  return { position, viewCount, viewNumber, quality, impressionType, width, height, image };
}

/** Decodes an ISO/IEC 19794-4:2005 finger image record; every length is checked against the bytes present. */
export function decodeFingerRecord(bytes: Uint8Array, baseOffset: number, path: string): FingerRecord {
  const c = new ByteCursor(bytes, baseOffset, path);
  if (bytesToAscii(c.take(4, 'formatIdentifier')) !== FORMAT_ID) {
    malformed(`${path}/formatIdentifier`, baseOffset, "expected 'FIR'");
  }
  const version = bytesToAscii(c.take(4, 'version'));
  if (version !== VERSION) {
    throw new CccdError('LDS_UNSUPPORTED', `finger record version '${version.replace(/\0/g, '')}' (010 supported)`, {
      path: `${path}/version`,
      offset: baseOffset + 4,
    });
  }
  const length = c.uint(6, 'recordLength');
  if (length !== bytes.length)
    malformed(`${path}/recordLength`, baseOffset + 8, `says ${length}, ${bytes.length} present`);
  const captureDeviceId = c.uint(2, 'captureDeviceId');
  const imageAcquisitionLevel = c.uint(2, 'imageAcquisitionLevel');
  const count = c.uint(1, 'numberOfViews');
  const scaleUnits = c.uint(1, 'scaleUnits');
  const scanResolution: [number, number] = [c.uint(2, 'scanResolution'), c.uint(2, 'scanResolution')];
  const imageResolution: [number, number] = [c.uint(2, 'imageResolution'), c.uint(2, 'imageResolution')];
  const pixelDepth = c.uint(1, 'pixelDepth');
  const compression = c.uint(1, 'compression');
  c.uint(2, 'reserved');
  const views: FingerView[] = [];
  for (let i = 0; i < count; i++) views.push(decodeView(c, i));
  if (c.remaining) malformed(path, c.offset, `${c.remaining} bytes after the last view`);
  return {
    captureDeviceId,
    imageAcquisitionLevel,
    scaleUnits,
    scanResolution,
    imageResolution,
    pixelDepth,
    compression,
    views,
  };
}

export const fingerRecordCodec: RecordCodec<FingerRecord> = { decode: decodeFingerRecord, encode: encodeFingerRecord };
