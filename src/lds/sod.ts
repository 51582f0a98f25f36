// ICAO 9303-10 §4.6.2 EF.SOD (tag 77): the LDSSecurityObject (v0 for LDS 1.7, v1 with LDSVersionInfo for
// LDS 1.8) of data group hashes, signed as RFC 5652 SignedData by the document signer.
import { encodePrintableString } from '../asn1/der.js';
import { oid } from '../asn1/oids.js';
import { allocPublic } from '../bytes.js';
import { HASHES, type HashAlgorithm, hashInto } from '../crypto/hash.js';
import { CccdError } from '../errors.js';
import { encodeHashAlgorithm, hashAlgorithmAt } from '../pki/algorithms.js';
import type { Certificate } from '../pki/certificate.js';
import { completeSignedData, type SignedData, signedDataAt, type UnsignedData, unsignedData } from '../pki/cms.js';
import { DecodedCache } from '../pki/decoded-cache.js';
import { countAt, directoryString, malformed, needAt, readDer, smallIntAt } from '../pki/der-read.js';
import { derNode, flatten, headerLength, writeHeader } from '../pki/der-write.js';
import type { Signer } from '../pki/signer.js';

const TAG_SOD = 0x77;
const SOD_CONTENT_TYPES = new Set([oid('id-icao-mrtd-security-ldsSecurityObject'), oid('id-data')]);

/** The signed content of EF.SOD. */
export interface LdsSecurityObject {
  /** 0 (LDS 1.7) or 1 (LDS 1.8, with ldsVersion/unicodeVersion). */
  readonly version: 0 | 1;
  readonly hashAlgorithm: HashAlgorithm;
  /** Data group number -> hash of the data group bytes as stored on the chip. */
  readonly dataGroupHashes: ReadonlyMap<number, Uint8Array>;
  /** LDSVersionInfo (v1 only), e.g. '0108' and '040000'. */
  readonly ldsVersion?: string;
  readonly unicodeVersion?: string;
}

/** A decoded EF.SOD: the SignedData and its LDSSecurityObject; `raw` is the file as received. */
export interface DecodedSod {
  readonly raw: Uint8Array;
  readonly signedData: SignedData;
  readonly securityObject: LdsSecurityObject;
}

const VERSION_INFO = new Map<string, Uint8Array>();

/** LDSVersionInfo DER (ICAO 9303-10 §4.6.2.2), the same for every EF.SOD of a profile. */
function versionInfoDer(ldsVersion: string, unicodeVersion: string): Uint8Array {
  const key = `${ldsVersion}/${unicodeVersion}`;
  let der = VERSION_INFO.get(key);
  if (!der) {
    der = flatten(derNode(0x30, encodePrintableString(ldsVersion), encodePrintableString(unicodeVersion)));
    if (VERSION_INFO.size < 64) VERSION_INFO.set(key, der);
  }
  return der;
}

/**
 * DER of an LDSSecurityObject (ICAO 9303-10 §4.6.2.2), data groups in ascending order. Written straight into one
 * buffer: it is encoded for every card a bureau signs.
 */
export function encodeLdsSecurityObject(lso: LdsSecurityObject): Uint8Array {
  const info = lso.version === 1 ? versionInfoDer(lso.ldsVersion ?? '0108', lso.unicodeVersion ?? '040000') : EMPTY;
  return writeLdsSecurityObject(lso.version, lso.hashAlgorithm, lso.dataGroupHashes, 'dataGroupHashes', info);
}

/**
 * The one LDSSecurityObject writer. `entries` maps data group numbers to their hashes (`dataGroupHashes`) or to
 * the data group bytes (`dataGroups`), whose digests are then written in place: signing hashes each data group
 * straight into EF.SOD's content rather than into arrays of their own.
 */
function writeLdsSecurityObject(
  version: 0 | 1,
  h: HashAlgorithm,
  entries: ReadonlyMap<number, Uint8Array>,
  field: 'dataGroupHashes' | 'dataGroups',
  info: Uint8Array,
): Uint8Array {
  const hashing = field === 'dataGroups';
  const algorithm = encodeHashAlgorithm(h);
  // DataGroupHash ::= SEQUENCE { dataGroupNumber INTEGER (1..16), dataGroupHashValue OCTET STRING }: the number
  // is always 02 01 nn, so an entry's size depends on the hash length only.
  const entryBody = (hashLength: number) => 3 + headerLength(0x04, hashLength) + hashLength;
  let list = 0;
  for (const [n, e] of entries) {
    if (!Number.isInteger(n) || n < 1 || n > 16)
      throw new CccdError('INVALID_ARGUMENT', `${field}: data group ${n} is not 1..16`);
    const length = hashing ? HASHES[h].length : e.length;
    list += headerLength(0x30, entryBody(length)) + entryBody(length);
  }
  const body = 3 + algorithm.length + headerLength(0x30, list) + list + info.length;
  const out = allocPublic(headerLength(0x30, body) + body);
  let at = writeHeader(out, 0, 0x30, body);
  out[at++] = 0x02;
  out[at++] = 0x01;
  out[at++] = version;
  out.set(algorithm, at);
  at = writeHeader(out, at + algorithm.length, 0x30, list);
  for (let n = 1; n <= 16; n++) {
    const e = entries.get(n);
    if (!e) continue;
    const length = hashing ? HASHES[h].length : e.length;
    at = writeHeader(out, at, 0x30, entryBody(length));
    out[at++] = 0x02;
    out[at++] = 0x01;
    out[at++] = n;
    at = writeHeader(out, at, 0x04, length);
    if (hashing) hashInto(h, e, out, at);
    else out.set(e, at);
    at += length;
  }
  out.set(info, at);
  return out;
}

const EMPTY = new Uint8Array(0);

/**
 * Decodes the LDSSecurityObject content of EF.SOD (eContent octets), read in place (ICAO 9303-10 §4.6.2.2): a
 * verifier decodes one per document.
 */
export function decodeLdsSecurityObject(bytes: Uint8Array, path = 'EF.SOD/LDSSecurityObject'): LdsSecurityObject {
  const r = readDer(bytes, path, true);
  needAt(r, 0, bytes.length, 0x30, path);
  const to = r.valueEnd;
  const fields = countAt(r, r.valueStart, to, path, 0, 3, 4);
  needAt(r, r.valueStart, to, 0x02, `${path}/version`);
  const version = smallIntAt(r);
  if (version !== 0 && version !== 1)
    malformed(`unknown LDSSecurityObject version ${version}`, `${path}/version`, r.offset(r.start));
  r.at(r.end, to);
  const hashAlgorithm = hashAlgorithmAt(r, `${path}/hashAlgorithm`);
  const lp = `${path}/dataGroupHashValues`;
  needAt(r, r.end, to, 0x30, lp);
  const infoAt = r.end;
  const listTo = r.valueEnd;
  countAt(r, r.valueStart, listTo, lp, r.start, 1, 16);
  const dataGroupHashes = new Map<number, Uint8Array>();
  for (let q = r.valueStart, i = 0; q < listTo; i++) {
    needAt(r, q, listTo, 0x30, `${lp}[${i}]`);
    q = r.end;
    const entryStart = r.start;
    const entryTo = r.valueEnd;
    countAt(r, r.valueStart, entryTo, `${lp}[${i}]`, entryStart, 2, 2);
    needAt(r, r.valueStart, entryTo, 0x02, `${lp}[${i}]/dataGroupNumber`);
    const dg = smallIntAt(r);
    if (dg < 1 || dg > 16)
      malformed(`data group number ${dg} outside 1..16`, `${lp}[${i}]/dataGroupNumber`, r.offset(r.start));
    if (dataGroupHashes.has(dg)) malformed(`data group ${dg} listed twice`, `${lp}[${i}]`, r.offset(entryStart));
    needAt(r, r.end, entryTo, 0x04, `${lp}[${i}]/dataGroupHashValue`);
    dataGroupHashes.set(dg, r.view(r.valueStart, r.valueEnd));
  }
  if (version === 0) {
    if (fields === 4)
      malformed('LDSVersionInfo present in a v0 LDSSecurityObject', `${path}/ldsVersionInfo`, r.offset(infoAt));
    return { version: 0, hashAlgorithm, dataGroupHashes };
  }
  if (fields < 4) malformed('v1 LDSSecurityObject without LDSVersionInfo', path, 0);
  const ip = `${path}/ldsVersionInfo`;
  needAt(r, infoAt, to, 0x30, ip);
  const infoEnd = r.end;
  let texts = VERSION_INFO_TEXT.getIn(bytes, infoAt, infoEnd);
  if (!texts) {
    const infoTo = r.valueEnd;
    countAt(r, r.valueStart, infoTo, ip, infoAt, 2, 2);
    r.at(r.valueStart, infoTo);
    const ldsVersion = directoryString(r.node(r.start, infoTo), `${ip}/ldsVersion`);
    r.at(r.end, infoTo);
    texts = { ldsVersion, unicodeVersion: directoryString(r.node(r.start, infoTo), `${ip}/unicodeVersion`) };
    VERSION_INFO_TEXT.set(r.view(infoAt, infoEnd), texts);
  }
  return {
    version,
    hashAlgorithm,
    dataGroupHashes,
    ldsVersion: texts.ldsVersion,
    unicodeVersion: texts.unicodeVersion,
  };
}

// The LDSVersionInfo of a country's documents is the same few bytes in every EF.SOD.
const VERSION_INFO_TEXT = new DecodedCache<{ readonly ldsVersion: string; readonly unicodeVersion: string }>(64);

/**
 * Decodes EF.SOD leniently (BER indefinite lengths and constructed OCTET STRINGs, as 2013-era documents use);
 * errors carry paths like `EF.SOD/signerInfos[0]/signedAttrs`.
 */
export function decodeSod(bytes: Uint8Array): DecodedSod {
  const r = readDer(bytes, 'EF.SOD', true);
  needAt(r, 0, bytes.length, TAG_SOD, 'EF.SOD');
  countAt(r, r.valueStart, r.valueEnd, 'EF.SOD', 0, 1, 1);
  const signedData = signedDataAt(r, r.valueStart, r.valueEnd, 'EF.SOD');
  // ICAO 9303-10 §4.6.2.2 names id-icao-mrtd-security-ldsSecurityObject; some issuers (e.g. CN 2017-2018) wrote
  // id-data. The content is signed either way, so both decode; anything else is not an EF.SOD.
  if (!SOD_CONTENT_TYPES.has(signedData.contentType)) {
    throw new CccdError('PKI_INVALID', `eContentType ${signedData.contentType} is not an LDSSecurityObject`, {
      path: 'EF.SOD/encapContentInfo/eContentType',
    });
  }
  return { raw: bytes, signedData, securityObject: decodeLdsSecurityObject(signedData.content) };
}

/** Options of signSod. */
export interface SignSodOptions {
  /** Data group number -> the exact bytes of the data group as written to the chip (tag included). */
  dataGroups: ReadonlyMap<number, Uint8Array>;
  signer: Signer;
  /** The DS certificate for `signer`'s key; embedded in EF.SOD. */
  certificate: Certificate;
  /** '0107' (LDSSecurityObject v0) or '0108' (v1 with LDSVersionInfo). Default '0108'. */
  ldsVersion?: string;
  /** Unicode version for LDS 1.8 (default '040000'). */
  unicodeVersion?: string;
  /** Hash of the data groups and of the signed attributes (default: the signer's hash). */
  hash?: HashAlgorithm;
  /** Signing time attribute; omitted when undefined (pass `now()` to include it). */
  signingTime?: Date;
}

/** The LDSSecurityObject content of EF.SOD for `o`, hashing each data group in place. */
function securityObjectDer(o: Omit<SignSodOptions, 'signer' | 'certificate'>, h: HashAlgorithm): Uint8Array {
  if (o.dataGroups.size === 0)
    throw new CccdError('INVALID_ARGUMENT', 'dataGroups: at least one data group is required');
  const ldsVersion = o.ldsVersion ?? '0108';
  if (!/^\d{4}$/.test(ldsVersion))
    throw new CccdError('INVALID_ARGUMENT', `ldsVersion: '${ldsVersion}' is not 4 digits`);
  return ldsVersion >= '0108'
    ? writeLdsSecurityObject(1, h, o.dataGroups, 'dataGroups', versionInfoDer(ldsVersion, o.unicodeVersion ?? '040000'))
    : writeLdsSecurityObject(0, h, o.dataGroups, 'dataGroups', EMPTY);
}

/**
 * Prepares EF.SOD for an external signer: `toBeSigned` is the signed-attributes DER, `complete(signature)`
 * returns the EF.SOD file (tag 77).
 */
export function prepareSod(o: Omit<SignSodOptions, 'signer'> & { algorithm: Signer['algorithm'] }): {
  toBeSigned: Uint8Array;
  complete(signature: Uint8Array): Uint8Array;
} {
  const u = unsignedSod(o, o.algorithm);
  return { toBeSigned: u.toBeSigned, complete: (signature) => completeSignedData(u, signature, TAG_SOD) };
}

// One shape of options object on this path (no spreads, no closures): the signing loop of a bureau runs through it
// per card, and V8 keeps its property reads fast only while they see one shape.
function unsignedSod(o: Omit<SignSodOptions, 'signer'>, algorithm: Signer['algorithm']): UnsignedData {
  const h = o.hash ?? algorithm.hash;
  if (!h) throw new CccdError('INVALID_ARGUMENT', 'hash: required');
  return unsignedData(
    {
      contentType: LDS_SECURITY_OBJECT,
      content: securityObjectDer(o, h),
      certificate: o.certificate,
      hash: h,
      signingTime: o.signingTime,
    },
    algorithm,
  );
}

const LDS_SECURITY_OBJECT = oid('id-icao-mrtd-security-ldsSecurityObject');

/**
 * Builds and signs EF.SOD over the exact data group bytes.
 *
 * @example
 * const sod = await signSod({ dataGroups: new Map([[1, dg1], [2, dg2]]), signer, certificate: ds, hash: 'SHA-256' });
 */
export async function signSod(o: SignSodOptions): Promise<Uint8Array> {
  const u = unsignedSod(o, o.signer.algorithm);
  return completeSignedData(u, await o.signer.sign(u.toBeSigned), TAG_SOD);
}
