// Argument parsing for the CLI on top of node:util parseArgs, mapping its errors to USAGE.
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { CccdError } from '../errors.js';

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export function parse(args: string[], options: Options, allowPositionals = false): Parsed {
  try {
    const r = parseArgs({ args, options, allowPositionals, strict: true });
    return { values: r.values as Parsed['values'], positionals: r.positionals };
  } catch (cause) {
    throw new CccdError('USAGE', cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

/** A required string option; a USAGE error names it when absent. */
export function required(p: Parsed, name: string): string {
  const v = p.values[name];
  if (typeof v !== 'string' || v === '') throw new CccdError('USAGE', `missing --${name}`);
  return v;
}

export function optional(p: Parsed, name: string): string | undefined {
  const v = p.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function flag(p: Parsed, name: string): boolean {
  return p.values[name] === true;
}
