// ICAO 9303-3 §6 (transliteration of national characters) and §4.6 (the name field: punctuation, fillers,
// truncation). Vietnamese names need only the Latin part: diacritics are dropped and Đ/đ becomes D.
import { CccdError } from '../errors.js';

/**
 * ICAO 9303-3 §6, Latin characters whose transliteration is not simply the base letter; all other Latin
 * letters with diacritics (every Vietnamese vowel) lose their marks through Unicode decomposition. Where the
 * table offers a choice (Ä → AE or A) the first form is used.
 */
const LATIN: Readonly<Record<string, string>> = {
  Ä: 'AE',
  Å: 'AA',
  Æ: 'AE',
  Ð: 'D',
  Đ: 'D',
  Ħ: 'H',
  Ĳ: 'IJ',
  ĸ: 'K',
  Ŀ: 'L',
  Ł: 'L',
  Ŋ: 'N',
  Ö: 'OE',
  Ø: 'OE',
  Œ: 'OE',
  ß: 'SS',
  Þ: 'TH',
  Ŧ: 'T',
  Ü: 'UE',
};

/** ICAO 9303-3 §6, Cyrillic (the 2013 table used by passports since 2013: Ь omitted, Ъ → IE). */
const CYRILLIC: Readonly<Record<string, string>> = {
  А: 'A',
  Б: 'B',
  В: 'V',
  Г: 'G',
  Ѓ: 'G',
  Ґ: 'G',
  Д: 'D',
  Ђ: 'D',
  Е: 'E',
  Ё: 'E',
  Є: 'IE',
  Ж: 'ZH',
  З: 'Z',
  Ѕ: 'DZ',
  И: 'I',
  І: 'I',
  Ї: 'I',
  Й: 'I',
  Ј: 'J',
  К: 'K',
  Ќ: 'K',
  Л: 'L',
  Љ: 'LJ',
  М: 'M',
  Н: 'N',
  Њ: 'NJ',
  О: 'O',
  П: 'P',
  Р: 'R',
  С: 'S',
  Т: 'T',
  Ћ: 'C',
  У: 'U',
  Ў: 'U',
  Ф: 'F',
  Х: 'KH',
  Ц: 'TS',
  Ч: 'CH',
  Џ: 'DZ',
  Ш: 'SH',
  Щ: 'SHCH',
  Ъ: 'IE',
  Ы: 'Y',
  Ь: '',
  Э: 'E',
  Ю: 'IU',
  Я: 'IA',
};

/**
 * ICAO 9303-3 §6, Greek, letter by letter (accented vowels first lose their tonos by decomposition); digraph
 * rules of national practice (ΟΥ written OU) are not applied.
 */
const GREEK: Readonly<Record<string, string>> = {
  Α: 'A',
  Β: 'V',
  Γ: 'G',
  Δ: 'D',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'I',
  Θ: 'TH',
  Ι: 'I',
  Κ: 'K',
  Λ: 'L',
  Μ: 'M',
  Ν: 'N',
  Ξ: 'X',
  Ο: 'O',
  Π: 'P',
  Ρ: 'R',
  Σ: 'S',
  Τ: 'T',
  Υ: 'Y',
  Φ: 'F',
  Χ: 'CH',
  Ψ: 'PS',
  Ω: 'O',
};

const tableLookup = (ch: string): string | undefined => LATIN[ch] ?? CYRILLIC[ch] ?? GREEK[ch];

/** ICAO 9303-3 §4.6: apostrophes and commas are omitted; hyphens and spaces separate name components. */
const OMITTED = new Set(["'", '’', 'ʼ', '`', ',', '.']);

function transliterateChar(ch: string): string {
  const upper = ch.toLocaleUpperCase('en');
  const mapped = tableLookup(upper);
  if (mapped !== undefined) return mapped;
  if (OMITTED.has(ch)) return '';
  // Strip combining marks (U+0300-U+036F): the Vietnamese horn and breve vowels (Ơ, Ư, Ă) decompose too, and
  // so do Greek vowels with tonos, whose base letter the table then maps.
  const base = upper.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  if (/^[A-Z0-9]+$/.test(base)) return base;
  const baseMapped = tableLookup(base);
  return baseMapped ?? '<';
}

/**
 * Transliterates free text (a name component, a place) to the MRZ character set per ICAO 9303-3 §6:
 * letters lose diacritics, national letters use the 9303 table, every other character becomes a filler.
 *
 * @example
 * transliterate('Nguyễn Văn Đức'); // 'NGUYEN<VAN<DUC'
 */
export function transliterate(text: string): string {
  if (typeof text !== 'string') throw new CccdError('INVALID_ARGUMENT', 'transliterate: expected a string');
  let out = '';
  for (const ch of text.normalize('NFC')) out += transliterateChar(ch);
  return out;
}

/** Name components as MRZ text: transliterated, separated by one filler, no leading/trailing fillers. */
function components(text: string): string[] {
  return transliterate(text)
    .split('<')
    .filter((c) => c !== '');
}

export interface NameField {
  /** The field, exactly `width` characters. */
  text: string;
  /** True when ICAO 9303-3 §4.6 truncation was applied. */
  truncated: boolean;
}

/**
 * Formats the name field of ICAO 9303-3 §4.6: PRIMARY<<SECONDARY, components joined by one filler,
 * padded with fillers. A name that does not fit is truncated, secondary identifier first and the primary
 * identifier only when it alone leaves no room for an initial; the field then ends in a letter
 * (the §4.6 mark that the name may be truncated) whenever the cut allows it.
 */
export function formatNameField(primary: string, secondary: string, width: number, path = 'name'): NameField {
  const p = components(primary).join('<');
  const s = components(secondary).join('<');
  if (p === '') throw new CccdError('MRZ_INVALID', 'the primary identifier is empty', { path });
  const full = s === '' ? p : `${p}<<${s}`;
  if (full.length <= width) return { text: full.padEnd(width, '<'), truncated: false };
  let cut: string;
  if (s !== '' && p.length + 3 > width) {
    // Keep '<<' and at least the first initial of the secondary identifier: shorten the primary identifier.
    cut = `${p.slice(0, width - 3).replace(/<+$/, '')}<<${s}`.slice(0, width);
  } else {
    cut = full.slice(0, width);
  }
  cut = cut.replace(/<+$/, '');
  return { text: cut.padEnd(width, '<'), truncated: true };
}

/** Splits a name field back into primary and secondary identifiers, components joined with spaces. */
export function parseNameField(field: string): { primary: string; secondary: string } {
  const trimmed = field.replace(/<+$/, '');
  const sep = trimmed.indexOf('<<');
  const primary = sep < 0 ? trimmed : trimmed.slice(0, sep);
  const secondary = sep < 0 ? '' : trimmed.slice(sep + 2);
  const words = (x: string) =>
    x
      .split('<')
      .filter((c) => c !== '')
      .join(' ');
  return { primary: words(primary), secondary: words(secondary) };
}
