// ICAO 9303-11 §5.1 passive authentication with the 9303-12 §5-§7 certificate rules: a structured verdict in
// which every check is passed, failed or not checked (with the reason), and nothing unchecked counts as valid.
import { equalBytes, toHex } from '../bytes.js';
import { hashMatches } from '../crypto/hash.js';
import { CccdError } from '../errors.js';
import { type DecodedSod, decodeSod, type LdsSecurityObject } from '../lds/sod.js';
import type { Certificate } from './certificate.js';
import { findSignerCertificate } from './cms.js';
import { alpha2FromMrzState } from './countries.js';
import { type Crl, isRevoked } from './crl.js';
import { readDer } from './der-read.js';
import { formatName, type Name, nameAttribute } from './name.js';
import { isoTime } from './time.js';
import { certificatesNamed, crlsIssuedBy, type TrustStore } from './trust-store.js';
import { verifyCertificateSignature, verifyCrlSignature, verifySignerInfo } from './verify.js';

export type CheckStatus = 'passed' | 'failed' | 'not-checked';

/** The checks of passive authentication, in the order they run. */
export type CheckName =
  | 'sod-structure'
  | 'signer-certificate'
  | 'signature'
  | 'data-group-hash'
  | 'chain'
  | 'validity'
  | 'key-usage'
  | 'document-type'
  | 'revocation'
  | 'country';

export interface PaCheck {
  readonly check: CheckName;
  /** What the check is about when there are several: `DG1`, `DS`, `CSCA`. */
  readonly subject?: string;
  readonly status: CheckStatus;
  readonly reason: string;
}

/** The verdict: `valid` only when every check passed. */
export interface PaResult {
  readonly valid: boolean;
  readonly checks: readonly PaCheck[];
  /** The time certificates and CRLs were checked at. */
  readonly checkedAt: Date;
  readonly signingTime: Date | undefined;
  readonly securityObject: LdsSecurityObject | undefined;
  readonly documentSigner: Certificate | undefined;
  readonly csca: Certificate | undefined;
}

/** Options of passiveAuthentication. */
export interface PassiveAuthenticationOptions {
  /** EF.SOD as read from the chip. */
  sod: Uint8Array;
  /** Data group number -> bytes exactly as read. */
  dataGroups: ReadonlyMap<number, Uint8Array>;
  trust: TrustStore;
  /** When to check validity and revocation: a date, 'now' (default) or 'signing-time' (the SOD attribute). */
  at?: Date | 'now' | 'signing-time';
  /** The clock (injectable so that verdicts replay). */
  now?: () => Date;
}

function check(out: PaCheck[], c: CheckName, status: CheckStatus, reason: string, subject?: string): void {
  out.push(subject === undefined ? { check: c, status, reason } : { check: c, subject, status, reason });
}

// The dates of certificates and CRLs are the same objects document after document (both are decoded once), and
// formatting a date costs more than a signature's hash of a data group: their text is kept.
const ISO_TEXT = new WeakMap<Date, string>();

function isoText(date: Date): string {
  let text = ISO_TEXT.get(date);
  if (text === undefined) {
    text = isoTime(date);
    ISO_TEXT.set(date, text);
  }
  return text;
}

// The time checked at is usually now, the same millisecond for several documents of a busy verifier.
let lastAt = Number.NaN;
let lastAtText = '';

function isoTextAt(at: Date): string {
  if (at.getTime() !== lastAt) {
    lastAtText = isoTime(at);
    lastAt = at.getTime();
  }
  return lastAtText;
}

const COUNTRY = new WeakMap<Name, string | undefined>();

/** The upper-case countryName of a (decoded, so shared) name. */
function countryOf(name: Name): string | undefined {
  if (COUNTRY.has(name)) return COUNTRY.get(name);
  const c = nameAttribute(name, 'id-at-countryName')?.toUpperCase();
  COUNTRY.set(name, c);
  return c;
}

function within(cert: Certificate, at: Date): boolean {
  return cert.notBefore.getTime() <= at.getTime() && at.getTime() <= cert.notAfter.getTime();
}

/** Issuer candidates: same name, and the key identifiers agree when both are present (RFC 5280 §4.2.1.1). */
function findIssuer(cert: Certificate, trust: TrustStore): { issuer?: Certificate; candidates: number } {
  const aki = cert.extensions.authorityKeyIdentifier;
  let candidates = 0;
  let issuer: Certificate | undefined;
  for (const c of certificatesNamed(trust, cert.issuer)) {
    const ski = c.extensions.subjectKeyIdentifier;
    if (aki && ski && !equalBytes(aki, ski)) continue;
    candidates++;
    if (!issuer && verifyCertificateSignature(cert, c.publicKey)) issuer = c;
  }
  return issuer ? { issuer, candidates } : { candidates };
}

// ICAO 9303-3 §4.2.2: every MRZ format starts with the document code (2) and the issuing state (3); only those
// five characters of DG1 (61 { 5F1F mrz }) are needed here, the MRZ itself is the LDS decoder's business.
function documentInfo(dg1: Uint8Array | undefined): { code?: string; state?: string } {
  if (!dg1) return {};
  try {
    const r = readDer(dg1, 'DG1');
    r.at(0, dg1.length);
    const to = r.valueEnd;
    for (let q = r.valueStart; q < to; q = r.end) {
      if (r.at(q, to) !== 0x5f1f) continue;
      if (r.valueEnd - r.valueStart < 5) return {};
      let first = '';
      for (let i = r.valueStart; i < r.valueStart + 5; i++) {
        const b = dg1[i] as number;
        if (!((b >= 0x41 && b <= 0x5a) || (b >= 0x30 && b <= 0x39) || b === 0x3c)) return {}; // A-Z 0-9 <
        first += String.fromCharCode(b);
      }
      return { code: first.slice(0, 2).replace(/<+$/, ''), state: first.slice(2, 5) };
    }
    return {};
  } catch {
    return {};
  }
}

function revocation(out: PaCheck[], ds: Certificate, csca: Certificate, trust: TrustStore, at: Date): void {
  let fromCsca = 0;
  let latest: Crl | undefined;
  for (const c of crlsIssuedBy(trust, csca.subject)) {
    fromCsca++;
    if (verifyCrlSignature(c, csca.publicKey) && (!latest || c.thisUpdate > latest.thisUpdate)) latest = c;
  }
  if (!latest) {
    const why = fromCsca ? 'the CRLs of the CSCA do not verify under its key' : 'no CRL of the CSCA was given';
    check(out, 'revocation', 'not-checked', why, 'DS');
    return;
  }
  if (isRevoked(latest, ds)) {
    check(out, 'revocation', 'failed', `DS serial ${toHex(ds.serialNumber)} is revoked`, 'DS');
    return;
  }
  if (latest.nextUpdate && latest.nextUpdate.getTime() < at.getTime()) {
    check(out, 'revocation', 'not-checked', `latest CRL expired ${isoText(latest.nextUpdate)}`, 'DS');
    return;
  }
  check(out, 'revocation', 'passed', `not on the CRL of ${isoText(latest.thisUpdate)}`, 'DS');
}

/**
 * Runs passive authentication over EF.SOD and the data groups read.
 *
 * @example
 * const r = passiveAuthentication({ sod, dataGroups: new Map([[1, dg1]]), trust: loadTrustStore(files) });
 * if (!r.valid) console.log(r.checks.filter((c) => c.status !== 'passed'));
 */
export function passiveAuthentication(o: PassiveAuthenticationOptions): PaResult {
  const checks: PaCheck[] = [];
  const now = (o.now ?? (() => new Date()))();
  const result = (
    extra: Partial<Pick<PaResult, 'securityObject' | 'documentSigner' | 'csca' | 'signingTime'>>,
    at = now,
  ): PaResult => ({
    valid: checks.length > 0 && checks.every((c) => c.status === 'passed'),
    checks,
    checkedAt: at,
    signingTime: extra.signingTime,
    securityObject: extra.securityObject,
    documentSigner: extra.documentSigner,
    csca: extra.csca,
  });

  let sod: DecodedSod;
  try {
    sod = decodeSod(o.sod);
  } catch (e) {
    if (!(e instanceof CccdError)) throw e;
    check(checks, 'sod-structure', 'failed', `${e.code}: ${e.message}`);
    return result({});
  }
  const sd = sod.signedData;
  const si = sd.signerInfos[0];
  if (sd.signerInfos.length !== 1 || !si) {
    check(checks, 'sod-structure', 'failed', `${sd.signerInfos.length} SignerInfos (ICAO 9303-10 §4.6.2: exactly one)`);
    return result({ securityObject: sod.securityObject });
  }
  check(
    checks,
    'sod-structure',
    'passed',
    `LDSSecurityObject v${sod.securityObject.version}, ${sod.securityObject.hashAlgorithm}`,
  );
  const signingTime = si.signingTime;
  const at = o.at === 'signing-time' ? signingTime : o.at instanceof Date ? o.at : now;

  // 9303-11 §5.1.1 step 1: the DS certificate, embedded in EF.SOD or known to the verifier.
  const ds = findSignerCertificate(si, sd.certificates) ?? findSignerCertificate(si, o.trust.certificates);
  if (!ds) {
    check(
      checks,
      'signer-certificate',
      'failed',
      'the DS certificate named by the SignerInfo is neither in EF.SOD nor in the trust store',
    );
  } else {
    check(checks, 'signer-certificate', 'passed', formatName(ds.subject), 'DS');
    const sig = verifySignerInfo(sd, si, ds);
    check(checks, 'signature', sig.valid ? 'passed' : 'failed', sig.reason);
  }

  // 9303-11 §5.1.1 step 3: each data group's hash over the bytes as read.
  const listed = sod.securityObject.dataGroupHashes;
  // Data group numbers are 1..16 (decodeLdsSecurityObject checks): walked in order without sorting.
  for (let n = 1; n <= 16; n++) {
    const expected = listed.get(n);
    if (!expected) continue;
    const bytes = o.dataGroups.get(n);
    if (!bytes) check(checks, 'data-group-hash', 'not-checked', 'not read', `DG${n}`);
    else if (hashMatches(sod.securityObject.hashAlgorithm, bytes, expected))
      check(checks, 'data-group-hash', 'passed', 'hash matches', `DG${n}`);
    else check(checks, 'data-group-hash', 'failed', 'hash differs from EF.SOD', `DG${n}`);
  }
  for (const n of o.dataGroups.keys()) {
    if (!listed.has(n))
      check(checks, 'data-group-hash', 'failed', 'read from the chip but not listed in EF.SOD', `DG${n}`);
  }

  if (!ds) {
    for (const c of ['chain', 'validity', 'key-usage', 'document-type', 'revocation', 'country'] as const) {
      check(checks, c, 'not-checked', 'no DS certificate');
    }
    return result({ securityObject: sod.securityObject, signingTime });
  }

  // 9303-11 §5.1.1 step 2: DS -> CSCA from the verifier's trust store (link certificates are anchors too).
  const { issuer: csca, candidates } = findIssuer(ds, o.trust);
  if (csca) check(checks, 'chain', 'passed', `issued by ${formatName(csca.subject)}`, 'DS');
  else if (candidates === 0)
    check(checks, 'chain', 'failed', `chain not built: no CSCA '${formatName(ds.issuer)}' in the trust store`, 'DS');
  else
    check(
      checks,
      'chain',
      'failed',
      `the DS certificate signature does not verify under any of ${candidates} CSCA(s) named '${formatName(ds.issuer)}'`,
      'DS',
    );

  if (!at) {
    check(checks, 'validity', 'not-checked', 'checking at the signing time, but EF.SOD has no signing time');
  } else {
    const atText = isoTextAt(at);
    for (const [who, cert] of [
      ['DS', ds],
      ['CSCA', csca],
    ] as const) {
      if (!cert) check(checks, 'validity', 'not-checked', 'no CSCA', who);
      else if (within(cert, at)) check(checks, 'validity', 'passed', `valid at ${atText}`, who);
      else
        check(
          checks,
          'validity',
          'failed',
          `not valid at ${atText} (${isoText(cert.notBefore)} .. ${isoText(cert.notAfter)})`,
          who,
        );
    }
  }

  // 9303-12 §7.1.1: DS key usage digitalSignature; CSCA keyCertSign and CA; no unknown critical extension.
  const dsUsage = ds.extensions.keyUsage;
  if (ds.unknownCriticalExtensions.length)
    check(
      checks,
      'key-usage',
      'failed',
      `unknown critical extensions ${ds.unknownCriticalExtensions.join(', ')}`,
      'DS',
    );
  else if (!dsUsage?.includes('digitalSignature'))
    check(checks, 'key-usage', 'failed', 'key usage lacks digitalSignature', 'DS');
  else check(checks, 'key-usage', 'passed', 'digitalSignature', 'DS');
  if (!csca) check(checks, 'key-usage', 'not-checked', 'no CSCA', 'CSCA');
  else if (csca.unknownCriticalExtensions.length)
    check(
      checks,
      'key-usage',
      'failed',
      `unknown critical extensions ${csca.unknownCriticalExtensions.join(', ')}`,
      'CSCA',
    );
  else if (!csca.extensions.keyUsage?.includes('keyCertSign') || !csca.extensions.basicConstraints?.ca)
    check(checks, 'key-usage', 'failed', 'not a CA certificate with keyCertSign', 'CSCA');
  else check(checks, 'key-usage', 'passed', 'keyCertSign, CA', 'CSCA');

  const doc = documentInfo(o.dataGroups.get(1));
  const types = ds.extensions.documentTypeList;
  if (!types) check(checks, 'document-type', 'passed', 'the DS certificate restricts no document type');
  else if (!doc.code) check(checks, 'document-type', 'not-checked', 'DG1 not read or not an MRZ');
  else if (types.some((t) => t === doc.code || t === doc.code?.[0]))
    check(checks, 'document-type', 'passed', `'${doc.code}' in [${types.join(', ')}]`);
  else check(checks, 'document-type', 'failed', `document code '${doc.code}' not in the DS list [${types.join(', ')}]`);

  if (!csca) check(checks, 'revocation', 'not-checked', 'no CSCA', 'DS');
  else if (!at) check(checks, 'revocation', 'not-checked', 'no time to check at', 'DS');
  else revocation(checks, ds, csca, o.trust, at);

  // 9303-12 §7.1.1: CSCA, DS and the document's issuing state name the same country.
  const dsC = countryOf(ds.subject);
  const cscaC = csca && countryOf(csca.subject);
  const docC = doc.state ? alpha2FromMrzState(doc.state) : undefined;
  if (!cscaC) check(checks, 'country', 'not-checked', 'no CSCA');
  else if (dsC !== cscaC) check(checks, 'country', 'failed', `DS country ${dsC} differs from CSCA country ${cscaC}`);
  else if (!doc.state) check(checks, 'country', 'not-checked', 'DG1 not read: issuing state unknown');
  else if (docC !== cscaC)
    check(checks, 'country', 'failed', `issuing state ${doc.state} does not match CSCA country ${cscaC}`);
  else check(checks, 'country', 'passed', `${doc.state} = ${cscaC}`);

  return result({ securityObject: sod.securityObject, documentSigner: ds, csca, signingTime }, at ?? now);
}
