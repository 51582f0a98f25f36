// ICAO 9303-3 (MRZ dates): YYMMDD; the century is not written and must be inferred.
import { CccdError } from '../errors.js';

/** An ISO 8601 calendar date `YYYY-MM-DD` that exists (2023-02-29 does not). */
export function isValidIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** '1999-01-01' -> '990101'. */
export function isoToMrzDate(iso: string, path = 'date'): string {
  if (!isValidIsoDate(iso))
    throw new CccdError('INVALID_ARGUMENT', `'${String(iso)}' is not a YYYY-MM-DD date`, { path });
  return iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10);
}

export interface MrzDateToIsoOptions {
  /** 'birth': the latest century not in the future; 'expiry': 20YY. */
  kind: 'birth' | 'expiry';
  /** The clock used to place a birth date in its century (injectable so results replay). */
  now?: () => Date;
}

/**
 * '990101' -> '1999-01-01' (birth) or '2099-01-01' (expiry). Birth dates take the latest century that does
 * not put them after today; expiry dates are read in the 2000s, as every MRTD in service expires after 2000.
 * Returns undefined when the date has unknown parts ('<<').
 */
export function mrzDateToIso(value: string, options: MrzDateToIsoOptions): string | undefined {
  if (!/^\d{6}$/.test(value)) return undefined;
  const yy = Number(value.slice(0, 2));
  let year = 2000 + yy;
  if (options.kind === 'birth') {
    const today = (options.now ?? (() => new Date()))().toISOString().slice(0, 10);
    if (`${year}-${value.slice(2, 4)}-${value.slice(4, 6)}` > today) year -= 100;
  }
  const iso = `${year}-${value.slice(2, 4)}-${value.slice(4, 6)}`;
  return isValidIsoDate(iso) ? iso : undefined;
}
