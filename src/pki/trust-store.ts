// ICAO 9303-12 §5-§6 verifier trust: CSCA (and link) certificates and CRLs from PEM/DER files, master lists
// (§8, their own signature checked before their certificates are trusted) and ICAO PKD LDIF exports (§9).
import { bytesToAscii } from '../bytes.js';
import { CccdError } from '../errors.js';
import { type Certificate, parseCertificate } from './certificate.js';
import { findSignerCertificate } from './cms.js';
import { type Crl, parseCrl } from './crl.js';
import { decodeDer } from './der-read.js';
import { parseLdif } from './ldif.js';
import { parseMasterList, type SkippedObject } from './master-list.js';
import { type Name, nameKey, namesEqual } from './name.js';
import { fromPemAll, isPem } from './pem.js';
import { verifyCertificateSignature, verifySignerInfo } from './verify.js';

/** What a verifier trusts: CSCA/link certificates (trust anchors) and the CRLs it knows. */
export interface TrustStore {
  readonly certificates: readonly Certificate[];
  readonly crls: readonly Crl[];
  /**
   * Objects inside master lists and LDIF exports that could not be used (undecodable certificates or CRLs, an LDIF
   * master list whose signature fails): the rest of the collection is still trusted, and these are named so that
   * a verifier can report them. A file given on its own that is not usable still fails the load.
   */
  readonly skipped?: readonly SkippedObject[];
}

/** One input of loadTrustStore: a file's name (for error paths) and bytes. */
export interface TrustInput {
  readonly name: string;
  readonly bytes: Uint8Array;
}

function addMasterList(der: Uint8Array, path: string, certs: Certificate[], skipped: SkippedObject[]): void {
  const ml = parseMasterList(der, path);
  // 9303-12 §8: the list is only as good as its signature; its signer chains to a CSCA inside the list.
  const si = ml.signedData.signerInfos[0];
  const signer = si && findSignerCertificate(si, ml.signedData.certificates);
  if (!si || !signer) throw new CccdError('PKI_INVALID', 'master list signer certificate not found', { path });
  const check = verifySignerInfo(ml.signedData, si, signer);
  if (!check.valid) throw new CccdError('PKI_INVALID', `master list signature: ${check.reason}`, { path });
  const issuers = [...ml.certificates, ...ml.signedData.certificates].filter((c) =>
    namesEqual(c.subject, signer.issuer),
  );
  if (!issuers.some((c) => verifyCertificateSignature(signer, c.publicKey))) {
    throw new CccdError('PKI_INVALID', 'master list signer certificate is not issued by a CSCA of the list', { path });
  }
  certs.push(...ml.certificates);
  skipped.push(...ml.skipped);
}

function classifyDer(der: Uint8Array, path: string, certs: Certificate[], crls: Crl[], skipped: SkippedObject[]): void {
  const root = decodeDer(der, path, true);
  // ContentInfo starts with an OID; a certificate's TBS with [0] version; a CRL's TBS with INTEGER or AlgorithmIdentifier.
  if (root.children[0]?.tag === 0x06) {
    addMasterList(der, path, certs, skipped);
    return;
  }
  const tbs = root.children[0];
  // A v1 certificate's TBS is INTEGER, AlgorithmIdentifier, Name, Validity (SEQUENCE); a CRL has a Time there.
  const looksLikeCert =
    tbs?.children[0]?.tag === 0xa0 || (tbs?.children[0]?.tag === 0x02 && tbs.children[3]?.tag === 0x30);
  if (looksLikeCert) certs.push(parseCertificate(der, path));
  else crls.push(parseCrl(der, path));
}

/**
 * Builds a trust store from files: PEM (CERTIFICATE, X509 CRL blocks), DER certificates and CRLs, master lists
 * (ContentInfo DER) and LDIF exports. Anything else is PKI_MALFORMED naming the file.
 */
export function loadTrustStore(inputs: readonly TrustInput[]): TrustStore {
  const certificates: Certificate[] = [];
  const crls: Crl[] = [];
  const skipped: SkippedObject[] = [];
  // An LDIF export is a collection: an entry that cannot be used is skipped and named, the others still load.
  const tolerant = (path: string, load: () => void) => {
    try {
      load();
    } catch (e) {
      if (!(e instanceof CccdError)) throw e;
      skipped.push({ path: e.path ?? path, code: e.code, reason: e.detail });
    }
  };
  for (const { name, bytes } of inputs) {
    if (isPem(bytes)) {
      const blocks = fromPemAll(bytesToAscii(bytes), name);
      if (blocks.length === 0) throw new CccdError('PKI_MALFORMED', 'no PEM block', { path: name });
      for (const [i, b] of blocks.entries()) {
        const p = `${name}[${i}]`;
        if (b.label === 'CERTIFICATE') certificates.push(parseCertificate(b.der, p));
        else if (b.label === 'X509 CRL') crls.push(parseCrl(b.der, p));
        else if (b.label === 'CMS' || b.label === 'PKCS7') addMasterList(b.der, p, certificates, skipped);
      }
    } else if (/^\s*(version:|dn:|#)/.test(bytesToAscii(bytes.subarray(0, 64)))) {
      const ldif = parseLdif(bytes, name);
      for (const [i, c] of ldif.certificates.entries()) {
        const p = `${name}/${c.dn || `cert[${i}]`}`;
        tolerant(p, () => certificates.push(parseCertificate(c.der, p)));
      }
      for (const [i, c] of ldif.crls.entries()) {
        const p = `${name}/${c.dn || `crl[${i}]`}`;
        tolerant(p, () => crls.push(parseCrl(c.der, p)));
      }
      for (const [i, m] of ldif.masterLists.entries()) {
        const p = `${name}/${m.dn || `ml[${i}]`}`;
        tolerant(p, () => addMasterList(m.der, p, certificates, skipped));
      }
    } else {
      classifyDer(bytes, name, certificates, crls, skipped);
    }
  }
  return { certificates: Object.freeze(certificates), crls: Object.freeze(crls), skipped: Object.freeze(skipped) };
}

/** A store with more CRLs (e.g. given with `--crl`). */
export function withCrls(store: TrustStore, crls: readonly Crl[]): TrustStore {
  return { ...store, crls: Object.freeze([...store.crls, ...crls]) };
}

interface NameIndex<T> {
  /** The length of the list when indexed: a store whose arrays grew (mutated despite readonly) is indexed anew. */
  readonly length: number;
  readonly byName: ReadonlyMap<string, readonly T[]>;
}

// A verifier that imports the ICAO master list trusts some 600 CSCAs, and a PKD export brings hundreds of CRLs:
// chain building finds issuers by name for every document, so each list is indexed by name once (RFC 5280 §7.1
// comparison, see nameKey) instead of being scanned per document.
const BY_SUBJECT = new WeakMap<readonly Certificate[], NameIndex<Certificate>>();
const BY_ISSUER = new WeakMap<readonly Crl[], NameIndex<Crl>>();
const NONE: readonly never[] = Object.freeze([]);

function indexed<T>(
  cache: WeakMap<readonly T[], NameIndex<T>>,
  list: readonly T[],
  nameOf: (item: T) => Name,
  name: Name,
): readonly T[] {
  let index = cache.get(list);
  if (index?.length !== list.length) {
    const byName = new Map<string, T[]>();
    for (const item of list) {
      const key = nameKey(nameOf(item));
      const same = byName.get(key);
      if (same) same.push(item);
      else byName.set(key, [item]);
    }
    index = { length: list.length, byName };
    cache.set(list, index);
  }
  return index.byName.get(nameKey(name)) ?? NONE;
}

/** The store's certificates whose subject is `name` (in store order): the issuer candidates of a certificate. */
export function certificatesNamed(store: TrustStore, name: Name): readonly Certificate[] {
  return indexed(BY_SUBJECT, store.certificates, (c) => c.subject, name);
}

/** The store's CRLs issued by `name` (in store order). */
export function crlsIssuedBy(store: TrustStore, name: Name): readonly Crl[] {
  return indexed(BY_ISSUER, store.crls, (c) => c.issuer, name);
}
