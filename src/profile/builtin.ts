// The built-in card profiles (profiles/*.json), bundled as data so that the platform-free core can use them.
import cccd2021 from '../../profiles/cccd-2021.json' with { type: 'json' };
import cccd2024 from '../../profiles/cccd-2024.json' with { type: 'json' };
import td3Passport from '../../profiles/td3-passport.json' with { type: 'json' };
import { CccdError } from '../errors.js';
import { validateProfile } from './schema.js';
import type { CardProfile } from './types.js';

const BUILTIN: Readonly<Record<string, unknown>> = {
  'cccd-2021': cccd2021,
  'cccd-2024': cccd2024,
  'td3-passport': td3Passport,
};

/** Names of the built-in profiles: 'cccd-2021', 'cccd-2024', 'td3-passport'. */
export const BUILTIN_PROFILE_NAMES: readonly string[] = Object.keys(BUILTIN);

/**
 * A built-in profile by name, validated (a fresh copy on each call: callers may change it).
 *
 * @example
 * builtinProfile('cccd-2021').access.can; // 'id-last-6'
 */
export function builtinProfile(name: string): CardProfile {
  const data = BUILTIN[name];
  if (data === undefined) {
    throw new CccdError('PROFILE_INVALID', `no built-in profile '${name}' (${BUILTIN_PROFILE_NAMES.join(', ')})`, {
      path: 'profile',
    });
  }
  return validateProfile(data);
}
