// ICAO 9303-12 document-signing PKI and ICAO 9303-11 §5.1 passive authentication: the platform-free part.
// The PKCS#11 signer (node edge, optional pkcs11js) is imported from src/pki/pkcs11-signer.ts.
export * from './algorithms.js';
export * from './certificate.js';
export * from './cms.js';
export { alpha2FromMrzState } from './countries.js';
export * from './crl.js';
export * from './dev-pki.js';
export * from './extensions.js';
export * from './ldif.js';
export * from './master-list.js';
export * from './name.js';
export * from './passive-authentication.js';
export { fromPemAll, isPem } from './pem.js';
export * from './profiles.js';
export * from './public-key.js';
export * from './signer.js';
export * from './software-signer.js';
export * from './trust-store.js';
export * from './verify.js';
