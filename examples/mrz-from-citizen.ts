// Example of the public API (ICAO 9303-5 TD1 with the CCCD rules, ICAO 9303-11 §9.7.2 key material): the MRZ,
// the BAC/PACE-MRZ input and the PACE CAN of a citizen's card, then the MRZ read back and checked.
//
//   npx tsx examples/mrz-from-citizen.ts [examples/citizens/nguyen-van-an.json] [cccd-2021]
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  bacKeyMaterial,
  builtinProfile,
  canFromId,
  cccdMrzFromCitizen,
  loadCitizen,
  parseCccdMrz,
} from '../src/index.js';

/** The report this example prints, as lines. */
export function mrzReport(citizenFile: string, profileName = 'cccd-2021'): string[] {
  const citizen = loadCitizen(readFileSync(citizenFile), dirname(citizenFile));
  const profile = builtinProfile(profileName);
  const lines = cccdMrzFromCitizen(citizen, profile);
  const parsed = parseCccdMrz(lines);
  const bac = bacKeyMaterial(parsed);
  return [
    ...lines,
    `document number ${bac.documentNumber} (check digit ${bac.documentNumberCheckDigit})`,
    `MRZ information ${bac.mrzInformation}`,
    `PACE CAN        ${canFromId(citizen.id)}`,
    `read back       ID ${parsed.id}, ${parsed.noExpiry ? 'no expiry' : `expiry ${parsed.fields.expiryDate}`}`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2] ?? new URL('citizens/nguyen-van-an.json', import.meta.url).pathname;
  process.stdout.write(`${mrzReport(file, process.argv[3]).join('\n')}\n`);
}
