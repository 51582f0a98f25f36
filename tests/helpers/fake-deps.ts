// CliDeps over an in-memory file system that falls back to the repository's files for reading, for testing
// `run(argv, deps)` without touching the disk.
import { readFile } from 'node:fs/promises';
import { utf8ToBytes } from '../../src/bytes.js';
import type { CliDeps } from '../../src/cli/deps.js';
import { CccdError } from '../../src/errors.js';

/** CliDeps over an in-memory file system that falls back to the repository's files for reading. */
export function fakeDeps(initial: Record<string, Uint8Array> = {}) {
  const files = new Map<string, Uint8Array>(Object.entries(initial));
  const dirs = new Set<string>();
  const out = { stdout: '', stderr: '' };
  const deps: CliDeps = {
    stdout: (t) => {
      out.stdout += t;
    },
    stderr: (t) => {
      out.stderr += t;
    },
    async readFile(path) {
      const mem = files.get(path);
      if (mem) return mem;
      try {
        return new Uint8Array(await readFile(path));
      } catch (cause) {
        throw new CccdError('IO_FAILED', `cannot read ${path}`, { path, cause });
      }
    },
    async writeFile(path, data) {
      files.set(path, typeof data === 'string' ? utf8ToBytes(data) : data);
    },
    mkdir: async (path) => {
      dirs.add(path);
    },
    readDir: async (dir) => {
      const prefix = `${dir.replace(/\/+$/, '')}/`;
      return [...files.keys()]
        .filter((k) => k.startsWith(prefix) && !k.slice(prefix.length).includes('/'))
        .map((k) => k.slice(prefix.length))
        .sort();
    },
    isDirectory: async (path) => dirs.has(path),
    env: { TMPDIR: '/mem/tmp' },
    now: () => new Date('2026-01-01T00:00:00Z'),
    isTTY: false,
  };
  return { deps, out, files, dirs };
}
