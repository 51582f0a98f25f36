// Node-only: loads a card profile by built-in name or from a JSON file (the core validator takes parsed JSON).
import { readFile } from 'node:fs/promises';
import { bytesToUtf8 } from '../bytes.js';
import { CccdError } from '../errors.js';
import { BUILTIN_PROFILE_NAMES, builtinProfile } from './builtin.js';
import { validateProfile } from './schema.js';
import type { CardProfile } from './types.js';

/** Parses profile JSON text or bytes and validates it. */
export function parseProfile(json: string | Uint8Array): CardProfile {
  let value: unknown;
  try {
    value = JSON.parse(typeof json === 'string' ? json : bytesToUtf8(json));
  } catch (cause) {
    throw new CccdError('PROFILE_INVALID', `not valid UTF-8 JSON: ${(cause as Error).message}`, {
      path: 'profile',
      cause,
    });
  }
  return validateProfile(value);
}

/**
 * A profile by built-in name ('cccd-2021', 'cccd-2024', 'td3-passport') or by path to a JSON file.
 * `read` is injectable (the CLI passes its own file reader).
 */
export async function loadProfile(
  nameOrPath: string,
  read: (path: string) => Promise<Uint8Array> = async (path) => {
    try {
      return new Uint8Array(await readFile(path));
    } catch (cause) {
      throw new CccdError('IO_FAILED', `cannot read profile ${path}`, { path, cause });
    }
  },
): Promise<CardProfile> {
  if (BUILTIN_PROFILE_NAMES.includes(nameOrPath)) return builtinProfile(nameOrPath);
  if (!/[\\/]|\.json$/i.test(nameOrPath)) {
    throw new CccdError(
      'PROFILE_INVALID',
      `no built-in profile '${nameOrPath}' (${BUILTIN_PROFILE_NAMES.join(', ')})`,
      {
        path: 'profile',
      },
    );
  }
  return parseProfile(await read(nameOrPath));
}
