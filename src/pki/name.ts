// RFC 5280 §4.1.2.4 distinguished names with the ICAO 9303-12 §7.1.1 rules (countryName mandatory,
// PrintableString for country and serial number), and RFC 5280 §7.1 name comparison.

import { encodeOid, encodePrintableString, encodeSequence, encodeSetOf } from '../asn1/der.js';
import { type OidName, oid, oidName } from '../asn1/oids.js';
import { equalBytes, utf8ToBytes } from '../bytes.js';
import { CccdError } from '../errors.js';
import { encodeTlv, type Tlv, type TlvReader } from '../tlv/index.js';
import { DecodedCache } from './decoded-cache.js';
import { directoryString, items, need, oidValue } from './der-read.js';

/** One attribute of a relative distinguished name. */
export interface NameAttribute {
  /** Dotted OID of the attribute type, e.g. 2.5.4.6 for countryName. */
  readonly type: string;
  readonly value: string;
}

/** A decoded name: RDNs in order (each a set of attributes) and the bytes as received. */
export interface Name {
  readonly rdns: readonly (readonly NameAttribute[])[];
  readonly raw: Uint8Array;
}

/** The attributes a bureau sets, in the order they are encoded (country first, as 9303-12 examples do). */
export interface NameSpec {
  /** ISO 3166-1 alpha-2 country code, upper case (9303-12 §7.1.1: the issuing state). */
  country: string;
  organization?: string;
  organizationalUnit?: string;
  commonName?: string;
  serialNumber?: string;
  locality?: string;
}

const FIELDS: readonly [keyof NameSpec, OidName, 'printable' | 'utf8'][] = [
  ['country', 'id-at-countryName', 'printable'],
  ['organization', 'id-at-organizationName', 'utf8'],
  ['organizationalUnit', 'id-at-organizationalUnitName', 'utf8'],
  ['locality', 'id-at-localityName', 'utf8'],
  ['commonName', 'id-at-commonName', 'utf8'],
  ['serialNumber', 'id-at-serialNumber', 'printable'],
];

const SHORT: Partial<Record<OidName, string>> = {
  'id-at-countryName': 'C',
  'id-at-organizationName': 'O',
  'id-at-organizationalUnitName': 'OU',
  'id-at-localityName': 'L',
  'id-at-commonName': 'CN',
  'id-at-serialNumber': 'serialNumber',
  'id-at-stateOrProvinceName': 'ST',
};

/** DER of a Name built from `spec`, one attribute per RDN. */
export function encodeName(spec: NameSpec): Uint8Array {
  if (!/^[A-Z]{2}$/.test(spec.country)) {
    throw new CccdError('INVALID_ARGUMENT', `name.country: '${spec.country}' is not an ISO 3166-1 alpha-2 code`);
  }
  const rdns: Uint8Array[] = [];
  for (const [key, type, kind] of FIELDS) {
    const v = spec[key];
    if (v === undefined) continue;
    const value = kind === 'printable' ? encodePrintableString(v) : encodeTlv(0x0c, utf8ToBytes(v));
    rdns.push(encodeSetOf(encodeSequence(encodeOid(oid(type)), value)));
  }
  return encodeSequence(...rdns);
}

// The DS issuer in every EF.SOD SignerInfo and the names of the trust store's CSCAs are the same few names.
const DECODED = new DecodedCache<Name>(512);

/** decodeName for the object `r` just read (a cache hit is found in place). */
export function nameAt(r: TlvReader, path: string): Name {
  return DECODED.getIn(r.bytes, r.start, r.end) ?? decodeName(r.node(r.start, r.end), path);
}

/** Decodes a Name, keeping its raw bytes. */
export function decodeName(node: Tlv, path: string): Name {
  const hit = DECODED.get(node.raw);
  if (hit) return hit;
  need(node, 0x30, path);
  const rdns = node.children.map((set, i) => {
    const p = `${path}/rdn[${i}]`;
    need(set, 0x31, p);
    return items(set, p, 1).map((atv, j) => {
      const [t, v] = items(need(atv, 0x30, `${p}[${j}]`), `${p}[${j}]`, 2, 2) as [Tlv, Tlv];
      need(t, 0x06, `${p}[${j}]/type`);
      return {
        type: oidValue(t.value, { path: `${p}[${j}]/type`, offset: t.offset }),
        value: directoryString(v, `${p}[${j}]/value`),
      };
    });
  });
  const name = { rdns, raw: node.raw.slice() };
  DECODED.set(name.raw, name);
  return name;
}

/** The first value of an attribute type, e.g. nameAttribute(name, 'id-at-countryName'). */
export function nameAttribute(name: Name, type: OidName): string | undefined {
  const o = oid(type);
  for (const rdn of name.rdns) for (const a of rdn) if (a.type === o) return a.value;
  return undefined;
}

const TEXT = new WeakMap<Name, string>();

/** RFC 4514-like text, e.g. `C=VN, O=Bo Cong an, CN=CSCA VN`. */
export function formatName(name: Name): string {
  let text = TEXT.get(name);
  if (text === undefined) {
    text = name.rdns
      .map((rdn) =>
        rdn
          .map((a) => {
            const n = oidName(a.type);
            return `${(n && SHORT[n]) ?? a.type}=${a.value}`;
          })
          .join('+'),
      )
      .join(', ');
    TEXT.set(name, text);
  }
  return text;
}

// RFC 5280 §7.1: compare after case folding and whitespace compression, so that a PrintableString and a
// UTF8String of the same text match (real CSCA/DS pairs differ in string types). The folded form of a name is
// computed once per decoded name: chain building compares the same names for every document.
const fold = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
const FOLDED = new WeakMap<Name, string>();

/**
 * The name's comparison key: two names are equal under namesEqual exactly when their keys are, so that
 * certificates and CRLs can be indexed by subject or issuer.
 */
export function nameKey(name: Name): string {
  return folded(name);
}

function folded(name: Name): string {
  let key = FOLDED.get(name);
  if (key === undefined) {
    // Attributes within an RDN form a set, so they are sorted; RDNs keep their order. Types and values cannot
    // contain the separators (a dotted OID has no '=', and JSON quoting keeps values apart).
    key = JSON.stringify(name.rdns.map((rdn) => rdn.map((a) => `${a.type}=${fold(a.value)}`).sort()));
    FOLDED.set(name, key);
  }
  return key;
}

/** True when both names hold the same attributes in the same RDN order. */
export function namesEqual(a: Name, b: Name): boolean {
  return a === b || equalBytes(a.raw, b.raw) || folded(a) === folded(b);
}
