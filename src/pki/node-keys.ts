// Node edge: software keys for the ICAO 9303-12 PKI (EC on the SEC 2 and RFC 5639 curves, RSA 2048-4096) as
// PKCS#8 PEM (RFC 5958, encrypted with PBES2 when a passphrase is given) and their Signer over node:crypto.
import { constants, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { oid } from '../asn1/oids.js';
import { type CurveName, NAMED_CURVES } from '../crypto/curves.js';
import type { HashAlgorithm } from '../crypto/hash.js';
import { HASHES } from '../crypto/hash.js';
import { CccdError } from '../errors.js';
import { type SignatureAlgorithm, signatureAlgorithmFromName } from './algorithms.js';
import { parsePublicKeyInfo } from './public-key.js';
import type { Signer } from './signer.js';

/** A key to generate: an EC curve by its OID table name, or an RSA modulus size. */
export type KeySpec = { curve: CurveName } | { rsaBits: number };

const u8 = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength).slice();

/** Parses `p256`, `brainpoolP256r1`, `rsa2048` etc. as the CLI spells keys. */
export function keySpecFromName(text: string): KeySpec {
  const aliases: Record<string, CurveName> = { p256: 'secp256r1', p384: 'secp384r1', p521: 'secp521r1' };
  const name = aliases[text.toLowerCase()] ?? text;
  if (Object.hasOwn(NAMED_CURVES, name)) return { curve: name as CurveName };
  const m = /^rsa(\d{4})$/i.exec(text);
  if (m && [2048, 3072, 4096].includes(Number(m[1]))) return { rsaBits: Number(m[1]) };
  throw new CccdError('INVALID_ARGUMENT', `key: '${text}' (expected p256, p384, p521, brainpoolP256r1, rsa2048, ...)`);
}

/** The default signature algorithm for a key (9303-12 §4: hash strength matching the key). */
export function defaultAlgorithm(spec: KeySpec): SignatureAlgorithm {
  if ('rsaBits' in spec) return signatureAlgorithmFromName('rsa-pss-sha256');
  const bits = NAMED_CURVES[spec.curve].p.length * 4;
  return signatureAlgorithmFromName(bits <= 256 ? 'ecdsa-sha256' : bits <= 384 ? 'ecdsa-sha384' : 'ecdsa-sha512');
}

/** Generates a software key; the private key comes back as PKCS#8 PEM, encrypted (AES-256-CBC) when `passphrase`. */
export function generateSoftwareKey(
  spec: KeySpec,
  options: { passphrase?: string } = {},
): { privateKeyPem: string; publicKey: Uint8Array } {
  const pair =
    'curve' in spec
      ? generateKeyPairSync('ec', { namedCurve: NAMED_CURVES[spec.curve].nodeName })
      : generateKeyPairSync('rsa', { modulusLength: spec.rsaBits });
  const privateKeyPem = pair.privateKey.export(
    options.passphrase
      ? { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: options.passphrase }
      : { type: 'pkcs8', format: 'pem' },
  ) as string;
  return { privateKeyPem, publicKey: u8(pair.publicKey.export({ type: 'spki', format: 'der' })) };
}

const NODE_HASH: Record<HashAlgorithm, string> = {
  'SHA-1': 'sha1',
  'SHA-224': 'sha224',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

function loadPrivateKey(key: string | Uint8Array, passphrase: string | undefined): KeyObject {
  try {
    return typeof key === 'string' || key[0] === 0x2d
      ? createPrivateKey({
          key: typeof key === 'string' ? key : Buffer.from(key),
          format: 'pem',
          ...(passphrase ? { passphrase } : {}),
        })
      : createPrivateKey({
          key: Buffer.from(key),
          format: 'der',
          type: 'pkcs8',
          ...(passphrase ? { passphrase } : {}),
        });
  } catch (cause) {
    // Never echo the key or passphrase: the message only says what to check.
    throw new CccdError(
      'SIGNER_FAILED',
      passphrase
        ? 'private key could not be decrypted (check the passphrase)'
        : 'private key could not be read (encrypted? give a passphrase)',
      { cause },
    );
  }
}

/**
 * A Signer over a PKCS#8 private key (PEM or DER; encrypted PEM with `passphrase`).
 *
 * @example
 * const signer = softwareSigner({ privateKey: await readFile('ds.key.pem', 'utf8') });
 */
export function softwareSigner(o: {
  privateKey: string | Uint8Array;
  passphrase?: string;
  algorithm?: SignatureAlgorithm | string;
}): Signer {
  const key = loadPrivateKey(o.privateKey, o.passphrase);
  const publicKey = u8(createPublicKey(key).export({ type: 'spki', format: 'der' }));
  const info = parsePublicKeyInfo(publicKey);
  let spec: KeySpec;
  if (info.kind === 'ec') {
    const name = Object.keys(NAMED_CURVES).find((n) => info.curveOid === oid(n as CurveName));
    if (!name) throw new CccdError('CRYPTO_UNSUPPORTED', 'private key on a curve outside the table');
    spec = { curve: name as CurveName };
  } else spec = { rsaBits: info.modulus.length * 8 };
  const algorithm =
    typeof o.algorithm === 'string' ? signatureAlgorithmFromName(o.algorithm) : (o.algorithm ?? defaultAlgorithm(spec));
  if ((info.kind === 'ec') !== algorithm.kind.startsWith('ecdsa')) {
    throw new CccdError('INVALID_ARGUMENT', `algorithm ${algorithm.kind} does not fit a ${info.kind} key`);
  }
  const h = NODE_HASH[algorithm.hash as HashAlgorithm];
  const params =
    algorithm.kind === 'rsa-pss'
      ? {
          key,
          padding: constants.RSA_PKCS1_PSS_PADDING,
          saltLength: algorithm.pss?.saltLength ?? HASHES[algorithm.hash as HashAlgorithm].length,
        }
      : algorithm.kind === 'ecdsa-plain'
        ? { key, dsaEncoding: 'ieee-p1363' as const }
        : { key };
  return {
    algorithm,
    publicKey,
    description: 'software',
    sign: async (message) => u8(sign(h, message, params)),
  };
}
