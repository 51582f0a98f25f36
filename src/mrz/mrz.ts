// ICAO 9303-4 (TD3), 9303-5 (TD1), 9303-6 (TD2): building and parsing the machine readable zone.
import { CccdError } from '../errors.js';
import { checkDigit } from './check-digit.js';
import { type MrzFields, validateField } from './fields.js';
import {
  type CheckSpec,
  type FieldSpec,
  LAYOUTS,
  type Layout,
  layoutOf,
  type MrzFormat,
  type Span,
} from './layouts.js';
import { formatNameField, parseNameField } from './transliterate.js';

/** The outcome of one check digit. */
export interface CheckDigitResult {
  field: CheckSpec['field'];
  /** Where the digit stands, e.g. 'td1.line1.documentNumber'. */
  path: string;
  /** The character found in the MRZ. */
  found: string;
  /** The digit computed over the field. */
  computed: string;
  valid: boolean;
}

export interface ParsedMrz {
  format: MrzFormat;
  /** The lines as parsed (whitespace removed). */
  lines: string[];
  fields: MrzFields;
  /** Every check digit of the format, in layout order; the document number check covers the long number. */
  checks: CheckDigitResult[];
  /** True when every check digit matches. */
  valid: boolean;
  /** ICAO 9303-3 §4.6: a letter in the last position of the name field means the name may be truncated. */
  nameMayBeTruncated: boolean;
}

export interface ParseMrzOptions {
  /** 'throw' (default): a wrong check digit throws MRZ_CHECK_DIGIT. 'report': it is only reported in `checks`. */
  checkDigits?: 'throw' | 'report';
}

export interface BuildMrzResult {
  lines: string[];
  /** True when the name had to be truncated (ICAO 9303-3 §4.6). */
  nameTruncated: boolean;
}

const pathOf = (layout: Layout, line: number, field: string) =>
  `${layout.format.toLowerCase()}.line${line + 1}.${field}`;

function slice(lines: readonly string[], s: Span): string {
  return (lines[s.line] as string).slice(s.start, s.start + s.length);
}

function fieldSpec(layout: Layout, name: FieldSpec['field']): FieldSpec | undefined {
  return layout.fields.find((x) => x.field === name);
}

function put(chars: string[][], s: Span, text: string): void {
  const row = chars[s.line] as string[];
  for (let i = 0; i < text.length; i++) row[s.start + i] = text[i] as string;
}

/** Raw padded text for one non-name field, validated; `path` names the field in errors. */
function rawField(spec: FieldSpec, value: string, path: string): string {
  if (typeof value !== 'string') throw new CccdError('MRZ_INVALID', 'expected a string', { path });
  if (value.length > spec.length) {
    throw new CccdError('MRZ_INVALID', `'${value}' is longer than ${spec.length} characters`, { path });
  }
  const raw = value.padEnd(spec.length, '<');
  validateField(spec, raw, path);
  return raw;
}

/**
 * Builds the MRZ lines of a TD1, TD2 or TD3 document; check digits (and the composite) are computed.
 * Names are transliterated (ICAO 9303-3 §6) and truncated when too long (§4.6): see `buildMrzDetailed`.
 *
 * @example
 * buildMrz('TD1', { documentCode: 'ID', issuingState: 'VNM', documentNumber: '099012345',
 *   optionalData1: '001099012345<<0', birthDate: '990101', sex: 'M', expiryDate: '390101',
 *   nationality: 'VNM', optionalData2: '', primaryIdentifier: 'NGUYEN', secondaryIdentifier: 'VAN AN' });
 * // ['IDVNM0990123459001099012345<<0', '9901018M3901016VNM<<<<<<<<<<<0', 'NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<']
 */
export function buildMrz(format: MrzFormat, fields: MrzFields): string[] {
  return buildMrzDetailed(format, fields).lines;
}

/** As buildMrz, and says whether the name was truncated. */
export function buildMrzDetailed(format: MrzFormat, fields: MrzFields): BuildMrzResult {
  const layout = LAYOUTS[format];
  if (!layout) throw new CccdError('INVALID_ARGUMENT', `format: expected TD1, TD2 or TD3, got ${String(format)}`);
  if (typeof fields !== 'object' || fields === null)
    throw new CccdError('INVALID_ARGUMENT', 'fields: expected an object');
  const chars = Array.from({ length: layout.lines }, () => Array<string>(layout.width).fill('<'));
  const values: Record<string, string> = { ...(fields as unknown as Record<string, string>) };
  if (!fieldSpec(layout, 'optionalData2') && values.optionalData2) {
    throw new CccdError('MRZ_INVALID', `${format} has no second optional data field`, {
      path: `${format.toLowerCase()}.optionalData2`,
    });
  }
  let nameTruncated = false;
  let documentNumberDigit = '';
  const documentNumber = values.documentNumber ?? '';
  const numberSpec = fieldSpec(layout, 'documentNumber') as FieldSpec;
  const numberPath = pathOf(layout, numberSpec.line, 'documentNumber');
  if (typeof documentNumber !== 'string' || !/^[A-Z0-9<]+$/.test(documentNumber)) {
    throw new CccdError('MRZ_INVALID', `document number '${documentNumber}' is empty or outside A-Z, 0-9, '<'`, {
      path: numberPath,
    });
  }
  if (documentNumber.length > numberSpec.length) {
    // ICAO 9303-5 §4.2.4: first 9 characters in the number field, '<' as its check digit, the rest and
    // the check digit of the whole number at the start of the optional data, then a filler.
    if (!layout.longNumberField) {
      throw new CccdError('MRZ_INVALID', `${format} document numbers have at most 9 characters`, { path: numberPath });
    }
    const rest = documentNumber.slice(numberSpec.length);
    if (!/^[A-Z0-9]+$/.test(rest)) {
      // The continuation ends at the first filler, so it cannot hold one.
      throw new CccdError('MRZ_INVALID', 'a long document number has no fillers after its 9th character', {
        path: numberPath,
      });
    }
    const optional = values[layout.longNumberField] ?? '';
    values[layout.longNumberField] = `${rest}${checkDigit(documentNumber)}${optional === '' ? '' : `<${optional}`}`;
    values.documentNumber = documentNumber.slice(0, numberSpec.length);
    documentNumberDigit = '<';
  }
  for (const spec of layout.fields) {
    if (spec.field === 'name') {
      const name = formatNameField(
        fields.primaryIdentifier,
        fields.secondaryIdentifier,
        spec.length,
        pathOf(layout, spec.line, 'primaryIdentifier'),
      );
      nameTruncated = name.truncated;
      put(chars, spec, name.text);
      continue;
    }
    const path = pathOf(layout, spec.line, spec.field);
    const value = values[spec.field] ?? (spec.field === 'optionalData2' ? '' : undefined);
    if (value === undefined) throw new CccdError('MRZ_INVALID', 'missing field', { path });
    put(chars, spec, rawField(spec, value, path));
  }
  const lines = () => chars.map((r) => r.join(''));
  for (const check of layout.checks) {
    let digit: string;
    if (check.field === 'composite') {
      const current = lines();
      digit = checkDigit(layout.composite.map((s) => slice(current, s)).join(''));
    } else if (check.field === 'documentNumber' && documentNumberDigit !== '') {
      digit = documentNumberDigit;
    } else {
      const spec = fieldSpec(layout, check.field) as FieldSpec;
      const raw = slice(lines(), spec);
      digit = check.fillerAllowed && /^<*$/.test(raw) ? '<' : checkDigit(raw);
    }
    put(chars, { line: check.line, start: check.column, length: 1 }, digit);
  }
  return { lines: lines(), nameTruncated };
}

/** Splits input into lines: an array, newline-separated text, or one run of 90, 72 or 88 characters. */
function toLines(input: readonly string[] | string): string[] {
  if (Array.isArray(input)) return input.map((l) => String(l).trim());
  if (typeof input !== 'string') throw new CccdError('INVALID_ARGUMENT', 'mrz: expected lines or a string');
  const text = input.trim();
  if (/[\r\n]/.test(text)) return text.split(/\s*[\r\n]+\s*/);
  const flat = text.replace(/\s+/g, '');
  const layout = Object.values(LAYOUTS).find((l) => l.lines * l.width === flat.length);
  if (!layout) return [flat];
  return Array.from({ length: layout.lines }, (_, i) => flat.slice(i * layout.width, (i + 1) * layout.width));
}

function trimFiller(s: string): string {
  return s.replace(/<+$/, '');
}

/**
 * Parses and validates a TD1 (3 x 30), TD2 (2 x 36) or TD3 (2 x 44) MRZ.
 * Throws MRZ_INVALID (shape, character set, dates) and MRZ_CHECK_DIGIT with the field path
 * (`td1.line1.documentNumber`), unless `checkDigits: 'report'` asks for the results only.
 */
export function parseMrz(input: readonly string[] | string, options: ParseMrzOptions = {}): ParsedMrz {
  const lines = toLines(input);
  const layout = layoutOf(lines);
  if (!layout) {
    const shape = lines.map((l) => l.length).join(' + ');
    throw new CccdError('MRZ_INVALID', `${lines.length} line(s) of ${shape} characters is not TD1, TD2 or TD3`, {
      path: 'mrz',
    });
  }
  lines.forEach((line, i) => {
    const bad = line.search(/[^A-Z0-9<]/);
    if (bad >= 0) {
      throw new CccdError('MRZ_INVALID', `character '${line[bad]}' at column ${bad + 1} is not an MRZ character`, {
        path: `${layout.format.toLowerCase()}.line${i + 1}`,
      });
    }
  });
  const raw: Partial<Record<FieldSpec['field'], string>> = {};
  for (const spec of layout.fields) {
    const value = slice(lines, spec);
    validateField(spec, value, pathOf(layout, spec.line, spec.field));
    raw[spec.field] = value;
  }
  const name = parseNameField(raw.name ?? '');
  const numberSpec = fieldSpec(layout, 'documentNumber') as FieldSpec;
  const numberCheck = layout.checks.find((c) => c.field === 'documentNumber') as CheckSpec;
  let documentNumber = raw.documentNumber as string;
  let optionalData1 = raw.optionalData1 as string;
  let numberDigit = (lines[numberCheck.line] as string)[numberCheck.column] as string;
  if (numberDigit === '<' && layout.longNumberField) {
    // ICAO 9303-5 §4.2.4: the number continues in the optional data up to the first filler; the last
    // character before it is the check digit of the whole number.
    const filler = optionalData1.indexOf('<');
    const end = filler < 0 ? optionalData1.length : filler;
    if (end < 2) {
      throw new CccdError('MRZ_INVALID', 'long document number: no continuation in the optional data', {
        path: pathOf(layout, numberSpec.line, 'documentNumber'),
      });
    }
    documentNumber += optionalData1.slice(0, end - 1);
    numberDigit = optionalData1[end - 1] as string;
    optionalData1 = optionalData1.slice(end + 1);
  }
  const checks: CheckDigitResult[] = layout.checks.map((check) => {
    const found =
      check.field === 'documentNumber' ? numberDigit : ((lines[check.line] as string)[check.column] as string);
    let computed: string;
    let subject: string;
    if (check.field === 'composite') subject = layout.composite.map((s) => slice(lines, s)).join('');
    else if (check.field === 'documentNumber') subject = documentNumber;
    else subject = raw[check.field] as string;
    computed = checkDigit(subject);
    const valid = found === computed || (check.fillerAllowed === true && found === '<' && /^<*$/.test(subject));
    if (valid && found === '<') computed = '<';
    return { field: check.field, path: pathOf(layout, check.line, check.field), found, computed, valid };
  });
  if ((options.checkDigits ?? 'throw') === 'throw') {
    const bad = checks.find((c) => !c.valid);
    if (bad) {
      throw new CccdError('MRZ_CHECK_DIGIT', `check digit '${bad.found}' should be '${bad.computed}'`, {
        path: bad.path,
      });
    }
  }
  const nameSpec = fieldSpec(layout, 'name') as FieldSpec;
  const fields: MrzFields = {
    documentCode: trimFiller(raw.documentCode as string),
    issuingState: trimFiller(raw.issuingState as string),
    documentNumber: trimFiller(documentNumber),
    optionalData1: trimFiller(optionalData1),
    birthDate: raw.birthDate as string,
    sex: raw.sex as MrzFields['sex'],
    expiryDate: raw.expiryDate as string,
    nationality: trimFiller(raw.nationality as string),
    optionalData2: trimFiller(raw.optionalData2 ?? ''),
    primaryIdentifier: name.primary,
    secondaryIdentifier: name.secondary,
  };
  return {
    format: layout.format,
    lines,
    fields,
    checks,
    valid: checks.every((c) => c.valid),
    nameMayBeTruncated: /[A-Z]$/.test(slice(lines, nameSpec)),
  };
}
