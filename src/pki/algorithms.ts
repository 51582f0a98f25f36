// Algorithm identifiers for certificates and CMS: hashes (RFC 5754), ECDSA (RFC 5758, BSI TR-03111 plain
// format), RSA PKCS#1 v1.5 and RSASSA-PSS (RFC 8017, RFC 4055) as ICAO 9303-12 §4 lists them.
import { decodeSmallInt, encodeInteger, encodeOid, encodeSequence } from '../asn1/der.js';
import { type OidName, oid, oidName } from '../asn1/oids.js';
import { HASHES, type HashAlgorithm, hashByOid, hashOid } from '../crypto/hash.js';
import { CccdError } from '../errors.js';
import { encodeTlv, type Tlv, type TlvReader } from '../tlv/index.js';
import { DecodedCache } from './decoded-cache.js';
import { items, malformed, need, oidValue } from './der-read.js';
import { oidDer } from './der-write.js';

/** ECDSA with a DER Ecdsa-Sig-Value, ECDSA with r||s (TR-03111), RSA PKCS#1 v1.5, RSASSA-PSS. */
export type SignatureKind = 'ecdsa' | 'ecdsa-plain' | 'rsa-pkcs1' | 'rsa-pss';

/** A signature algorithm as written in an AlgorithmIdentifier. */
export interface SignatureAlgorithm {
  readonly kind: SignatureKind;
  /** The message hash; undefined only for bare key OIDs (rsaEncryption) whose hash comes from the SignerInfo. */
  readonly hash: HashAlgorithm | undefined;
  /** RSASSA-PSS parameters (RFC 4055 §3.1). */
  readonly pss?: { readonly mgfHash: HashAlgorithm; readonly saltLength: number };
}

/** The table of signature OIDs: each kind written once, the hash as a parameter. */
const SIGNATURE_OIDS: readonly [OidName, SignatureKind, HashAlgorithm | undefined][] = [
  ['ecdsa-with-SHA1', 'ecdsa', 'SHA-1'],
  ['ecdsa-with-SHA224', 'ecdsa', 'SHA-224'],
  ['ecdsa-with-SHA256', 'ecdsa', 'SHA-256'],
  ['ecdsa-with-SHA384', 'ecdsa', 'SHA-384'],
  ['ecdsa-with-SHA512', 'ecdsa', 'SHA-512'],
  ['ecdsa-plain-SHA1', 'ecdsa-plain', 'SHA-1'],
  ['ecdsa-plain-SHA224', 'ecdsa-plain', 'SHA-224'],
  ['ecdsa-plain-SHA256', 'ecdsa-plain', 'SHA-256'],
  ['ecdsa-plain-SHA384', 'ecdsa-plain', 'SHA-384'],
  ['ecdsa-plain-SHA512', 'ecdsa-plain', 'SHA-512'],
  ['sha1WithRSAEncryption', 'rsa-pkcs1', 'SHA-1'],
  ['sha224WithRSAEncryption', 'rsa-pkcs1', 'SHA-224'],
  ['sha256WithRSAEncryption', 'rsa-pkcs1', 'SHA-256'],
  ['sha384WithRSAEncryption', 'rsa-pkcs1', 'SHA-384'],
  ['sha512WithRSAEncryption', 'rsa-pkcs1', 'SHA-512'],
  // Some EF.SODs name only the key type in SignerInfo.signatureAlgorithm; the digest algorithm gives the hash.
  ['rsaEncryption', 'rsa-pkcs1', undefined],
  ['id-ecPublicKey', 'ecdsa', undefined],
];

const SIG_BY_OID: ReadonlyMap<string, [SignatureKind, HashAlgorithm | undefined]> = new Map(
  SIGNATURE_OIDS.map(([name, kind, hash]) => [oid(name), [kind, hash]]),
);

/** Parses an algorithm name as the CLI and options spell it: `ecdsa-sha256`, `rsa-pss-sha384`, `rsa-sha256`. */
export function signatureAlgorithmFromName(text: string): SignatureAlgorithm {
  const m = /^(ecdsa|ecdsa-plain|rsa|rsa-pss)-(sha1|sha224|sha256|sha384|sha512)$/.exec(text.toLowerCase());
  if (!m) throw new CccdError('INVALID_ARGUMENT', `algorithm: '${text}' (expected e.g. ecdsa-sha256, rsa-pss-sha256)`);
  const hash = `SHA-${(m[2] as string).slice(3)}` as HashAlgorithm;
  const kind = (m[1] === 'rsa' ? 'rsa-pkcs1' : m[1]) as SignatureKind;
  return kind === 'rsa-pss' ? { kind, hash, pss: { mgfHash: hash, saltLength: HASHES[hash].length } } : { kind, hash };
}

/** The algorithm's short name (inverse of signatureAlgorithmFromName). */
export function signatureAlgorithmName(alg: SignatureAlgorithm): string {
  return `${alg.kind === 'rsa-pkcs1' ? 'rsa' : alg.kind}-${(alg.hash ?? 'unknown').replace('-', '').toLowerCase()}`;
}

/** AlgorithmIdentifier for a hash. RFC 5754 §2: parameters absent for SHA-2. */
export function encodeHashAlgorithm(hash: HashAlgorithm): Uint8Array {
  let der = HASH_ALG_DER.get(hash);
  if (!der) {
    der = encodeSequence(oidDer(hashOid(hash)));
    HASH_ALG_DER.set(hash, der);
  }
  return der;
}
const HASH_ALG_DER = new Map<HashAlgorithm, Uint8Array>();

// Every EF.SOD and certificate of a DS repeats the same few AlgorithmIdentifiers: decoded ones are kept per bytes
// (results only; a malformed identifier is decoded, and rejected, every time).
const HASH_ALGORITHMS = new DecodedCache<HashAlgorithm>(64);
const SIGNATURE_ALGORITHMS = new DecodedCache<SignatureAlgorithm>(64);

/** Decodes a digest AlgorithmIdentifier (parameters absent or NULL, both seen in EF.SODs). */
export function decodeHashAlgorithm(node: Tlv, path: string): HashAlgorithm {
  const known = HASH_ALGORITHMS.get(node.raw);
  if (known) return known;
  const h = decodeHashAlgorithmUncached(node, path);
  HASH_ALGORITHMS.set(node.raw, h);
  return h;
}

/** decodeHashAlgorithm for the object `r` just read (a cache hit is found in place). */
export function hashAlgorithmAt(r: TlvReader, path: string): HashAlgorithm {
  return HASH_ALGORITHMS.getIn(r.bytes, r.start, r.end) ?? decodeHashAlgorithm(r.node(r.start, r.end), path);
}

function decodeHashAlgorithmUncached(node: Tlv, path: string): HashAlgorithm {
  const [o, params] = items(need(node, 0x30, path), path, 1, 2) as [Tlv, Tlv | undefined];
  const dotted = oidValue(need(o, 0x06, `${path}/algorithm`).value, { path, offset: o.offset });
  if (params && !(params.tag === 0x05 && params.value.length === 0))
    malformed('unexpected hash parameters', path, params);
  try {
    return hashByOid(dotted);
  } catch (cause) {
    throw new CccdError('CRYPTO_UNSUPPORTED', `unknown hash algorithm ${dotted}`, { path, offset: node.offset, cause });
  }
}

const NULL = Uint8Array.of(0x05, 0x00);

function sigOid(kind: SignatureKind, hash: HashAlgorithm): string {
  const row = SIGNATURE_OIDS.find(([, k, h]) => k === kind && h === hash);
  if (!row) throw new CccdError('CRYPTO_UNSUPPORTED', `no OID for ${kind} with ${hash}`);
  return oid(row[0]);
}

/** RFC 4055 §3.1 RSASSA-PSS-params with the hash, MGF1 hash and salt length written out. */
function encodePssParams(hash: HashAlgorithm, pss: { mgfHash: HashAlgorithm; saltLength: number }): Uint8Array {
  const hashAlg = encodeSequence(encodeOid(hashOid(hash)), NULL);
  const mgf = encodeSequence(encodeOid(oid('id-mgf1')), encodeSequence(encodeOid(hashOid(pss.mgfHash)), NULL));
  return encodeSequence(encodeTlv(0xa0, hashAlg), encodeTlv(0xa1, mgf), encodeTlv(0xa2, encodeInteger(pss.saltLength)));
}

/** AlgorithmIdentifier for a signature: ECDSA without parameters (RFC 5758 §3.2), RSA with NULL, PSS with params. */
export function encodeSignatureAlgorithm(alg: SignatureAlgorithm): Uint8Array {
  if (!alg.hash) throw new CccdError('INVALID_ARGUMENT', 'signature algorithm: hash required');
  if (alg.kind === 'rsa-pss') {
    const pss = alg.pss ?? { mgfHash: alg.hash, saltLength: HASHES[alg.hash].length };
    return encodeSequence(encodeOid(oid('id-RSASSA-PSS')), encodePssParams(alg.hash, pss));
  }
  const o = oidDer(sigOid(alg.kind, alg.hash));
  return alg.kind === 'rsa-pkcs1' ? encodeSequence(o, NULL) : encodeSequence(o);
}

function hashOfAlgId(node: Tlv, path: string): HashAlgorithm {
  return decodeHashAlgorithm(node, path);
}

function decodePssParams(node: Tlv | undefined, path: string): SignatureAlgorithm {
  // RFC 4055 §3.1 defaults: SHA-1, MGF1 with SHA-1, salt 20.
  let hash: HashAlgorithm = 'SHA-1';
  let mgfHash: HashAlgorithm = 'SHA-1';
  let saltLength = 20;
  if (node && node.tag !== 0x05) {
    for (const f of items(need(node, 0x30, path), path, 0, 4)) {
      const inner = f.children[0];
      if (!inner) malformed('empty PSS parameter', path, f);
      if (f.tag === 0xa0) hash = hashOfAlgId(inner, `${path}/hashAlgorithm`);
      else if (f.tag === 0xa1) {
        const [mo, mp] = items(need(inner, 0x30, `${path}/maskGenAlgorithm`), `${path}/maskGenAlgorithm`, 2, 2) as [
          Tlv,
          Tlv,
        ];
        if (oidValue(mo.value) !== oid('id-mgf1')) {
          throw new CccdError('CRYPTO_UNSUPPORTED', 'mask generation other than MGF1', { path, offset: mo.offset });
        }
        mgfHash = hashOfAlgId(mp, `${path}/maskGenAlgorithm/parameters`);
      } else if (f.tag === 0xa2) saltLength = decodeSmallInt(inner, 'PKI_MALFORMED');
      else if (f.tag === 0xa3) {
        if (decodeSmallInt(inner, 'PKI_MALFORMED') !== 1) malformed('trailerField other than 1', path, f);
      } else malformed('unknown PSS parameter', path, f);
    }
  }
  return { kind: 'rsa-pss', hash, pss: { mgfHash, saltLength } };
}

/** Decodes a signature AlgorithmIdentifier; unknown OIDs are CRYPTO_UNSUPPORTED with the path. */
export function decodeSignatureAlgorithm(node: Tlv, path: string): SignatureAlgorithm {
  const known = SIGNATURE_ALGORITHMS.get(node.raw);
  if (known) return known;
  const algorithm = Object.freeze(decodeSignatureAlgorithmUncached(node, path));
  SIGNATURE_ALGORITHMS.set(node.raw, algorithm);
  return algorithm;
}

/** decodeSignatureAlgorithm for the object `r` just read (a cache hit is found in place). */
export function signatureAlgorithmAt(r: TlvReader, path: string): SignatureAlgorithm {
  return SIGNATURE_ALGORITHMS.getIn(r.bytes, r.start, r.end) ?? decodeSignatureAlgorithm(r.node(r.start, r.end), path);
}

function decodeSignatureAlgorithmUncached(node: Tlv, path: string): SignatureAlgorithm {
  const [o, params] = items(need(node, 0x30, path), path, 1, 2) as [Tlv, Tlv | undefined];
  const dotted = oidValue(need(o, 0x06, `${path}/algorithm`).value, { path, offset: o.offset });
  if (dotted === oid('id-RSASSA-PSS')) return decodePssParams(params, `${path}/parameters`);
  const row = SIG_BY_OID.get(dotted);
  if (!row) {
    throw new CccdError('CRYPTO_UNSUPPORTED', `unknown signature algorithm ${oidName(dotted) ?? dotted}`, {
      path,
      offset: node.offset,
    });
  }
  return { kind: row[0], hash: row[1] };
}

/** The algorithm of a registered OID name (e.g. 'ecdsa-with-SHA256'); RSASSA-PSS takes `hash` for its parameters. */
export function signatureAlgorithmFromOidName(name: OidName, hash: HashAlgorithm): SignatureAlgorithm {
  if (name === 'id-RSASSA-PSS')
    return { kind: 'rsa-pss', hash, pss: { mgfHash: hash, saltLength: HASHES[hash].length } };
  const row = SIG_BY_OID.get(oid(name));
  if (!row) throw new CccdError('CRYPTO_UNSUPPORTED', `${name} is not a signature algorithm`);
  return { kind: row[0], hash: row[1] ?? hash };
}
