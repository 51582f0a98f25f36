// ICAO 9303-10 logical data structure: the registry, one codec per elementary file, and decodeEf.
export * from './card-access.js';
export * from './card-security.js';
export {
  type BiometricHeader,
  type BiometricInstance,
  decodeBiometricGroup,
  encodeBiometricGroup,
  encodeBiometricHeader,
  type RecordCodec,
} from './cbeff.js';
export * from './com.js';
export * from './compose.js';
export * from './dg1.js';
export * from './dg2.js';
export * from './dg3.js';
export * from './dg4.js';
export * from './dg5.js';
export * from './dg7.js';
export * from './dg11.js';
export * from './dg12.js';
export * from './dg13.js';
export * from './dg14.js';
export * from './dg15.js';
export * from './dg16.js';
export type { DisplayedImages } from './displayed-image.js';
export { dumpJson, dumpTree, toJsonValue } from './dump.js';
export * from './ef.js';
export * from './face-record.js';
export * from './finger-record.js';
export { type ImageInfo, imageInfo } from './image-info.js';
export * from './public-key.js';
export type { Decoded, LdsDecodeOptions } from './read.js';
export * from './registry.js';
export * from './security-infos.js';
export * from './sod.js';
export type { ExtraElement } from './tagged-fields.js';
