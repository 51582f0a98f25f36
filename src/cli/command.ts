// The shape of one CLI command; the table of all commands is in commands.ts.
import type { CliDeps } from './deps.js';

export interface Command {
  /** One or two words, e.g. `mrz` or `lds build`. */
  readonly name: string;
  readonly summary: string;
  /** Usage text printed by `cccd help NAME` and on usage errors. */
  readonly usage: string;
  /** Returns the exit code: 0 success, 1 the operation ran and failed (e.g. not verified), 2 usage/input error. */
  run(args: string[], deps: CliDeps): Promise<number>;
}
