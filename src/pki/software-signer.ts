// Software document-signing keys for the ICAO 9303-12 PKI: EC on the SEC 2 / RFC 5639 curves and RSA 2048-4096
// as PKCS#8 PEM (RFC 5958; PBES2-encrypted when a passphrase is given), and their Signer over src/crypto.

import { type CurveName, NAMED_CURVES } from '../crypto/curves.js';
import { ecdsaSign } from '../crypto/ecdsa.js';
import { HASHES, type HashAlgorithm } from '../crypto/hash.js';
import { generateKeyPair, type KeySpec } from '../crypto/keygen.js';
import { encodeSpki, type PrivateKey } from '../crypto/keys.js';
import { encodePkcs8Pem } from '../crypto/pkcs8.js';
import { decodePkcs8Pem, encryptPkcs8Pem } from '../crypto/pkcs8-encrypted.js';
import type { RandomSource } from '../crypto/random.js';
import { modulusBits, rsaSign } from '../crypto/rsa.js';
import { CccdError } from '../errors.js';
import { type SignatureAlgorithm, signatureAlgorithmFromName } from './algorithms.js';
import type { Signer } from './signer.js';

export type { KeySpec } from '../crypto/keygen.js';

const ALIASES: Readonly<Record<string, CurveName>> = { p256: 'secp256r1', p384: 'secp384r1', p521: 'secp521r1' };

/** Parses `p256`, `brainpoolP256r1`, `rsa2048` etc. as the CLI spells keys. */
export function keySpecFromName(text: string): KeySpec {
  const name = ALIASES[text.toLowerCase()] ?? text;
  if (Object.hasOwn(NAMED_CURVES, name)) return { kind: 'ec', curve: name as CurveName };
  const m = /^rsa(\d{4})$/i.exec(text);
  if (m && [2048, 3072, 4096].includes(Number(m[1]))) return { kind: 'rsa', bits: Number(m[1]) };
  throw new CccdError('INVALID_ARGUMENT', `key: '${text}' (expected p256, p384, p521, brainpoolP256r1, rsa2048, ...)`);
}

/** 9303-12 §4.4: a hash as strong as the key (SHA-256/384/512 by field size); RSA keys sign with RSASSA-PSS. */
export function defaultAlgorithm(key: PrivateKey): SignatureAlgorithm {
  if (key.kind === 'rsa') return signatureAlgorithmFromName('rsa-pss-sha256');
  const bits = key.curve.fieldLength * 8;
  return signatureAlgorithmFromName(bits <= 256 ? 'ecdsa-sha256' : bits <= 384 ? 'ecdsa-sha384' : 'ecdsa-sha512');
}

/** Generates a software key; the private key comes back as PKCS#8 PEM, encrypted when `passphrase` is given. */
export function generateSoftwareKey(
  spec: KeySpec,
  options: { passphrase?: string; random?: RandomSource } = {},
): { privateKeyPem: string; publicKey: Uint8Array } {
  const pair = generateKeyPair(spec, options.random ? { random: options.random } : {});
  const privateKeyPem = options.passphrase
    ? encryptPkcs8Pem(pair.privateKey, options.passphrase, options.random ? { random: options.random } : {})
    : encodePkcs8Pem(pair.privateKey);
  return { privateKeyPem, publicKey: encodeSpki(pair.publicKey) };
}

function loadKey(key: string | PrivateKey, passphrase: string | undefined): PrivateKey {
  if (typeof key !== 'string') return key;
  try {
    return decodePkcs8Pem(key, passphrase);
  } catch (cause) {
    // Never echo the key or the passphrase: the message says what to check.
    throw new CccdError(
      'SIGNER_FAILED',
      key.includes('ENCRYPTED')
        ? 'private key could not be decrypted (check the passphrase)'
        : 'private key PEM could not be read',
      { cause },
    );
  }
}

/**
 * A Signer over a software private key: PKCS#8 PEM (encrypted PEM with `passphrase`) or a decoded key.
 * `random` makes ECDSA nonces and PSS salts replayable (worked examples); without it signatures use the fast backend.
 *
 * @example
 * const signer = softwareSigner({ privateKey: pemText, algorithm: 'ecdsa-sha256' });
 */
export function softwareSigner(o: {
  privateKey: string | PrivateKey;
  passphrase?: string;
  algorithm?: SignatureAlgorithm | string;
  random?: RandomSource;
}): Signer {
  const key = loadKey(o.privateKey, o.passphrase);
  const algorithm =
    typeof o.algorithm === 'string' ? signatureAlgorithmFromName(o.algorithm) : (o.algorithm ?? defaultAlgorithm(key));
  const isEc = algorithm.kind === 'ecdsa' || algorithm.kind === 'ecdsa-plain';
  if (isEc !== (key.kind === 'ec')) {
    throw new CccdError('INVALID_ARGUMENT', `algorithm ${algorithm.kind} does not fit a ${key.kind} key`);
  }
  if (key.kind === 'rsa' && modulusBits(key) < 2048) {
    throw new CccdError('INVALID_ARGUMENT', 'RSA document-signing keys have at least 2048 bits (ICAO 9303-12 §4.4.2)');
  }
  const hash = algorithm.hash as HashAlgorithm;
  if (algorithm.pss && algorithm.pss.mgfHash !== hash) {
    throw new CccdError('CRYPTO_UNSUPPORTED', 'RSASSA-PSS with an MGF1 hash other than the message hash');
  }
  const publicKey = encodeSpki(
    key.kind === 'ec' ? { kind: 'ec', curve: key.curve, point: key.point } : { kind: 'rsa', n: key.n, e: key.e },
  );
  const random = o.random ? { random: o.random } : {};
  const sign =
    key.kind === 'ec'
      ? (m: Uint8Array) =>
          ecdsaSign(key, m, { hash, format: algorithm.kind === 'ecdsa-plain' ? 'plain' : 'der', ...random })
      : (m: Uint8Array) =>
          rsaSign(key, m, {
            scheme: algorithm.kind === 'rsa-pss' ? 'pss' : 'pkcs1v15',
            hash,
            saltLength: algorithm.pss?.saltLength ?? HASHES[hash].length,
            ...random,
          });
  // A settled promise rather than an async function (one allocation less per EF.SOD on a signing line); a failure
  // still arrives as a rejected promise, as from any Signer.
  const settled = (message: Uint8Array): Promise<Uint8Array> => {
    try {
      return Promise.resolve(sign(message));
    } catch (e) {
      return Promise.reject(e);
    }
  };
  return { algorithm, publicKey, description: 'software', sign: settled };
}
