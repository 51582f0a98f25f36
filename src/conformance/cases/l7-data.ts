// Layer 7, the logical data structure (ICAO 9303-10 §4.6-§4.7; ICAO 9303-3 §4.9 check digits; ISO/IEC
// 19794-5 face records; docs/cccd-chip.md DG13): EF.COM, DG1, DG2, DG13, DG14, EF.CardAccess, DG15.
import { oidName } from '../../asn1/oids.js';
import { isCccdError } from '../../errors.js';
import { decodeCardAccess } from '../../lds/card-access.js';
import { dataGroupsOfCom, decodeEfCom } from '../../lds/com.js';
import { decodeDg1 } from '../../lds/dg1.js';
import { decodeDg2 } from '../../lds/dg2.js';
import { decodeDg13 } from '../../lds/dg13.js';
import { decodeDg14 } from '../../lds/dg14.js';
import { decodeDg15 } from '../../lds/dg15.js';
import { decodeSod } from '../../lds/sod.js';
import { bacKeyMaterial } from '../../mrz/bac.js';
import { parseMrz } from '../../mrz/mrz.js';
import type { CaseContext } from '../context.js';
import type { CaseOutcome, ConformanceCase } from '../types.js';
import { fail, verdict } from '../verdicts.js';
import { nn, tc } from './build.js';

/** Runs `check` on a decoded file; a decoding error is FAILED with its path. */
async function withFile<T>(
  ctx: CaseContext,
  name: string,
  decode: (b: Uint8Array) => T,
  check: (v: T) => CaseOutcome,
): Promise<CaseOutcome> {
  const doc = await ctx.document();
  const bytes = doc.files.get(name);
  if (!bytes) return fail(`${name} readable`, doc.unread.get(name) ?? 'not read');
  let v: T;
  try {
    v = decode(bytes);
  } catch (e) {
    if (isCccdError(e)) return fail(`${name} decodes`, `${e.code}: ${e.message}`);
    throw e;
  }
  return check(v);
}

const list = (xs: readonly number[]) => `[${[...xs].sort((a, b) => a - b).join(', ')}]`;

const com: ConformanceCase[] = [
  tc('L7.COM.01', 'EF.COM decodes (tags 60, 5F01, 5F36, 5C)', 'ICAO 9303-10 §4.6.1', [], 'a valid EF.COM', (ctx) =>
    withFile(
      ctx,
      'EF.COM',
      (b) => decodeEfCom(b),
      () => verdict(true, 'decodes', 'decodes'),
    ),
  ),
  tc(
    'L7.COM.02',
    'EF.COM states the LDS version of the profile',
    'ICAO 9303-10 §4.6.1.1',
    [],
    'the profile LDS version',
    (ctx) =>
      withFile(
        ctx,
        'EF.COM',
        (b) => decodeEfCom(b),
        (c) => verdict(c.ldsVersion === ctx.claims.profile.lds.version, ctx.claims.profile.lds.version, c.ldsVersion),
      ),
  ),
  tc(
    'L7.COM.03',
    'EF.COM states the Unicode version of the profile',
    'ICAO 9303-10 §4.6.1.1',
    [],
    'the profile Unicode version',
    (ctx) =>
      withFile(
        ctx,
        'EF.COM',
        (b) => decodeEfCom(b),
        (c) =>
          verdict(
            c.unicodeVersion === ctx.claims.profile.lds.unicodeVersion,
            ctx.claims.profile.lds.unicodeVersion,
            c.unicodeVersion,
          ),
      ),
  ),
  tc(
    'L7.COM.04',
    'EF.COM lists exactly the data groups the profile claims',
    'ICAO 9303-10 §4.6.1.2',
    [],
    'the claimed data groups',
    (ctx) =>
      withFile(
        ctx,
        'EF.COM',
        (b) => decodeEfCom(b),
        (c) => {
          const got = dataGroupsOfCom(c);
          return verdict(
            list(got) === list(ctx.claims.profile.lds.dataGroups),
            list(ctx.claims.profile.lds.dataGroups),
            list(got),
          );
        },
      ),
  ),
  tc(
    'L7.COM.05',
    'EF.COM and EF.SOD list the same data groups',
    'ICAO 9303-10 §4.6.1.2, §4.6.2',
    [],
    'equal lists',
    async (ctx) => {
      const doc = await ctx.document();
      const c = doc.files.get('EF.COM');
      const s = doc.files.get('EF.SOD');
      if (!c || !s) return fail('EF.COM and EF.SOD read', 'missing');
      try {
        const a = dataGroupsOfCom(decodeEfCom(c));
        const b = [...decodeSod(s).securityObject.dataGroupHashes.keys()];
        return verdict(list(a) === list(b), `EF.COM ${list(a)}`, `EF.SOD ${list(b)}`);
      } catch (e) {
        if (isCccdError(e)) return fail('both decode', e.code);
        throw e;
      }
    },
  ),
  tc(
    'L7.COM.06',
    'Every data group EF.COM lists is on the chip',
    'ICAO 9303-10 §4.6.1.2',
    [],
    'each listed data group selectable',
    async (ctx) => {
      const doc = await ctx.document();
      const c = doc.files.get('EF.COM');
      if (!c) return fail('EF.COM read', 'missing');
      const listed = dataGroupsOfCom(decodeEfCom(c));
      const missing = listed.filter(
        (n) =>
          !doc.files.has(`DG${n}`) &&
          ctx.claims.files.find((f) => f.name === `DG${n}`)?.access !== 'terminal-authentication',
      );
      return verdict(missing.length === 0, 'none missing', `missing ${list(missing)}`);
    },
  ),
];

const parsed = (b: Uint8Array) => parseMrz(decodeDg1(b).lines, { checkDigits: 'report' });
const CHECKS: readonly [string, string][] = [
  ['documentNumber', 'document number'],
  ['birthDate', 'date of birth'],
  ['expiryDate', 'date of expiry'],
  ['composite', 'composite'],
];

const dg1: ConformanceCase[] = [
  tc(
    'L7.DG1.01',
    "DG1 decodes and holds an MRZ of the profile's document type",
    'ICAO 9303-10 §4.7.1; ICAO 9303-4/-5',
    ['dg:1'],
    'the profile format',
    (ctx) =>
      withFile(ctx, 'DG1', parsed, (m) =>
        verdict(
          m.format.toUpperCase() === ctx.claims.profile.documentType,
          ctx.claims.profile.documentType,
          m.format.toUpperCase(),
        ),
      ),
  ),
  tc(
    'L7.DG1.02',
    "The MRZ document code is the profile's",
    'ICAO 9303-3 §4.2.2',
    ['dg:1'],
    'the profile document code',
    (ctx) =>
      withFile(ctx, 'DG1', parsed, (m) => {
        const want = ctx.claims.profile.documentCode.replace(/<+$/, '');
        return verdict(m.fields.documentCode === want, want, m.fields.documentCode);
      }),
  ),
  tc(
    'L7.DG1.03',
    "The MRZ issuing state is the profile's",
    'ICAO 9303-3 §5',
    ['dg:1'],
    'the profile issuing state',
    (ctx) =>
      withFile(ctx, 'DG1', parsed, (m) =>
        verdict(
          m.fields.issuingState === ctx.claims.profile.issuingState,
          ctx.claims.profile.issuingState,
          m.fields.issuingState,
        ),
      ),
  ),
  ...CHECKS.map(([field, title], i) =>
    tc(
      `L7.DG1.${nn(4 + i)}`,
      `The ${title} check digit is correct`,
      'ICAO 9303-3 §4.9',
      ['dg:1'],
      'check digit = computed',
      (ctx) =>
        withFile(ctx, 'DG1', parsed, (m) => {
          const c = m.checks.find((x) => x.field === field);
          return verdict(
            c?.valid === true,
            c ? `digit ${c.computed}` : 'a check digit',
            c ? `digit ${c.found}` : 'none',
          );
        }),
    ),
  ),
  tc(
    'L7.DG1.08',
    'The MRZ gives the BAC/PACE-MRZ key the lab was given',
    'ICAO 9303-11 §9.7.2',
    ['dg:1'],
    'same document number, birth and expiry dates',
    (ctx) =>
      withFile(
        ctx,
        'DG1',
        (b) => bacKeyMaterial(parsed(b)),
        (k) => {
          const lab = ctx.lab.credentials.mrz;
          if (!lab) return verdict(true, 'no lab MRZ', 'not compared');
          const want = bacKeyMaterial(lab).mrzInformation;
          return verdict(k.mrzInformation === want, want, k.mrzInformation);
        },
      ),
  ),
  tc(
    'L7.DG1.09',
    'CCCD: document number = last 9 digits of the ID, the full ID in the optional data',
    'docs/cccd-chip.md (TD1 CCCD scheme)',
    ['dg:1', 'mrz-cccd'],
    'consistent ID',
    (ctx) =>
      withFile(ctx, 'DG1', parsed, (m) => {
        const id = m.fields.optionalData1.replace(/<.*$/, '').slice(0, 12);
        const ok = /^\d{12}$/.test(id) && m.fields.documentNumber === id.slice(3);
        return verdict(
          ok,
          `document number ${id.slice(3)} from ID ${id}`,
          `document number ${m.fields.documentNumber}`,
        );
      }),
  ),
];

const dg2: ConformanceCase[] = [
  tc(
    'L7.DG2.01',
    'DG2 decodes as a CBEFF biometric group with at least one face',
    'ICAO 9303-10 §4.7.2; ISO/IEC 7816-11',
    ['dg:2'],
    'one or more instances',
    (ctx) =>
      withFile(
        ctx,
        'DG2',
        (b) => decodeDg2(b),
        (d) => verdict(d.instances.length > 0, '>= 1 instance', `${d.instances.length}`),
      ),
  ),
  tc(
    'L7.DG2.02',
    'The biometric header says face, ISO/IEC 19794-5 (owner 0101, type 0008)',
    'ICAO 9303-10 §4.7.2 Table 43',
    ['dg:2'],
    'type 02, format 0101/0008',
    (ctx) =>
      withFile(
        ctx,
        'DG2',
        (b) => decodeDg2(b),
        (d) => {
          const h = d.instances[0]?.header;
          return verdict(
            h?.biometricType === 2 && h.formatOwner === 0x0101 && h.formatType === 0x0008,
            '02 0101 0008',
            h ? `${h.biometricType} ${h.formatOwner.toString(16)} ${h.formatType.toString(16)}` : 'none',
          );
        },
      ),
  ),
  tc(
    'L7.DG2.03',
    "The face image format is the profile's and its bytes are of that format",
    'ISO/IEC 19794-5 §5.7.2; ICAO 9303-10 §4.7.2',
    ['dg:2'],
    'the profile format with its magic bytes',
    (ctx) =>
      withFile(
        ctx,
        'DG2',
        (b) => decodeDg2(b),
        (d) => {
          const img = d.instances[0]?.record.images[0];
          const want = ctx.claims.profile.lds.portraitFormat;
          const magic = img ? (img.image[0] === 0xff && img.image[1] === 0xd8 ? 'jpeg' : 'jpeg2000') : 'none';
          return verdict(
            img?.imageDataType === want && magic === want,
            want,
            img ? `${img.imageDataType}, bytes ${magic}` : 'no image',
          );
        },
      ),
  ),
  tc('L7.DG2.04', 'The face image has a size', 'ISO/IEC 19794-5 §5.7.3', ['dg:2'], 'width and height > 0', (ctx) =>
    withFile(
      ctx,
      'DG2',
      (b) => decodeDg2(b),
      (d) => {
        const img = d.instances[0]?.record.images[0];
        return verdict(
          !!img && img.width > 0 && img.height > 0,
          '> 0',
          img ? `${img.width}x${img.height}` : 'no image',
        );
      },
    ),
  ),
];

const dg13: ConformanceCase[] = [
  tc('L7.DG13.01', 'DG13 decodes in the CCCD layout', 'docs/cccd-chip.md (DG13)', ['dg:13'], 'decodes', (ctx) =>
    withFile(
      ctx,
      'DG13',
      (b) => decodeDg13(b),
      () => verdict(true, 'decodes', 'decodes'),
    ),
  ),
  tc(
    'L7.DG13.02',
    'DG13 holds a 12-digit ID equal to the one in DG1',
    'docs/cccd-chip.md (DG13 field 1)',
    ['dg:13', 'dg:1', 'mrz-cccd'],
    'same ID',
    async (ctx) => {
      const doc = await ctx.document();
      const b1 = doc.files.get('DG1');
      return withFile(
        ctx,
        'DG13',
        (b) => decodeDg13(b),
        (d) => {
          const id1 = b1 ? parsed(b1).fields.optionalData1.slice(0, 12) : '';
          return verdict(/^\d{12}$/.test(d.idNumber ?? '') && d.idNumber === id1, `ID ${id1}`, `ID ${d.idNumber}`);
        },
      );
    },
  ),
  tc(
    'L7.DG13.03',
    'DG13 date of birth matches DG1',
    'docs/cccd-chip.md (DG13 field 3); ICAO 9303-3',
    ['dg:13', 'dg:1'],
    'same date',
    async (ctx) => {
      const doc = await ctx.document();
      const b1 = doc.files.get('DG1');
      return withFile(
        ctx,
        'DG13',
        (b) => decodeDg13(b),
        (d) => {
          const m = /^(\d\d)\/(\d\d)\/\d\d(\d\d)$/.exec(d.dateOfBirth ?? '');
          const yymmdd = m ? `${m[3]}${m[2]}${m[1]}` : '';
          const mrz = b1 ? parsed(b1).fields.birthDate : '';
          return verdict(yymmdd === mrz, mrz, d.dateOfBirth ?? 'none');
        },
      );
    },
  ),
  tc(
    'L7.DG13.04',
    "DG13 holds the holder's full name",
    'docs/cccd-chip.md (DG13 field 2)',
    ['dg:13'],
    'a non-empty name',
    (ctx) =>
      withFile(
        ctx,
        'DG13',
        (b) => decodeDg13(b),
        (d) => verdict((d.fullName ?? '').trim().length > 0, 'a name', d.fullName ?? 'none'),
      ),
  ),
];

type Info = ReturnType<typeof decodeDg14>['infos'][number];
const has = (infos: Info[], type: Info['type']) => infos.some((i) => i.type === type);

const dg14: ConformanceCase[] = [
  tc(
    'L7.DG14.01',
    'DG14 decodes as SecurityInfos',
    'ICAO 9303-10 §4.7.14; ICAO 9303-11 §9.2',
    ['dg:14'],
    'decodes',
    (ctx) =>
      withFile(
        ctx,
        'DG14',
        (b) => decodeDg14(b),
        (d) => verdict(d.infos.length > 0, '>= 1 SecurityInfo', `${d.infos.length}`),
      ),
  ),
  tc(
    'L7.DG14.02',
    'DG14 holds ChipAuthenticationInfo and its public key',
    'ICAO 9303-11 §9.2.5-§9.2.6',
    ['dg:14', 'chip-authentication'],
    'both present',
    (ctx) =>
      withFile(
        ctx,
        'DG14',
        (b) => decodeDg14(b),
        (d) =>
          verdict(
            has(d.infos, 'ChipAuthenticationInfo') && has(d.infos, 'ChipAuthenticationPublicKeyInfo'),
            'both present',
            d.infos.map((i) => i.type).join(', '),
          ),
      ),
  ),
  tc(
    'L7.DG14.03',
    'DG14 holds ActiveAuthenticationInfo for an ECDSA AA key',
    'ICAO 9303-11 §9.2.4 (ECDSA AA)',
    ['dg:14', 'aa-ecdsa'],
    'present',
    (ctx) =>
      withFile(
        ctx,
        'DG14',
        (b) => decodeDg14(b),
        (d) => verdict(has(d.infos, 'ActiveAuthenticationInfo'), 'present', d.infos.map((i) => i.type).join(', ')),
      ),
  ),
  tc(
    'L7.DG14.04',
    "The Chip Authentication protocol in DG14 is the profile's",
    'ICAO 9303-11 §9.2.5',
    ['dg:14', 'chip-authentication'],
    'the profile protocol',
    (ctx) =>
      withFile(
        ctx,
        'DG14',
        (b) => decodeDg14(b),
        (d) => {
          const info = d.infos.find((i) => i.type === 'ChipAuthenticationInfo');
          const want = ctx.claims.profile.chipAuthentication?.protocol ?? '';
          return verdict(
            info !== undefined && oidName(info.protocol) === want,
            want,
            info ? (oidName(info.protocol) ?? info.protocol) : 'none',
          );
        },
      ),
  ),
];

const cardAccess: ConformanceCase[] = [
  tc(
    'L7.CAC.01',
    'EF.CardAccess decodes as SecurityInfos',
    'ICAO 9303-11 §9.2.1; ICAO 9303-10 §3.11.3',
    ['card-access'],
    'decodes',
    (ctx) =>
      withFile(
        ctx,
        'EF.CardAccess',
        (b) => decodeCardAccess(b),
        (d) => verdict(d.infos.length > 0, '>= 1 SecurityInfo', `${d.infos.length}`),
      ),
  ),
  tc(
    'L7.CAC.02',
    'EF.CardAccess offers exactly the PACE parameters the chip claims',
    'ICAO 9303-11 §9.2.1 (PACEInfo)',
    ['card-access'],
    'the claimed PACEInfos',
    (ctx) =>
      withFile(
        ctx,
        'EF.CardAccess',
        (b) => decodeCardAccess(b),
        (d) => {
          const got = d.infos.flatMap((i) => (i.type === 'PACEInfo' ? [`${i.protocol}/${i.parameterId}`] : [])).sort();
          const want = ctx.claims.pace.map((p) => `${p.protocol}/${p.parameterId}`).sort();
          return verdict(got.join() === want.join(), want.join(' '), got.join(' '));
        },
      ),
  ),
  tc(
    'L7.CAC.03',
    'Every PACEInfo of EF.CardAccess is version 2',
    'ICAO 9303-11 §9.2.1',
    ['card-access'],
    'version 2',
    (ctx) =>
      withFile(
        ctx,
        'EF.CardAccess',
        (b) => decodeCardAccess(b),
        (d) => {
          const bad = d.infos.filter((i) => i.type === 'PACEInfo' && i.version !== 2);
          return verdict(
            bad.length === 0,
            'version 2',
            bad.length ? `${bad.length} with another version` : 'version 2',
          );
        },
      ),
  ),
  tc(
    'L7.CAC.04',
    'Chip Authentication infos in EF.CardAccess agree with DG14',
    'ICAO 9303-11 §9.2; BSI TR-03110 Part 3 §A.1.2',
    ['card-access', 'dg:14', 'chip-authentication'],
    'same protocols',
    async (ctx) => {
      const doc = await ctx.document();
      const a = doc.files.get('EF.CardAccess');
      const b = doc.files.get('DG14');
      if (!a || !b) return fail('EF.CardAccess and DG14 read', 'missing');
      const ca = (infos: Info[]) => infos.flatMap((i) => (i.type === 'ChipAuthenticationInfo' ? [i.protocol] : []));
      const inAccess = ca(decodeCardAccess(a).infos);
      const inDg14 = ca(decodeDg14(b).infos);
      return verdict(
        inAccess.every((p) => inDg14.includes(p)),
        inDg14.join(' '),
        inAccess.join(' ') || 'none listed',
      );
    },
  ),
];

const dg15: ConformanceCase[] = [
  tc(
    'L7.DG15.01',
    "DG15 decodes as a SubjectPublicKeyInfo of the profile's key type",
    'ICAO 9303-10 §4.7.15; ICAO 9303-11 §6.1',
    ['dg:15', 'active-authentication'],
    'the profile key type',
    (ctx) =>
      withFile(
        ctx,
        'DG15',
        (b) => decodeDg15(b),
        (d) => {
          const want = ctx.claims.profile.activeAuthentication?.key.kind ?? '';
          const kind = d.publicKey.kind;
          return verdict(kind === want, want, kind);
        },
      ),
  ),
];

export const DATA_CASES: readonly ConformanceCase[] = [
  ...com,
  ...dg1,
  ...dg2,
  ...dg13,
  ...dg14,
  ...cardAccess,
  ...dg15,
];
