// ICAO 9303-11 §6.1 Active Authentication, terminal side: INTERNAL AUTHENTICATE with an 8-byte challenge and the
// chip's signature verified with the DG15 key (RSA with ISO/IEC 9796-2 scheme 1, or ECDSA in TR-03111 plain form).

import { exchange } from '../access/exchange.js';
import { curveOf } from '../access/groups.js';
import { internalAuthenticate } from '../apdu/commands.js';
import { type OidName, oid, oidName } from '../asn1/oids.js';
import { abytes } from '../bytes.js';
import { ecdsaVerify } from '../crypto/ecdsa.js';
import type { HashAlgorithm } from '../crypto/hash.js';
import { iso9796Verify } from '../crypto/iso9796-2.js';
import { ecPublicKeyFromPoint } from '../crypto/keys.js';
import { defaultRandom, type RandomSource } from '../crypto/random.js';
import { CccdError, ProtocolError } from '../errors.js';
import type { PublicKeyInfo } from '../lds/public-key.js';
import type { Transport } from '../transport/types.js';

/** ICAO 9303-11 §9.2.8: the ECDSA signature algorithms ActiveAuthenticationInfo may name (TR-03111 plain form). */
export const AA_ECDSA_HASHES: Readonly<Partial<Record<OidName, HashAlgorithm>>> = {
  'ecdsa-plain-SHA1': 'SHA-1',
  'ecdsa-plain-SHA224': 'SHA-224',
  'ecdsa-plain-SHA256': 'SHA-256',
  'ecdsa-plain-SHA384': 'SHA-384',
  'ecdsa-plain-SHA512': 'SHA-512',
};

/**
 * The hash when ActiveAuthenticationInfo is absent: ICAO 9303-11 §6.1.2.3 asks for a hash no longer than the
 * key, so the toolkit takes the longest SHA-2 that fits the order (our default; the standard names none).
 */
const DEFAULT_ECDSA_HASH: readonly (readonly [number, HashAlgorithm])[] = [
  [512, 'SHA-512'],
  [384, 'SHA-384'],
  [256, 'SHA-256'],
  [0, 'SHA-224'],
];

export interface ActiveAuthenticationOptions {
  /** The chip's AA public key from DG15 (verified by passive authentication). */
  readonly publicKey: PublicKeyInfo;
  /** The 8-byte challenge RND.IFD, e.g. a server's nonce; random when absent. */
  readonly challenge?: Uint8Array;
  /** ActiveAuthenticationInfo.signatureAlgorithm from DG14 (dotted OID), for ECDSA keys. */
  readonly signatureAlgorithm?: string;
  /** ECDSA signature encoding: 'plain' r || s (TR-03111, the default) or 'der' for chips known to send DER. */
  readonly ecdsaFormat?: 'plain' | 'der';
  readonly random?: RandomSource;
}

export interface ActiveAuthenticationResult {
  readonly protocol: 'AA';
  /** The challenge sent, so that a server can bind the signature to its nonce. */
  readonly challenge: Uint8Array;
  /** The signature as the chip returned it. */
  readonly signature: Uint8Array;
  readonly algorithm: 'RSA' | 'ECDSA';
  readonly hash: HashAlgorithm;
  /** RSA only: the recovered part M1 of the message (the chip's nonce RND.IC). */
  readonly recovered?: Uint8Array;
}

const PROTOCOL = 'AA';

function ecdsaHash(orderBits: number, signatureAlgorithm: string | undefined): HashAlgorithm {
  if (signatureAlgorithm === undefined) {
    return (DEFAULT_ECDSA_HASH.find(([bits]) => orderBits >= bits) as (typeof DEFAULT_ECDSA_HASH)[number])[1];
  }
  const name = oidName(signatureAlgorithm);
  const found = name === undefined ? undefined : AA_ECDSA_HASHES[name];
  if (!found)
    throw new CccdError('CRYPTO_UNSUPPORTED', `AA signature algorithm ${signatureAlgorithm} is not ECDSA plain`);
  return found;
}

/**
 * Verifies an Active Authentication signature over `challenge` (pure, no chip): RSA keys with ISO/IEC 9796-2
 * scheme 1 and partial recovery (M2 = challenge, hash named by the trailer), EC keys with ECDSA.
 * Throws ProtocolError AUTH_FAILED (step `verify-signature`) when it does not verify.
 */
export function verifyActiveAuthentication(
  signature: Uint8Array,
  options: ActiveAuthenticationOptions & { challenge: Uint8Array },
): ActiveAuthenticationResult {
  const { publicKey, challenge } = options;
  abytes(signature, 'signature');
  abytes(challenge, 'challenge', 8);
  const fail = (message: string, cause?: unknown) =>
    new ProtocolError('AUTH_FAILED', PROTOCOL, 'verify-signature', message, cause === undefined ? {} : { cause });
  if (publicKey?.kind === 'rsa') {
    try {
      const { m1, hash } = iso9796Verify(
        { kind: 'rsa', n: publicKey.modulus, e: publicKey.exponent },
        signature,
        challenge,
      );
      return { protocol: PROTOCOL, challenge, signature, algorithm: 'RSA', hash, recovered: m1 };
    } catch (cause) {
      throw fail('the RSA signature does not verify (ISO/IEC 9796-2 scheme 1)', cause);
    }
  }
  if (publicKey?.kind === 'ec') {
    const curve = curveOf(publicKey.curve);
    const hash = ecdsaHash(curve.n.toString(2).length, options.signatureAlgorithm);
    const key = ecPublicKeyFromPoint(curve, publicKey.point);
    const format = options.ecdsaFormat ?? 'plain';
    if (format === 'plain' && signature.length !== 2 * curve.orderLength) {
      throw fail(`the ECDSA signature has ${signature.length} bytes, expected ${2 * curve.orderLength}`);
    }
    if (!ecdsaVerify(key, challenge, signature, { hash, format })) throw fail('the ECDSA signature does not verify');
    return { protocol: PROTOCOL, challenge, signature, algorithm: 'ECDSA', hash };
  }
  throw new CccdError('CRYPTO_UNSUPPORTED', `publicKey: Active Authentication with a ${String(publicKey?.kind)} key`);
}

/**
 * Runs Active Authentication: sends the challenge with INTERNAL AUTHENTICATE (under secure messaging when
 * `transport` is the SM wrapper, ICAO 9303-11 §6.1.1) and verifies the signature.
 *
 * @example
 * const aa = await performActiveAuthentication(secure, { publicKey: decodeDg15(dg15).publicKey, challenge: nonce });
 * aa.challenge; // the nonce, for the server that issued it
 */
export async function performActiveAuthentication(
  transport: Transport,
  options: ActiveAuthenticationOptions,
): Promise<ActiveAuthenticationResult> {
  const challenge = options.challenge ?? (options.random ?? defaultRandom)(8);
  abytes(challenge, 'challenge', 8);
  // ICAO 9303-11 §6.1.4: keys beyond 1848/1792 bits need an extended-length answer.
  const expected =
    options.publicKey?.kind === 'rsa'
      ? Math.ceil(options.publicKey.modulus.toString(2).length / 8)
      : options.publicKey?.kind === 'ec'
        ? 2 * curveOf(options.publicKey.curve).orderLength
        : 256;
  const apdu = internalAuthenticate(challenge, { ne: expected > 256 ? 65536 : 256 });
  const signature = await exchange(transport, apdu, PROTOCOL, 'internal-authenticate');
  return verifyActiveAuthentication(signature, { ...options, challenge });
}

/** The dotted OID of an ECDSA plain signature algorithm for ActiveAuthenticationInfo (TR-03111 §5.2.1). */
export function ecdsaPlainOid(hash: HashAlgorithm): string {
  const entry = (Object.entries(AA_ECDSA_HASHES) as [OidName, HashAlgorithm][]).find(([, h]) => h === hash);
  if (!entry) throw new CccdError('CRYPTO_UNSUPPORTED', `no ECDSA plain OID for ${hash}`);
  return oid(entry[0]);
}
