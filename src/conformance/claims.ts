// The chip's implementation conformance statement (ICAO 9303-11 §4, §6; ICAO 9303-10 §3-§4): what a card
// profile (profiles/*.json) says the chip supports, adjusted by the lab's overrides.
import { oid } from '../asn1/oids.js';
import { CccdError } from '../errors.js';
import { efByName } from '../lds/registry.js';
import type { AccessCondition, CardProfile } from '../profile/types.js';
import type { Feature } from './types.js';

/** A file the chip claims, with its identifiers and access condition. */
export interface ClaimedFile {
  readonly name: string;
  readonly fid: number;
  readonly sfi: number | undefined;
  readonly location: 'MF' | 'LDS1';
  readonly access: AccessCondition;
  /** Data group number, for data groups. */
  readonly number: number | undefined;
}

/** A PACE protocol and domain parameters the chip claims (a PACEInfo it implements). */
export interface ClaimedPace {
  /** Dotted OID. */
  readonly protocol: string;
  readonly name: string;
  readonly parameterId: number;
}

export interface Claims {
  readonly profile: CardProfile;
  readonly features: ReadonlySet<Feature>;
  readonly files: readonly ClaimedFile[];
  readonly pace: readonly ClaimedPace[];
}

/** Adds or removes claims (`--claim` / `--no-claim` on the command line). */
export interface ClaimOverrides {
  readonly add?: readonly Feature[];
  readonly remove?: readonly Feature[];
}

const FEATURES: ReadonlySet<string> = new Set<Feature>([
  'bac',
  'pace',
  'pace-can',
  'pace-mrz',
  'chip-authentication',
  'active-authentication',
  'aa-ecdsa',
  'aa-rsa',
  'terminal-authentication',
  'extended-length',
  'read-binary-odd',
  'sfi',
  'card-access',
  'card-security',
  'personalization-commands',
  'select-mf',
  'mrz-cccd',
]);

/** Whether a string names a feature (`dg:N` included). */
export function isFeature(text: string): text is Feature {
  return FEATURES.has(text) || /^dg:(1[0-6]|[1-9])$/.test(text) || /^pace:\d$/.test(text);
}

/** Every named feature (data groups excluded), for `--list` and usage text. */
export const FEATURE_NAMES: readonly string[] = [...FEATURES, 'dg:N', 'pace:I'];

/** Table: a feature and the profile fact that claims it. */
const FROM_PROFILE: readonly [Feature, (p: CardProfile) => boolean][] = [
  ['bac', (p) => p.access.bac],
  ['pace', (p) => p.access.pace.length > 0],
  ['pace-can', (p) => p.access.pace.length > 0 && p.access.pacePasswords.includes('can')],
  ['pace-mrz', (p) => p.access.pace.length > 0 && p.access.pacePasswords.includes('mrz')],
  ['chip-authentication', (p) => p.chipAuthentication !== undefined],
  ['active-authentication', (p) => p.activeAuthentication !== undefined],
  ['aa-ecdsa', (p) => p.activeAuthentication?.key.kind === 'ec'],
  ['aa-rsa', (p) => p.activeAuthentication?.key.kind === 'rsa'],
  ['terminal-authentication', (p) => p.terminalAuthentication !== undefined && p.lds.dataGroups.includes(3)],
  ['extended-length', (p) => p.transport.extendedLength],
  ['card-access', (p) => p.access.pace.length > 0],
  ['card-security', (p) => p.cardSecurity],
  ['select-mf', (p) => p.quirks.selectMfStatus === undefined || p.quirks.selectMfStatus === 0x9000],
  ['mrz-cccd', (p) => p.mrzScheme === 'cccd'],
  // ISO/IEC 7816-4 §7.2.2 short EF identifiers and §11.2.3 odd INS: ICAO 9303-10 §3.5 has readers use both.
  ['sfi', () => true],
  ['read-binary-odd', () => true],
];

function claimedFiles(profile: CardProfile): ClaimedFile[] {
  const names = [
    ...(profile.access.pace.length > 0 ? ['EF.CardAccess'] : []),
    ...(profile.cardSecurity ? ['EF.CardSecurity'] : []),
    'EF.COM',
    ...profile.lds.dataGroups.map((n) => `DG${n}`),
    'EF.SOD',
  ];
  return names.map((name) => {
    const entry = efByName(name);
    if (!entry) throw new CccdError('PROFILE_INVALID', `no registry entry for ${name}`, { path: 'profile.lds' });
    const location = entry.location === 'MF' ? 'MF' : 'LDS1';
    return {
      name,
      fid: entry.fid,
      sfi: entry.sfi,
      location,
      access: profile.accessConditions[name] ?? (location === 'MF' ? 'always' : 'bac-or-pace'),
      number: entry.number,
    };
  });
}

/**
 * The claims of a chip built to `profile`. `personalization-commands` (our PUT DATA / CREATE FILE set) is
 * claimed only by the simulated chip: pass it in `overrides.add` for it.
 *
 * @example
 * const claims = claimsFromProfile(builtinProfile('cccd-2021'), { add: ['personalization-commands'] });
 */
export function claimsFromProfile(profile: CardProfile, overrides: ClaimOverrides = {}): Claims {
  const features = new Set<Feature>(FROM_PROFILE.filter(([, has]) => has(profile)).map(([f]) => f));
  for (const n of profile.lds.dataGroups) features.add(`dg:${n}`);
  for (const f of overrides.add ?? []) features.add(f);
  for (const f of overrides.remove ?? []) features.delete(f);
  const pace = profile.access.pace.map((s) => ({
    protocol: oid(s.protocol),
    name: s.protocol,
    parameterId: s.parameterId,
  }));
  for (const i of pace.keys()) features.add(`pace:${i}`);
  return { profile, features, files: claimedFiles(profile), pace };
}
