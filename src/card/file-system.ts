// ISO/IEC 7816-4 §7.1 file selection over the chip's MF and applications (ICAO 9303-10 §3.2: MF with
// EF.CardAccess/EF.CardSecurity/EF.ATR/INFO, the LDS1 application with EF.COM, EF.SOD and the data groups).
import { equalBytes } from '../bytes.js';
import type { DfState, EfState } from './state.js';

export const MF_FID = 0x3f00;

export interface Selection {
  df: DfState;
  ef?: EfState;
}

export function mfOf(dfs: readonly DfState[]): DfState {
  return dfs.find((d) => d.name === 'MF') as DfState;
}

export function dfByAid(dfs: readonly DfState[], aid: Uint8Array): DfState | undefined {
  return dfs.find((d) => d.aid !== undefined && equalBytes(d.aid, aid));
}

export function dfByFid(dfs: readonly DfState[], fid: number): DfState | undefined {
  return dfs.find((d) => d.name !== 'MF' && d.fid === fid);
}

export function efByFid(df: DfState, fid: number): EfState | undefined {
  return df.files.find((f) => f.fid === fid);
}

export function efBySfi(df: DfState, sfi: number): EfState | undefined {
  return df.files.find((f) => f.sfi === sfi);
}

/**
 * Resolves a path (ISO/IEC 7816-4 §7.1.1: concatenated FIDs, MF excluded when P1 = 08) from the MF or the
 * current DF to a DF and optionally an EF.
 */
export function resolvePath(dfs: readonly DfState[], from: DfState, path: Uint8Array): Selection | undefined {
  if (path.length === 0 || path.length % 2 !== 0) return undefined;
  let df = from;
  let ef: EfState | undefined;
  for (let i = 0; i < path.length; i += 2) {
    const fid = ((path[i] as number) << 8) | (path[i + 1] as number);
    if (ef) return undefined;
    const child = df.name === 'MF' ? dfByFid(dfs, fid) : undefined;
    if (child) {
      df = child;
      continue;
    }
    ef = efByFid(df, fid);
    if (!ef) return undefined;
  }
  return { df, ef };
}
