import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { utf8ToBytes } from '../src/bytes.js';
import { TRANSCRIPT } from '../src/cli/cmd-transcript.js';
import type { CliDeps } from '../src/cli/deps.js';
import { run } from '../src/cli/run.js';
import { CccdError } from '../src/errors.js';

const G1 = join(import.meta.dirname, '..', 'apdu', 'transcripts', 'icao9303-11-g1-pace-ecdh-gm.txt');

function fakeDeps(files: Record<string, string> = {}) {
  const out = { stdout: '', stderr: '' };
  const deps: CliDeps = {
    stdout: (t) => {
      out.stdout += t;
    },
    stderr: (t) => {
      out.stderr += t;
    },
    async readFile(path) {
      const text = files[path];
      if (text !== undefined) return utf8ToBytes(text);
      try {
        return new Uint8Array(await readFile(path));
      } catch (cause) {
        throw new CccdError('IO_FAILED', `cannot read ${path}`, { path, cause });
      }
    },
    writeFile: async () => {
      throw new Error('cccd transcript writes no files');
    },
    mkdir: async () => undefined,
    readDir: async () => [],
    isDirectory: async () => false,
    env: {},
    now: () => new Date('2026-01-01T00:00:00Z'),
    isTTY: false,
  };
  return { deps, out };
}

describe('cccd transcript', () => {
  it('prints each exchange with its status word meaning and the cost of each step', async () => {
    const { deps, out } = fakeDeps();
    expect(await run(['transcript', G1], deps, [TRANSCRIPT])).toBe(0);
    expect(out.stdout).toContain(': 5 exchanges, 1.250 ms (icao9303-11 App. G.1 chip)');
    expect(out.stdout).toContain('   1 > 0022C1A40F800A04007F00070202040202830101');
    expect(out.stdout).toContain('     < 9000  9000 normal processing, no further qualification  (0.250 ms)');
    expect(out.stdout).toMatch(/PACE general-authenticate-4 +1 +18 +14 +0\.250/);
  });

  it('keeps secrets redacted and shows errors and refusals', async () => {
    const text =
      '# step: write CAN\n> 00DA006606 [secret 6 bytes]\n< 6982\n> 00B0000004\n! TRANSPORT_FAILED card removed\n';
    const { deps, out } = fakeDeps({ 't.txt': text });
    expect(await run(['transcript', 't.txt', '--json'], deps, [TRANSCRIPT])).toBe(0);
    const json = JSON.parse(out.stdout) as { exchanges: { command: string; status: string }[] };
    expect(json.exchanges.map((x) => [x.command, x.status])).toEqual([
      ['00DA006606 [secret 6 bytes]', '6982 security status not satisfied'],
      ['00B0000004', 'TRANSPORT_FAILED card removed'],
    ]);
  });

  it('exits 2 on a malformed transcript or a missing argument', async () => {
    const { deps, out } = fakeDeps({ 'bad.txt': '< 9000\n' });
    expect(await run(['transcript', 'bad.txt'], deps, [TRANSCRIPT])).toBe(2);
    expect(out.stderr).toContain('transcript line 1');
    expect(await run(['transcript'], fakeDeps().deps, [TRANSCRIPT])).toBe(2);
  });
});
