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
    ...(process.stdin.isTTY ? { promptSecret } : {}),
  };
}

/** Reads one line from the terminal with echo off (raw mode), so that a PIN never shows on screen or in logs. */
function promptSecret(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    let answer = '';
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(answer);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new CccdError('USAGE', 'PIN entry interrupted'));
        if (ch === '\u007f' || ch === '\b') answer = answer.slice(0, -1);
        else answer += ch;
      }
    };
    stdin.on('data', onData);
  });
}
