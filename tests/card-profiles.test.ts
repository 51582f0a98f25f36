import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8ToBytes } from '../src/bytes.js';
import { loadCitizen } from '../src/citizen/index.js';
import { isCccdError } from '../src/errors.js';
import { buildMrz, cccdMrzFromCitizen, parseMrz } from '../src/mrz/index.js';
import { BUILTIN_PROFILE_NAMES, builtinProfile, profileIssues, validateProfile } from '../src/profile/index.js';
import { loadProfile, parseProfile } from '../src/profile/node-load.js';

const ROOT = join(import.meta.dirname, '..');
const json = (name: string) => JSON.parse(readFileSync(join(ROOT, 'profiles', `${name}.json`), 'utf8'));

function errorOf(f: () => unknown): { code: string; path: string | undefined } | undefined {
  try {
    f();
  } catch (e) {
    if (isCccdError(e)) return { code: e.code, path: e.path };
    throw e;
  }
  return undefined;
}

async function asyncErrorOf(
  f: () => Promise<unknown>,
): Promise<{ code: string; path: string | undefined } | undefined> {
  try {
    await f();
  } catch (e) {
    if (isCccdError(e)) return { code: e.code, path: e.path };
    throw e;
  }
  return undefined;
}

/** Every leaf of a JSON value: its keys, its profile path (e.g. 'profile.sod.signerKey.curve') and its value. */
function leaves(value: unknown, keys: (string | number)[] = []): [(string | number)[], string, unknown][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...keys, i]));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...keys, k]));
  }
  const path = keys.reduce<string>((p, k) => (typeof k === 'number' ? `${p}[${k}]` : `${p}.${k}`), 'profile');
  return [[keys, path, value]];
}

function withLeaf(profile: unknown, keys: (string | number)[], replacement: unknown): unknown {
  const copy = structuredClone(profile) as Record<string | number, unknown>;
  let at = copy;
  for (const k of keys.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
  at[keys.at(-1) as string | number] = replacement;
  return copy;
}

describe('the built-in card profiles', () => {
  it('are the three profiles of profiles/ and all pass the schema', () => {
    expect(BUILTIN_PROFILE_NAMES).toEqual(['cccd-2021', 'cccd-2024', 'td3-passport']);
    for (const name of BUILTIN_PROFILE_NAMES) {
      expect(profileIssues(json(name))).toEqual([]);
      expect(builtinProfile(name).id).toBe(name);
    }
  });

  it('describe the CCCD chip of docs/cccd-chip.md', () => {
    const p = builtinProfile('cccd-2021');
    expect([p.documentType, p.documentCode, p.issuingState, p.mrzScheme]).toEqual(['TD1', 'ID', 'VNM', 'cccd']);
    expect(p.lds).toMatchObject({ version: '0107', aid: 'A0000002471001', dataGroups: [1, 2, 3, 13, 14, 15] });
    expect(p.sod).toMatchObject({ hash: 'SHA-256', signatureAlgorithm: 'ecdsa-with-SHA256' });
    expect(p.sod.signerKey).toEqual({ kind: 'ec', curve: 'brainpoolP256r1' });
    expect(p.access).toEqual({
      bac: true,
      pace: [{ protocol: 'id-PACE-ECDH-GM-AES-CBC-CMAC-128', parameterId: 13 }],
      pacePasswords: ['can'],
      can: 'id-last-6',
    });
    expect(p.chipAuthentication).toEqual({
      protocol: 'id-CA-ECDH-AES-CBC-CMAC-128',
      key: { kind: 'ec', curve: 'brainpoolP256r1' },
    });
    expect(p.activeAuthentication).toEqual({ key: { kind: 'ec', curve: 'brainpoolP256r1' }, hash: 'SHA-256' });
    expect(p.terminalAuthentication).toEqual({ version: 1 });
    expect(p.accessConditions.DG3).toBe('terminal-authentication');
    expect(p.accessConditions['EF.CardAccess']).toBe('always');
    expect(p.quirks.selectMfStatus).toBe(0x6d00);
    expect(p.transport.extendedLength).toBe(true);
    expect(p.description).toMatch(/weak evidence/i);
  });

  it('keep the 2024 Căn cước chip identical to the 2021 card except for its name', () => {
    const { id: a, description: da, ...p2021 } = builtinProfile('cccd-2021');
    const { id: b, description: db, ...p2024 } = builtinProfile('cccd-2024');
    expect(p2024).toEqual(p2021);
    expect([a, b]).toEqual(['cccd-2021', 'cccd-2024']);
    expect(db).toMatch(/Căn cước/);
    expect(da).not.toBe(db);
  });

  it('describe a generic LDS 1.8 TD3 passport', () => {
    const p = builtinProfile('td3-passport');
    expect([p.documentType, p.documentCode, p.issuingState, p.mrzScheme]).toEqual(['TD3', 'P<', 'UTO', 'icao']);
    expect(p.lds).toMatchObject({ version: '0108', dataGroups: [1, 2, 11, 12, 14, 15] });
    expect(p.sod.securityObjectVersion).toBe(1);
    expect(p.access.pace.map((x) => x.protocol)).toEqual([
      'id-PACE-ECDH-GM-AES-CBC-CMAC-128',
      'id-PACE-ECDH-IM-AES-CBC-CMAC-128',
    ]);
    expect(p.access.pacePasswords).toEqual(['mrz', 'can']);
    expect(p.quirks.selectMfStatus).toBeUndefined();
  });

  it('give the CCCD MRZ under both CCCD profiles and a TD3 MRZ under the passport profile', () => {
    const citizen = loadCitizen(readFileSync(join(ROOT, 'examples', 'citizens', 'nguyen-van-an.json')));
    const cccd = cccdMrzFromCitizen(citizen, builtinProfile('cccd-2021'));
    expect(cccdMrzFromCitizen(citizen, builtinProfile('cccd-2024'))).toEqual(cccd);
    expect(cccd[0]).toBe('IDVNM0990123459001099012345<<0');
    const td3 = cccdMrzFromCitizen({ ...citizen, documentNumber: 'B1234567' }, builtinProfile('td3-passport'));
    expect(td3).toEqual(
      buildMrz('TD3', { ...parseMrz(td3).fields, documentCode: 'P', issuingState: 'UTO', optionalData1: citizen.id }),
    );
  });

  it('return a fresh copy each time', () => {
    const p = builtinProfile('cccd-2021');
    p.lds.dataGroups.push(11);
    expect(builtinProfile('cccd-2021').lds.dataGroups).toEqual([1, 2, 3, 13, 14, 15]);
  });
});

describe('the card profile schema', () => {
  const base = json('cccd-2021');
  // biome-ignore lint/suspicious/noExplicitAny: the cases below reach into arbitrary JSON paths
  const invalid = (patch: (p: Record<string, any>) => void) => {
    const p = structuredClone(base);
    patch(p);
    return errorOf(() => validateProfile(p));
  };

  it('rejects a wrong value in every leaf of the CCCD profile, naming that leaf', () => {
    for (const [keys, path, value] of leaves(base)) {
      if (path === 'profile.description') continue;
      const wrong = typeof value === 'string' ? { not: 'a string' } : 'not-a-value';
      const err = errorOf(() => validateProfile(withLeaf(base, keys, wrong)));
      expect(err?.code, path).toBe('PROFILE_INVALID');
      expect(err?.path?.startsWith(path.replace(/\.kind$/, '')), `${path} -> ${err?.path}`).toBe(true);
    }
  });

  it('rejects unknown and missing fields', () => {
    expect(invalid((p) => (p.lds.dataGroup = [1]))).toEqual({ code: 'PROFILE_INVALID', path: 'profile.lds.dataGroup' });
    expect(invalid((p) => delete p.sod.hash)).toEqual({ code: 'PROFILE_INVALID', path: 'profile.sod.hash' });
  });

  it('rejects OID names that are unknown or of the wrong family', () => {
    expect(invalid((p) => (p.access.pace[0].protocol = 'id-CA-ECDH-AES-CBC-CMAC-128'))?.path).toBe(
      'profile.access.pace[0].protocol',
    );
    expect(invalid((p) => (p.sod.signatureAlgorithm = 'ecdsa-with-SHA999'))?.path).toBe(
      'profile.sod.signatureAlgorithm',
    );
    expect(invalid((p) => (p.sod.signerKey.curve = 'curve25519'))?.path).toBe('profile.sod.signerKey.curve');
    expect(invalid((p) => (p.access.pace[0].parameterId = 5))?.path).toBe('profile.access.pace[0].parameterId');
  });

  it('rejects settings that contradict each other', () => {
    expect(invalid((p) => (p.lds.dataGroups = [1, 3, 13, 14, 15]))?.path).toBe('profile.lds.dataGroups');
    expect(invalid((p) => (p.lds.dataGroups = [1, 2, 3, 13, 15]))?.path).toBe('profile.chipAuthentication');
    expect(invalid((p) => delete p.activeAuthentication)?.path).toBe('profile.lds.dataGroups');
    expect(invalid((p) => (p.documentType = 'TD3'))?.path).toBe('profile.mrzScheme');
    expect(invalid((p) => (p.sod.signerKey = { kind: 'rsa', bits: 2048 }))?.path).toBe('profile.sod.signerKey');
    expect(invalid((p) => (p.chipAuthentication.key = { kind: 'dh', parameterId: 0 }))?.path).toBe(
      'profile.chipAuthentication.key',
    );
    expect(invalid((p) => delete p.terminalAuthentication)?.path).toBe('profile.accessConditions.DG3');
    expect(invalid((p) => delete p.accessConditions.DG13)?.path).toBe('profile.accessConditions.DG13');
    expect(invalid((p) => (p.accessConditions.DG11 = 'always'))?.path).toBe('profile.accessConditions.DG11');
    expect(invalid((p) => (p.accessConditions.DG17 = 'always'))?.path).toBe('profile.accessConditions.DG17');
    expect(invalid((p) => (p.access.pacePasswords = []))?.path).toBe('profile.access.pacePasswords');
    expect(invalid((p) => (p.transport.extendedLength = false))?.path).toBe('profile.transport');
    expect(invalid((p) => (p.quirks.selectMfStatus = '6D0'))?.path).toBe('profile.quirks.selectMfStatus');
  });

  it('accepts a status word as a number too', () => {
    const p = structuredClone(base);
    p.quirks.selectMfStatus = 0x6a82;
    expect(validateProfile(p).quirks.selectMfStatus).toBe(0x6a82);
  });
});

describe('loading profiles', () => {
  it('loads a built-in profile by name and a profile file by path', async () => {
    expect((await loadProfile('cccd-2024')).id).toBe('cccd-2024');
    expect((await loadProfile(join(ROOT, 'profiles', 'td3-passport.json'))).id).toBe('td3-passport');
    const custom = { ...json('td3-passport'), id: 'my-passport' };
    const read = async () => utf8ToBytes(JSON.stringify(custom));
    expect((await loadProfile('custom/my-passport.json', read)).id).toBe('my-passport');
  });

  it('says which names exist when the name is unknown, and fails on unreadable or bad files', async () => {
    expect(await asyncErrorOf(() => loadProfile('cccd-2025'))).toEqual({ code: 'PROFILE_INVALID', path: 'profile' });
    expect((await asyncErrorOf(() => loadProfile('/nonexistent/p.json')))?.code).toBe('IO_FAILED');
    expect(errorOf(() => parseProfile('{"id":'))).toEqual({ code: 'PROFILE_INVALID', path: 'profile' });
    expect(errorOf(() => parseProfile('[]'))).toEqual({ code: 'PROFILE_INVALID', path: 'profile' });
  });
});

describe('the card profile schema on hostile input', () => {
  it('answers any JSON value in any place of a profile with issues, never another exception', () => {
    const base = json('td3-passport');
    const places = leaves(base).map(([keys]) => keys);
    const parents = places.map((k) => k.slice(0, -1)).filter((k) => k.length > 0);
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(...places, ...parents), (value, keys) => {
        const issues = profileIssues(withLeaf(base, keys, value));
        expect(Array.isArray(issues)).toBe(true);
        try {
          validateProfile(withLeaf(base, keys, value));
        } catch (e) {
          expect(isCccdError(e, 'PROFILE_INVALID')).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
    expect(profileIssues(null)).toHaveLength(1);
    expect(profileIssues([base])).toHaveLength(1);
  });
});
