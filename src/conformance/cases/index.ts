// The suite: every case, layer 6 (commands and protocols) then layer 7 (data), in one table.
import type { ConformanceCase } from '../types.js';
import { ACCESS_CASES } from './l6-access.js';
import { AUTH_CASES } from './l6-auth.js';
import { BAC_CASES } from './l6-bac.js';
import { ISO_CASES } from './l6-iso.js';
import { PACE_CASES } from './l6-pace.js';
import { READ_BINARY_CASES } from './l6-read-binary.js';
import { SELECT_CASES } from './l6-select.js';
import { SM_CASES } from './l6-sm.js';
import { DATA_CASES } from './l7-data.js';
import { SOD_CASES } from './l7-sod.js';

/** Every case of the suite, in run order. */
export const CASES: readonly ConformanceCase[] = [
  ...ISO_CASES,
  ...SELECT_CASES,
  ...READ_BINARY_CASES,
  ...ACCESS_CASES,
  ...BAC_CASES,
  ...SM_CASES,
  ...PACE_CASES,
  ...AUTH_CASES,
  ...DATA_CASES,
  ...SOD_CASES,
];

/** `L6.BAC.03` -> `L6` and `BAC`. */
export function layerAndUnit(id: string): { layer: string; unit: string } {
  const [layer = '', unit = ''] = id.split('.');
  return { layer, unit };
}

/** Cases whose id matches a pattern: `L6.BAC.*`, `L7`, `*.SOD.1?` (glob: * and ?), comma-separated. */
export function selectCases(cases: readonly ConformanceCase[], pattern: string | undefined): ConformanceCase[] {
  if (!pattern) return [...cases];
  const res = pattern.split(',').map((p) => {
    const glob = p
      .trim()
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    return new RegExp(`^${glob}(\\..*)?$`, 'i');
  });
  return cases.filter((c) => res.some((r) => r.test(c.id)));
}
