// Node edge for X.509/CMS signature primitives (ECDSA per X9.62/RFC 5758, RSA PKCS#1 v1.5 and RSASSA-PSS per
// RFC 8017 §8) through node:crypto, with KeyObjects cached per SubjectPublicKeyInfo.
import { constants, createPublicKey, type KeyObject, verify } from 'node:crypto';
import { bytesToBigInt, toHex } from '../bytes.js';
import { curveFromParameters } from '../crypto/ec.js';
import { CccdError } from '../errors.js';
import type { SignatureAlgorithm } from './algorithms.js';
import { encodeEcPublicKeyInfo, type PublicKeyInfo } from './public-key.js';

const NODE_HASH = {
  'SHA-1': 'sha1',
  'SHA-224': 'sha224',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
} as const;
const CACHE = new Map<string, KeyObject>();

/** The SPKI node:crypto accepts: explicit parameters of a known curve become its named OID (RFC 5480 §2.1.1). */
function namedSpki(key: PublicKeyInfo): Uint8Array {
  if (key.kind !== 'ec' || !key.explicit) return key.spki;
  const e = key.explicit;
  if (e.g[0] !== 0x04) throw new CccdError('CRYPTO_UNSUPPORTED', 'explicit curve with a compressed base point');
  const half = (e.g.length - 1) / 2;
  const curve = curveFromParameters({
    p: bytesToBigInt(e.p),
    a: bytesToBigInt(e.a),
    b: bytesToBigInt(e.b),
    gx: bytesToBigInt(e.g.subarray(1, 1 + half)),
    gy: bytesToBigInt(e.g.subarray(1 + half)),
    n: bytesToBigInt(e.n),
    h: e.h ? bytesToBigInt(e.h) : 1n,
  });
  if (!curve.oid) throw new CccdError('CRYPTO_UNSUPPORTED', 'explicit curve parameters of no named curve');
  return encodeEcPublicKeyInfo(curve.oid, key.point);
}

/** A cached node:crypto KeyObject for a public key. */
export function nodePublicKey(key: PublicKeyInfo): KeyObject {
  const id = toHex(key.spki);
  let k = CACHE.get(id);
  if (!k) {
    try {
      k = createPublicKey({ key: Buffer.from(namedSpki(key)), format: 'der', type: 'spki' });
    } catch (cause) {
      if (cause instanceof CccdError) throw cause;
      throw new CccdError('CRYPTO_UNSUPPORTED', 'public key not usable by node:crypto', { cause });
    }
    if (CACHE.size > 256) CACHE.clear();
    CACHE.set(id, k);
  }
  return k;
}

/** Verifies `signature` over `message`; false when it does not verify, CRYPTO_UNSUPPORTED when it cannot be checked. */
export function nodeVerify(
  key: PublicKeyInfo,
  alg: SignatureAlgorithm,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (!alg.hash) throw new CccdError('CRYPTO_UNSUPPORTED', 'signature algorithm without a hash');
  const isEc = alg.kind === 'ecdsa' || alg.kind === 'ecdsa-plain';
  if (isEc !== (key.kind === 'ec')) return false;
  const k = nodePublicKey(key);
  const h = NODE_HASH[alg.hash];
  try {
    if (alg.kind === 'ecdsa-plain') return verify(h, message, { key: k, dsaEncoding: 'ieee-p1363' }, signature);
    if (alg.kind === 'rsa-pss') {
      // node:crypto uses the message hash for MGF1; RFC 4055 allows a different one, which we do not support.
      if (alg.pss && alg.pss.mgfHash !== alg.hash)
        throw new CccdError('CRYPTO_UNSUPPORTED', 'RSASSA-PSS with a different MGF1 hash');
      return verify(
        h,
        message,
        { key: k, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: alg.pss?.saltLength ?? 20 },
        signature,
      );
    }
    return verify(h, message, k, signature);
  } catch (cause) {
    if (cause instanceof CccdError) throw cause;
    return false;
  }
}
