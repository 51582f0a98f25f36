// RFC 5280 §4.2 certificate and §5.2 CRL extensions with the ICAO 9303-12 §7.1.1 additions (document type
// list, 2.23.136.1.1.6.2). One table: each extension's OID, encoder and decoder.

import {
  decodeBigInt,
  decodeSmallInt,
  encodeInteger,
  encodeOctetString,
  encodeOid,
  encodePrintableString,
  encodeSequence,
  encodeSetOf,
} from '../asn1/der.js';
import { type OidName, oid } from '../asn1/oids.js';
import { asciiToBytes, bytesToAscii } from '../bytes.js';
import { encodeTlv, type Tlv } from '../tlv/index.js';
import { decodeDer, directoryString, items, malformed, need, oidValue } from './der-read.js';

/** RFC 5280 §4.2.1.3 key usage bits, in bit order. */
export const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;
export type KeyUsage = (typeof KEY_USAGE_BITS)[number];

/** The decoded values of the extensions the toolkit knows. */
export interface ExtensionValues {
  keyUsage: KeyUsage[];
  basicConstraints: { ca: boolean; pathLength?: number };
  subjectKeyIdentifier: Uint8Array;
  authorityKeyIdentifier: Uint8Array;
  /** RFC 5280 §4.2.1.4 (deprecated there, required by 9303-12 for CSCA and DS): when the private key signs. */
  privateKeyUsagePeriod: { notBefore?: Date; notAfter?: Date };
  /** ICAO 9303-12 §7.1.1.3: document types a DS may sign, e.g. ['ID'] or ['P']. */
  documentTypeList: string[];
  /** URIs of the full names of the distribution points. */
  cRLDistributionPoints: string[];
  /** Dotted OIDs, e.g. id-icao-cscaMasterListSigningKey for a master list signer. */
  extKeyUsage: string[];
  cRLNumber: bigint;
}
export type ExtensionName = keyof ExtensionValues;

interface ExtensionCodec<V> {
  readonly oid: OidName;
  encode(value: V): Uint8Array;
  decode(value: Uint8Array, path: string): V;
}

function keyIdFromAki(bytes: Uint8Array, path: string): Uint8Array {
  const seq = need(decodeDer(bytes, path), 0x30, path);
  const id = seq.children.find((c) => c.tag === 0x80);
  if (!id) malformed('authorityKeyIdentifier without keyIdentifier', path, seq);
  return id.value;
}

function generalizedTime(date: Date): Uint8Array {
  return asciiToBytes(`${date.toISOString().slice(0, 19).replace(/[-:T]/g, '')}Z`);
}

function parseGeneralizedTime(node: Tlv, path: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(bytesToAscii(node.value));
  if (!m) malformed('expected GeneralizedTime YYYYMMDDHHMMSSZ', path, node);
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as number[];
  return new Date(Date.UTC(y as number, (mo as number) - 1, d, h, mi, s));
}

// DER named BIT STRING (X.690 §11.2.2): trailing zero bits are dropped and counted as unused.
function encodeNamedBits(bits: readonly number[]): Uint8Array {
  const max = Math.max(...bits);
  const bytes = new Uint8Array((max >> 3) + 1);
  for (const b of bits) bytes[b >> 3] = (bytes[b >> 3] as number) | (0x80 >> (b & 7));
  return encodeTlv(0x03, Uint8Array.of(7 - (max & 7)), bytes);
}

function decodeNamedBits(node: Tlv, path: string): number[] {
  need(node, 0x03, path);
  const out: number[] = [];
  for (let i = 1; i < node.value.length; i++) {
    for (let j = 0; j < 8; j++) if ((node.value[i] as number) & (0x80 >> j)) out.push((i - 1) * 8 + j);
  }
  return out;
}

export const EXTENSIONS: { readonly [K in ExtensionName]: ExtensionCodec<ExtensionValues[K]> } = {
  keyUsage: {
    oid: 'id-ce-keyUsage',
    encode: (v) => encodeNamedBits(v.map((u) => KEY_USAGE_BITS.indexOf(u))),
    decode: (b, p) =>
      decodeNamedBits(decodeDer(b, p), p)
        .filter((i) => i < KEY_USAGE_BITS.length)
        .map((i) => KEY_USAGE_BITS[i] as KeyUsage),
  },
  basicConstraints: {
    oid: 'id-ce-basicConstraints',
    encode: (v) =>
      encodeSequence(
        ...(v.ca ? [Uint8Array.of(0x01, 0x01, 0xff)] : []),
        ...(v.pathLength === undefined ? [] : [encodeInteger(v.pathLength)]),
      ),
    decode: (b, p) => {
      const seq = need(decodeDer(b, p), 0x30, p);
      let ca = false;
      let pathLength: number | undefined;
      for (const c of items(seq, p, 0, 2)) {
        if (c.tag === 0x01) ca = c.value[0] !== 0;
        else pathLength = decodeSmallInt(need(c, 0x02, `${p}/pathLenConstraint`), 'PKI_MALFORMED');
      }
      return pathLength === undefined ? { ca } : { ca, pathLength };
    },
  },
  subjectKeyIdentifier: {
    oid: 'id-ce-subjectKeyIdentifier',
    encode: (v) => encodeOctetString(v),
    decode: (b, p) => need(decodeDer(b, p), 0x04, p).value,
  },
  authorityKeyIdentifier: {
    oid: 'id-ce-authorityKeyIdentifier',
    encode: (v) => encodeSequence(encodeTlv(0x80, v)),
    decode: keyIdFromAki,
  },
  privateKeyUsagePeriod: {
    oid: 'id-ce-privateKeyUsagePeriod',
    encode: (v) =>
      encodeSequence(
        ...(v.notBefore ? [encodeTlv(0x80, generalizedTime(v.notBefore))] : []),
        ...(v.notAfter ? [encodeTlv(0x81, generalizedTime(v.notAfter))] : []),
      ),
    decode: (b, p) => {
      const out: { notBefore?: Date; notAfter?: Date } = {};
      for (const c of items(need(decodeDer(b, p), 0x30, p), p, 1, 2)) {
        if (c.tag === 0x80) out.notBefore = parseGeneralizedTime(c, `${p}/notBefore`);
        else if (c.tag === 0x81) out.notAfter = parseGeneralizedTime(c, `${p}/notAfter`);
        else malformed('unexpected field', p, c);
      }
      return out;
    },
  },
  documentTypeList: {
    oid: 'id-icao-mrtd-security-extensions-documentTypeList',
    encode: (v) => encodeSequence(encodeInteger(0), encodeSetOf(...v.map((t) => encodePrintableString(t)))),
    decode: (b, p) => {
      const [version, list] = items(need(decodeDer(b, p), 0x30, p), p, 2, 2) as [Tlv, Tlv];
      if (decodeSmallInt(need(version, 0x02, `${p}/version`), 'PKI_MALFORMED') !== 0) {
        malformed('DocumentTypeListSyntax version must be 0', `${p}/version`, version);
      }
      return need(list, 0x31, `${p}/docTypeList`).children.map((c, i) => directoryString(c, `${p}/docTypeList[${i}]`));
    },
  },
  cRLDistributionPoints: {
    oid: 'id-ce-cRLDistributionPoints',
    encode: (v) =>
      encodeSequence(
        ...v.map((uri) => encodeSequence(encodeTlv(0xa0, encodeTlv(0xa0, encodeTlv(0x86, asciiToBytes(uri)))))),
      ),
    decode: (b, p) => {
      const out: string[] = [];
      for (const dp of need(decodeDer(b, p), 0x30, p).children) {
        const full = dp.children.find((c) => c.tag === 0xa0)?.children.find((c) => c.tag === 0xa0);
        for (const gn of full?.children ?? []) if (gn.tag === 0x86) out.push(bytesToAscii(gn.value));
      }
      return out;
    },
  },
  extKeyUsage: {
    oid: 'id-ce-extKeyUsage',
    encode: (v) => encodeSequence(...v.map((o) => encodeOid(o))),
    decode: (b, p) =>
      items(need(decodeDer(b, p), 0x30, p), p, 1).map((c, i) => oidValue(need(c, 0x06, `${p}[${i}]`).value)),
  },
  cRLNumber: {
    oid: 'id-ce-cRLNumber',
    encode: (v) => encodeInteger(v),
    decode: (b, p) => decodeBigInt(decodeDer(b, p), 'PKI_MALFORMED'),
  },
};

const BY_OID: ReadonlyMap<string, ExtensionName> = new Map(
  (Object.entries(EXTENSIONS) as [ExtensionName, { oid: OidName }][]).map(([name, c]) => [oid(c.oid), name]),
);

/** One extension as received. */
export interface RawExtension {
  readonly oid: string;
  readonly critical: boolean;
  readonly value: Uint8Array;
}

/** Encodes one Extension (critical written only when true: DER omits DEFAULT FALSE). */
export function encodeExtension<K extends ExtensionName>(
  name: K,
  value: ExtensionValues[K],
  critical: boolean,
): Uint8Array {
  const codec = EXTENSIONS[name] as ExtensionCodec<ExtensionValues[K]>;
  return encodeSequence(
    encodeOid(oid(codec.oid)),
    ...(critical ? [Uint8Array.of(0x01, 0x01, 0xff)] : []),
    encodeOctetString(codec.encode(value)),
  );
}

/** Decodes an Extensions SEQUENCE into raw entries and the typed values of known ones. */
export function decodeExtensions(
  node: Tlv,
  path: string,
): { raw: RawExtension[]; values: Partial<ExtensionValues>; unknownCritical: string[] } {
  const raw: RawExtension[] = [];
  const values: Partial<ExtensionValues> = {};
  const unknownCritical: string[] = [];
  const seen = new Set<string>();
  items(need(node, 0x30, path), path, 1).forEach((ext, i) => {
    const p = `${path}[${i}]`;
    const parts = items(need(ext, 0x30, p), p, 2, 3);
    const dotted = oidValue(need(parts[0], 0x06, `${p}/extnID`).value, { path: p, offset: ext.offset });
    if (seen.has(dotted)) malformed(`duplicate extension ${dotted}`, p, ext); // RFC 5280 §4.2
    seen.add(dotted);
    const critical = parts.length === 3 && need(parts[1], 0x01, `${p}/critical`).value[0] !== 0;
    const value = need(parts[parts.length - 1], 0x04, `${p}/extnValue`).value;
    raw.push({ oid: dotted, critical, value });
    const name = BY_OID.get(dotted);
    if (name) (values as Record<string, unknown>)[name] = EXTENSIONS[name].decode(value, `${p}/${name}`);
    else if (critical) unknownCritical.push(dotted);
  });
  return { raw, values, unknownCritical };
}
