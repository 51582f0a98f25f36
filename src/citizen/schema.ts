// The citizen record schema: field rules as one table, CCCD consistency rules (Circular 07/2016/TT-BCA) and
// date order; errors are CITIZEN_INVALID with the field path (`citizen.birthDate`).
import { bytesToUtf8 } from '../bytes.js';
import { CccdError } from '../errors.js';
import { isValidIsoDate } from '../mrz/dates.js';
import { expectedIdBirthDigits, PROVINCE_CODES } from './provinces.js';
import type { CitizenRecord } from './types.js';

export interface CitizenIssue {
  path: string;
  message: string;
}

export interface CitizenValidationOptions {
  /**
   * 'cccd' (default): the ID's province code must exist and its century/sex and year digits must match the
   * birth date and sex. 'format': 12 digits only (test data, foreign numbering).
   */
  idRules?: 'cccd' | 'format';
}

type Rule = (value: unknown) => string | undefined;

const nfc = (v: unknown) => (typeof v === 'string' ? v.normalize('NFC') : v);

/** ASN.1 PrintableString (X.680 §41.4): DG13 writes the ID, dates, old ID and field 16 with it. */
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

const str: Rule = (v) => (typeof v === 'string' ? undefined : 'must be a string');
const text: Rule = (v) =>
  typeof v !== 'string' ? 'must be a string' : v.trim() === '' ? 'must not be empty' : undefined;
const date: Rule = (v) => (isValidIsoDate(v) ? undefined : 'must be a YYYY-MM-DD calendar date');
const pattern =
  (re: RegExp, what: string): Rule =>
  (v) =>
    typeof v === 'string' && re.test(v) ? undefined : `must be ${what}`;

interface FieldRule {
  required: boolean;
  rule: Rule;
  /** Extra rules for nested values; they add issues under the field's path. */
  nested?: (value: unknown, path: string, issues: CitizenIssue[]) => void;
}

function nameSplit(value: unknown, path: string, issues: CitizenIssue[]): void {
  const v = value as Record<string, unknown>;
  const p = text(v.primary);
  if (p) issues.push({ path: `${path}.primary`, message: p });
  const s = str(v.secondary);
  if (s) issues.push({ path: `${path}.secondary`, message: s });
  for (const k of Object.keys(v)) {
    if (k !== 'primary' && k !== 'secondary')
      issues.push({ path: `${path}.${k}`, message: 'is not a field of mrzName' });
  }
}

function fingerprints(value: unknown, path: string, issues: CitizenIssue[]): void {
  const seen = new Set<number>();
  (value as unknown[]).forEach((fp, i) => {
    const at = `${path}[${i}]`;
    if (typeof fp !== 'object' || fp === null) {
      issues.push({ path: at, message: 'must be an object { position, image }' });
      return;
    }
    const { position, image } = fp as Record<string, unknown>;
    // ISO/IEC 19794-4 finger position codes: 1 (right thumb) to 10 (left little finger).
    if (!Number.isInteger(position) || (position as number) < 1 || (position as number) > 10) {
      issues.push({ path: `${at}.position`, message: 'must be an ISO/IEC 19794-4 finger position 1..10' });
    } else if (seen.has(position as number)) {
      issues.push({ path: `${at}.position`, message: `finger position ${position} appears twice` });
    } else seen.add(position as number);
    const m = text(image);
    if (m) issues.push({ path: `${at}.image`, message: m });
  });
}

/** The schema: every field of CitizenRecord, whether it is required, and its rule. */
const FIELDS: Readonly<Record<keyof CitizenRecord, FieldRule>> = {
  id: { required: true, rule: pattern(/^\d{12}$/, 'the 12-digit personal ID number') },
  fullName: { required: true, rule: text },
  mrzName: {
    required: false,
    rule: (v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? undefined : 'must be an object'),
    nested: nameSplit,
  },
  sex: { required: true, rule: (v) => (v === 'M' || v === 'F' || v === 'X' ? undefined : "must be 'M', 'F' or 'X'") },
  birthDate: { required: true, rule: date },
  nationality: { required: true, rule: text },
  nationalityCode: { required: false, rule: pattern(/^[A-Z]{3}$/, 'a three-letter ICAO 9303-3 code') },
  ethnicity: { required: true, rule: text },
  religion: { required: true, rule: text },
  placeOfOrigin: { required: true, rule: text },
  placeOfResidence: { required: true, rule: text },
  identifyingMarks: { required: true, rule: str },
  issueDate: { required: true, rule: date },
  expiryDate: { required: true, rule: (v) => (v === null ? undefined : date(v)) },
  father: { required: false, rule: text },
  mother: { required: false, rule: text },
  spouse: { required: false, rule: (v) => (v === null ? undefined : text(v)) },
  oldId: { required: false, rule: pattern(/^\d{9}$/, 'the old 9-digit ID (CMND)') },
  cardNumber: { required: false, rule: pattern(/^.{16}$/, '16 characters') },
  documentNumber: { required: false, rule: pattern(/^[A-Z0-9]{1,22}$/, 'letters A-Z and digits') },
  portrait: { required: true, rule: text },
  fingerprints: {
    required: false,
    rule: (v) => (Array.isArray(v) ? undefined : 'must be an array'),
    nested: fingerprints,
  },
};

function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v)]));
  }
  return nfc(value);
}

function crossChecks(r: CitizenRecord, options: CitizenValidationOptions, issues: CitizenIssue[]): void {
  if (r.birthDate >= r.issueDate) issues.push({ path: 'citizen.issueDate', message: 'must be after the birth date' });
  if (r.expiryDate !== null && r.expiryDate <= r.issueDate) {
    issues.push({ path: 'citizen.expiryDate', message: 'must be after the issue date' });
  }
  if (r.cardNumber !== undefined && !PRINTABLE.test(r.cardNumber)) {
    issues.push({ path: 'citizen.cardNumber', message: 'must use PrintableString characters (DG13 field 16)' });
  }
  if ((options.idRules ?? 'cccd') !== 'cccd') return;
  if (PROVINCE_CODES[r.id.slice(0, 3)] === undefined) {
    issues.push({ path: 'citizen.id', message: `province code ${r.id.slice(0, 3)} is not in Circular 07/2016` });
  }
  const expected = expectedIdBirthDigits(Number(r.birthDate.slice(0, 4)), r.sex);
  if (!expected.includes(r.id.slice(3, 6))) {
    issues.push({
      path: 'citizen.id',
      message: `digits 4-6 '${r.id.slice(3, 6)}' do not match the birth year and sex (expected ${expected.join(' or ') || 'a year 1900-2399'})`,
    });
  }
}

/** Every problem of a candidate citizen record (empty when it is valid), strings compared after NFC. */
export function citizenIssues(value: unknown, options: CitizenValidationOptions = {}): CitizenIssue[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ path: 'citizen', message: 'must be a JSON object' }];
  }
  const record = normalize(value) as Record<string, unknown>;
  const issues: CitizenIssue[] = [];
  for (const key of Object.keys(record)) {
    if (!(key in FIELDS)) issues.push({ path: `citizen.${key}`, message: 'is not a field of the citizen record' });
  }
  for (const [key, spec] of Object.entries(FIELDS) as [string, FieldRule][]) {
    const path = `citizen.${key}`;
    const v = record[key];
    if (v === undefined) {
      if (spec.required) issues.push({ path, message: 'is required' });
      continue;
    }
    const message = spec.rule(v);
    if (message) issues.push({ path, message });
    else spec.nested?.(v, path, issues);
  }
  if (issues.length === 0) crossChecks(record as unknown as CitizenRecord, options, issues);
  return issues;
}

/**
 * Validates a citizen record and returns it with every string NFC-normalized.
 * Throws CITIZEN_INVALID whose `path` names the first offending field.
 */
export function validateCitizen(value: unknown, options: CitizenValidationOptions = {}): CitizenRecord {
  const issues = citizenIssues(value, options);
  const first = issues[0];
  if (first) {
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem(s))` : '';
    throw new CccdError('CITIZEN_INVALID', `${first.message}${more}`, { path: first.path });
  }
  return normalize(value) as CitizenRecord;
}

export interface LoadCitizenOptions extends CitizenValidationOptions {
  /** Directory of the record file: relative portrait and fingerprint paths are resolved against it. */
  baseDir?: string;
}

function resolvePath(baseDir: string | undefined, p: string): string {
  if (!baseDir || p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p)) return p;
  return `${baseDir.replace(/[\\/]+$/, '')}/${p}`;
}

/**
 * Parses (JSON text or UTF-8 bytes, or an already parsed value) and validates a citizen record; file paths
 * inside it are resolved against `baseDir` (a string or `{ baseDir }`).
 *
 * @example
 * const citizen = loadCitizen(await readFile('examples/citizens/nguyen-van-an.json'), 'examples/citizens');
 */
export function loadCitizen(
  json: string | Uint8Array | unknown,
  options: string | LoadCitizenOptions = {},
): CitizenRecord {
  const opts: LoadCitizenOptions = typeof options === 'string' ? { baseDir: options } : options;
  let value = json;
  if (json instanceof Uint8Array || typeof json === 'string') {
    try {
      value = JSON.parse(json instanceof Uint8Array ? bytesToUtf8(json) : json);
    } catch (cause) {
      throw new CccdError('CITIZEN_INVALID', `not valid UTF-8 JSON: ${(cause as Error).message}`, {
        path: 'citizen',
        cause,
      });
    }
  }
  const record = validateCitizen(value, opts);
  return {
    ...record,
    portrait: resolvePath(opts.baseDir, record.portrait),
    ...(record.fingerprints
      ? { fingerprints: record.fingerprints.map((f) => ({ ...f, image: resolvePath(opts.baseDir, f.image) })) }
      : {}),
  };
}
