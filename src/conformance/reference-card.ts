// The conformance lab's reference card (ICAO 9303-10 §4, 9303-11 §4/§6, 9303-12 §5): a development PKI, a
// synthetic citizen and a chip personalized to a profile, so that the suite and its mutants run with no files.

import { runScript } from '../apdu/script-runner.js';
import { fromHex } from '../bytes.js';
import { blankState, chipConfigFor, SimulatedChip } from '../card/chip.js';
import type { ChipState } from '../card/state.js';
import { validateCitizen } from '../citizen/schema.js';
import type { CitizenRecord } from '../citizen/types.js';
import type { RandomSource } from '../crypto/random.js';
import { CccdError } from '../errors.js';
import { decodeDg1 } from '../lds/dg1.js';
import { bacKeyMaterial } from '../mrz/bac.js';
import { parseMrz } from '../mrz/mrz.js';
import { prepareCard } from '../perso/prepare.js';
import { personalizationScript } from '../perso/script.js';
import { createDevelopmentPki, type DevelopmentPki } from '../pki/dev-pki.js';
import type { CardProfile } from '../profile/types.js';
import type { LabConfig } from './types.js';

/** A synthetic 8x8 greyscale baseline JPEG (ISO/IEC 10918-1): the smallest portrait and finger image DG2/DG3 take. */
export const TINY_JPEG = fromHex(
  'FFD8FFE000104A46494600010100000100010000FFDB004300100B0C0E0C0A100E0D0E1211101318281A181616183123251D283A333D3C3933383740485C4E404457453738506D51575F626768673E4D71797064785C656763FFC0000B080008000801011100FFC400D20000010501010101010100000000000000000102030405060708090A0B100002010303020403050504040000017D01020300041105122131410613516107227114328191A1082342B1C11552D1F02433627282090A161718191A25262728292A3435363738393A434445464748494A535455565758595A636465666768696A737475767778797A838485868788898A92939495969798999AA2A3A4A5A6A7A8A9AAB2B3B4B5B6B7B8B9BAC2C3C4C5C6C7C8C9CAD2D3D4D5D6D7D8D9DAE1E2E3E4E5E6E7E8E9EAF1F2F3F4F5F6F7F8F9FAFFDA0008010100003F00D0CE06D1C0E8030FF3FE7EB5FFD9',
);

/** The lab's synthetic citizen (the same person as examples/citizens/nguyen-van-an.json). */
export const REFERENCE_CITIZEN: CitizenRecord = validateCitizen({
  id: '001099012345',
  fullName: 'NGUYỄN VĂN AN',
  sex: 'M',
  birthDate: '1999-01-01',
  nationality: 'Việt Nam',
  nationalityCode: 'VNM',
  ethnicity: 'Kinh',
  religion: 'Không',
  placeOfOrigin: 'Xã A, Huyện B, Tỉnh C',
  placeOfResidence: 'Số 1, Phường D, Quận E, Hà Nội',
  identifyingMarks: 'Nốt ruồi cách 1cm trên mép phải',
  issueDate: '2021-07-10',
  expiryDate: '2039-01-01',
  father: 'NGUYỄN VĂN BÌNH',
  mother: 'TRẦN THỊ LAN',
  spouse: null,
  oldId: '123456789',
  cardNumber: '0123456789ABCDEF',
  portrait: 'portrait.jpg',
});

export interface ReferenceCardOptions {
  profile: CardProfile;
  citizen?: CitizenRecord;
  /** Reuse a PKI (the mutants of one run share theirs). */
  pki?: DevelopmentPki;
  now?: () => Date;
  random?: RandomSource;
}

/** A personalized, locked reference chip and what the lab knows about it. */
export interface ReferenceCard {
  readonly profile: CardProfile;
  /** The chip's persistent state after personalization (clone it for each mutant). */
  readonly state: ChipState;
  readonly pki: DevelopmentPki;
  /** Credentials, trust anchors and clock for the suite. */
  readonly lab: LabConfig;
  /** Every file as written, by registry name. */
  readonly files: ReadonlyMap<string, Uint8Array>;
}

const PKI_KEY: Readonly<Record<string, string>> = { brainpoolP256r1: 'brainpoolP256r1', secp256r1: 'p256' };

/** The development PKI key type for a profile's document signer (EC curves by name, RSA by size). */
export function pkiKeyFor(profile: CardProfile): string {
  const k = profile.sod.signerKey;
  return k.kind === 'ec' ? (PKI_KEY[k.curve] ?? k.curve) : k.kind === 'rsa' ? `rsa${k.bits}` : 'p256';
}

/**
 * Builds the reference card of a profile: DG3 is written (with a synthetic finger image) when the profile lists
 * it, so that the Terminal Authentication access rule can be tested.
 *
 * @example
 * const ref = await createReferenceCard({ profile: builtinProfile('cccd-2021') });
 * const chip = new SimulatedChip(structuredClone(ref.state));
 */
export async function createReferenceCard(o: ReferenceCardOptions): Promise<ReferenceCard> {
  const { profile } = o;
  const pki =
    o.pki ??
    (await createDevelopmentPki({
      key: pkiKeyFor(profile),
      country: profile.issuingState === 'VNM' ? 'VN' : 'UT',
      documentTypes: [profile.documentCode.replace(/<+$/, '')],
      ...(o.now ? { now: o.now } : {}),
      ...(o.random ? { random: o.random } : {}),
    }));
  const fingerprints = profile.lds.dataGroups.includes(3)
    ? [
        { position: 2, image: TINY_JPEG },
        { position: 7, image: TINY_JPEG },
      ]
    : undefined;
  const card = await prepareCard({
    profile,
    citizen: o.citizen ?? REFERENCE_CITIZEN,
    portrait: TINY_JPEG,
    ...(fingerprints ? { fingerprints } : {}),
    signer: pki.dsSigner,
    certificate: pki.ds,
    ...(o.now ? { now: o.now } : {}),
    ...(o.random ? { random: o.random } : {}),
  });
  const chip = new SimulatedChip(blankState(chipConfigFor(profile)));
  await runScript(chip, personalizationScript(card.image));
  return {
    profile,
    state: chip.exportState(),
    pki,
    files: card.files,
    lab: {
      credentials: { can: card.can, mrz: card.bac },
      trust: { certificates: [pki.csca], crls: [pki.crl] },
      ...(o.now ? { now: o.now } : {}),
    },
  };
}

/**
 * The credentials a simulated chip's state implies: its CAN, and the MRZ fields of its DG1 (ICAO 9303-11 §9.7.2),
 * so that a saved chip can be tested without typing them.
 */
export function credentialsFromState(state: ChipState): LabConfig['credentials'] {
  const dg1 = state.dfs
    .filter((d) => d.name !== 'MF')
    .flatMap((d) => d.files)
    .find((f) => f.fid === 0x0101)?.data;
  let mrz: { documentNumber: string; birthDate: string; expiryDate: string } | undefined;
  if (dg1?.length) {
    try {
      // A wrong check digit in DG1 is for the data cases to report; the key uses the fields as printed.
      const k = bacKeyMaterial(parseMrz(decodeDg1(dg1).lines, { checkDigits: 'report' }));
      mrz = { documentNumber: k.documentNumber, birthDate: k.birthDate, expiryDate: k.expiryDate };
    } catch (e) {
      if (!(e instanceof CccdError)) throw e;
    }
  }
  return { ...(state.secrets.can ? { can: state.secrets.can } : {}), ...(mrz ? { mrz } : {}) };
}
