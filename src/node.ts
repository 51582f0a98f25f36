// cccd-toolkit for Node.js: the edges that need Node (PC/SC through pcsclite, the vpcd bridge, PKCS#11 signing,
// loading profiles from files). Import from 'cccd-toolkit/node'; the core ('cccd-toolkit') stays platform-free.
export * from './pki/pkcs11-signer.js';
export * from './profile/node-load.js';
export * from './transport/pcsc.js';
export * from './transport/vpcd.js';
