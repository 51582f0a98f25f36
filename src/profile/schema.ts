// Card profile schema (profiles/*.json): a declarative shape table checked field by field, then the ICAO 9303
// consistency rules between fields; errors are PROFILE_INVALID with the path (`profile.sod.signerKey.curve`).
import { OIDS } from '../asn1/oids.js';
import { CccdError } from '../errors.js';
import type { CardProfile } from './types.js';

/** A shape: what one JSON value must look like. */
type Shape =
  | { t: 'string'; pattern?: RegExp; what?: string; oneOf?: readonly string[] }
  | { t: 'integer'; min: number; max: number }
  | { t: 'boolean' }
  | { t: 'array'; items: Shape; min?: number; unique?: boolean }
  | { t: 'object'; fields: Record<string, { shape: Shape; optional?: boolean }> }
  | { t: 'record'; key: RegExp; keyWhat: string; values: Shape }
  | { t: 'tagged'; tag: string; variants: Record<string, Shape> }
  | { t: 'oid'; prefix: RegExp; what: string }
  | { t: 'custom'; check: (v: unknown) => string | undefined };

const req = (shape: Shape) => ({ shape });
const opt = (shape: Shape) => ({ shape, optional: true });
const str = (pattern: RegExp, what: string): Shape => ({ t: 'string', pattern, what });
const oneOf = (...values: string[]): Shape => ({ t: 'string', oneOf: values });
const int = (min: number, max: number): Shape => ({ t: 'integer', min, max });
const bool: Shape = { t: 'boolean' };
const obj = (fields: Record<string, { shape: Shape; optional?: boolean }>): Shape => ({ t: 'object', fields });

const HASHES = ['SHA-1', 'SHA-224', 'SHA-256', 'SHA-384', 'SHA-512'];
const CURVE = /^(secp(192|224|256|384|521)r1|brainpoolP(160|192|224|256|320|384|512)r1)$/;
/** BSI TR-03110 Part 3 A.2.1.1: standardized domain parameter IDs (0-2 MODP groups, 8-18 elliptic curves). */
const PARAMETER_IDS = new Set([0, 1, 2, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
const SIGNATURES =
  /^(ecdsa-with-SHA(1|224|256|384|512)|ecdsa-plain-SHA(1|224|256|384|512)|sha(1|224|256|384|512)WithRSAEncryption|id-RSASSA-PSS)$/;

const KEY: Shape = {
  t: 'tagged',
  tag: 'kind',
  variants: {
    ec: obj({ kind: req(oneOf('ec')), curve: req({ t: 'oid', prefix: CURVE, what: 'a named curve' }) }),
    rsa: obj({ kind: req(oneOf('rsa')), bits: req(int(1024, 8192)) }),
    dh: obj({ kind: req(oneOf('dh')), parameterId: req(int(0, 2)) }),
  },
};

/** 'always' ... as in AccessCondition; "6D00" or 27904 for a status word. */
const ACCESS = oneOf('always', 'bac-or-pace', 'pace', 'terminal-authentication', 'never');

/** The shape of profiles/*.json: every field of CardProfile (types.ts). */
const PROFILE: Shape = obj({
  id: req(str(/^[a-z0-9][a-z0-9-]*$/, 'a lowercase identifier like cccd-2021')),
  description: req(str(/\S/, 'a non-empty text')),
  documentType: req(oneOf('TD1', 'TD2', 'TD3')),
  documentCode: req(str(/^[A-Z][A-Z<]?$/, 'one or two MRZ letters, e.g. ID or P<')),
  issuingState: req(str(/^[A-Z][A-Z<]{0,2}$/, 'an ICAO 9303-3 code of up to three letters')),
  mrzScheme: req(oneOf('cccd', 'icao')),
  lds: req(
    obj({
      version: req(oneOf('0107', '0108')),
      unicodeVersion: req(str(/^\d{6}$/, 'six digits, e.g. 040000')),
      aid: req(str(/^([0-9A-F]{2}){5,16}$/, 'an AID of 5 to 16 bytes in uppercase hex')),
      dataGroups: req({ t: 'array', items: int(1, 16), min: 1, unique: true }),
      portraitFormat: req(oneOf('jpeg', 'jpeg2000')),
    }),
  ),
  sod: req(
    obj({
      hash: req({ t: 'string', oneOf: HASHES }),
      signatureAlgorithm: req({ t: 'oid', prefix: SIGNATURES, what: 'a signature algorithm' }),
      signerKey: req(KEY),
      securityObjectVersion: req(int(0, 1)),
      signingTime: req(bool),
    }),
  ),
  cardSecurity: req(bool),
  access: req(
    obj({
      bac: req(bool),
      pace: req({
        t: 'array',
        items: obj({
          protocol: req({ t: 'oid', prefix: /^id-PACE-(EC)?DH-(GM|IM|CAM)-/, what: 'a PACE protocol' }),
          parameterId: req({
            t: 'custom',
            check: (v) => (PARAMETER_IDS.has(v as number) ? undefined : 'must be a standardized domain parameter ID'),
          }),
        }),
      }),
      pacePasswords: req({ t: 'array', items: oneOf('mrz', 'can'), unique: true }),
      can: req(oneOf('id-last-6', 'random-6')),
    }),
  ),
  chipAuthentication: opt(
    obj({
      protocol: req({ t: 'oid', prefix: /^id-CA-(EC)?DH-/, what: 'a Chip Authentication protocol' }),
      key: req(KEY),
      keyId: opt(int(0, 0x7fffffff)),
    }),
  ),
  activeAuthentication: opt(obj({ key: req(KEY), hash: req({ t: 'string', oneOf: HASHES }) })),
  terminalAuthentication: opt(obj({ version: req(int(1, 1)) })),
  accessConditions: req({
    t: 'record',
    key: /^(EF\.(COM|SOD|CardAccess|CardSecurity)|DG([1-9]|1[0-6]))$/,
    keyWhat: 'EF.COM, EF.SOD, EF.CardAccess, EF.CardSecurity or DG1..DG16',
    values: ACCESS,
  }),
  quirks: req(
    obj({
      selectMfStatus: opt({
        t: 'custom',
        check: (v) =>
          (typeof v === 'string' && /^[0-9A-F]{4}$/.test(v)) ||
          (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 0xffff)
            ? undefined
            : 'must be a status word: "6D00" or a number 0..65535',
      }),
    }),
  ),
  transport: req(
    obj({
      extendedLength: req(bool),
      maxCommandLength: req(int(5, 65544)),
      maxResponseLength: req(int(2, 65538)),
    }),
  ),
});

export interface ProfileIssue {
  path: string;
  message: string;
}

function describe(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

function check(shape: Shape, v: unknown, path: string, issues: ProfileIssue[]): void {
  const fail = (message: string): void => {
    issues.push({ path, message });
  };
  const rules: { [K in Shape['t']]: (s: Extract<Shape, { t: K }>) => void } = {
    string: (s) => {
      if (typeof v !== 'string') return fail(`must be a string, got ${describe(v)}`);
      if (s.oneOf && !s.oneOf.includes(v)) return fail(`must be one of ${s.oneOf.join(', ')}`);
      if (s.pattern && !s.pattern.test(v)) fail(`must be ${s.what}`);
    },
    integer: (s) => {
      if (!Number.isInteger(v) || (v as number) < s.min || (v as number) > s.max) {
        fail(`must be an integer ${s.min}..${s.max}`);
      }
    },
    boolean: () => {
      if (typeof v !== 'boolean') fail(`must be true or false, got ${describe(v)}`);
    },
    array: (s) => {
      if (!Array.isArray(v)) return fail(`must be an array, got ${describe(v)}`);
      if (s.min !== undefined && v.length < s.min) return fail(`must have at least ${s.min} item(s)`);
      for (const [i, item] of v.entries()) check(s.items, item, `${path}[${i}]`, issues);
      if (s.unique && new Set(v.map((x) => JSON.stringify(x))).size !== v.length) fail('must not repeat an item');
    },
    object: (s) => {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail(`must be an object, got ${describe(v)}`);
      const o = v as Record<string, unknown>;
      for (const key of Object.keys(o)) {
        if (!(key in s.fields)) issues.push({ path: `${path}.${key}`, message: 'is not a profile field' });
      }
      for (const [key, field] of Object.entries(s.fields)) {
        if (o[key] === undefined) {
          if (!field.optional) issues.push({ path: `${path}.${key}`, message: 'is required' });
        } else check(field.shape, o[key], `${path}.${key}`, issues);
      }
    },
    record: (s) => {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail(`must be an object, got ${describe(v)}`);
      for (const [key, value] of Object.entries(v)) {
        if (!s.key.test(key)) issues.push({ path: `${path}.${key}`, message: `is not a file name (${s.keyWhat})` });
        else check(s.values, value, `${path}.${key}`, issues);
      }
    },
    tagged: (s) => {
      const tag = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[s.tag] : undefined;
      const variant = typeof tag === 'string' ? s.variants[tag] : undefined;
      if (!variant) return fail(`must have ${s.tag} ${Object.keys(s.variants).join(', ')}`);
      check(variant, v, path, issues);
    },
    oid: (s) => {
      if (typeof v !== 'string' || !(v in OIDS) || !s.prefix.test(v))
        fail(`must be ${s.what} named as in src/asn1/oids.ts`);
    },
    custom: (s) => {
      const message = s.check(v);
      if (message) fail(message);
    },
  };
  (rules[shape.t] as (s: Shape) => void)(shape);
}

/** ICAO 9303-10/-11 rules between fields: what one setting requires of another. */
function consistency(p: CardProfile, issues: ProfileIssue[]): void {
  const add = (path: string, message: string) => issues.push({ path: `profile.${path}`, message });
  const dgs = new Set(p.lds.dataGroups);
  // ICAO 9303-10 §4.6: DG1 (MRZ) and DG2 (face) are mandatory.
  if (!dgs.has(1) || !dgs.has(2)) add('lds.dataGroups', 'must contain DG1 and DG2 (ICAO 9303-10 mandatory)');
  if (p.mrzScheme === 'cccd' && p.documentType !== 'TD1') add('mrzScheme', "the 'cccd' scheme is a TD1 layout");
  // ICAO 9303-11 §6.1 / §6.2: the chip's CA and AA public keys are published in DG14 and DG15.
  if (p.chipAuthentication && !dgs.has(14))
    add('chipAuthentication', 'needs DG14 for the ChipAuthenticationPublicKeyInfo');
  if (p.activeAuthentication && !dgs.has(15)) add('activeAuthentication', 'needs DG15 for the public key');
  if (!p.activeAuthentication && dgs.has(15))
    add('lds.dataGroups', 'DG15 present without activeAuthentication settings');
  if (p.terminalAuthentication && !p.chipAuthentication)
    add('terminalAuthentication', 'TA v1 runs after Chip Authentication');
  if (!p.access.bac && p.access.pace.length === 0) add('access', 'needs BAC or at least one PACE setting');
  if (p.access.pace.length > 0 && p.access.pacePasswords.length === 0)
    add('access.pacePasswords', 'must name a password');
  if (p.access.pace.length === 0 && p.access.pacePasswords.length > 0)
    add('access.pacePasswords', 'given without PACE');
  const sigEc = /^ecdsa-/.test(p.sod.signatureAlgorithm);
  if (sigEc !== (p.sod.signerKey.kind === 'ec') || p.sod.signerKey.kind === 'dh') {
    add('sod.signerKey', `a ${p.sod.signerKey.kind} key cannot make ${p.sod.signatureAlgorithm} signatures`);
  }
  if (p.activeAuthentication?.key.kind === 'dh') add('activeAuthentication.key', 'AA signs: an ec or rsa key');
  const ca = p.chipAuthentication;
  if (ca && (ca.protocol.startsWith('id-CA-ECDH') ? ca.key.kind !== 'ec' : ca.key.kind !== 'dh')) {
    add('chipAuthentication.key', `a ${ca.key.kind} key does not fit ${ca.protocol}`);
  }
  const files = new Set(['EF.COM', 'EF.SOD', 'EF.CardAccess', ...p.lds.dataGroups.map((n) => `DG${n}`)]);
  if (p.cardSecurity) files.add('EF.CardSecurity');
  for (const f of files)
    if (!(f in p.accessConditions)) add(`accessConditions.${f}`, 'is required for a file the chip has');
  for (const [f, condition] of Object.entries(p.accessConditions)) {
    if (!files.has(f)) add(`accessConditions.${f}`, 'names a file the profile does not have');
    if (condition === 'pace' && p.access.pace.length === 0)
      add(`accessConditions.${f}`, "'pace' without PACE settings");
    if (condition === 'terminal-authentication' && !p.terminalAuthentication) {
      add(`accessConditions.${f}`, "'terminal-authentication' without terminalAuthentication settings");
    }
  }
  // ISO/IEC 7816-4 §5.1: short APDUs carry at most 255 data bytes (261 / 258 bytes with header and status).
  if (!p.transport.extendedLength && (p.transport.maxCommandLength > 261 || p.transport.maxResponseLength > 258)) {
    add('transport', 'lengths beyond short APDUs need extendedLength');
  }
}

/** Every problem of a candidate profile (empty when valid). */
export function profileIssues(value: unknown): ProfileIssue[] {
  const issues: ProfileIssue[] = [];
  check(PROFILE, value, 'profile', issues);
  if (issues.length === 0) consistency(normalizeProfile(value as CardProfile), issues);
  return issues;
}

function normalizeProfile(p: CardProfile): CardProfile {
  const sw = p.quirks.selectMfStatus as unknown;
  const quirks = typeof sw === 'string' ? { ...p.quirks, selectMfStatus: Number.parseInt(sw, 16) } : p.quirks;
  return { ...p, quirks };
}

/**
 * Validates a parsed profile (profiles/*.json) and returns it typed; a status word written "6D00" becomes a
 * number. Throws PROFILE_INVALID whose `path` names the first offending field.
 */
export function validateProfile(value: unknown): CardProfile {
  const issues = profileIssues(value);
  const first = issues[0];
  if (first) {
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem(s))` : '';
    throw new CccdError('PROFILE_INVALID', `${first.message}${more}`, { path: first.path });
  }
  return normalizeProfile(structuredClone(value) as CardProfile);
}
