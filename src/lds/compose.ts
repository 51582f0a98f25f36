// ICAO 9303-10 §4 and docs/cccd-chip.md: from a citizen record, a card profile, the portrait and the chip's
// public keys to every elementary file the profile lists (EF.COM, DG1, DG2, DG3, DG13, DG14, DG15,
// EF.CardAccess). Platform-free: the caller reads files and generates keys.
import { oid } from '../asn1/oids.js';
import type { CitizenRecord } from '../citizen/types.js';
import { CccdError } from '../errors.js';
import { cccdMrzFromCitizen, citizenMrzName } from '../mrz/cccd.js';
import type { CardProfile, HashName } from '../profile/types.js';
import { buildCardAccess } from './card-access.js';
import { buildEfCom } from './com.js';
import { buildDg1 } from './dg1.js';
import { buildDg2, FACE_HEADER } from './dg2.js';
import { buildDg3, fingerHeader } from './dg3.js';
import { buildDg11, type Dg11 } from './dg11.js';
import { buildDg12 } from './dg12.js';
import { buildDg13, type Dg13Fields } from './dg13.js';
import { buildDg14 } from './dg14.js';
import { buildDg15 } from './dg15.js';
import type { FaceImage } from './face-record.js';
import type { FingerView } from './finger-record.js';
import { imageInfo } from './image-info.js';
import { decodePublicKeyInfoBytes, type PublicKeyInfo } from './public-key.js';
import { dataGroupTag, type EfName } from './registry.js';
import type { SecurityInfo } from './security-infos.js';

/** A fingerprint image as the bureau captured it (JPEG, JPEG 2000, WSQ or PNG). */
export interface FingerprintImage {
  /** ISO/IEC 19794-4 Table 5 finger position (1 right thumb ... 10 left little). */
  position: number;
  image: Uint8Array;
}

export interface ComposeInput {
  citizen: CitizenRecord;
  profile: CardProfile;
  /** The portrait bytes (JPEG or JPEG 2000, as the profile's `lds.portraitFormat` says). */
  portrait: Uint8Array;
  fingerprints?: FingerprintImage[];
  /** SubjectPublicKeyInfo DER of the chip's keys: `ca` for DG14 (Chip Authentication), `aa` for DG15. */
  chipPublicKeys?: { ca?: Uint8Array; aa?: Uint8Array };
}

/** The built files, in the order a bureau writes them; only files the profile lists are present. */
export interface ComposedFiles {
  files: Partial<Record<EfName, Uint8Array>>;
  /** The DG13 fields written, for display. */
  dg13: Dg13Fields;
  /** The MRZ lines written in DG1. */
  mrz: string[];
}

/** ISO 8601 date to the `dd/MM/yyyy` text of CCCD DG13 (cccd-chip.md fields 3, 11, 12). */
export function cccdDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new CccdError('CITIZEN_INVALID', `'${iso}' is not YYYY-MM-DD`, { path: 'citizen' });
  return `${m[3]}/${m[2]}/${m[1]}`;
}

/** cccd-chip.md field 12 for cards without expiry. */
export const CCCD_NO_EXPIRY_TEXT = 'Không thời hạn';
const CCCD_SEX: Readonly<Record<CitizenRecord['sex'], string | undefined>> = { M: 'Nam', F: 'Nữ', X: undefined };

/** The DG13 fields of a citizen (cccd-chip.md table), with the CCCD date and sex texts. */
export function dg13FromCitizen(c: CitizenRecord): Dg13Fields {
  const fields: Dg13Fields = {
    idNumber: c.id,
    fullName: c.fullName,
    dateOfBirth: cccdDate(c.birthDate),
    sex: CCCD_SEX[c.sex],
    nationality: c.nationality,
    ethnicity: c.ethnicity,
    religion: c.religion,
    placeOfOrigin: c.placeOfOrigin,
    placeOfResidence: c.placeOfResidence,
    identifyingMarks: c.identifyingMarks,
    dateOfIssue: cccdDate(c.issueDate),
    dateOfExpiry: c.expiryDate === null ? CCCD_NO_EXPIRY_TEXT : cccdDate(c.expiryDate),
    fatherName: c.father,
    motherName: c.mother,
    spouseName: c.spouse ?? undefined,
    oldIdNumber: c.oldId,
    cardNumber: c.cardNumber,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Dg13Fields;
}

const digits = (iso: string) => iso.replace(/-/g, '');

/**
 * DG11 (ICAO 9303-10 §4.7.11) of a citizen: the name in national characters (primary `<<` secondary), the
 * personal number, full date of birth, place of origin and permanent address (parts kept, `, ` becomes `<`).
 */
export function dg11FromCitizen(c: CitizenRecord): Dg11 {
  const name = citizenMrzName(c);
  const words = c.fullName.trim().split(/\s+/);
  const primary = c.mrzName ? name.primary : (words[0] ?? '');
  const secondary = c.mrzName ? name.secondary : words.slice(1).join(' ');
  return {
    fullName: `${primary}<<${secondary}`,
    personalNumber: c.id,
    fullDateOfBirth: digits(c.birthDate),
    placeOfBirth: c.placeOfOrigin.replace(/,\s*/g, '<'),
    permanentAddress: c.placeOfResidence.replace(/,\s*/g, '<'),
  };
}

/** ISO/IEC 19794-5 §5.5.3 gender codes. */
const GENDER: Readonly<Record<CitizenRecord['sex'], number>> = { M: 1, F: 2, X: 0 };

function faceImage(citizen: CitizenRecord, portrait: Uint8Array, profile: CardProfile): FaceImage {
  const info = imageInfo(portrait, 'portrait');
  if (info.format !== profile.lds.portraitFormat) {
    throw new CccdError(
      'INVALID_ARGUMENT',
      `portrait is ${info.format}, the profile asks for ${profile.lds.portraitFormat}`,
      {
        path: 'portrait',
      },
    );
  }
  return {
    gender: GENDER[citizen.sex],
    eyeColour: 0,
    hairColour: 0,
    propertyMask: 0,
    expression: 0,
    poseAngle: [0, 0, 0],
    poseAngleUncertainty: [0, 0, 0],
    featurePoints: [],
    // §5.7.1: full frontal; §5.7.4: 24-bit RGB or 8-bit grey; §5.7.5: static photo from a digital camera.
    faceImageType: 1,
    imageDataType: info.format === 'jpeg' ? 'jpeg' : 'jpeg2000',
    width: info.width,
    height: info.height,
    colourSpace: info.components === 1 ? 3 : 1,
    sourceType: 2,
    deviceType: 0,
    quality: 0,
    image: portrait,
  };
}

/** ISO/IEC 19794-4 Table 3 compression codes by image format. */
const COMPRESSION = { wsq: 2, jpeg: 3, jpeg2000: 4, png: 5 } as const;

/** ISO/IEC 19785-3 finger subtype bits: 01 right, 02 left; then thumb 04, index 08, middle 0C, ring 10, little 14. */
function fingerSubtype(position: number): number {
  if (position < 1 || position > 10) return 0;
  const hand = position <= 5 ? 0x01 : 0x02;
  return hand | ((((position - 1) % 5) + 1) * 4);
}

function dg3(fingerprints: readonly FingerprintImage[]): Uint8Array {
  return buildDg3({
    instances: fingerprints.map((f, i) => {
      const info = imageInfo(f.image, `fingerprints[${i}]`);
      const view: FingerView = {
        position: f.position,
        viewCount: 1,
        viewNumber: 1,
        quality: 254,
        impressionType: 0,
        width: info.width,
        height: info.height,
        image: f.image,
      };
      return {
        header: fingerHeader(fingerSubtype(f.position)),
        record: {
          captureDeviceId: 0,
          imageAcquisitionLevel: 31,
          scaleUnits: 1,
          scanResolution: [500, 500],
          imageResolution: [500, 500],
          pixelDepth: 8,
          compression: COMPRESSION[info.format],
          views: [view],
        },
      };
    }),
  });
}

/** BSI TR-03111 §5.2.1 plain ECDSA OIDs, as ActiveAuthenticationInfo names them (ICAO 9303-11 §6.1). */
const PLAIN_ECDSA: Readonly<Record<HashName, string>> = {
  'SHA-1': oid('ecdsa-plain-SHA1'),
  'SHA-224': oid('ecdsa-plain-SHA224'),
  'SHA-256': oid('ecdsa-plain-SHA256'),
  'SHA-384': oid('ecdsa-plain-SHA384'),
  'SHA-512': oid('ecdsa-plain-SHA512'),
};

function paceInfos(profile: CardProfile): SecurityInfo[] {
  return profile.access.pace.map((p) => ({
    type: 'PACEInfo' as const,
    protocol: oid(p.protocol),
    version: 2,
    parameterId: p.parameterId,
  }));
}

function caInfo(profile: CardProfile): SecurityInfo[] {
  const ca = profile.chipAuthentication;
  if (!ca) return [];
  const info: SecurityInfo = { type: 'ChipAuthenticationInfo', protocol: oid(ca.protocol), version: 1 };
  if (ca.keyId !== undefined) info.keyId = ca.keyId;
  return [info];
}

function taInfo(profile: CardProfile): SecurityInfo[] {
  return profile.terminalAuthentication
    ? [{ type: 'TerminalAuthenticationInfo', protocol: oid('id-TA'), version: profile.terminalAuthentication.version }]
    : [];
}

function requireKey(spki: Uint8Array | undefined, which: string): PublicKeyInfo {
  if (!spki) throw new CccdError('INVALID_ARGUMENT', `chipPublicKeys.${which}: the profile needs this key`);
  return decodePublicKeyInfoBytes(spki, `chipPublicKeys.${which}`);
}

/** DG14 (ICAO 9303-11 §9.2.5-§9.2.7): the CA public key and info, PACE infos, the AA info for ECDSA, TA. */
function dg14(input: ComposeInput): Uint8Array {
  const { profile } = input;
  const infos: SecurityInfo[] = [];
  if (profile.chipAuthentication) {
    const publicKey = requireKey(input.chipPublicKeys?.ca, 'ca');
    const pk: SecurityInfo = {
      type: 'ChipAuthenticationPublicKeyInfo',
      protocol: oid(publicKey.kind === 'dh' ? 'id-PK-DH' : 'id-PK-ECDH'),
      publicKey,
    };
    if (profile.chipAuthentication.keyId !== undefined) pk.keyId = profile.chipAuthentication.keyId;
    infos.push(pk, ...caInfo(profile));
  }
  infos.push(...paceInfos(profile));
  const aa = profile.activeAuthentication;
  if (aa && input.chipPublicKeys?.aa && decodePublicKeyInfoBytes(input.chipPublicKeys.aa).kind === 'ec') {
    // ICAO 9303-11 §6.1: with an ECDSA Active Authentication key, DG14 names the signature algorithm.
    infos.push({
      type: 'ActiveAuthenticationInfo',
      protocol: oid('id-icao-mrtd-security-aaProtocolObject'),
      version: 1,
      signatureAlgorithm: PLAIN_ECDSA[aa.hash],
    });
  }
  infos.push(...taInfo(profile));
  return buildDg14({ infos });
}

/**
 * Builds every elementary file the profile lists for the citizen. DG3 is written only when fingerprints are
 * given; EF.COM lists the data groups actually built.
 *
 * @example
 * const { files } = composeCard({ citizen, profile: builtinProfile('cccd-2021'), portrait, chipPublicKeys });
 * files.DG13; // the CCCD DG13 bytes
 */
export function composeCard(input: ComposeInput): ComposedFiles {
  const { citizen, profile } = input;
  const wanted = new Set(profile.lds.dataGroups);
  const mrz = cccdMrzFromCitizen(citizen, profile);
  const dg13 = dg13FromCitizen(citizen);
  const builders: [number, () => Uint8Array | undefined][] = [
    [1, () => buildDg1({ lines: mrz })],
    [
      2,
      () =>
        buildDg2({
          instances: [{ header: FACE_HEADER, record: { images: [faceImage(citizen, input.portrait, profile)] } }],
        }),
    ],
    [3, () => (input.fingerprints?.length ? dg3(input.fingerprints) : undefined)],
    [11, () => buildDg11(dg11FromCitizen(citizen))],
    // ICAO 9303-10 §4.7.12: the date of issue is what the record knows of the document's details.
    [12, () => buildDg12({ dateOfIssue: digits(citizen.issueDate) })],
    [13, () => buildDg13(dg13)],
    [14, () => dg14(input)],
    [15, () => buildDg15({ publicKey: requireKey(input.chipPublicKeys?.aa, 'aa') })],
  ];
  const unsupported = [...wanted].filter((n) => !builders.some(([b]) => b === n));
  if (unsupported.length) {
    throw new CccdError('LDS_UNSUPPORTED', `the composer does not build DG${unsupported.join(', DG')}`, {
      path: 'profile.lds.dataGroups',
    });
  }
  const groups: [number, Uint8Array][] = [];
  for (const [n, build] of builders) {
    if (!wanted.has(n)) continue;
    const bytes = build();
    if (bytes) groups.push([n, bytes]);
  }
  const files: Partial<Record<EfName, Uint8Array>> = {
    'EF.COM': buildEfCom({
      ldsVersion: profile.lds.version,
      unicodeVersion: profile.lds.unicodeVersion,
      tags: groups.map(([n]) => dataGroupTag(n) as number),
    }),
  };
  for (const [n, bytes] of groups) files[`DG${n}` as EfName] = bytes;
  // ICAO 9303-11 §9.2.9: EF.CardAccess carries the PACE infos, with CA and TA as cards are seen to (cccd-chip.md).
  const access = [...taInfo(profile), ...caInfo(profile), ...paceInfos(profile)];
  if (access.length) files['EF.CardAccess'] = buildCardAccess({ infos: access });
  return { files, dg13, mrz };
}
