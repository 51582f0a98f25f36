import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { backend as defaultBackend } from '../src/crypto/select.js';
import { backend as browserBackend } from '../src/crypto/select-pure.js';
import { pureCryptoBackend } from '../tsup.config.js';

const ROOT = join(import.meta.dirname, '..');

describe('crypto backend selection (architecture.md rule 1)', () => {
  it('uses node:crypto in the source tree and the pure backend in the browser selection', () => {
    expect(defaultBackend.name).toBe('node');
    expect(browserBackend.name).toBe('pure');
  });

  it('keeps node: imports out of src/crypto (except node-backend.ts) and src/sm', () => {
    for (const dir of ['src/crypto', 'src/sm']) {
      for (const file of readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.ts') && f !== 'node-backend.ts')) {
        expect(readFileSync(join(ROOT, dir, file), 'utf8')).not.toMatch(/from ['"]node:/);
      }
    }
  });

  it('bundles the crypto and SM modules for browsers without any node: import', async () => {
    const result = await build({
      stdin: {
        contents: "export * from './src/crypto/index.ts'; export * from './src/sm/index.ts';",
        resolveDir: ROOT,
        loader: 'ts',
      },
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      logLevel: 'silent',
      plugins: [pureCryptoBackend as never],
    });
    const text = result.outputFiles[0]!.text;
    expect(text).not.toMatch(/node:crypto|createCipheriv/);
    expect(text).toMatch(/name: "pure"/);
  });
});
