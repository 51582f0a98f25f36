// ISO/IEC 7816-4 §7-§11 inter-industry commands as used by ICAO 9303-10/-11 chips: builders returning CommandApdu.
import { encodeOidValue } from '../asn1/der.js';
import { abytes, bigIntToBytes, concatBytes } from '../bytes.js';
import { CccdError } from '../errors.js';
import { encodeTlv } from '../tlv/encode.js';
import { type CommandApdu, command } from './command.js';

/** ISO/IEC 7816-4 §5.1.2 Table 4: the instruction bytes the toolkit sends. */
export const INS = {
  SELECT: 0xa4,
  READ_BINARY: 0xb0,
  READ_BINARY_ODD: 0xb1,
  UPDATE_BINARY: 0xd6,
  UPDATE_BINARY_ODD: 0xd7,
  GET_RESPONSE: 0xc0,
  GET_CHALLENGE: 0x84,
  EXTERNAL_AUTHENTICATE: 0x82,
  INTERNAL_AUTHENTICATE: 0x88,
  MANAGE_SECURITY_ENVIRONMENT: 0x22,
  GENERAL_AUTHENTICATE: 0x86,
  PUT_DATA: 0xda,
} as const;

/** ISO/IEC 7816-4 §5.4.1: CLA bit 5 ('10') announces that more commands of the chain follow. */
export const CLA_CHAINING = 0x10;

/** ISO/IEC 7816-4 §11.1.1 Table 39: what P1 of SELECT selects by. */
export const SELECT_P1 = {
  /** MF, DF or EF by file identifier (P1 00). */
  any: 0x00,
  childDf: 0x01,
  efUnderCurrentDf: 0x02,
  parentDf: 0x03,
  dfName: 0x04,
  pathFromMf: 0x08,
  pathFromCurrentDf: 0x09,
} as const;

/** ISO/IEC 7816-4 §11.1.1 Table 40: what the card returns after SELECT (P2 bits 4-3). */
export const SELECT_P2 = { fci: 0x00, fcp: 0x04, fmd: 0x08, none: 0x0c } as const;

export type SelectReturn = keyof typeof SELECT_P2;

export interface SelectOptions {
  /**
   * What the card answers with. Default 'none' (P2 0C) with no Le field: ICAO 9303-10 readers select that
   * way, and chips answer 6700 to P2 0C with an Le.
   */
  returns?: SelectReturn;
  /** Ne when `returns` is not 'none' (default 256, Le = 00). */
  ne?: number;
  cla?: number;
}

/** The file identifier as two bytes; accepts 0x011C or Uint8Array [01 1C]. */
export function fidBytes(fid: number | Uint8Array, title = 'fid'): Uint8Array {
  if (fid instanceof Uint8Array) return abytes(fid, title, 2);
  if (!Number.isInteger(fid) || fid < 0 || fid > 0xffff) {
    throw new CccdError('INVALID_ARGUMENT', `${title}: ${fid} is not a 2-byte file identifier`);
  }
  return Uint8Array.of(fid >> 8, fid & 0xff);
}

/** ISO/IEC 7816-4 §11.1.1 SELECT with an explicit P1 (see {@link SELECT_P1}); the named builders call this. */
export function select(p1: number, data: Uint8Array, options: SelectOptions = {}): CommandApdu {
  const returns = options.returns ?? 'none';
  const p2 = SELECT_P2[returns];
  if (p2 === undefined) throw new CccdError('INVALID_ARGUMENT', `returns: '${returns}' is not one of fci/fcp/fmd/none`);
  const ne = returns === 'none' ? undefined : (options.ne ?? 256);
  return command({ cla: options.cla, ins: INS.SELECT, p1, p2, data, ne });
}

/**
 * SELECT by DF name (P1 04), e.g. the LDS1 application `A0 00 00 02 47 10 01` (ICAO 9303-10 §3.10).
 *
 * @example
 * encodeCommand(selectApplication(fromHex('A0000002471001'))); // 00A4040C07A0000002471001
 */
export function selectApplication(aid: Uint8Array, options: SelectOptions = {}): CommandApdu {
  abytes(aid, 'aid');
  if (aid.length < 1 || aid.length > 16) throw new CccdError('INVALID_ARGUMENT', `aid: ${aid.length} bytes, not 1..16`);
  return select(SELECT_P1.dfName, aid, options);
}

export interface SelectFileOptions extends SelectOptions {
  /**
   * Which P1 to use: 'efUnderCurrentDf' (P1 02, the default, as ICAO 9303-10 §3.9.2 readers do), 'any' (P1 00)
   * or 'childDf' (P1 01).
   */
  scope?: 'efUnderCurrentDf' | 'any' | 'childDf';
}

/**
 * SELECT by file identifier. The CCCD chip answers 6D00 to SELECT MF, so EF.CardAccess is selected directly
 * under the MF with this builder: `00 A4 02 0C 02 01 1C`.
 */
export function selectFile(fid: number | Uint8Array, options: SelectFileOptions = {}): CommandApdu {
  return select(SELECT_P1[options.scope ?? 'efUnderCurrentDf'], fidBytes(fid), options);
}

/** SELECT MF (P1 00 with FID 3F00, ISO/IEC 7816-4 §7.1.1); some chips (the CCCD) answer 6D00. */
export function selectMasterFile(options: SelectOptions = {}): CommandApdu {
  return select(SELECT_P1.any, Uint8Array.of(0x3f, 0x00), options);
}

/** SELECT by path (P1 08 from the MF without its 3F00, or P1 09 from the current DF): FIDs concatenated. */
export function selectPath(
  path: readonly (number | Uint8Array)[],
  options: SelectOptions & { from?: 'mf' | 'currentDf' } = {},
): CommandApdu {
  if (path.length === 0) throw new CccdError('INVALID_ARGUMENT', 'path: empty');
  const p1 = options.from === 'currentDf' ? SELECT_P1.pathFromCurrentDf : SELECT_P1.pathFromMf;
  return select(p1, concatBytes(...path.map((f, i) => fidBytes(f, `path[${i}]`))), options);
}

/** Largest offset that P1-P2 of READ/UPDATE BINARY with even INS can carry (ISO/IEC 7816-4 §11.2.2: 15 bits). */
export const MAX_EVEN_INS_OFFSET = 0x7fff;
/** Largest offset P2 carries when P1 names a short EF identifier. */
export const MAX_SFI_OFFSET = 0xff;

function checkSfi(sfi: number): number {
  if (!Number.isInteger(sfi) || sfi < 1 || sfi > 30) throw new CccdError('INVALID_ARGUMENT', `sfi: ${sfi} not 1..30`);
  return sfi;
}

function checkOffset(offset: number, max: number): number {
  if (!Number.isInteger(offset) || offset < 0 || offset > max) {
    throw new CccdError('INVALID_ARGUMENT', `offset: ${offset} not within 0..${max}`);
  }
  return offset;
}

/** P1-P2 for an even-INS binary command: SFI in P1 bits 5-1 with bit 8 set and offset in P2, or a 15-bit offset. */
function binaryP1P2(offset: number, sfi: number | undefined): [number, number] {
  if (sfi !== undefined) return [0x80 | checkSfi(sfi), checkOffset(offset, MAX_SFI_OFFSET)];
  checkOffset(offset, MAX_EVEN_INS_OFFSET);
  return [offset >> 8, offset & 0xff];
}

export interface ReadBinaryInit {
  /** Byte offset in the EF. Up to 32,767 (255 with `sfi`); use {@link readBinaryOdd} beyond. */
  offset: number;
  /** Ne: bytes wanted, 1..65536 (256 encodes short Le 00; above 256 forces extended length). */
  ne: number;
  /** Short EF identifier: selects the EF implicitly (ICAO 9303-10 §3.9.3; P1 = 80|SFI). */
  sfi?: number;
  /** Force the extended Le form even for Ne <= 256. */
  extended?: boolean;
  cla?: number;
}

/**
 * READ BINARY with even INS B0 (ISO/IEC 7816-4 §11.2.3).
 *
 * @example
 * encodeCommand(readBinary({ offset: 4, ne: 0x12 })); // 00B0000412
 */
export function readBinary(init: ReadBinaryInit): CommandApdu {
  const [p1, p2] = binaryP1P2(init.offset, init.sfi);
  return command({ cla: init.cla, ins: INS.READ_BINARY, p1, p2, ne: init.ne, extended: init.extended });
}

/** The offset data object '54' of the odd-INS binary commands (ISO/IEC 7816-4 §11.2.2), at least two bytes. */
export function offsetDataObject(offset: number): Uint8Array {
  if (!Number.isSafeInteger(offset) || offset < 0) throw new CccdError('INVALID_ARGUMENT', `offset: ${offset}`);
  const v = bigIntToBytes(BigInt(offset));
  return encodeTlv(0x54, v.length < 2 ? Uint8Array.of(0, ...v) : v);
}

export interface ReadBinaryOddInit {
  offset: number;
  /**
   * Ne: bytes of the response data field, which wraps the file bytes in a DO'53' (2-4 header bytes), so ask
   * for the wanted length plus the header (see {@link discretionaryHeaderLength}).
   */
  ne: number;
  /** File to read: a FID (P1-P2), or omitted for the current EF (P1-P2 = 0000). */
  fid?: number | Uint8Array;
  extended?: boolean;
  cla?: number;
}

/**
 * READ BINARY with odd INS B1 and offset DO'54' (ISO/IEC 7816-4 §11.2.3), for offsets above 32,767
 * (ICAO 9303-10 §3.9.3 allows files up to 64 KB and beyond; a DG2 with several images exceeds 32 KB).
 */
export function readBinaryOdd(init: ReadBinaryOddInit): CommandApdu {
  const fid = init.fid === undefined ? Uint8Array.of(0, 0) : fidBytes(init.fid);
  const data = offsetDataObject(init.offset);
  return command({
    cla: init.cla,
    ins: INS.READ_BINARY_ODD,
    p1: fid[0],
    p2: fid[1],
    data,
    ne: init.ne,
    extended: init.extended,
  });
}

/** Tag and length bytes of a DO'53' carrying `n` bytes: what an odd-INS READ BINARY adds to the file data. */
export function discretionaryHeaderLength(n: number): number {
  return n < 0x80 ? 2 : n < 0x100 ? 3 : n < 0x10000 ? 4 : 5;
}

export interface UpdateBinaryInit {
  offset: number;
  /** Bytes to write; above 255 the extended Lc form is used (or chain with chainCommand). */
  data: Uint8Array;
  sfi?: number;
  cla?: number;
}

/** UPDATE BINARY with even INS D6 (ISO/IEC 7816-4 §11.2.5): how a personalization script writes an EF. */
export function updateBinary(init: UpdateBinaryInit): CommandApdu {
  abytes(init.data, 'data');
  const [p1, p2] = binaryP1P2(init.offset, init.sfi);
  return command({ cla: init.cla, ins: INS.UPDATE_BINARY, p1, p2, data: init.data });
}

/** UPDATE BINARY with odd INS D7: offset DO'54' and the bytes in DO'53', for offsets above 32,767. */
export function updateBinaryOdd(init: Omit<UpdateBinaryInit, 'sfi'> & { fid?: number | Uint8Array }): CommandApdu {
  abytes(init.data, 'data');
  const fid = init.fid === undefined ? Uint8Array.of(0, 0) : fidBytes(init.fid);
  const data = concatBytes(offsetDataObject(init.offset), encodeTlv(0x53, init.data));
  return command({ cla: init.cla, ins: INS.UPDATE_BINARY_ODD, p1: fid[0], p2: fid[1], data });
}

/** GET RESPONSE (ISO/IEC 7816-4 §7.6.1) after a 61xx answer: Ne = xx (00 means 256). */
export function getResponse(ne: number, options: { cla?: number } = {}): CommandApdu {
  return command({ cla: options.cla, ins: INS.GET_RESPONSE, ne });
}

/**
 * GET CHALLENGE (ISO/IEC 7816-4 §11.5.3); BAC asks for 8 bytes (ICAO 9303-11 §4.3.4.1).
 *
 * @example
 * encodeCommand(getChallenge()); // 0084000008
 */
export function getChallenge(options: { length?: number; cla?: number } = {}): CommandApdu {
  return command({ cla: options.cla, ins: INS.GET_CHALLENGE, ne: options.length ?? 8 });
}

export interface AuthenticateOptions {
  /** Ne (default: none for EXTERNAL AUTHENTICATE, 256 for INTERNAL AUTHENTICATE). */
  ne?: number;
  /** Algorithm reference (P1) and key reference (P2); 00 00 for ICAO 9303-11. */
  p1?: number;
  p2?: number;
  cla?: number;
}

/**
 * EXTERNAL AUTHENTICATE / MUTUAL AUTHENTICATE (INS 82, ISO/IEC 7816-4 §11.5.4). BAC sends E.IFD || M.IFD and
 * expects 40 bytes back (ICAO 9303-11 §4.3.4.2): `externalAuthenticate(data, { ne: 40 })`.
 */
export function externalAuthenticate(data: Uint8Array, options: AuthenticateOptions = {}): CommandApdu {
  abytes(data, 'data');
  return command({
    cla: options.cla,
    ins: INS.EXTERNAL_AUTHENTICATE,
    p1: options.p1,
    p2: options.p2,
    data,
    ne: options.ne,
  });
}

/** MUTUAL AUTHENTICATE is EXTERNAL AUTHENTICATE with response data (ISO/IEC 7816-4 §11.5.4). */
export const mutualAuthenticate = externalAuthenticate;

/**
 * INTERNAL AUTHENTICATE (INS 88, ISO/IEC 7816-4 §11.5.2): Active Authentication sends the 8-byte challenge
 * (ICAO 9303-11 §6.1) and reads the signature with Le 00.
 */
export function internalAuthenticate(challenge: Uint8Array, options: AuthenticateOptions = {}): CommandApdu {
  abytes(challenge, 'challenge');
  return command({
    cla: options.cla,
    ins: INS.INTERNAL_AUTHENTICATE,
    p1: options.p1,
    p2: options.p2,
    data: challenge,
    ne: options.ne ?? 256,
  });
}

/** ISO/IEC 7816-4 §11.5.11 Table 79 with the templates of BSI TR-03110-3 §B.11.1: MSE P1-P2 by use. */
export const MSE_P1P2 = {
  /** MSE:Set AT for PACE (ICAO 9303-11 §4.4.4.1). */
  setAtPace: 0xc1a4,
  /** MSE:Set AT for Chip Authentication with AES or DH/ECDH (ICAO 9303-11 §6.2.4.2). */
  setAtChipAuthentication: 0x41a4,
  /** MSE:Set AT for Terminal Authentication (BSI TR-03110-3 §B.11.1). */
  setAtTerminalAuthentication: 0x81a4,
  /** MSE:Set KAT for Chip Authentication with 3DES (ICAO 9303-11 §6.2.4.1). */
  setKat: 0x41a6,
  /** MSE:Set DST to select a public key for certificate verification (BSI TR-03110-3 §B.11.1). */
  setDst: 0x81b6,
} as const;

/** PACE password references for DO'83' (ICAO 9303-11 §4.4.4.1, BSI TR-03110-3 §D.2.1.1). */
export const PACE_PASSWORD_REFERENCE = { mrz: 0x01, can: 0x02, pin: 0x03, puk: 0x04 } as const;

export type PacePassword = keyof typeof PACE_PASSWORD_REFERENCE;

function referenceBytes(value: number | Uint8Array, title: string): Uint8Array {
  if (value instanceof Uint8Array) return abytes(value, title);
  if (!Number.isSafeInteger(value) || value < 0) throw new CccdError('INVALID_ARGUMENT', `${title}: ${value}`);
  return bigIntToBytes(BigInt(value));
}

function oidValue(protocol: string | Uint8Array): Uint8Array {
  return typeof protocol === 'string' ? encodeOidValue(protocol) : abytes(protocol, 'protocol');
}

/**
 * The data objects of an MSE:Set command (BSI TR-03110-3 §B.11.1), each optional. They are sent in the order
 * 80, 83, 67, 91, 84, 7F4C, which matches every template: PACE (80 83 84 7F4C), CA Set AT (80 84), Set KAT
 * (91 84, ICAO 9303-11 §6.2.4.1) and TA Set AT (80 83 67 91).
 */
export interface MseDataObjects {
  /** DO'80' cryptographic mechanism reference: the protocol OID (dotted, or content octets). */
  protocol?: string | Uint8Array;
  /** DO'83' reference of a public key / secret key: PACE password reference, TA certificate holder reference. */
  keyReference?: number | Uint8Array;
  /** DO'84' reference of a private key: PACE domain parameter ID, CA key ID. */
  privateKeyReference?: number | Uint8Array;
  /** DO'67' auxiliary authenticated data (TA), already encoded. */
  auxiliaryData?: Uint8Array;
  /** DO'91' ephemeral public key (Set KAT for CA with 3DES; TA: the compressed key). */
  ephemeralPublicKey?: Uint8Array;
  /** DO'7F4C' certificate holder authorization template (PACE for EAC terminals), full TLV. */
  chat?: Uint8Array;
}

/** MANAGE SECURITY ENVIRONMENT (INS 22, ISO/IEC 7816-4 §11.5.11) with the given P1-P2 and data objects. */
export function manageSecurityEnvironment(
  p1p2: number,
  objects: MseDataObjects,
  options: { cla?: number } = {},
): CommandApdu {
  if (!Number.isInteger(p1p2) || p1p2 < 0 || p1p2 > 0xffff) throw new CccdError('INVALID_ARGUMENT', `p1p2: ${p1p2}`);
  const parts: Uint8Array[] = [];
  if (objects.protocol !== undefined) parts.push(encodeTlv(0x80, oidValue(objects.protocol)));
  if (objects.keyReference !== undefined)
    parts.push(encodeTlv(0x83, referenceBytes(objects.keyReference, 'keyReference')));
  if (objects.auxiliaryData !== undefined) parts.push(abytes(objects.auxiliaryData, 'auxiliaryData'));
  if (objects.ephemeralPublicKey !== undefined)
    parts.push(encodeTlv(0x91, abytes(objects.ephemeralPublicKey, 'ephemeralPublicKey')));
  if (objects.privateKeyReference !== undefined) {
    parts.push(encodeTlv(0x84, referenceBytes(objects.privateKeyReference, 'privateKeyReference')));
  }
  if (objects.chat !== undefined) parts.push(abytes(objects.chat, 'chat'));
  const data = concatBytes(...parts);
  return command({ cla: options.cla, ins: INS.MANAGE_SECURITY_ENVIRONMENT, p1: p1p2 >> 8, p2: p1p2 & 0xff, data });
}

export interface MseSetAtPaceInit {
  /** The PACE protocol OID from PACEInfo, e.g. id-PACE-ECDH-GM-AES-CBC-CMAC-128. */
  protocol: string | Uint8Array;
  password: PacePassword;
  /**
   * Standardized domain parameter ID for DO'84' (ICAO 9303-11 §4.4.4.1: required only when the chip lists
   * several parameter sets). Omitted by default, as in the App. G worked example.
   */
  domainParameterId?: number;
  /** Full DO'7F4C' for EAC terminals. */
  chat?: Uint8Array;
}

/**
 * MSE:Set AT for PACE (00 22 C1 A4).
 *
 * @example
 * encodeCommand(mseSetAtPace({ protocol: '0.4.0.127.0.7.2.2.4.2.2', password: 'mrz' }));
 * // 0022C1A40F800A04007F00070202040202830101 (ICAO 9303-11 App. G.1)
 */
export function mseSetAtPace(init: MseSetAtPaceInit): CommandApdu {
  const ref = PACE_PASSWORD_REFERENCE[init.password];
  if (ref === undefined) throw new CccdError('INVALID_ARGUMENT', `password: '${init.password}' is not mrz/can/pin/puk`);
  return manageSecurityEnvironment(MSE_P1P2.setAtPace, {
    protocol: init.protocol,
    keyReference: ref,
    privateKeyReference: init.domainParameterId,
    chat: init.chat,
  });
}

/** MSE:Set AT for Chip Authentication with AES (00 22 41 A4; ICAO 9303-11 §6.2.4.2): DO'80' and the key ID in DO'84'. */
export function mseSetAtChipAuthentication(init: { protocol: string | Uint8Array; keyId?: number }): CommandApdu {
  return manageSecurityEnvironment(MSE_P1P2.setAtChipAuthentication, {
    protocol: init.protocol,
    privateKeyReference: init.keyId,
  });
}

/**
 * MSE:Set KAT for Chip Authentication with 3DES (00 22 41 A6; ICAO 9303-11 §6.2.4.1): the terminal's ephemeral
 * public key in DO'91' and the key ID in DO'84' when DG14 lists several keys.
 */
export function mseSetKat(init: { ephemeralPublicKey: Uint8Array; keyId?: number }): CommandApdu {
  return manageSecurityEnvironment(MSE_P1P2.setKat, {
    ephemeralPublicKey: init.ephemeralPublicKey,
    privateKeyReference: init.keyId,
  });
}

export interface GeneralAuthenticateOptions {
  /** True on every command of a chain but the last: sets CLA bit '10' (ISO/IEC 7816-4 §5.4.1). */
  chained?: boolean;
  /** Ne (default 256: Le 00, as ICAO 9303-11 §4.4.4.2 sends). */
  ne?: number;
  cla?: number;
}

/**
 * GENERAL AUTHENTICATE (INS 86, ISO/IEC 7816-4 §11.5.5) with dynamic authentication data: `objects` are the
 * encoded data objects that go inside the '7C' template (empty for PACE step 1).
 *
 * @example
 * encodeCommand(generalAuthenticate(new Uint8Array(0), { chained: true })); // 10860000027C0000
 */
export function generalAuthenticate(objects: Uint8Array, options: GeneralAuthenticateOptions = {}): CommandApdu {
  abytes(objects, 'objects');
  const cla = (options.cla ?? 0x00) | (options.chained ? CLA_CHAINING : 0);
  return command({ cla, ins: INS.GENERAL_AUTHENTICATE, data: encodeTlv(0x7c, objects), ne: options.ne ?? 256 });
}

/** PUT DATA (INS DA, ISO/IEC 7816-4 §11.4.6): P1-P2 is the tag of the data object written (personalization). */
export function putData(tag: number, data: Uint8Array, options: { cla?: number } = {}): CommandApdu {
  if (!Number.isInteger(tag) || tag < 0 || tag > 0xffff) throw new CccdError('INVALID_ARGUMENT', `tag: ${tag}`);
  return command({ cla: options.cla, ins: INS.PUT_DATA, p1: tag >> 8, p2: tag & 0xff, data: abytes(data, 'data') });
}
