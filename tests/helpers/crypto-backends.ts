// Both crypto backends, so that every primitive test runs against node:crypto and the pure implementation.
import type { CryptoBackend } from '../../src/crypto/backend.js';
import { nodeBackend } from '../../src/crypto/node-backend.js';
import { pureBackend } from '../../src/crypto/pure-backend.js';
import { isCccdError } from '../../src/errors.js';

export const BACKENDS: [string, CryptoBackend][] = [
  ['node', nodeBackend],
  ['pure', pureBackend],
];

/** The CccdError code thrown by `f`, or undefined when it returns. */
export function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (isCccdError(e)) return e.code;
    throw e;
  }
  return undefined;
}

/** The CccdError code of a rejected promise, or undefined when it resolves. */
export async function asyncCodeOf(f: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await f();
  } catch (e) {
    if (isCccdError(e)) return e.code;
    throw e;
  }
  return undefined;
}
