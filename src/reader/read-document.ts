// The verifier's job (ICAO 9303-11 §4.2 chip access procedure, §6 authentication, §5.1 passive authentication):
// open the chip with PACE or BAC as the policy allows, read EF.COM, EF.SOD and the data groups, run Chip
// Authentication (or check PACE-CAM) and Active Authentication, verify the SOD up to the caller's trust anchors.

import { paceOffers } from '../access/card-access.js';
import { verifyPaceChipAuthentication } from '../access/pace.js';
import { ACCESS_POLICIES, type AccessCredentials, type AccessPolicy, accessChip } from '../access/policy.js';
import { encodeCommand } from '../apdu/command.js';
import { selectApplication } from '../apdu/commands.js';
import { decodeResponse } from '../apdu/response.js';
import { performActiveAuthentication } from '../auth/active-authentication.js';
import { chipAuthenticationOffers, performChipAuthentication } from '../auth/chip-authentication.js';
import { equalBytes, fromHex } from '../bytes.js';
import type { RandomSource } from '../crypto/random.js';
import { CccdError, isCccdError, StatusWordError } from '../errors.js';
import { decodeCardAccess } from '../lds/card-access.js';
import { decodeCardSecurity } from '../lds/card-security.js';
import { dataGroupsOfCom, decodeEfCom } from '../lds/com.js';
import { decodeDg14 } from '../lds/dg14.js';
import { decodeDg15 } from '../lds/dg15.js';
import { efByName, efByNumber } from '../lds/registry.js';
import type { SecurityInfo } from '../lds/security-infos.js';
import { type PaResult, passiveAuthentication } from '../pki/passive-authentication.js';
import type { TrustStore } from '../pki/trust-store.js';
import { verifySignerInfo } from '../pki/verify.js';
import { withSecureMessaging } from '../sm/transport.js';
import { withRecorder } from '../transport/recorder.js';
import type { Transport } from '../transport/types.js';
import { createFileReader, type MasterFileSelection, type ReadFileOptions } from './read-file.js';
import { allPassed, type DocumentCheck, type DocumentReport, type FileReport, type SkippedFile } from './report.js';

export const LDS1_AID = fromHex('A0000002471001');

const EMPTY_TRUST: TrustStore = { certificates: [], crls: [] };

export interface ReadDocumentOptions {
  credentials: AccessCredentials;
  /** Default: PACE-CAN then BAC when a CAN is given (the CCCD), else PACE-MRZ then BAC (ICAO 9303-11 §4.2). */
  policy?: AccessPolicy;
  /** CSCA trust anchors; without them the chain is "not checked" and the document is not verified. */
  trust?: TrustStore;
  /** When to check certificate validity: a date, 'now' (default) or 'signing-time'. */
  at?: Date | 'now' | 'signing-time';
  now?: () => Date;
  /** The Active Authentication challenge (e.g. a server's nonce); random when absent. */
  activeAuthenticationChallenge?: Uint8Array;
  /** Data groups to read; default every one EF.COM lists except those behind Terminal Authentication (DG3, DG4). */
  dataGroups?: number[];
  /** How to reach EF.CardAccess: 'skip' (default: select it directly, the CCCD answers 6D00 to SELECT MF). */
  selectMasterFile?: MasterFileSelection;
  read?: Omit<ReadFileOptions, 'selectMasterFile'>;
  random?: RandomSource;
  /** Progress of each file (bytes, APDUs, time), for displays. */
  onFile?: (file: FileReport) => void;
}

/** Data groups protected by Terminal Authentication (BSI TR-03110): not read without TA. */
const TA_PROTECTED = new Set([3, 4]);

function isStatus(e: unknown, ...sws: number[]): e is StatusWordError {
  return e instanceof StatusWordError && sws.includes(e.sw);
}

/**
 * Reads and verifies a chip. Throws on access failure (wrong CAN/MRZ: AUTH_FAILED, policy: POLICY_DENIED) and on
 * transport or SM failure (no partial verdict); every authentication outcome is in the report's checks.
 *
 * @example
 * const report = await readDocument(chip, { credentials: { can: '012345' }, trust: loadTrustStore([csca]) });
 * if (!report.verified) console.log(report.checks.filter((c) => c.status !== 'passed'));
 */
export async function readDocument(transport: Transport, options: ReadDocumentOptions): Promise<DocumentReport> {
  const now = options.now ?? (() => new Date());
  const t0 = performance.now();
  const wire = withRecorder(transport);
  const checks: DocumentCheck[] = [];
  const files: FileReport[] = [];
  const skipped: SkippedFile[] = [];
  const raw = new Map<string, Uint8Array>();
  const readOptions: ReadFileOptions = { ...options.read, selectMasterFile: options.selectMasterFile ?? 'skip' };
  // ICAO 9303-10 Table 35: every LDS1 file has a short EF identifier, so a READ BINARY with the SFI selects and
  // reads it in one APDU (with extended length, one APDU per file).
  const lds1Options: ReadFileOptions = { selectBy: 'sfi', ...readOptions };
  // One reader per channel, so that what it learns about the link (extended length) carries over between files.
  const readers = new Map<Transport, ReturnType<typeof createFileReader>>();
  const readerFor = (via: Transport, opts: ReadFileOptions) => {
    let r = readers.get(via);
    if (!r) {
      r = createFileReader(via, opts);
      readers.set(via, r);
    }
    return r;
  };

  // ICAO 9303-11 §4.2 step 1: EF.CardAccess says whether (and how) the chip runs PACE.
  let cardAccessInfos: SecurityInfo[] = [];
  try {
    const t = performance.now();
    const r = await readerFor(wire, readOptions).readFile({ fid: 0x011c, under: 'mf', name: 'EF.CardAccess' });
    raw.set('EF.CardAccess', r.bytes);
    cardAccessInfos = decodeCardAccess(r.bytes).infos;
    report(files, options, {
      name: 'EF.CardAccess',
      length: r.bytes.length,
      apdus: r.stats.apdus,
      milliseconds: performance.now() - t,
    });
  } catch (e) {
    if (!isStatus(e, 0x6a82, 0x6982)) throw e;
    skipped.push({ name: 'EF.CardAccess', reason: 'absent: the chip runs BAC only', sw: e.sw });
    // A BAC-only chip: select the application before GET CHALLENGE (ICAO 9303-11 §4.3).
    await selectLds1(wire);
  }

  const policy = options.policy ?? (options.credentials.can ? ACCESS_POLICIES.cccd : ACCESS_POLICIES.icao);
  const access = await accessChip(wire, {
    policy,
    credentials: options.credentials,
    paceInfos: paceOffers(cardAccessInfos),
    random: options.random,
  });
  const pace = access.pace;
  checks.push({
    check: 'access',
    status: 'passed',
    reason: pace
      ? `PACE-${pace.algorithm.mapping} ${pace.algorithm.agreement} ${pace.keys.suite} with the ${pace.password.toUpperCase()}${access.fellBack ? ' (after the preferred method could not run)' : ''}`
      : `BAC${access.fellBack ? ' (fallback allowed by the policy)' : ''}`,
  });
  let secure: Transport = withSecureMessaging(wire, access.keys);
  // ICAO 9303-11 §9.2.3: after PACE, EF.CardSecurity (in the MF, still current) holds the signed SecurityInfos.
  let cardSecurity: Uint8Array | undefined;
  if (!pace) {
    skipped.push({ name: 'EF.CardSecurity', reason: 'read only after PACE (ICAO 9303-11 §9.2.3)' });
  } else {
    try {
      const t = performance.now();
      // By SFI (1D): one APDU, also when the chip has no EF.CardSecurity (6A82).
      const r = await readerFor(secure, lds1Options).readFile({ fid: 0x011d, sfi: 0x1d, name: 'EF.CardSecurity' });
      cardSecurity = r.bytes;
      raw.set('EF.CardSecurity', r.bytes);
      report(files, options, {
        name: 'EF.CardSecurity',
        length: r.bytes.length,
        apdus: r.stats.apdus,
        milliseconds: performance.now() - t,
      });
    } catch (e) {
      if (!isStatus(e, 0x6a82, 0x6982)) throw e;
      skipped.push({
        name: 'EF.CardSecurity',
        reason: e.sw === 0x6a82 ? 'not on the chip (6A82)' : 'access denied (6982)',
        sw: e.sw,
      });
    }
  }
  await selectLds1(secure);

  const readOne = async (name: string, via: Transport): Promise<Uint8Array | undefined> => {
    const entry = efByName(name);
    if (!entry) throw new CccdError('INVALID_ARGUMENT', `unknown file ${name}`);
    const t = performance.now();
    try {
      const r = await readerFor(via, lds1Options).readFile({ fid: entry.fid, sfi: entry.sfi, name });
      raw.set(name, r.bytes);
      report(files, options, {
        name,
        length: r.bytes.length,
        apdus: r.stats.apdus,
        milliseconds: performance.now() - t,
      });
      return r.bytes;
    } catch (e) {
      if (isStatus(e, 0x6a82, 0x6982)) {
        skipped.push({ name, reason: e.sw === 0x6a82 ? 'not on the chip (6A82)' : 'access denied (6982)', sw: e.sw });
        return undefined;
      }
      throw e;
    }
  };

  const com = await readOne('EF.COM', secure);
  const listed = com ? dataGroupsOfCom(decodeEfCom(com)) : [];
  const wanted = (options.dataGroups ?? listed.filter((n) => !TA_PROTECTED.has(n))).filter((n) => efByNumber(n));
  for (const n of listed) {
    if (!wanted.includes(n))
      skipped.push({ name: `DG${n}`, reason: TA_PROTECTED.has(n) ? 'needs Terminal Authentication' : 'not requested' });
  }

  // DG14 first: Chip Authentication replaces the access keys before the rest is read (ICAO 9303-11 §6.2).
  const dg14 = wanted.includes(14) ? await readOne('DG14', secure) : undefined;
  const dg14Infos = dg14 ? decodeDg14(dg14).infos : [];
  const offers = chipAuthenticationOffers(dg14Infos);
  if (pace?.chipAuthentication) {
    const key = offers[0]?.publicKey;
    if (!key) {
      checks.push({
        check: 'chip-authentication',
        status: 'not-checked',
        reason: 'PACE-CAM ran but DG14 has no CA key',
      });
    } else {
      try {
        verifyPaceChipAuthentication(pace, key);
        checks.push({
          check: 'chip-authentication',
          status: 'passed',
          reason: 'PACE-CAM chip authentication data verified against DG14',
        });
      } catch (e) {
        if (!isCccdError(e)) throw e;
        checks.push({ check: 'chip-authentication', status: 'failed', reason: e.message });
      }
    }
  } else if (offers[0]) {
    const offer = offers[0];
    try {
      const ca = await performChipAuthentication(secure, { ...offer, random: options.random });
      secure = ca.transport;
      // Implicit authentication (ICAO 9303-11 §6.2): proven when the next protected command verifies.
      checks.push({
        check: 'chip-authentication',
        status: 'passed',
        reason: `${ca.algorithm.oidName}, secure messaging restarted with its keys`,
      });
    } catch (e) {
      if (!isCccdError(e)) throw e;
      checks.push({ check: 'chip-authentication', status: 'failed', reason: e.message });
      throw e;
    }
  } else {
    checks.push({
      check: 'chip-authentication',
      status: 'not-checked',
      reason: dg14 ? 'DG14 offers no Chip Authentication' : 'no DG14',
    });
  }

  const sod = await readOne('EF.SOD', secure);
  const dataGroups = new Map<number, Uint8Array>();
  if (dg14) dataGroups.set(14, dg14);
  for (const n of wanted) {
    if (n === 14) continue;
    const bytes = await readOne(`DG${n}`, secure);
    if (bytes) dataGroups.set(n, bytes);
  }

  let challenge: Uint8Array | undefined;
  const dg15 = dataGroups.get(15);
  if (dg15) {
    try {
      const aaInfo = dg14Infos.find((i) => i.type === 'ActiveAuthenticationInfo');
      const aa = await performActiveAuthentication(secure, {
        publicKey: decodeDg15(dg15).publicKey,
        challenge: options.activeAuthenticationChallenge,
        signatureAlgorithm: aaInfo?.type === 'ActiveAuthenticationInfo' ? aaInfo.signatureAlgorithm : undefined,
        random: options.random,
      });
      challenge = aa.challenge;
      checks.push({
        check: 'active-authentication',
        status: 'passed',
        reason: `${aa.algorithm} ${aa.hash} signature over the challenge verified`,
      });
    } catch (e) {
      if (!isCccdError(e) || e.code === 'SM_MAC_MISMATCH' || e.code === 'SM_MALFORMED') throw e;
      checks.push({ check: 'active-authentication', status: 'failed', reason: e.message });
    }
  } else {
    checks.push({ check: 'active-authentication', status: 'not-checked', reason: 'no DG15' });
  }

  let pa: PaResult | undefined;
  if (!sod) {
    checks.push({ check: 'passive-authentication', status: 'failed', reason: 'EF.SOD could not be read' });
  } else {
    // Without trust anchors the chain is reported "not checked" by passive authentication: never verified.
    pa = passiveAuthentication({ sod, dataGroups, trust: options.trust ?? EMPTY_TRUST, at: options.at, now });
    checks.push(...paChecks(pa));
  }

  if (cardSecurity) checks.push(cardSecurityCheck(cardSecurity, pa));
  // Only when EF.CardAccess offered no PACE and BAC ran: with PACE offered, the policy chose (and reported) any
  // fallback itself.
  if (!pace && paceOffers(cardAccessInfos).length === 0) checks.push(withheldPaceCheck(dg14Infos, pa));

  const stats = wire.transcript.exchanges.reduce(
    (s, x) => ({
      apdus: s.apdus + 1,
      bytesSent: s.bytesSent + x.command.length,
      bytesReceived: s.bytesReceived + (x.response?.length ?? 0),
    }),
    { apdus: 0, bytesSent: 0, bytesReceived: 0 },
  );
  return {
    transport: transport.info.name,
    access: {
      protocol: pace ? 'PACE' : 'BAC',
      description: checks[0]?.reason ?? '',
      fellBack: access.fellBack,
      attempts: access.attempts,
    },
    files,
    skipped,
    raw,
    passiveAuthentication: pa,
    activeAuthenticationChallenge: challenge,
    checks,
    verified: allPassed(checks, skipped),
    stats: { ...stats, milliseconds: performance.now() - t0 },
  };
}

function report(files: FileReport[], options: ReadDocumentOptions, file: FileReport): void {
  files.push(file);
  options.onFile?.(file);
}

/**
 * BSI TR-03110 Part 3 A.1.2.3: EF.CardSecurity is signed by a document signer; it is authentic when its signature
 * verifies and its signer is the DS that passive authentication chained to the CSCA.
 */
function cardSecurityCheck(bytes: Uint8Array, pa: PaResult | undefined): DocumentCheck {
  const check = 'card-security';
  try {
    const { signedData } = decodeCardSecurity(bytes);
    const si = signedData.signerInfos[0];
    const cert = signedData.certificates[0];
    if (!si || !cert) return { check, status: 'failed', reason: 'no SignerInfo or no signer certificate' };
    const v = verifySignerInfo(signedData, si, cert);
    if (!v.valid) return { check, status: 'failed', reason: v.reason };
    const ds = pa?.documentSigner;
    const chained = pa?.checks.some((c) => c.check === 'chain' && c.status === 'passed');
    if (!ds || !chained)
      return { check, status: 'not-checked', reason: 'signature verifies, but no DS chained to a CSCA' };
    if (!equalBytes(ds.raw, cert.raw)) {
      return { check, status: 'not-checked', reason: 'signed by another DS than EF.SOD; its chain was not built' };
    }
    return { check, status: 'passed', reason: `SecurityInfos signed by the EF.SOD document signer (${v.reason})` };
  } catch (e) {
    if (!isCccdError(e)) throw e;
    return { check, status: 'failed', reason: e.message };
  }
}

/**
 * ICAO 9303-11 §9.2: a chip that supports PACE keeps the SecurityInfos of EF.CardAccess in DG14 as well, where
 * EF.SOD signs them; EF.CardAccess itself is not signed. So when EF.CardAccess offered no PACE (absent, or
 * without PACEInfo) and BAC ran, the authenticated DG14 tells whether PACE was withheld: a man in the middle that
 * answers 6A82 for EF.CardAccess would otherwise downgrade the session to BAC unseen.
 */
function withheldPaceCheck(dg14Infos: readonly SecurityInfo[], pa: PaResult | undefined): DocumentCheck {
  const check = 'pace-not-withheld';
  // Only a signed EF.SOD says which data groups the chip holds and what DG14 contains.
  if (!pa?.checks.some((c) => c.check === 'signature' && c.status === 'passed')) {
    return {
      check,
      status: 'not-checked',
      reason: 'EF.SOD is not authenticated: whether the chip offers PACE is unknown',
    };
  }
  if (pa.securityObject && !pa.securityObject.dataGroupHashes.has(14)) {
    return {
      check,
      status: 'passed',
      reason: 'EF.SOD lists no DG14, which a chip with PACE must hold: BAC is its access',
    };
  }
  const dg14 = pa.checks.find((c) => c.check === 'data-group-hash' && c.subject === 'DG14');
  if (dg14?.status !== 'passed') {
    return {
      check,
      status: 'not-checked',
      reason: 'DG14 not read or not authenticated: whether the chip offers PACE is unknown',
    };
  }
  if (dg14Infos.some((i) => i.type === 'PACEInfo')) {
    return {
      check,
      status: 'failed',
      reason: 'the authenticated DG14 offers PACE but EF.CardAccess did not: PACE was withheld and BAC used',
    };
  }
  return { check, status: 'passed', reason: "the authenticated DG14 offers no PACE: BAC is the chip's access" };
}

function paChecks(pa: PaResult): DocumentCheck[] {
  return pa.checks.map((c) => ({
    check: `passive-authentication/${c.check}${c.subject ? `/${c.subject}` : ''}`,
    status: c.status,
    reason: c.reason,
  }));
}

async function selectLds1(transport: Transport): Promise<void> {
  const { sw } = decodeResponse(
    await transport.transmit(encodeCommand(selectApplication(LDS1_AID)), { step: 'select LDS1' }),
  );
  if (sw !== 0x9000) throw new StatusWordError(sw, 'SELECT LDS1 application');
}
