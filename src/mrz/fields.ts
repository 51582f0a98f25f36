// ICAO 9303-3 §4 and the data structures of 9303-4/5/6: the MRZ data elements and their validation, one rule per kind.
import { CccdError } from '../errors.js';
import type { FieldSpec } from './layouts.js';

/** ICAO 9303-4/5/6 sex field: F, M, or '<' for unspecified (the VIZ shows X). */
export type MrzSex = 'M' | 'F' | '<';

/**
 * The MRZ data elements of every format, as values (fillers trimmed, names as words).
 * TD2 and TD3 have one optional data field (`optionalData1`; TD3: personal number); `optionalData2`
 * exists in TD1 only and is '' for the other formats.
 */
export interface MrzFields {
  /** Document code: 'P', 'I', 'ID', 'AC', ... (trailing filler not included). */
  documentCode: string;
  /** Issuing state or organization, ICAO 9303-3 §5 three-letter code ('D' for Germany). */
  issuingState: string;
  /** Document number without trailing fillers; more than 9 characters only in TD1/TD2 (long number rule). */
  documentNumber: string;
  optionalData1: string;
  /** YYMMDD; an unknown part is '<<'. */
  birthDate: string;
  sex: MrzSex;
  /** YYMMDD. */
  expiryDate: string;
  nationality: string;
  optionalData2: string;
  /** Primary identifier (surname) as MRZ words separated by spaces, e.g. 'NGUYEN'. */
  primaryIdentifier: string;
  /** Secondary identifier (given names) as MRZ words separated by spaces, e.g. 'VAN AN'. */
  secondaryIdentifier: string;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** ICAO 9303-3: YYMMDD, a real calendar date; unknown month/day as '<<' (whole date '<<<<<<'). */
export function validateMrzDate(value: string, path: string): void {
  if (!/^[0-9<]{6}$/.test(value)) throw new CccdError('MRZ_INVALID', `date '${value}' is not YYMMDD`, { path });
  const [yy, mm, dd] = [value.slice(0, 2), value.slice(2, 4), value.slice(4, 6)];
  const part = (p: string) => (p === '<<' ? undefined : /^\d\d$/.test(p) ? Number(p) : Number.NaN);
  const [y, m, d] = [part(yy), part(mm), part(dd)];
  if (Number.isNaN(y) || Number.isNaN(m) || Number.isNaN(d)) {
    throw new CccdError('MRZ_INVALID', `date '${value}' mixes digits and fillers in one part`, { path });
  }
  if (m !== undefined && (m < 1 || m > 12)) throw new CccdError('MRZ_INVALID', `month ${mm} out of range`, { path });
  if (d !== undefined) {
    // February 29 is accepted in any year divisible by 4: the century is not in the MRZ.
    const max =
      m === undefined ? 31 : m === 2 && y !== undefined && y % 4 !== 0 ? 28 : (DAYS_IN_MONTH[m - 1] as number);
    if (d < 1 || d > max) throw new CccdError('MRZ_INVALID', `day ${dd} out of range`, { path });
  }
}

/** Validates a field value against its kind; `value` is the raw text as it stands in the field (padded). */
export function validateField(spec: FieldSpec, value: string, path: string): void {
  const rules: Record<FieldSpec['kind'], () => void> = {
    code: () => {
      if (!/^[A-Z][A-Z<]*$/.test(value)) {
        throw new CccdError('MRZ_INVALID', `'${value}' is not a code of letters and fillers`, { path });
      }
    },
    alnum: () => {
      if (!/^[A-Z0-9<]*$/.test(value)) {
        throw new CccdError('MRZ_INVALID', `'${value}' has characters outside A-Z, 0-9 and '<'`, { path });
      }
    },
    date: () => validateMrzDate(value, path),
    sex: () => {
      if (value !== 'M' && value !== 'F' && value !== '<') {
        throw new CccdError('MRZ_INVALID', `sex '${value}' is not M, F or '<'`, { path });
      }
    },
    name: () => {
      if (!/^[A-Z<]*$/.test(value)) {
        throw new CccdError('MRZ_INVALID', `name '${value}' has characters outside A-Z and '<'`, { path });
      }
    },
  };
  rules[spec.kind]();
}
