// BSI TR-03110 Part 3 A.1.1 and ICAO 9303-11 §9.2: SecurityInfos, the SET OF SecurityInfo that
// EF.CardAccess, DG14 and EF.CardSecurity carry. One table maps protocol OIDs to their info type.

import { encodeInteger, encodeOctetString, encodeOid, encodeSequence } from '../asn1/der.js';
import { oid } from '../asn1/oids.js';
import { copyBytes } from '../bytes.js';
import { CccdError } from '../errors.js';
import { encodeTlv, type Tlv } from '../tlv/index.js';
import {
  type AlgorithmIdentifier,
  decodeAlgorithmIdentifier,
  decodePublicKeyInfo,
  encodeAlgorithmIdentifier,
  encodePublicKeyInfo,
  type PublicKeyInfo,
} from './public-key.js';
import { Children, malformed, readAscii, readInt, readOid } from './read.js';

/** TR-03110 Part 3 A.1.1.2: FileID ::= SEQUENCE { fid OCTET STRING (SIZE(2)), sfid OCTET STRING (SIZE(1)) OPTIONAL } */
export interface FileId {
  fid: number;
  sfi?: number;
}

/** One SecurityInfo; `protocol` is the dotted OID (name it with `describeOid`). */
export type SecurityInfo =
  | { type: 'PACEInfo'; protocol: string; version: number; parameterId?: number }
  | { type: 'PACEDomainParameterInfo'; protocol: string; domainParameter: AlgorithmIdentifier; parameterId?: number }
  | { type: 'ChipAuthenticationInfo'; protocol: string; version: number; keyId?: number }
  | {
      type: 'ChipAuthenticationDomainParameterInfo';
      protocol: string;
      domainParameter: AlgorithmIdentifier;
      keyId?: number;
    }
  | { type: 'ChipAuthenticationPublicKeyInfo'; protocol: string; publicKey: PublicKeyInfo; keyId?: number }
  | { type: 'TerminalAuthenticationInfo'; protocol: string; version: number; efCvca?: FileId }
  | { type: 'ActiveAuthenticationInfo'; protocol: string; version: number; signatureAlgorithm: string }
  | { type: 'CardInfoLocator'; protocol: string; url: string; efCardInfo?: FileId }
  | { type: 'PrivilegedTerminalInfo'; protocol: string; infos: SecurityInfo[] }
  /** A SecurityInfo whose protocol the table does not know: kept whole, as received. */
  | { type: 'UnknownInfo'; protocol: string; raw: Uint8Array };

export type SecurityInfoType = SecurityInfo['type'];
type InfoOf<T extends SecurityInfoType> = Extract<SecurityInfo, { type: T }>;

const PACE_ARC = `${oid('id-PACE-DH-GM').slice(0, -2)}`; // 0.4.0.127.0.7.2.2.4
const CA_ARC = oid('id-CA-DH').slice(0, -2); // 0.4.0.127.0.7.2.2.3
const PK_ARC = oid('id-PK-DH').slice(0, -2); // 0.4.0.127.0.7.2.2.1

/** Arcs below `arc`: 'x' for arc.x, 'x.y' for arc.x.y; undefined when `dotted` is not under `arc`. */
function below(dotted: string, arc: string): number {
  if (!dotted.startsWith(`${arc}.`)) return -1;
  return dotted.slice(arc.length + 1).split('.').length;
}

interface InfoCodec<T extends SecurityInfoType> {
  type: T;
  /** TR-03110 Part 3 A.1.1: which protocol OIDs announce this info type. */
  matches(protocol: string): boolean;
  decode(c: Children, protocol: string, path: string, depth: number): InfoOf<T>;
  /** The elements after the protocol OID. */
  encode(info: InfoOf<T>): Uint8Array[];
}

function optionalInt(c: Children, path: string): number | undefined {
  const n = c.optional(0x02);
  return n ? readInt(n, path) : undefined;
}

function encodeFileId(f: FileId): Uint8Array {
  const parts = [encodeOctetString(Uint8Array.of(f.fid >> 8, f.fid & 0xff))];
  if (f.sfi !== undefined) parts.push(encodeOctetString(Uint8Array.of(f.sfi)));
  return encodeSequence(...parts);
}

function decodeFileId(node: Tlv, path: string): FileId {
  const c = new Children(node, path);
  const fid = c.next(0x04, 'fid');
  if (fid.value.length !== 2) malformed(`${path}/fid`, fid.offset, 'expected 2 bytes');
  const out: FileId = { fid: ((fid.value[0] as number) << 8) | (fid.value[1] as number) };
  const sfi = c.optional(0x04);
  c.end();
  if (sfi) {
    if (sfi.value.length !== 1) malformed(`${path}/sfid`, sfi.offset, 'expected 1 byte');
    out.sfi = sfi.value[0] as number;
  }
  return out;
}

function withOptional<T>(parts: Uint8Array[], value: T | undefined, enc: (v: T) => Uint8Array): Uint8Array[] {
  if (value !== undefined) parts.push(enc(value));
  return parts;
}

const pace: InfoCodec<'PACEInfo'> = {
  type: 'PACEInfo',
  matches: (p) => below(p, PACE_ARC) === 2,
  decode(c, protocol, path) {
    const version = readInt(c.next(0x02, 'version'), `${path}/version`);
    const parameterId = optionalInt(c, `${path}/parameterId`);
    return parameterId === undefined
      ? { type: 'PACEInfo', protocol, version }
      : { type: 'PACEInfo', protocol, version, parameterId };
  },
  encode: (i) => withOptional([encodeInteger(i.version)], i.parameterId, encodeInteger),
};

const paceDomain: InfoCodec<'PACEDomainParameterInfo'> = {
  type: 'PACEDomainParameterInfo',
  matches: (p) => below(p, PACE_ARC) === 1,
  decode(c, protocol, path) {
    const domainParameter = decodeAlgorithmIdentifier(c.next(0x30, 'domainParameter'), `${path}/domainParameter`);
    const parameterId = optionalInt(c, `${path}/parameterId`);
    const out: InfoOf<'PACEDomainParameterInfo'> = { type: 'PACEDomainParameterInfo', protocol, domainParameter };
    if (parameterId !== undefined) out.parameterId = parameterId;
    return out;
  },
  encode: (i) => withOptional([encodeAlgorithmIdentifier(i.domainParameter)], i.parameterId, encodeInteger),
};

const ca: InfoCodec<'ChipAuthenticationInfo'> = {
  type: 'ChipAuthenticationInfo',
  matches: (p) => below(p, CA_ARC) === 2,
  decode(c, protocol, path) {
    const version = readInt(c.next(0x02, 'version'), `${path}/version`);
    const keyId = optionalInt(c, `${path}/keyId`);
    return keyId === undefined
      ? { type: 'ChipAuthenticationInfo', protocol, version }
      : { type: 'ChipAuthenticationInfo', protocol, version, keyId };
  },
  encode: (i) => withOptional([encodeInteger(i.version)], i.keyId, encodeInteger),
};

const caDomain: InfoCodec<'ChipAuthenticationDomainParameterInfo'> = {
  type: 'ChipAuthenticationDomainParameterInfo',
  matches: (p) => below(p, CA_ARC) === 1,
  decode(c, protocol, path) {
    const domainParameter = decodeAlgorithmIdentifier(c.next(0x30, 'domainParameter'), `${path}/domainParameter`);
    const keyId = optionalInt(c, `${path}/keyId`);
    const out: InfoOf<'ChipAuthenticationDomainParameterInfo'> = {
      type: 'ChipAuthenticationDomainParameterInfo',
      protocol,
      domainParameter,
    };
    if (keyId !== undefined) out.keyId = keyId;
    return out;
  },
  encode: (i) => withOptional([encodeAlgorithmIdentifier(i.domainParameter)], i.keyId, encodeInteger),
};

const caKey: InfoCodec<'ChipAuthenticationPublicKeyInfo'> = {
  type: 'ChipAuthenticationPublicKeyInfo',
  matches: (p) => below(p, PK_ARC) === 1,
  decode(c, protocol, path) {
    const publicKey = decodePublicKeyInfo(c.next(0x30, 'chipAuthenticationPublicKey'), `${path}/publicKey`);
    const keyId = optionalInt(c, `${path}/keyId`);
    const out: InfoOf<'ChipAuthenticationPublicKeyInfo'> = {
      type: 'ChipAuthenticationPublicKeyInfo',
      protocol,
      publicKey,
    };
    if (keyId !== undefined) out.keyId = keyId;
    return out;
  },
  encode: (i) => withOptional([encodePublicKeyInfo(i.publicKey)], i.keyId, encodeInteger),
};

const ta: InfoCodec<'TerminalAuthenticationInfo'> = {
  type: 'TerminalAuthenticationInfo',
  matches: (p) => p === oid('id-TA'),
  decode(c, protocol, path) {
    const version = readInt(c.next(0x02, 'version'), `${path}/version`);
    const f = c.optional(0x30);
    const out: InfoOf<'TerminalAuthenticationInfo'> = { type: 'TerminalAuthenticationInfo', protocol, version };
    if (f) out.efCvca = decodeFileId(f, `${path}/efCVCA`);
    return out;
  },
  encode: (i) => withOptional([encodeInteger(i.version)], i.efCvca, encodeFileId),
};

const aa: InfoCodec<'ActiveAuthenticationInfo'> = {
  type: 'ActiveAuthenticationInfo',
  matches: (p) => p === oid('id-icao-mrtd-security-aaProtocolObject'),
  decode(c, protocol, path) {
    const version = readInt(c.next(0x02, 'version'), `${path}/version`);
    const signatureAlgorithm = readOid(c.next(0x06, 'signatureAlgorithm'), `${path}/signatureAlgorithm`);
    return { type: 'ActiveAuthenticationInfo', protocol, version, signatureAlgorithm };
  },
  encode: (i) => [encodeInteger(i.version), encodeOid(i.signatureAlgorithm)],
};

const ci: InfoCodec<'CardInfoLocator'> = {
  type: 'CardInfoLocator',
  matches: (p) => p === oid('id-CI'),
  decode(c, protocol, path) {
    const url = readAscii(c.next(0x16, 'url'), `${path}/url`);
    const f = c.optional(0x30);
    const out: InfoOf<'CardInfoLocator'> = { type: 'CardInfoLocator', protocol, url };
    if (f) out.efCardInfo = decodeFileId(f, `${path}/efCardInfo`);
    return out;
  },
  encode: (i) => {
    if (!/^[\x20-\x7e]*$/.test(i.url)) throw new CccdError('INVALID_ARGUMENT', 'CardInfoLocator url: not IA5 text');
    const url = encodeTlv(
      0x16,
      Uint8Array.from(i.url, (ch) => ch.charCodeAt(0)),
    );
    return withOptional([url], i.efCardInfo, encodeFileId);
  },
};

const MAX_NESTING = 4;

const pt: InfoCodec<'PrivilegedTerminalInfo'> = {
  type: 'PrivilegedTerminalInfo',
  matches: (p) => p === oid('id-PT'),
  decode(c, protocol, path, depth) {
    const set = c.next(0x31, 'privilegedTerminalInfos');
    if (depth >= MAX_NESTING) malformed(path, set.offset, 'SecurityInfos nested too deeply');
    const infos = decodeInfoList(set, `${path}/privilegedTerminalInfos`, depth + 1);
    return { type: 'PrivilegedTerminalInfo', protocol, infos };
  },
  encode: (i) => [encodeSecurityInfos(i.infos)],
};

/** The table: order matters only for readability; each protocol OID matches at most one entry. */
const CODECS: readonly InfoCodec<SecurityInfoType>[] = [pace, paceDomain, ca, caDomain, caKey, ta, aa, ci, pt] as never;

function codecFor(type: SecurityInfoType): InfoCodec<SecurityInfoType> | undefined {
  return CODECS.find((c) => c.type === type);
}

/** Encodes one SecurityInfo. */
export function encodeSecurityInfo(info: SecurityInfo): Uint8Array {
  if (info.type === 'UnknownInfo') return copyBytes(info.raw);
  const codec = codecFor(info.type);
  if (!codec) throw new CccdError('INVALID_ARGUMENT', `SecurityInfo type ${String(info.type)} is not known`);
  if (!codec.matches(info.protocol)) {
    throw new CccdError('INVALID_ARGUMENT', `${info.type}: protocol ${info.protocol} does not announce this type`);
  }
  return encodeSequence(encodeOid(info.protocol), ...codec.encode(info as never));
}

/**
 * Encodes SecurityInfos as a SET keeping the given order (the order chips are seen to use; callers that want
 * DER SET OF order sort their list first).
 */
export function encodeSecurityInfos(infos: readonly SecurityInfo[]): Uint8Array {
  return encodeTlv(0x31, ...infos.map(encodeSecurityInfo));
}

function decodeInfo(node: Tlv, path: string, depth: number): SecurityInfo {
  if (node.tag !== 0x30) malformed(path, node.offset, 'expected a SecurityInfo SEQUENCE (tag 30)');
  const c = new Children(node, path);
  const protocol = readOid(c.next(0x06, 'protocol'), `${path}/protocol`);
  const codec = CODECS.find((k) => k.matches(protocol));
  if (!codec) {
    if (node.children.length < 2) malformed(`${path}/requiredData`, node.offset, 'missing');
    return { type: 'UnknownInfo', protocol, raw: copyBytes(node.raw) };
  }
  const info = codec.decode(c, protocol, path, depth);
  c.end();
  return info;
}

function decodeInfoList(set: Tlv, path: string, depth: number): SecurityInfo[] {
  const c = new Children(set, path);
  return c.remaining.map((n, i) => decodeInfo(n, `${path}[${i}]`, depth));
}

/**
 * Decodes a SecurityInfos SET node; `path` prefixes error paths (`DG14/SecurityInfos[2]/protocol`).
 * Unknown protocols are kept as `UnknownInfo` with their bytes.
 */
export function decodeSecurityInfos(set: Tlv, path = 'SecurityInfos'): SecurityInfo[] {
  if (set.tag !== 0x31) malformed(path, set.offset, `expected a SET (tag 31)`);
  return decodeInfoList(set, path, 0);
}

/** The standardized domain parameter ID of an AlgorithmIdentifier (TR-03110 Part 3 A.2.1.1), if it is one. */
export function standardizedParameterId(alg: AlgorithmIdentifier): number | undefined {
  const p = alg.parameters;
  if (alg.algorithm !== oid('standardizedDomainParameters') || !p) return undefined;
  if (p.length !== 3 || p[0] !== 0x02 || p[1] !== 0x01 || ((p[2] as number) & 0x80) !== 0) return undefined;
  return p[2];
}
