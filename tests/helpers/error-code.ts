// The stable error code a function throws (tests assert codes, not messages); undefined when it does not throw.
import { isCccdError } from '../../src/errors.js';

export function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (isCccdError(e)) return e.code;
    throw e;
  }
  return undefined;
}
