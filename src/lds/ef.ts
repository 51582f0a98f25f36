// ICAO 9303-10 §4.6: any elementary file, recognised by its first tag through the registry and decoded by
// the codec the table below names (a table, not a switch: architecture.md rule 3).
import { copyBytes } from '../bytes.js';
import { CccdError } from '../errors.js';
import { tagHex } from '../tlv/index.js';
import { type CardAccess, decodeCardAccess } from './card-access.js';
import { decodeCardSecurity } from './card-security.js';
import { decodeEfCom } from './com.js';
import { decodeDg1 } from './dg1.js';
import { decodeDg2 } from './dg2.js';
import { decodeDg3 } from './dg3.js';
import { decodeDg4 } from './dg4.js';
import { decodeDg5 } from './dg5.js';
import { decodeDg7 } from './dg7.js';
import { decodeDg11 } from './dg11.js';
import { decodeDg12 } from './dg12.js';
import { decodeDg13 } from './dg13.js';
import { decodeDg14 } from './dg14.js';
import { decodeDg15 } from './dg15.js';
import { decodeDg16 } from './dg16.js';
import { type Decoded, type LdsDecodeOptions, malformed, openFile } from './read.js';
import { type EfName, efByTag } from './registry.js';
import { decodeSecurityInfos } from './security-infos.js';
import { decodeSod } from './sod.js';

/** EF.CardSecurity with its signed SecurityInfos decoded (the signature is checked by passive authentication). */
function decodeCardSecurityFile(bytes: Uint8Array): Decoded<CardAccess> & ReturnType<typeof decodeCardSecurity> {
  const cs = decodeCardSecurity(bytes);
  const set = openFile(cs.securityInfos, 'EF.CardSecurity/securityInfos', 0x31);
  return { ...cs, infos: decodeSecurityInfos(set, 'EF.CardSecurity/securityInfos'), raw: copyBytes(bytes) };
}

/** The decoder of each file the toolkit reads (DG6, DG8-DG10 and EF.ATR/INFO have no codec). */
const DECODERS = {
  'EF.COM': decodeEfCom,
  DG1: decodeDg1,
  DG2: decodeDg2,
  DG3: decodeDg3,
  DG4: decodeDg4,
  DG5: decodeDg5,
  DG7: decodeDg7,
  DG11: decodeDg11,
  DG12: decodeDg12,
  DG13: decodeDg13,
  DG14: decodeDg14,
  DG15: decodeDg15,
  DG16: decodeDg16,
  'EF.SOD': (bytes: Uint8Array) => decodeSod(bytes),
  'EF.CardAccess': decodeCardAccess,
  'EF.CardSecurity': (bytes: Uint8Array) => decodeCardSecurityFile(bytes),
} as const satisfies Partial<Record<EfName, (bytes: Uint8Array, options?: LdsDecodeOptions) => unknown>>;

type Decoders = typeof DECODERS;
export type DecodableEf = keyof Decoders;

/** A decoded elementary file: its registry name and the typed content (with `raw`). */
export type DecodedEf = { [N in DecodableEf]: { name: N; file: ReturnType<Decoders[N]> } }[DecodableEf];

/** The names decodeEf understands. */
export const DECODABLE_FILES = Object.keys(DECODERS) as DecodableEf[];

/** Decodes file `name` (e.g. 'DG13') without looking at its tag first. */
export function decodeEfAs<N extends DecodableEf>(
  name: N,
  bytes: Uint8Array,
  options: LdsDecodeOptions = {},
): ReturnType<Decoders[N]> {
  const decoder = DECODERS[name] as (b: Uint8Array, o?: LdsDecodeOptions) => ReturnType<Decoders[N]>;
  if (!decoder) throw new CccdError('LDS_UNSUPPORTED', `no decoder for ${String(name)}`);
  return decoder(bytes, options);
}

/**
 * Decodes any elementary file, recognised by its first tag (ICAO 9303-10 Table 35: 60 EF.COM, 61..70 DG1..16,
 * 77 EF.SOD; 31 EF.CardAccess; 30 EF.CardSecurity).
 *
 * @example
 * const ef = decodeEf(bytes);
 * if (ef.name === 'DG13') console.log(ef.file.fullName);
 */
export function decodeEf(bytes: Uint8Array, options: LdsDecodeOptions = {}): DecodedEf {
  if (!(bytes instanceof Uint8Array)) throw new CccdError('INVALID_ARGUMENT', 'bytes: expected Uint8Array');
  if (bytes.length === 0) malformed('EF', 0, 'empty file');
  const entry = efByTag(bytes[0] as number);
  if (!entry) {
    throw new CccdError('LDS_UNSUPPORTED', `tag ${tagHex(bytes[0] as number)} starts no known elementary file`, {
      path: 'EF',
      offset: 0,
    });
  }
  if (!(entry.name in DECODERS)) {
    throw new CccdError('LDS_UNSUPPORTED', `${entry.name} (${entry.title}) has no decoder`, { path: entry.name });
  }
  const name = entry.name as DecodableEf;
  return { name, file: decodeEfAs(name, bytes, options) } as DecodedEf;
}
