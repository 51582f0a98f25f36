// `npm run bench`: runs every benchmarks/*.bench.ts (or those matching argv[2]) and prints medians and ratios.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const filter = process.argv[2];
const dir = import.meta.dirname;
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)))
  .sort();
for (const f of files) {
  const mod = (await import(pathToFileURL(join(dir, f)).href)) as { default: () => Promise<string> };
  process.stdout.write(`\n## ${f.replace('.bench.ts', '')}\n${await mod.default()}\n`);
}
