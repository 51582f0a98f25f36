// Vietnam CCCD / Căn cước MRZ rules on top of ICAO 9303-5 (TD1): see docs/cccd-chip.md, "MRZ".
import type { CitizenRecord } from '../citizen/types.js';
import { CccdError } from '../errors.js';
import type { CardProfile } from '../profile/types.js';
import { checkDigit } from './check-digit.js';
import { isoToMrzDate, isValidIsoDate } from './dates.js';
import type { MrzFields, MrzSex } from './fields.js';
import type { MrzFormat } from './layouts.js';
import { buildMrz, type ParsedMrz, type ParseMrzOptions, parseMrz } from './mrz.js';

/** CCCD cards without expiry ("Không thời hạn") write 991231, and the BAC key uses it. */
export const CCCD_NO_EXPIRY = '991231';

/** The profile fields the MRZ depends on. */
export type MrzProfile = Pick<CardProfile, 'documentType' | 'documentCode' | 'issuingState' | 'mrzScheme'>;

/** The CCCD 2021/2024 MRZ profile, used when none is given. */
export const CCCD_MRZ_PROFILE: MrzProfile = {
  documentType: 'TD1',
  documentCode: 'ID',
  issuingState: 'VNM',
  mrzScheme: 'cccd',
};

function assertId(id: unknown, path = 'citizen.id'): string {
  if (typeof id !== 'string' || !/^\d{12}$/.test(id)) {
    throw new CccdError('CITIZEN_INVALID', 'the personal ID number must be 12 digits', { path });
  }
  return id;
}

/** The PACE CAN of a CCCD: the last 6 digits of the 12-digit ID (the card prints no separate CAN). */
export function canFromId(id: string): string {
  return assertId(id, 'id').slice(6);
}

/** The CCCD MRZ document number: the 12-digit ID without its 3-digit province code. */
export function cccdDocumentNumber(id: string): string {
  return assertId(id, 'id').slice(3);
}

/** The CCCD optional data of line 1: the full ID, '<<', the check digit over the 12 digits. */
export function cccdOptionalData(id: string): string {
  return `${assertId(id, 'id')}<<${checkDigit(id)}`;
}

function citizenDate(iso: string, path: string): string {
  if (!isValidIsoDate(iso))
    throw new CccdError('CITIZEN_INVALID', `'${String(iso)}' is not a YYYY-MM-DD date`, { path });
  return isoToMrzDate(iso, path);
}

const SEX: Readonly<Record<CitizenRecord['sex'], MrzSex>> = { M: 'M', F: 'F', X: '<' };

/** Primary and secondary identifiers: `mrzName` when given, else the first word is the surname (họ). */
export function citizenMrzName(citizen: Pick<CitizenRecord, 'fullName' | 'mrzName'>): {
  primary: string;
  secondary: string;
} {
  if (citizen.mrzName) return { primary: citizen.mrzName.primary, secondary: citizen.mrzName.secondary };
  const words = citizen.fullName.trim().split(/\s+/);
  return { primary: words[0] ?? '', secondary: words.slice(1).join(' ') };
}

/**
 * The MRZ fields of a citizen's document under a profile. The 'cccd' scheme puts the last 9 digits of the ID
 * in the document number and the full ID with its check digit in the optional data; the 'icao' scheme uses
 * `citizen.documentNumber` (else the ID, with the long number rule on TD1/TD2) and puts the ID in the
 * optional data (a TD3 personal number).
 */
export function mrzFieldsFromCitizen(
  citizen: CitizenRecord,
  profile: MrzProfile = CCCD_MRZ_PROFILE,
): { format: MrzFormat; fields: MrzFields } {
  const id = assertId(citizen.id);
  const name = citizenMrzName(citizen);
  const sex = SEX[citizen.sex];
  if (sex === undefined) throw new CccdError('CITIZEN_INVALID', 'sex must be M, F or X', { path: 'citizen.sex' });
  const cccd = profile.mrzScheme === 'cccd';
  if (!cccd && profile.documentType === 'TD3' && citizen.documentNumber === undefined) {
    // ICAO 9303-4: a TD3 number has at most 9 characters, so the 12-digit ID cannot stand in for it.
    throw new CccdError('CITIZEN_INVALID', 'a TD3 document needs its own document number', {
      path: 'citizen.documentNumber',
    });
  }
  const nationality = citizen.nationalityCode ?? 'VNM';
  const fields: MrzFields = {
    documentCode: profile.documentCode.replace(/<+$/, ''),
    issuingState: profile.issuingState,
    documentNumber: cccd ? id.slice(3) : (citizen.documentNumber ?? id),
    optionalData1: cccd ? cccdOptionalData(id) : id,
    birthDate: citizenDate(citizen.birthDate, 'citizen.birthDate'),
    sex,
    expiryDate: citizen.expiryDate === null ? CCCD_NO_EXPIRY : citizenDate(citizen.expiryDate, 'citizen.expiryDate'),
    nationality,
    optionalData2: '',
    primaryIdentifier: name.primary,
    secondaryIdentifier: name.secondary,
  };
  return { format: profile.documentType, fields };
}

/**
 * The MRZ lines of a citizen's card (CCCD 2021/2024 by default).
 *
 * @example
 * cccdMrzFromCitizen(citizen); // ['IDVNM0990123459001099012345<<0', '9901018M3901016VNM<<<<<<<<<<<0',
 *                              //  'NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<']
 */
export function cccdMrzFromCitizen(citizen: CitizenRecord, profile?: MrzProfile): string[] {
  const { format, fields } = mrzFieldsFromCitizen(citizen, profile);
  return buildMrz(format, fields);
}

export interface ParsedCccdMrz extends ParsedMrz {
  /** The 12-digit personal ID number read from the optional data. */
  id: string;
  /** The PACE CAN derived from the ID. */
  can: string;
  /** True when the expiry is the 991231 "no expiry" value. */
  noExpiry: boolean;
}

/**
 * Parses a CCCD MRZ and checks the CCCD rules: TD1, ID/VNM, optional data = 12-digit ID + '<<' + its check
 * digit, document number = its last 9 digits. Errors are MRZ_INVALID / MRZ_CHECK_DIGIT with the field path.
 */
export function parseCccdMrz(input: readonly string[] | string, options: ParseMrzOptions = {}): ParsedCccdMrz {
  const parsed = parseMrz(input, options);
  if (parsed.format !== 'TD1')
    throw new CccdError('MRZ_INVALID', `a CCCD MRZ is TD1, not ${parsed.format}`, { path: 'mrz' });
  const f = parsed.fields;
  const match = /^(\d{12})<<(\d)$/.exec(f.optionalData1);
  if (!match) {
    throw new CccdError('MRZ_INVALID', 'optional data is not the 12-digit ID, "<<" and a check digit', {
      path: 'td1.line1.optionalData1',
    });
  }
  const id = match[1] as string;
  const idCheck = {
    field: 'optionalData1' as const,
    path: 'td1.line1.optionalData1',
    found: match[2] as string,
    computed: checkDigit(id),
  };
  const result = { ...idCheck, valid: idCheck.found === idCheck.computed };
  if (!result.valid && (options.checkDigits ?? 'throw') === 'throw') {
    throw new CccdError('MRZ_CHECK_DIGIT', `ID check digit '${result.found}' should be '${result.computed}'`, {
      path: result.path,
    });
  }
  if (f.documentNumber !== id.slice(3)) {
    throw new CccdError('MRZ_INVALID', `document number ${f.documentNumber} is not the last 9 digits of ${id}`, {
      path: 'td1.line1.documentNumber',
    });
  }
  const checks = [...parsed.checks, result];
  return {
    ...parsed,
    checks,
    valid: checks.every((c) => c.valid),
    id,
    can: id.slice(6),
    noExpiry: f.expiryDate === CCCD_NO_EXPIRY,
  };
}
