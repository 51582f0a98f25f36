// Layer 7, EF.SOD and passive authentication (ICAO 9303-10 §4.6.2; ICAO 9303-11 §5.1; ICAO 9303-12 §4.5,
// §7.1.1 document signer profile): structure, algorithms, DS certificate, signature, hashes, chain to the CSCA.
import { oid } from '../../asn1/oids.js';
import { equalBytes } from '../../bytes.js';
import { hash } from '../../crypto/hash.js';
import { isCccdError } from '../../errors.js';
import { type DecodedSod, decodeSod } from '../../lds/sod.js';
import { alpha2FromMrzState } from '../../pki/countries.js';
import { passiveAuthentication } from '../../pki/passive-authentication.js';
import { verifySignerInfo } from '../../pki/verify.js';
import type { CaseContext } from '../context.js';
import type { CaseOutcome, ConformanceCase } from '../types.js';
import { fail, pass, verdict, warn } from '../verdicts.js';
import { LDS1_FILES, nn, tc } from './build.js';

async function withSod(
  ctx: CaseContext,
  check: (sod: DecodedSod) => CaseOutcome | Promise<CaseOutcome>,
): Promise<CaseOutcome> {
  const doc = await ctx.document();
  const bytes = doc.files.get('EF.SOD');
  if (!bytes) return fail('EF.SOD readable', doc.unread.get('EF.SOD') ?? 'not read');
  let sod: DecodedSod;
  try {
    sod = decodeSod(bytes);
  } catch (e) {
    if (isCccdError(e)) return fail('EF.SOD decodes', `${e.code}: ${e.message}`);
    throw e;
  }
  return check(sod);
}

const ds = (sod: DecodedSod) => sod.signedData.certificates[0];
const at = (ctx: CaseContext) => (ctx.lab.now ?? (() => new Date()))();

async function pa(ctx: CaseContext) {
  const doc = await ctx.document();
  const dataGroups = new Map<number, Uint8Array>();
  for (const f of ctx.claims.files)
    if (f.number !== undefined && doc.files.has(f.name)) dataGroups.set(f.number, doc.files.get(f.name) as Uint8Array);
  return passiveAuthentication({
    sod: doc.files.get('EF.SOD') ?? new Uint8Array(0),
    dataGroups,
    trust: ctx.lab.trust ?? { certificates: [], crls: [] },
    now: () => at(ctx),
  });
}

const sod: ConformanceCase[] = [
  tc(
    'L7.SOD.01',
    'EF.SOD decodes as a SignedData holding an LDSSecurityObject',
    'ICAO 9303-10 §4.6.2; RFC 5652 §5',
    [],
    'eContentType id-icao-mrtd-security-ldsSecurityObject',
    (ctx) =>
      withSod(ctx, (s) =>
        verdict(
          s.signedData.contentType === oid('id-icao-mrtd-security-ldsSecurityObject'),
          'id-icao-mrtd-security-ldsSecurityObject',
          s.signedData.contentType,
        ),
      ),
  ),
  tc(
    'L7.SOD.02',
    'The LDSSecurityObject version fits the LDS version',
    'ICAO 9303-10 §4.6.2.2 (v0 for LDS 1.7, v1 for 1.8)',
    [],
    'v0 / v1 as the profile',
    (ctx) =>
      withSod(ctx, (s) => {
        const want = ctx.claims.profile.sod.securityObjectVersion;
        return verdict(s.securityObject.version === want, `v${want}`, `v${s.securityObject.version}`);
      }),
  ),
  tc(
    'L7.SOD.03',
    "The data group hash algorithm is the profile's",
    'ICAO 9303-10 §4.6.2.2; ICAO 9303-12 §4.5',
    [],
    'the profile hash',
    (ctx) =>
      withSod(ctx, (s) =>
        verdict(
          s.securityObject.hashAlgorithm === ctx.claims.profile.sod.hash,
          ctx.claims.profile.sod.hash,
          s.securityObject.hashAlgorithm,
        ),
      ),
  ),
  tc(
    'L7.SOD.04',
    'The hash algorithms are not SHA-1',
    'ICAO 9303-12 §4.5 (algorithm policy: SHA-224 or stronger for new documents)',
    [],
    'SHA-224 or stronger',
    (ctx) =>
      withSod(ctx, (s) => {
        const algs = [s.securityObject.hashAlgorithm, ...s.signedData.signerInfos.map((i) => i.digestAlgorithm)];
        return verdict(!algs.includes('SHA-1'), 'no SHA-1', algs.join(', '));
      }),
  ),
  tc(
    'L7.SOD.05',
    'EF.SOD embeds exactly one document signer certificate',
    'ICAO 9303-10 §4.6.2.1; ICAO 9303-12 §7.1.1',
    [],
    'one certificate',
    (ctx) =>
      withSod(ctx, (s) => verdict(s.signedData.certificates.length === 1, '1', `${s.signedData.certificates.length}`)),
  ),
  tc(
    'L7.SOD.06',
    'The document signer certificate has keyUsage digitalSignature only, critical',
    'ICAO 9303-12 §7.1.1 Table 6',
    [],
    'digitalSignature',
    (ctx) =>
      withSod(ctx, (s) => {
        const ku = ds(s)?.extensions.keyUsage ?? [];
        const crit = ds(s)?.rawExtensions.find((e) => e.oid === oid('id-ce-keyUsage'))?.critical === true;
        return verdict(
          ku.length === 1 && ku[0] === 'digitalSignature' && crit,
          'digitalSignature (critical)',
          `${ku.join(', ') || 'none'}${crit ? ' (critical)' : ''}`,
        );
      }),
  ),
  tc(
    'L7.SOD.07',
    'The document signer certificate is valid now',
    'ICAO 9303-12 §7.1.1; RFC 5280 §4.1.2.5',
    [],
    'notBefore <= now <= notAfter',
    (ctx) =>
      withSod(ctx, (s) => {
        const c = ds(s);
        const now = at(ctx).getTime();
        return verdict(
          !!c && c.notBefore.getTime() <= now && now <= c.notAfter.getTime(),
          `valid at ${at(ctx).toISOString()}`,
          c ? `${c.notBefore.toISOString()} .. ${c.notAfter.toISOString()}` : 'no certificate',
        );
      }),
  ),
  tc(
    'L7.SOD.08',
    'The document signer may sign this document type',
    'ICAO 9303-12 §7.1.1.3 (documentTypeList)',
    [],
    'the profile document code listed',
    (ctx) =>
      withSod(ctx, (s) => {
        const types = ds(s)?.extensions.documentTypeList ?? [];
        const want = ctx.claims.profile.documentCode.replace(/<+$/, '');
        return verdict(types.includes(want), want, types.join(', ') || 'none');
      }),
  ),
  tc(
    'L7.SOD.09',
    'The EF.SOD signature verifies with the document signer key',
    'ICAO 9303-11 §5.1.1 step 2; RFC 5652 §5.6',
    [],
    'valid signature',
    (ctx) =>
      withSod(ctx, (s) => {
        const c = ds(s);
        const si = s.signedData.signerInfos[0];
        if (!c || !si) return fail('a certificate and a SignerInfo', 'missing');
        const r = verifySignerInfo(s.signedData, si, c);
        return verdict(r.valid, 'valid', r.valid ? 'valid' : (r.reason ?? 'invalid'));
      }),
  ),
  tc(
    'L7.SOD.10',
    'EF.SOD lists exactly the data groups the profile claims',
    'ICAO 9303-10 §4.6.2.2',
    [],
    'the claimed data groups',
    (ctx) =>
      withSod(ctx, (s) => {
        const got = [...s.securityObject.dataGroupHashes.keys()].sort((a, b) => a - b).join(',');
        const want = [...ctx.claims.profile.lds.dataGroups].sort((a, b) => a - b).join(',');
        return verdict(got === want, want, got);
      }),
  ),
  tc(
    'L7.SOD.11',
    'EF.SOD carries a signing time when the profile says so',
    'ICAO 9303-10 §4.6.2.1; RFC 5652 §11.3',
    [],
    'signingTime present',
    (ctx) =>
      withSod(ctx, (s) => {
        const t = s.signedData.signerInfos[0]?.signingTime;
        const want = ctx.claims.profile.sod.signingTime;
        return verdict((t !== undefined) === want, want ? 'present' : 'absent', t ? t.toISOString() : 'absent');
      }),
  ),
  tc(
    'L7.SOD.12',
    'EF.SOD was signed within the private key usage period of the document signer',
    'ICAO 9303-12 §7.1.1 (privateKeyUsagePeriod); RFC 5280 §4.2.1.4',
    [],
    'signing time within the period (a WARNING otherwise: documents stay valid, the issuer broke its key policy)',
    (ctx) =>
      withSod(ctx, (s) => {
        const t = s.signedData.signerInfos[0]?.signingTime;
        const period = ds(s)?.extensions.privateKeyUsagePeriod;
        if (!t || !period) return pass(t ? 'no privateKeyUsagePeriod' : 'no signing time', 'nothing to compare');
        const from = period.notBefore?.toISOString() ?? '-';
        const to = period.notAfter?.toISOString() ?? '-';
        const inside =
          (!period.notBefore || period.notBefore.getTime() <= t.getTime()) &&
          (!period.notAfter || t.getTime() <= period.notAfter.getTime());
        return inside
          ? pass(`${t.toISOString()} within ${from} .. ${to}`)
          : warn(`within ${from} .. ${to}`, t.toISOString(), 'signed outside the private key usage period');
      }),
  ),
];

/** Per data group (those the lab can read): the hash in EF.SOD matches the data group as read. */
const hashes: ConformanceCase[] = LDS1_FILES.filter((f) => f.n >= 1 && f.n <= 16 && f.name !== 'DG3').map((f) =>
  tc(
    `L7.SOD.${nn(20 + f.n)}`,
    `The hash of ${f.name} in EF.SOD matches ${f.name} as read`,
    'ICAO 9303-11 §5.1.1 step 3',
    f.requires,
    'equal hashes',
    (ctx) =>
      withSod(ctx, async (s) => {
        const doc = await ctx.document();
        const bytes = doc.files.get(f.name);
        const want = s.securityObject.dataGroupHashes.get(f.n);
        if (!bytes || !want) return fail(`${f.name} and its hash`, bytes ? 'no hash in EF.SOD' : 'not read');
        return verdict(equalBytes(hash(s.securityObject.hashAlgorithm, bytes), want), 'equal', 'different');
      }),
  ),
);

const passive: ConformanceCase[] = [
  tc(
    'L7.PA.01',
    "The document signer certificate chains to the lab's CSCA",
    'ICAO 9303-11 §5.1.1 step 1; ICAO 9303-12 §5',
    ['csca'],
    'chain valid',
    async (ctx) => {
      const r = await pa(ctx);
      const c = r.checks.find((x) => x.check === 'chain');
      return verdict(c?.status === 'passed', 'passed', c ? `${c.status}: ${c.reason}` : 'not run');
    },
  ),
  tc(
    'L7.PA.02',
    "Passive authentication passes against the lab's CSCA",
    'ICAO 9303-11 §5.1',
    ['csca'],
    'every check passed',
    async (ctx) => {
      const r = await pa(ctx);
      const doc = await ctx.document();
      // Data groups the lab may not read (DG3 behind TA) and a specimen issuing state (UTO) have no verdict here.
      const unread = (c: { check: string; subject?: string }) =>
        c.check === 'data-group-hash' && c.subject !== undefined && !doc.files.has(c.subject);
      const specimen = alpha2FromMrzState(ctx.claims.profile.issuingState) === undefined;
      const bad = r.checks.filter(
        (c) =>
          c.status !== 'passed' &&
          !(c.check === 'revocation' && c.status === 'not-checked') &&
          !unread(c) &&
          !(specimen && c.check === 'country'),
      );
      return verdict(
        bad.length === 0,
        'all passed',
        bad.map((c) => `${c.check}${c.subject ? `/${c.subject}` : ''}: ${c.reason}`).join('; ') || 'all passed',
      );
    },
  ),
];

export const SOD_CASES: readonly ConformanceCase[] = [...sod, ...hashes, ...passive];
