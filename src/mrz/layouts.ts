// ICAO 9303-4 (TD3), 9303-5 (TD1) and 9303-6 (TD2) MRZ data structures: the layouts as one table.

export type MrzFormat = 'TD1' | 'TD2' | 'TD3';

/** The MRZ fields a layout places, named as in the data model of MrzFields. */
export type MrzFieldName =
  | 'documentCode'
  | 'issuingState'
  | 'documentNumber'
  | 'optionalData1'
  | 'birthDate'
  | 'sex'
  | 'expiryDate'
  | 'nationality'
  | 'optionalData2'
  | 'name';

/** A run of characters: line index (0-based), start column, length. */
export interface Span {
  line: number;
  start: number;
  length: number;
}

export interface FieldSpec extends Span {
  field: MrzFieldName;
  kind: 'code' | 'alnum' | 'date' | 'sex' | 'name';
}

export interface CheckSpec {
  /** The field the digit protects, or 'composite'. */
  field: 'documentNumber' | 'birthDate' | 'expiryDate' | 'optionalData1' | 'composite';
  line: number;
  column: number;
  /** TD3 personal number: an all-filler field may carry '<' instead of a digit (ICAO 9303-4). */
  fillerAllowed?: boolean;
}

export interface Layout {
  format: MrzFormat;
  lines: number;
  width: number;
  fields: readonly FieldSpec[];
  checks: readonly CheckSpec[];
  /** The spans concatenated for the composite check digit. */
  composite: readonly Span[];
  /**
   * ICAO 9303-5 §4.2.4 (and 9303-6 for TD2): a document number longer than 9 characters continues in
   * this optional data field (TD1 and TD2 only), the number's check digit position holding '<'.
   */
  longNumberField?: 'optionalData1';
}

const f = (field: MrzFieldName, kind: FieldSpec['kind'], line: number, start: number, length: number): FieldSpec => ({
  field,
  kind,
  line,
  start,
  length,
});

export const LAYOUTS: Readonly<Record<MrzFormat, Layout>> = {
  TD1: {
    format: 'TD1',
    lines: 3,
    width: 30,
    fields: [
      f('documentCode', 'code', 0, 0, 2),
      f('issuingState', 'code', 0, 2, 3),
      f('documentNumber', 'alnum', 0, 5, 9),
      f('optionalData1', 'alnum', 0, 15, 15),
      f('birthDate', 'date', 1, 0, 6),
      f('sex', 'sex', 1, 7, 1),
      f('expiryDate', 'date', 1, 8, 6),
      f('nationality', 'code', 1, 15, 3),
      f('optionalData2', 'alnum', 1, 18, 11),
      f('name', 'name', 2, 0, 30),
    ],
    checks: [
      { field: 'documentNumber', line: 0, column: 14 },
      { field: 'birthDate', line: 1, column: 6 },
      { field: 'expiryDate', line: 1, column: 14 },
      { field: 'composite', line: 1, column: 29 },
    ],
    composite: [
      { line: 0, start: 5, length: 25 },
      { line: 1, start: 0, length: 7 },
      { line: 1, start: 8, length: 7 },
      { line: 1, start: 18, length: 11 },
    ],
    longNumberField: 'optionalData1',
  },
  TD2: {
    format: 'TD2',
    lines: 2,
    width: 36,
    fields: [
      f('documentCode', 'code', 0, 0, 2),
      f('issuingState', 'code', 0, 2, 3),
      f('name', 'name', 0, 5, 31),
      f('documentNumber', 'alnum', 1, 0, 9),
      f('nationality', 'code', 1, 10, 3),
      f('birthDate', 'date', 1, 13, 6),
      f('sex', 'sex', 1, 20, 1),
      f('expiryDate', 'date', 1, 21, 6),
      f('optionalData1', 'alnum', 1, 28, 7),
    ],
    checks: [
      { field: 'documentNumber', line: 1, column: 9 },
      { field: 'birthDate', line: 1, column: 19 },
      { field: 'expiryDate', line: 1, column: 27 },
      { field: 'composite', line: 1, column: 35 },
    ],
    composite: [
      { line: 1, start: 0, length: 10 },
      { line: 1, start: 13, length: 7 },
      { line: 1, start: 21, length: 14 },
    ],
    longNumberField: 'optionalData1',
  },
  TD3: {
    format: 'TD3',
    lines: 2,
    width: 44,
    fields: [
      f('documentCode', 'code', 0, 0, 2),
      f('issuingState', 'code', 0, 2, 3),
      f('name', 'name', 0, 5, 39),
      f('documentNumber', 'alnum', 1, 0, 9),
      f('nationality', 'code', 1, 10, 3),
      f('birthDate', 'date', 1, 13, 6),
      f('sex', 'sex', 1, 20, 1),
      f('expiryDate', 'date', 1, 21, 6),
      f('optionalData1', 'alnum', 1, 28, 14),
    ],
    checks: [
      { field: 'documentNumber', line: 1, column: 9 },
      { field: 'birthDate', line: 1, column: 19 },
      { field: 'expiryDate', line: 1, column: 27 },
      { field: 'optionalData1', line: 1, column: 42, fillerAllowed: true },
      { field: 'composite', line: 1, column: 43 },
    ],
    composite: [
      { line: 1, start: 0, length: 10 },
      { line: 1, start: 13, length: 7 },
      { line: 1, start: 21, length: 22 },
    ],
  },
};

/** The layout whose line count and width match, e.g. 3 x 30 = TD1. */
export function layoutOf(lines: readonly string[]): Layout | undefined {
  return Object.values(LAYOUTS).find((l) => l.lines === lines.length && lines.every((x) => x.length === l.width));
}
