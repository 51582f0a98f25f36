// Loads the published vectors in tests/vectors by id, so that tests name the appendix they reproduce.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromHex } from '../../src/bytes.js';

interface VectorFile {
  vectors: { id: string; values: Record<string, string> }[];
}

const DIR = join(import.meta.dirname, '..', 'vectors');

/** The values of vector `id` from `file` (e.g. 'icao9303-11-appendix-d-bac.json'). */
export function vector(file: string, id: string): Record<string, string> {
  const data = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as VectorFile;
  const found = data.vectors.find((v) => v.id === id);
  if (!found) throw new Error(`vector ${id} not in ${file}`);
  return found.values;
}

/** Hex value `key` of a vector as bytes. */
export function hexOf(values: Record<string, string>, key: string): Uint8Array {
  const v = values[key];
  if (v === undefined) throw new Error(`vector value ${key} missing`);
  return fromHex(v);
}
