// ICAO 9303-10 §4.7.4 (DG4, tag 76): encoded irises in the CBEFF biometric information group template. The
// ISO/IEC 19794-6 iris records inside 5F2E are carried as bytes (the toolkit does not interpret them).
import { copyBytes } from '../bytes.js';
import { encodeTlv } from '../tlv/index.js';
import { type BiometricInstance, decodeBiometricGroup, encodeBiometricGroup, type RecordCodec } from './cbeff.js';
import { Children, type Decoded, type LdsDecodeOptions, openFile } from './read.js';

export interface Dg4 {
  /** One instance per iris (7F60 template); `record` is the ISO/IEC 19794-6 record as bytes. */
  instances: BiometricInstance<Uint8Array>[];
}

const TAG_DG4 = 0x76;

const opaqueRecord: RecordCodec<Uint8Array> = {
  decode: (bytes) => copyBytes(bytes),
  encode: (record) => record,
};

/** Builds DG4 around the given iris records. */
export function buildDg4(dg4: Dg4): Uint8Array {
  return encodeTlv(TAG_DG4, encodeBiometricGroup(dg4.instances, opaqueRecord));
}

/** Decodes DG4 down to the CBEFF headers and the iris record bytes. */
export function decodeDg4(bytes: Uint8Array, options: LdsDecodeOptions = {}): Decoded<Dg4> {
  const root = openFile(bytes, 'DG4', TAG_DG4, options);
  const c = new Children(root, 'DG4');
  const group = c.any('biometricInformationGroup');
  c.end();
  return { instances: decodeBiometricGroup(group, 'DG4/group', opaqueRecord), raw: copyBytes(root.raw) };
}
