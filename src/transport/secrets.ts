// Which ISO/IEC 7816-4 commands carry secrets in their data field, so that logs and transcripts redact them.
import type { TransmitOptions } from './types.js';

/**
 * Instructions whose command data is a secret by nature (ISO/IEC 7816-4 §11.5.6-§11.5.10 and §11.4.6):
 * VERIFY and CHANGE REFERENCE DATA carry PINs, RESET RETRY COUNTER a PUK and a new PIN, and PUT DATA is how
 * personalization writes keys, the CAN and the PACE passwords. Other commands are secret only when the caller
 * says so (`transmit(bytes, { secret: true })`).
 */
export const SECRET_INSTRUCTIONS: ReadonlyMap<number, string> = new Map([
  [0x20, 'VERIFY'],
  [0x21, 'VERIFY'],
  [0x24, 'CHANGE REFERENCE DATA'],
  [0x25, 'CHANGE REFERENCE DATA'],
  [0x2c, 'RESET RETRY COUNTER'],
  [0x2d, 'RESET RETRY COUNTER'],
  [0xda, 'PUT DATA'],
  [0xdb, 'PUT DATA'],
]);

/** Decides whether an exchange must be redacted; a caller's `isSecret` can only add secrets, never remove them. */
export function isSecretExchange(
  command: Uint8Array,
  hints: TransmitOptions | undefined,
  isSecret?: (command: Uint8Array) => boolean,
): boolean {
  if (hints?.secret) return true;
  if (command.length >= 2 && SECRET_INSTRUCTIONS.has(command[1] as number)) return true;
  return isSecret?.(command) === true;
}
