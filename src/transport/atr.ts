// ISO/IEC 7816-3 §8 answer-to-reset (TS, T0, interface bytes, historical bytes, TCK) and the ATR a PC/SC
// reader builds for a contactless card (PC/SC part 3 §3.1.3.2.3), parsed to report the card type.
import { concatBytes } from '../bytes.js';
import { CccdError } from '../errors.js';

/** The interface bytes of one level i: TAi, TBi, TCi, and the protocol T announced by TDi (when TDi is present). */
export interface AtrGroup {
  ta?: number;
  tb?: number;
  tc?: number;
  /** Low nibble of TDi: the protocol the next group is about (absent in the last group). */
  protocol?: number;
}

export interface AtrFields {
  /** TS: 3B direct convention (default), 3F inverse convention (ISO/IEC 7816-3 §8.1). */
  convention?: 'direct' | 'inverse';
  /** Groups 1, 2, ... of interface bytes; at least one (it may be empty). */
  groups: AtrGroup[];
  historical: Uint8Array;
}

export type CardKind =
  | { type: 'contact' }
  /** PC/SC part 3 §3.1.3.2.3.2: a memory card (MIFARE, FeliCa...) behind a contactless reader. */
  | { type: 'contactless-storage'; standard: number; cardName: number }
  /** PC/SC part 3 §3.1.3.2.3.1: an ISO/IEC 14443-4 card; historical bytes from the ATS (A) or ATQB (B). */
  | { type: 'contactless-iso14443-4' };

/** A COMPACT-TLV data object of the historical bytes (ISO/IEC 7816-4 §8.1.1.2). */
export interface CompactTlv {
  tag: number;
  value: Uint8Array;
}

export interface Atr extends Required<Pick<AtrFields, 'convention' | 'groups' | 'historical'>> {
  readonly bytes: Uint8Array;
  /** Protocols offered, in order (T=0 alone when TD1 is absent). */
  readonly protocols: number[];
  /** Clock rate conversion factor Fi and baud rate adjustment Di from TA1 (default 372 and 1). */
  readonly fi: number | undefined;
  readonly di: number | undefined;
  /** TCK when present (it is whenever a protocol other than T=0 is offered). */
  readonly tck: number | undefined;
  readonly card: CardKind;
  /** Historical bytes as COMPACT-TLV when the category indicator is 00 or 80 and they decode. */
  readonly compactTlv: CompactTlv[] | undefined;
  /** From the card capabilities (tag 7, third software function table bit b7), when stated. */
  readonly extendedLength: boolean | undefined;
}

/** ISO/IEC 7816-3 Table 7 (Fi by FI; undefined is RFU) and Table 8 (Di by DI). */
const FI_TABLE = [372, 372, 558, 744, 1116, 1488, 1860, undefined, undefined, 512, 768, 1024, 1536, 2048];
const DI_TABLE = [undefined, 1, 2, 4, 8, 16, 32, 64, 12, 20];

/** PC/SC part 3 §3.1.3.2.3.2: the RID registered for the PC/SC workgroup in storage-card ATRs. */
const PCSC_RID = [0xa0, 0x00, 0x00, 0x03, 0x06];

const TS: Record<NonNullable<AtrFields['convention']>, number> = { direct: 0x3b, inverse: 0x3f };

function bad(message: string, offset?: number): CccdError {
  return new CccdError('ATR_MALFORMED', message, { path: 'ATR', ...(offset === undefined ? {} : { offset }) });
}

function nibble(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 0 || v > 15) throw new CccdError('INVALID_ARGUMENT', `${name}: ${v} is not 0..15`);
  return v;
}

function byte(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 0 || v > 255) throw new CccdError('INVALID_ARGUMENT', `${name}: ${v} is not a byte`);
  return v;
}

const needsTck = (groups: AtrGroup[]) => groups.some((g) => g.protocol !== undefined && g.protocol !== 0);

/** Encodes an ATR, computing T0, the TDi bytes and TCK (ISO/IEC 7816-3 §8.2). */
export function encodeAtr(fields: AtrFields): Uint8Array {
  const { groups, historical } = fields;
  if (groups.length === 0) throw new CccdError('INVALID_ARGUMENT', 'groups: at least one group (may be empty)');
  if (historical.length > 15) throw new CccdError('INVALID_ARGUMENT', 'historical: at most 15 bytes');
  const presence = (g: AtrGroup | undefined) =>
    g === undefined ? 0 : (g.ta !== undefined ? 1 : 0) | (g.tb !== undefined ? 2 : 0) | (g.tc !== undefined ? 4 : 0);
  const out: number[] = [
    TS[fields.convention ?? 'direct'],
    ((presence(groups[0]) | (groups.length > 1 ? 8 : 0)) << 4) | historical.length,
  ];
  groups.forEach((g, i) => {
    for (const key of ['ta', 'tb', 'tc'] as const) {
      const v = g[key];
      if (v !== undefined) out.push(byte(`groups[${i}].${key}`, v));
    }
    const next = groups[i + 1];
    if (next !== undefined) {
      out.push(
        ((presence(next) | (i + 2 < groups.length ? 8 : 0)) << 4) | nibble(`groups[${i}].protocol`, g.protocol ?? 0),
      );
    } else if (g.protocol !== undefined) {
      throw new CccdError('INVALID_ARGUMENT', `groups[${i}].protocol: the last group announces no TD byte`);
    }
  });
  const body = concatBytes(Uint8Array.from(out), historical);
  if (!needsTck(groups)) return body;
  let tck = 0;
  for (let i = 1; i < body.length; i++) tck ^= body[i] as number;
  return concatBytes(body, Uint8Array.of(tck));
}

/** PC/SC part 3 §3.1.3.2.3: the ATR a contactless reader reports: 3B 8n 80 01 <historical bytes> TCK. */
export function contactlessAtr(historical: Uint8Array): Uint8Array {
  return encodeAtr({ groups: [{ protocol: 0 }, { protocol: 1 }, {}], historical });
}

/** ISO/IEC 7816-4 §8.1.1.2: COMPACT-TLV objects (tag and length nibbles), or undefined if they do not fit. */
function compactTlv(bytes: Uint8Array): CompactTlv[] | undefined {
  const out: CompactTlv[] = [];
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const len = b & 0x0f;
    if (i + 1 + len > bytes.length) return undefined;
    out.push({ tag: b >> 4, value: bytes.slice(i + 1, i + 1 + len) });
    i += 1 + len;
  }
  return out;
}

function cardKind(groups: AtrGroup[], historical: Uint8Array): CardKind {
  // PC/SC part 3: contactless ATRs have exactly TD1 = 80 and TD2 = 01 and no TA/TB/TC.
  const [g1, g2, g3] = groups;
  const plain = (g: AtrGroup | undefined) =>
    g !== undefined && g.ta === undefined && g.tb === undefined && g.tc === undefined;
  if (groups.length !== 3 || !plain(g1) || !plain(g2) || !plain(g3) || g1?.protocol !== 0 || g2?.protocol !== 1) {
    return { type: 'contact' };
  }
  const h = historical;
  if (h.length === 15 && h[0] === 0x80 && h[1] === 0x4f && h[2] === 0x0c && PCSC_RID.every((v, i) => h[3 + i] === v)) {
    return {
      type: 'contactless-storage',
      standard: h[8] as number,
      cardName: ((h[9] as number) << 8) | (h[10] as number),
    };
  }
  return { type: 'contactless-iso14443-4' };
}

/**
 * Parses an ATR strictly: TS, T0 and the chain of TDi bytes must fit, the historical bytes must be present, TCK
 * must be present exactly when required and make the XOR of T0..TCK zero, and nothing may follow.
 */
export function parseAtr(bytes: Uint8Array): Atr {
  if (bytes.length < 2) throw bad(`ATR of ${bytes.length} bytes has no T0`);
  const convention = bytes[0] === 0x3b ? 'direct' : bytes[0] === 0x3f ? 'inverse' : undefined;
  if (convention === undefined) throw bad(`TS ${bytes[0]?.toString(16)} is neither 3B nor 3F`, 0);
  const t0 = bytes[1] as number;
  const k = t0 & 0x0f;
  const groups: AtrGroup[] = [];
  let y = t0 >> 4;
  let i = 2;
  for (;;) {
    const g: AtrGroup = {};
    for (const [bit, key] of [
      [1, 'ta'],
      [2, 'tb'],
      [4, 'tc'],
    ] as const) {
      if (y & bit) {
        if (i >= bytes.length) throw bad(`interface byte ${key.toUpperCase()}${groups.length + 1} is missing`, i);
        g[key] = bytes[i++] as number;
      }
    }
    groups.push(g);
    if (!(y & 8)) break;
    if (i >= bytes.length) throw bad(`TD${groups.length} is missing`, i);
    const td = bytes[i++] as number;
    g.protocol = td & 0x0f;
    y = td >> 4;
  }
  if (i + k > bytes.length) throw bad(`${k} historical bytes announced, ${bytes.length - i} present`, i);
  const historical = bytes.slice(i, i + k);
  i += k;
  let tck: number | undefined;
  if (needsTck(groups)) {
    if (i >= bytes.length) throw bad('TCK is missing', i);
    tck = bytes[i++] as number;
    let x = 0;
    for (let j = 1; j < i; j++) x ^= bytes[j] as number;
    if (x !== 0) throw bad('TCK does not make the XOR of T0..TCK zero', i - 1);
  }
  if (i !== bytes.length) throw bad(`${bytes.length - i} bytes after the ATR`, i);
  const protocols = groups.flatMap((g) => (g.protocol === undefined ? [] : [g.protocol]));
  const ta1 = groups[0]?.ta;
  const category = historical[0];
  // ISO/IEC 7816-4 §8.1.1: category 00 ends with a 3-byte status indicator; 80 is COMPACT-TLV throughout.
  const tlv =
    category === 0x80
      ? compactTlv(historical.subarray(1))
      : category === 0x00 && k >= 4
        ? compactTlv(historical.subarray(1, k - 3))
        : undefined;
  const caps = tlv?.find((o) => o.tag === 7 && o.value.length === 3)?.value;
  return {
    bytes: bytes.slice(),
    convention,
    groups,
    historical,
    protocols: protocols.length === 0 ? [0] : [...new Set(protocols)],
    fi: ta1 === undefined ? 372 : FI_TABLE[ta1 >> 4],
    di: ta1 === undefined ? 1 : DI_TABLE[ta1 & 0x0f],
    tck,
    card: cardKind(groups, historical),
    compactTlv: tlv,
    extendedLength: caps === undefined ? undefined : ((caps[2] as number) & 0x40) !== 0,
  };
}

/** One line for humans: `T=CL, contactless ISO/IEC 14443-4, extended length` or `T=0/T=1, contact`. */
export function describeAtr(atr: Atr): string {
  const kinds: Record<CardKind['type'], string> = {
    contact: 'contact',
    'contactless-storage': 'contactless storage card',
    'contactless-iso14443-4': 'contactless ISO/IEC 14443-4',
  };
  // PC/SC part 3: the TD bytes of a contactless ATR are a fixed pattern; the card talks T=CL (ISO/IEC 14443-4).
  const protocols = atr.card.type === 'contact' ? atr.protocols.map((p) => `T=${p}`).join('/') : 'T=CL';
  const parts = [protocols, kinds[atr.card.type]];
  if (atr.extendedLength !== undefined) parts.push(atr.extendedLength ? 'extended length' : 'short length only');
  return parts.join(', ');
}
