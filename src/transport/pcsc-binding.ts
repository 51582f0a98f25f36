// PC/SC workgroup part 5 (ICC resource manager) through the optional native binding `pcsclite`, loaded lazily
// so that the rest of the toolkit installs and runs where the binding or libpcsclite is absent.
import { PcscError } from './pcsc-errors.js';

/** pcsc-lite constants (`pcsclite.h`, same values as WinSCard). */
export const SCARD = {
  SHARE_EXCLUSIVE: 1,
  SHARE_SHARED: 2,
  PROTOCOL_T0: 1,
  PROTOCOL_T1: 2,
  LEAVE_CARD: 0,
  RESET_CARD: 1,
  UNPOWER_CARD: 2,
  STATE_UNAVAILABLE: 0x8,
  STATE_EMPTY: 0x10,
  STATE_PRESENT: 0x20,
  STATE_EXCLUSIVE: 0x80,
  STATE_INUSE: 0x100,
  STATE_MUTE: 0x200,
} as const;

type Callback<T> = (error: unknown, value: T) => void;

/** The part of a `pcsclite` CardReader the transport uses (one card handle per reader object). */
export interface BindingReader {
  readonly name: string;
  on(event: 'status', listener: (status: { state: number; atr?: Uint8Array }) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  connect(options: { share_mode: number; protocol: number }, callback: Callback<number>): void;
  disconnect(disposition: number, callback: (error: unknown) => void): void;
  transmit(data: Uint8Array, responseLength: number, protocol: number, callback: Callback<Uint8Array>): void;
  close(): void;
}

/** The part of a `pcsclite` context the transport uses: reader arrival (`reader`) and monitor failure. */
export interface BindingContext {
  on(event: 'reader', listener: (reader: BindingReader) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  /** Called once by the binding on the next tick with each reader listing (pcsclite 1.0.1 internals). */
  start(callback: (error: unknown, readers: Uint8Array) => void): void;
  close(): void;
}

/** Creates a context: `require('pcsclite')` itself, or a fake in tests. Throws when pcscd is not reachable. */
export type PcscBinding = () => BindingContext;

/** What to install, said in full wherever PC/SC is missing. */
export const PCSC_INSTALL_HINT = 'apt-get install pcscd libpcsclite-dev && npm install pcsclite';

let cached: Promise<PcscBinding> | undefined;

function missing(what: string, cause: unknown): PcscError {
  return new PcscError('no-service', `PC/SC is not available: ${what}. Install it with: ${PCSC_INSTALL_HINT}`, {
    cause,
  });
}

async function load(specifier: string): Promise<PcscBinding> {
  try {
    const mod = (await import(specifier)) as { default?: PcscBinding } & PcscBinding;
    return mod.default ?? mod;
  } catch (cause) {
    const code = (cause as { code?: string }).code;
    const text = cause instanceof Error ? cause.message : String(cause);
    if (/libpcsclite/.test(text)) throw missing('libpcsclite (the PC/SC client library) cannot be loaded', cause);
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw missing(`the native binding '${specifier}' is not installed`, cause);
    }
    throw missing(`the native binding '${specifier}' does not load (${text})`, cause);
  }
}

/**
 * Loads the `pcsclite` native binding on first use (a computed specifier keeps bundlers and the type checker
 * from requiring the optional module). Throws PCSC_UNAVAILABLE naming the packages to install when the module
 * is not installed or libpcsclite cannot be loaded. `moduleName` exists for tests of that message.
 */
export function loadPcscBinding(moduleName = 'pcsclite'): Promise<PcscBinding> {
  if (moduleName !== 'pcsclite') return load(moduleName);
  cached ??= load(moduleName);
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}
