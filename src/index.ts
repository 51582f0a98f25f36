// cccd-toolkit public API: the platform-free core (no Node-only imports here).

export * from './access/index.js';
export * from './apdu/index.js';
export * from './apdu/script.js';
export * from './apdu/script-runner.js';
export * as der from './asn1/der.js';
export * from './asn1/oids.js';
export * from './auth/index.js';
export * from './bytes.js';
export * from './card/index.js';
export * as cardProtocols from './card/protocols/index.js';
export * from './citizen/index.js';
export * as conformance from './conformance/index.js';
export * as crypto from './crypto/index.js';
export * from './errors.js';
export * from './lds/index.js';
export * from './mrz/index.js';
export * from './perso/index.js';
export * as pki from './pki/index.js';
export * from './profile/index.js';
export * from './reader/index.js';
export * from './sm/index.js';
export * from './tlv/index.js';
// ISO/IEC 7816-3 ATR parsing and the vpcd wire format are platform-free; the PC/SC transport and the vpcd bridge
// (node:net, the pcsclite binding) are imported from src/transport/pcsc.ts and src/transport/vpcd.ts.
export * from './transport/atr.js';
export * from './transport/index.js';
export * from './transport/vpcd-protocol.js';
