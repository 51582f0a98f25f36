// ICAO 9303-10 §4.7.3 (DG3, tag 63): encoded fingers, ISO/IEC 19794-4 finger image records inside the
// CBEFF biometric information group template. On CCCD it is readable only after Terminal Authentication.
import { copyBytes } from '../bytes.js';
import { encodeTlv } from '../tlv/index.js';
import { type BiometricHeader, type BiometricInstance, decodeBiometricGroup, encodeBiometricGroup } from './cbeff.js';
import { type FingerRecord, fingerRecordCodec } from './finger-record.js';
import { Children, type Decoded, type LdsDecodeOptions, openFile } from './read.js';

export interface Dg3 {
  /** One instance per finger (7F60 template). */
  instances: BiometricInstance<FingerRecord>[];
}

const TAG_DG3 = 0x63;

/**
 * ICAO 9303-10 Table 43 header of a finger instance: biometric type 08 (finger), ISO/IEC 19794-4 format
 * 0101/0007; the subtype names the finger (ISO/IEC 19785-3: bit 1-2 right/left, bits 3-5 thumb..little).
 */
export function fingerHeader(subtype: number): BiometricHeader {
  return {
    icaoHeaderVersion: 0x0101,
    biometricType: 0x08,
    biometricSubtype: subtype,
    formatOwner: 0x0101,
    formatType: 0x0007,
  };
}

/** Builds DG3. */
export function buildDg3(dg3: Dg3): Uint8Array {
  return encodeTlv(TAG_DG3, encodeBiometricGroup(dg3.instances, fingerRecordCodec));
}

/** Decodes DG3. */
export function decodeDg3(bytes: Uint8Array, options: LdsDecodeOptions = {}): Decoded<Dg3> {
  const root = openFile(bytes, 'DG3', TAG_DG3, options);
  const c = new Children(root, 'DG3');
  const group = c.any('biometricInformationGroup');
  c.end();
  return { instances: decodeBiometricGroup(group, 'DG3/group', fingerRecordCodec), raw: copyBytes(root.raw) };
}
