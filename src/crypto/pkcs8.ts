// PKCS #8 private keys (RFC 5208 / RFC 5958) holding an RFC 5915 ECPrivateKey or an RFC 8017 A.1.2 RSAPrivateKey.

import {
  decodeBigInt,
  decodeBitStringBytes,
  decodeOid,
  decodeSmallInt,
  encodeBitString,
  encodeInteger,
  encodeOctetString,
  encodeOid,
  encodeSequence,
  TAG,
} from '../asn1/der.js';
import { oid } from '../asn1/oids.js';
import { CccdError } from '../errors.js';
import { childAt, decodeTlv, encodeTlv, expectTag, findChild, type Tlv } from '../tlv/index.js';
import {
  decodeEcParameters,
  type EcPrivateKey,
  ecPrivateKeyFromScalar,
  encodeEcParameters,
  type PrivateKey,
} from './keys.js';
import { toPem } from './pem.js';
import { rsaPrivateKey } from './rsa-core.js';

const BAD = 'PKI_MALFORMED' as const;
const NULL = encodeTlv(TAG.NULL);

/** PrivateKeyInfo DER (version 0) of an EC or RSA private key. */
export function encodePkcs8(key: PrivateKey): Uint8Array {
  if (key.kind === 'ec') {
    // RFC 5915: parameters sit in the AlgorithmIdentifier; the public key is kept for interoperability.
    const ecPrivateKey = encodeSequence(
      encodeInteger(1),
      encodeOctetString(key.scalar),
      encodeTlv(0xa1, encodeBitString(key.point)),
    );
    return encodeSequence(
      encodeInteger(0),
      encodeSequence(encodeOid(oid('id-ecPublicKey')), encodeEcParameters(key.curve)),
      encodeOctetString(ecPrivateKey),
    );
  }
  const rsa = encodeSequence(
    encodeInteger(0),
    ...[key.n, key.e, key.d, key.p, key.q, key.dp, key.dq, key.qi].map((v) => encodeInteger(v)),
  );
  return encodeSequence(
    encodeInteger(0),
    encodeSequence(encodeOid(oid('rsaEncryption')), NULL),
    encodeOctetString(rsa),
  );
}

/** @internal Maps TLV decoding errors to PKI_MALFORMED. */
export function wrapTlvErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof CccdError && e.code.startsWith('TLV_')) throw new CccdError(BAD, e.message, { cause: e });
    throw e;
  }
}

function decodeEcPrivateKey(body: Uint8Array, algParams: Tlv | undefined): EcPrivateKey {
  const node = expectTag(decodeTlv(body, { path: 'ECPrivateKey' }), TAG.SEQUENCE, BAD);
  const scalar = expectTag(childAt(node, 1, BAD, 'privateKey'), TAG.OCTET_STRING, BAD).value;
  const params = algParams ?? findChild(node, 0xa0)?.children[0];
  if (!params) throw new CccdError(BAD, 'EC private key without curve parameters', { path: node.path });
  const key = ecPrivateKeyFromScalar(decodeEcParameters(params), scalar);
  const pub = findChild(node, 0xa1);
  if (pub?.children[0]) {
    const given = decodeBitStringBytes(pub.children[0], BAD);
    if (given.length !== key.point.length || !given.every((b, i) => b === key.point[i])) {
      throw new CccdError('CRYPTO_FAILED', 'EC private key does not match its public key', { path: pub.path });
    }
  }
  return key;
}

/** Decodes PrivateKeyInfo DER (EC named/explicit or RSA). */
export function decodePkcs8(der: Uint8Array): PrivateKey {
  return wrapTlvErrors(() => {
    const node = expectTag(decodeTlv(der, { path: 'PrivateKeyInfo' }), TAG.SEQUENCE, BAD);
    const version = decodeSmallInt(childAt(node, 0, BAD, 'version'), BAD);
    if (version !== 0 && version !== 1) throw new CccdError(BAD, `PKCS#8 version ${version}`, { path: node.path });
    const alg = expectTag(childAt(node, 1, BAD, 'privateKeyAlgorithm'), TAG.SEQUENCE, BAD);
    const algOid = decodeOid(childAt(alg, 0, BAD, 'algorithm'), BAD);
    const body = expectTag(childAt(node, 2, BAD, 'privateKey'), TAG.OCTET_STRING, BAD).value;
    if (algOid === oid('id-ecPublicKey')) return decodeEcPrivateKey(body, alg.children[1]);
    if (algOid === oid('rsaEncryption')) {
      const rsa = expectTag(decodeTlv(body, { path: 'RSAPrivateKey' }), TAG.SEQUENCE, BAD);
      const [n, e, d, p, q] = [1, 2, 3, 4, 5].map((i) => decodeBigInt(childAt(rsa, i, BAD, 'RSAPrivateKey'), BAD)) as [
        bigint,
        bigint,
        bigint,
        bigint,
        bigint,
      ];
      return rsaPrivateKey({ n, e, d, p, q });
    }
    throw new CccdError('CRYPTO_UNSUPPORTED', `private key algorithm ${algOid} is not supported`, { path: alg.path });
  });
}

/** PKCS#8 as PEM (`PRIVATE KEY`). */
export function encodePkcs8Pem(key: PrivateKey): string {
  return toPem('PRIVATE KEY', encodePkcs8(key));
}
