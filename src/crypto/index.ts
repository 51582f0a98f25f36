// The crypto module's public API (architecture.md: one module, backend picked by package.json conditions).
export type { BlockCipherName, BlockMode, CryptoBackend, RsaSignatureParams } from './backend.js';
export { BLOCK_CIPHERS, type CipherOptions, decrypt, encrypt, type KeyedCipher, keyed } from './cipher.js';
export { NAMED_CURVES } from './curves.js';
export {
  type DhGroup,
  type DhKeyPair,
  dhGroup,
  dhKeyPair,
  dhSharedSecret,
  encodeDhElement,
  modPow,
  RFC5114_GROUPS,
  type Rfc5114GroupName,
  rfc5114Group,
  validateDhPublicKey,
} from './dh.js';
export {
  type DomainParameters,
  domainParameterId,
  domainParameters,
  STANDARDIZED_DOMAIN_PARAMETERS,
} from './domain-parameters.js';
export {
  type AffinePoint,
  addPoints,
  CURVE_NAMES,
  type Curve,
  type CurveName,
  type CurveParameters,
  curveByName,
  curveByOid,
  curveFromParameters,
  decodePoint,
  type EcKeyPair,
  ecdhSharedSecret,
  ecKeyPair,
  ecPublicKey,
  encodePoint,
  generator,
  isValidPoint,
  multiplyPoint,
} from './ec.js';
export {
  type EcdsaOptions,
  type EcdsaSignatureFormat,
  ecdsaDerToPlain,
  ecdsaPlainToDer,
  ecdsaSign,
  ecdsaVerify,
} from './ecdsa.js';
export { HASHES, type HashAlgorithm, type HashInfo, hash, hashByOid, hashInto, hashMatches, hashOid } from './hash.js';
export { type Iso9796Options, iso9796Encode, iso9796Recover, iso9796Sign, iso9796Verify } from './iso9796-2.js';
export {
  adjustParity,
  bacKeySeed,
  KDF_COUNTER,
  KDF_PARAMETERS,
  type KdfOptions,
  kdf,
  kdfEnc,
  kdfMac,
  kdfPi,
  type Password,
  passwordKey,
  type SymmetricCipher,
} from './kdf.js';
export { generateKeyPair, type KeygenOptions, type KeySpec } from './keygen.js';
export {
  decodeEcParameters,
  decodeSpki,
  decodeSpkiNode,
  type EcPrivateKey,
  type EcPublicKey,
  ecPrivateKeyFromScalar,
  ecPublicKeyFromPoint,
  encodeEcParameters,
  encodeSpki,
  type KeyPair,
  type PrivateKey,
  type PublicKey,
  publicKeyOf,
} from './keys.js';
export {
  type CmacSubkeys,
  cmac,
  cmacSubkeys,
  cmacSubkeysWith,
  cmacWith,
  type MacOptions,
  retailMac,
  retailMacWith,
  retailMacWithPadding,
} from './mac.js';
export { pad, unpad } from './padding.js';
export { fromBase64, fromPem, toBase64, toPem } from './pem.js';
export { decodePkcs8, encodePkcs8, encodePkcs8Pem } from './pkcs8.js';
export {
  decodePkcs8Pem,
  decryptPkcs8,
  type EncryptPkcs8Options,
  encryptPkcs8,
  encryptPkcs8Pem,
} from './pkcs8-encrypted.js';
export { defaultRandom, type RandomSource, replayRandom } from './random.js';
export {
  modulusBits,
  modulusLength,
  type RsaPrivateKey,
  type RsaPublicKey,
  type RsaSignOptions,
  rsaPrivateKey,
  rsaPrivateOperation,
  rsaPublicOperation,
  rsaSign,
  rsaVerify,
} from './rsa.js';
export { backend as defaultBackend } from './select.js';
