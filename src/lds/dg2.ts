// ICAO 9303-10 §4.7.2 (DG2, tag 75): the encoded face, ISO/IEC 19794-5 facial records inside the CBEFF
// biometric information group template (7F61 / 7F60 / A1 + 5F2E).
import { copyBytes } from '../bytes.js';
import { encodeTlv } from '../tlv/index.js';
import { type BiometricHeader, type BiometricInstance, decodeBiometricGroup, encodeBiometricGroup } from './cbeff.js';
import { type FaceRecord, faceRecordCodec } from './face-record.js';
import { Children, type Decoded, type LdsDecodeOptions, openFile } from './read.js';

export interface Dg2 {
  /** One instance per 7F60 template; a passport or CCCD carries one. */
  instances: BiometricInstance<FaceRecord>[];
}

const TAG_DG2 = 0x75;

/** ICAO 9303-10 Table 43 header of a face instance: biometric type 02, ISO/IEC 19794-5 format 0101/0008. */
export const FACE_HEADER: BiometricHeader = {
  icaoHeaderVersion: 0x0101,
  biometricType: 0x02,
  biometricSubtype: 0x00,
  formatOwner: 0x0101,
  formatType: 0x0008,
};

/** Builds DG2. */
export function buildDg2(dg2: Dg2): Uint8Array {
  return encodeTlv(TAG_DG2, encodeBiometricGroup(dg2.instances, faceRecordCodec));
}

/** Decodes DG2 down to the image bytes; the header fields a verifier needs are typed. */
export function decodeDg2(bytes: Uint8Array, options: LdsDecodeOptions = {}): Decoded<Dg2> {
  const root = openFile(bytes, 'DG2', TAG_DG2, options);
  const c = new Children(root, 'DG2');
  const group = c.any('biometricInformationGroup');
  c.end();
  return { instances: decodeBiometricGroup(group, 'DG2/group', faceRecordCodec), raw: copyBytes(root.raw) };
}
