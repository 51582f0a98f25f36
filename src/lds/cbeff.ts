// ICAO 9303-10 §4.7.2.1 (Table 41-43) and ISO/IEC 19785-3 (CBEFF patron format): the biometric information
// group template 7F61 holding one 7F60 template per instance, each a header A1 and a data block 5F2E.
// Written once for DG2, DG3 and DG4, parametrized by the ISO/IEC 19794 record codec inside 5F2E.
import { encodeInteger } from '../asn1/der.js';
import { CccdError } from '../errors.js';
import { encodeTlv, type Tlv } from '../tlv/index.js';
import { Children, malformed, readBytes, readInt, valueOffset } from './read.js';

/** The biometric header template A1 (ICAO 9303-10 Table 43); absent optional elements stay undefined. */
export interface BiometricHeader {
  /** 80: ICAO header version, 0x0101. */
  icaoHeaderVersion?: number;
  /** 81: biometric type (ISO/IEC 19785-3: 0x02 face, 0x08 finger, 0x10 iris). */
  biometricType?: number;
  /** 82: biometric subtype (finger position, eye...). */
  biometricSubtype?: number;
  /** 83: creation date and time, 7 bytes (CBEFF datetime). */
  creationDate?: Uint8Array;
  /** 85: validity period, 8 bytes. */
  validityPeriod?: Uint8Array;
  /** 86: creator of the biometric reference data (PID), 2 bytes. */
  creator?: Uint8Array;
  /** 87: format owner, 0x0101 (ISO/IEC JTC 1/SC 37). */
  formatOwner: number;
  /** 88: format type: 0x0008 face (19794-5), 0x0007 finger (19794-4), 0x0009 iris (19794-6). */
  formatType: number;
}

/** A record codec: how the 5F2E biometric data block of one file type is read and written. */
export interface RecordCodec<R> {
  decode(bytes: Uint8Array, baseOffset: number, path: string): R;
  encode(record: R): Uint8Array;
}

export interface BiometricInstance<R> {
  header: BiometricHeader;
  record: R;
}

type NumKey = 'icaoHeaderVersion' | 'biometricType' | 'biometricSubtype' | 'formatOwner' | 'formatType';
type BytesKey = 'creationDate' | 'validityPeriod' | 'creator';

/** ICAO 9303-10 Table 43, as a table: tag, field, and its allowed lengths (min, max). */
const HEADER_FIELDS: readonly {
  tag: number;
  key: NumKey | BytesKey;
  kind: 'uint' | 'bytes';
  min: number;
  max: number;
}[] = [
  { tag: 0x80, key: 'icaoHeaderVersion', kind: 'uint', min: 2, max: 2 },
  { tag: 0x81, key: 'biometricType', kind: 'uint', min: 1, max: 3 },
  { tag: 0x82, key: 'biometricSubtype', kind: 'uint', min: 1, max: 1 },
  { tag: 0x83, key: 'creationDate', kind: 'bytes', min: 7, max: 7 },
  { tag: 0x85, key: 'validityPeriod', kind: 'bytes', min: 8, max: 8 },
  { tag: 0x86, key: 'creator', kind: 'bytes', min: 2, max: 2 },
  { tag: 0x87, key: 'formatOwner', kind: 'uint', min: 2, max: 2 },
  { tag: 0x88, key: 'formatType', kind: 'uint', min: 2, max: 2 },
];

const TAG_GROUP = 0x7f61;
const TAG_TEMPLATE = 0x7f60;
const TAG_HEADER = 0xa1;
const TAG_DATA = 0x5f2e;
const TAG_DATA_ENCIPHERED = 0x7f2e;
/** A bound on instances per file, well above any document (ICAO 9303-10: one face, up to ten fingers). */
const MAX_INSTANCES = 64;

function uintBytes(value: number, min: number, max: number, what: string): Uint8Array {
  let n = min;
  while (n < max && value >= 2 ** (8 * n)) n++;
  if (!Number.isInteger(value) || value < 0 || value >= 2 ** (8 * n)) {
    throw new CccdError('INVALID_ARGUMENT', `${what}: ${value} does not fit in ${max} bytes`);
  }
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(value / 2 ** (8 * (n - 1 - i))) & 0xff;
  return out;
}

export function encodeBiometricHeader(h: BiometricHeader): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const f of HEADER_FIELDS) {
    const v = h[f.key];
    if (v === undefined) continue;
    if (f.kind === 'uint') parts.push(encodeTlv(f.tag, uintBytes(v as number, f.min, f.max, `header.${f.key}`)));
    else {
      const b = v as Uint8Array;
      if (!(b instanceof Uint8Array) || b.length < f.min || b.length > f.max) {
        throw new CccdError('INVALID_ARGUMENT', `header.${f.key}: expected ${f.min} bytes`);
      }
      parts.push(encodeTlv(f.tag, b));
    }
  }
  return encodeTlv(TAG_HEADER, ...parts);
}

function decodeBiometricHeader(node: Tlv, path: string): BiometricHeader {
  const c = new Children(node, path);
  const out: Partial<Record<NumKey, number> & Record<BytesKey, Uint8Array>> = {};
  let last = -1;
  for (const child of c.remaining) {
    const f = HEADER_FIELDS.find((x) => x.tag === child.tag);
    if (!f) malformed(path, child.offset, `unexpected element with tag ${child.tag.toString(16)}`);
    if (HEADER_FIELDS.indexOf(f) <= last) malformed(`${path}/${f.key}`, child.offset, 'out of order or repeated');
    last = HEADER_FIELDS.indexOf(f);
    const len = child.value.length;
    if (len < f.min || len > f.max) malformed(`${path}/${f.key}`, child.offset, `length ${len} (expected ${f.min})`);
    if (f.kind === 'uint') {
      let v = 0;
      for (const b of child.value) v = v * 256 + b;
      (out as Record<string, unknown>)[f.key] = v;
    } else (out as Record<string, unknown>)[f.key] = readBytes(child);
  }
  if (out.formatOwner === undefined) malformed(`${path}/formatOwner`, node.offset, 'missing (tag 87)');
  if (out.formatType === undefined) malformed(`${path}/formatType`, node.offset, 'missing (tag 88)');
  return out as BiometricHeader;
}

/** Encodes the 7F61 group template for the given instances. */
export function encodeBiometricGroup<R>(instances: readonly BiometricInstance<R>[], codec: RecordCodec<R>): Uint8Array {
  if (instances.length > MAX_INSTANCES) throw new CccdError('INVALID_ARGUMENT', 'too many biometric instances');
  return encodeTlv(
    TAG_GROUP,
    encodeInteger(instances.length),
    ...instances.map((i) =>
      encodeTlv(TAG_TEMPLATE, encodeBiometricHeader(i.header), encodeTlv(TAG_DATA, codec.encode(i.record))),
    ),
  );
}

/** Decodes the 7F61 group template; the instance count must match the templates present. */
export function decodeBiometricGroup<R>(group: Tlv, path: string, codec: RecordCodec<R>): BiometricInstance<R>[] {
  if (group.tag !== TAG_GROUP) malformed(path, group.offset, 'expected the biometric information group (7F61)');
  const c = new Children(group, path);
  const countNode = c.next(0x02, 'numberOfInstances');
  const count = readInt(countNode, `${path}/numberOfInstances`, MAX_INSTANCES);
  const templates = c.remaining;
  if (templates.length !== count) {
    malformed(`${path}/numberOfInstances`, countNode.offset, `says ${count}, ${templates.length} templates follow`);
  }
  return templates.map((t, i) => {
    const tp = `${path}/instances[${i}]`;
    if (t.tag !== TAG_TEMPLATE) malformed(tp, t.offset, 'expected a biometric information template (7F60)');
    const tc = new Children(t, tp);
    const header = decodeBiometricHeader(tc.next(TAG_HEADER, 'header'), `${tp}/header`);
    const dataNode = tc.any('data');
    tc.end();
    if (dataNode.tag === TAG_DATA_ENCIPHERED) {
      throw new CccdError('LDS_UNSUPPORTED', 'enciphered biometric data block (7F2E)', {
        path: `${tp}/data`,
        offset: dataNode.offset,
      });
    }
    if (dataNode.tag !== TAG_DATA) malformed(`${tp}/data`, dataNode.offset, 'expected the biometric data block (5F2E)');
    const record = codec.decode(dataNode.value, valueOffset(dataNode), `${tp}/data`);
    return { header, record };
  });
}
