// ICAO 9303-10 elementary files shown to people: a readable tree and a JSON form of any decoded file
// (bytes as hex, images summarised, OIDs named from the one OID table, DG13 fields with Vietnamese labels).

import { oidName } from '../asn1/oids.js';
import { toHex } from '../bytes.js';
import { DG13_LABELS } from './dg13.js';
import type { DecodedEf } from './ef.js';
import { efByName } from './registry.js';

/** Byte strings longer than this are summarised (images, records), not printed whole. */
const INLINE_BYTES = 64;
const MAX_DEPTH = 16;
const OID = /^[0-2](\.\d+){2,}$/;

const IMAGE_SIGNATURES: readonly [string, string][] = [
  ['FFD8', 'JPEG'],
  ['0000000C6A502020', 'JPEG 2000'],
  ['FF4FFF51', 'JPEG 2000 codestream'],
  ['89504E47', 'PNG'],
  ['FFA0', 'WSQ'],
  ['46414300', 'ISO/IEC 19794-5 face record'],
  ['46495200', 'ISO/IEC 19794-4 finger record'],
];

function bytesSummary(b: Uint8Array): string {
  const head = toHex(b.subarray(0, 8));
  const kind = IMAGE_SIGNATURES.find(([sig]) => head.startsWith(sig))?.[1];
  return `<${b.length} bytes${kind ? `, ${kind}` : ''}: ${toHex(b.subarray(0, 16))}...>`;
}

/**
 * A JSON-safe copy of a decoded value: Uint8Array as hex (summarised above 64 bytes), bigint as `0x` hex,
 * Map as an object. Depth-bounded and cycle-safe.
 */
export function toJsonValue(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (value instanceof Uint8Array) return value.length > INLINE_BYTES ? bytesSummary(value) : toHex(value);
  if (typeof value === 'bigint') return `0x${value.toString(16).toUpperCase()}`;
  if (value instanceof Date) return value.toISOString();
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH || seen.has(value)) return '<...>';
  seen.add(value);
  if (value instanceof Map) {
    return Object.fromEntries([...value].map(([k, v]) => [String(k), toJsonValue(v, depth + 1, seen)]));
  }
  if (Array.isArray(value)) return value.map((v) => toJsonValue(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v !== undefined && typeof v !== 'function') out[k] = toJsonValue(v, depth + 1, seen);
  }
  return out;
}

/** The JSON form of a decoded file: its name, size and fields (the whole file's bytes are not repeated). */
export function dumpJson(ef: DecodedEf): unknown {
  const { raw, ...fields } = ef.file as { raw: Uint8Array };
  return { file: ef.name, size: raw.length, fields: toJsonValue(fields) };
}

const DG13_LABEL = new Map(DG13_LABELS.map((l) => [l.key as string, `${l.index} ${l.vi} (${l.en})`]));

function scalar(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return v.length > INLINE_BYTES ? bytesSummary(v) : toHex(v) || '(empty)';
  if (typeof v === 'bigint') return `0x${v.toString(16).toUpperCase()} (${v.toString(2).length} bits)`;
  if (typeof v === 'string') {
    const name = OID.test(v) ? oidName(v) : undefined;
    return name ? `${v} (${name})` : JSON.stringify(v);
  }
  return String(v);
}

function isScalar(v: unknown): boolean {
  return v === null || typeof v !== 'object' || v instanceof Uint8Array || v instanceof Date;
}

function render(value: unknown, indent: string, out: string[], labels: Map<string, string> | undefined, depth: number) {
  if (depth >= MAX_DEPTH) {
    out.push(`${indent}...`);
    return;
  }
  const entries: [string, unknown][] =
    value instanceof Map
      ? [...value].map(([k, v]) => [String(k), v])
      : Array.isArray(value)
        ? value.map((v, i) => [`[${i}]`, v])
        : Object.entries(value as object).filter(([, v]) => v !== undefined && typeof v !== 'function');
  for (const [k, v] of entries) {
    const label = labels?.get(k) ?? k;
    if (isScalar(v)) out.push(`${indent}${label}: ${scalar(v)}`);
    else if (Array.isArray(v) && v.length === 0) out.push(`${indent}${label}: []`);
    else if (Array.isArray(v) && v.every((x) => typeof x === 'number'))
      out.push(`${indent}${label}: [${v.join(', ')}]`);
    else {
      out.push(`${indent}${label}:`);
      render(v, `${indent}  `, out, undefined, depth + 1);
    }
  }
}

/** A readable tree of a decoded file, one field per line. */
export function dumpTree(ef: DecodedEf): string {
  const { raw, ...fields } = ef.file as { raw: Uint8Array };
  const entry = efByName(ef.name);
  const out = [`${ef.name}${entry ? ` - ${entry.title}` : ''} (${raw.length} bytes)`];
  render(fields, '  ', out, ef.name === 'DG13' ? DG13_LABEL : undefined, 0);
  return `${out.join('\n')}\n`;
}
