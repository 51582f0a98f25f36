// What the CLI needs from the outside world, injected so that `run(argv, deps)` is tested with fakes.

export interface CliDeps {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): Promise<Uint8Array>;
  /** Writes atomically (temporary file, then rename): nothing is half-written on failure. */
  writeFile(path: string, data: Uint8Array | string): Promise<void>;
  mkdir(path: string): Promise<void>;
  readDir(path: string): Promise<string[]>;
  isDirectory(path: string): Promise<boolean>;
  env: Readonly<Record<string, string | undefined>>;
  now(): Date;
  /** True when stdout is a terminal (progress displays); false in tests and pipes. */
  isTTY: boolean;
  /**
   * Asks for a secret (a PKCS#11 PIN) on the terminal without echoing it; absent when there is no terminal, in
   * which case the secret must come from the environment.
   */
  promptSecret?: (question: string) => Promise<string>;
}
