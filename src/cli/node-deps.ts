// The Node implementation of CliDeps (the only place the CLI touches the file system and process).
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CccdError } from '../errors.js';
import type { CliDeps } from './deps.js';

function ioError(action: string, path: string, cause: unknown): CccdError {
  const reason = cause instanceof Error && 'code' in cause ? String((cause as NodeJS.ErrnoException).code) : 'error';
  return new CccdError('IO_FAILED', `cannot ${action} ${path} (${reason})`, { cause, path });
}

export function nodeDeps(): CliDeps {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    async readFile(path) {
      try {
        const b = await readFile(path);
        return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
      } catch (e) {
        throw ioError('read', path, e);
      }
    },
    async writeFile(path, data) {
      const tmp = join(dirname(path), `.${process.pid}.${Date.now()}.tmp`);
      try {
        await writeFile(tmp, data);
        await rename(tmp, path);
      } catch (e) {
        await unlink(tmp).catch(() => undefined);
        throw ioError('write', path, e);
      }
    },
    async mkdir(path) {
      try {
        await mkdir(path, { recursive: true });
      } catch (e) {
        throw ioError('create directory', path, e);
      }
    },
    async readDir(path) {
      try {
        return (await readdir(path)).sort();
      } catch (e) {
        throw ioError('list', path, e);
      }
    },
    async isDirectory(path) {
      try {
        return (await stat(path)).isDirectory();
      } catch {
        return false;
      }
    },
    env: process.env,
    now: () => new Date(),
    isTTY: Boolean(process.stdout.isTTY),
  };
}
