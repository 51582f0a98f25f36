import { dirname, join, sep } from 'node:path';
import { defineConfig } from 'tsup';

// Backend selection (architecture.md rule 1): the browser / React Native bundle resolves src/crypto/select.ts to
// select-pure.ts, so node:crypto never reaches it; a Node-only import anywhere in the core then fails this build.
export const pureCryptoBackend = {
  name: 'pure-crypto-backend',
  setup(build: {
    onResolve(
      options: { filter: RegExp },
      callback: (args: { path: string; importer: string }) => { path: string } | undefined,
    ): void;
  }) {
    build.onResolve({ filter: /^\.\/select\.js$/ }, (args) =>
      dirname(args.importer).endsWith(`${sep}src${sep}crypto`)
        ? { path: join(dirname(args.importer), 'select-pure.ts') }
        : undefined,
    );
  },
};

export default defineConfig([
  {
    entry: { index: 'src/index.ts', node: 'src/node.ts' },
    format: ['esm', 'cjs'],
    dts: { entry: { index: 'src/index.ts', node: 'src/node.ts' } },
    sourcemap: true,
    // `npm run build` empties dist first; the builds here write side by side.
    clean: false,
    target: 'node20',
    // Native bindings stay optional and are loaded at run time by the entry points that need them.
    external: ['pcsclite', 'pkcs11js'],
  },
  {
    // The CLI is ESM only: it awaits at top level.
    entry: { 'cli/bin': 'src/cli/bin.ts' },
    format: ['esm'],
    sourcemap: true,
    clean: false,
    target: 'node20',
    external: ['pcsclite', 'pkcs11js'],
  },
  {
    entry: { index: 'src/index.ts' },
    outDir: 'dist/browser',
    format: ['esm'],
    platform: 'browser',
    target: 'es2022',
    sourcemap: true,
    dts: false,
    clean: false,
    esbuildPlugins: [pureCryptoBackend],
  },
]);
