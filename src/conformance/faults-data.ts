// Faults in the personalized data (ICAO 9303-10 §4.6-§4.7, ICAO 9303-3 §4.9, ICAO 9303-12 §7.1.1): each changes
// the files of the reference card and, unless the fault is about the signature itself, re-signs EF.SOD so that
// only the rule the fault breaks is broken.
import { oid } from '../asn1/oids.js';
import { bytesToBigInt, equalBytes, fromHex } from '../bytes.js';
import type { ChipState } from '../card/state.js';
import type { HashAlgorithm } from '../crypto/hash.js';
import { buildCardAccess, decodeCardAccess } from '../lds/card-access.js';
import { buildDg1, decodeDg1 } from '../lds/dg1.js';
import { buildDg2, decodeDg2 } from '../lds/dg2.js';
import { buildDg13, decodeDg13 } from '../lds/dg13.js';
import { buildDg14, decodeDg14 } from '../lds/dg14.js';
import { efByFid, efByName } from '../lds/registry.js';
import { signSod } from '../lds/sod.js';
import { buildMrz, parseMrz } from '../mrz/mrz.js';
import { type Certificate, issueCertificate } from '../pki/certificate.js';
import { createDevelopmentPki, type DevelopmentPki } from '../pki/dev-pki.js';
import { encodeExtension } from '../pki/extensions.js';
import { documentSignerTemplate } from '../pki/profiles.js';
import type { Signer } from '../pki/signer.js';
import { softwareSigner } from '../pki/software-signer.js';
import type { CardProfile } from '../profile/types.js';
import type { Feature } from './types.js';

/** What a data fault may use: the files by name, the lab's PKI and the profile. */
export interface DataFaultTools {
  readonly files: Map<string, Uint8Array>;
  readonly pki: DevelopmentPki;
  readonly profile: CardProfile;
  readonly state: ChipState;
  /** Issues a document signer certificate for the lab's DS key with changes to the template. */
  issueDs(change: {
    notBefore?: Date;
    notAfter?: Date;
    privateKeyUsageEnd?: Date;
    documentTypes?: string[];
    keyUsage?: 'keyCertSign';
  }): Promise<Certificate>;
}

/** How EF.SOD is re-signed after the change; `false` keeps the old EF.SOD. */
export interface ResignOptions {
  hash?: HashAlgorithm;
  ldsVersion?: string;
  signingTime?: boolean;
  omit?: number[];
  signer?: Signer;
  certificate?: Certificate;
}

export interface DataFault {
  readonly id: string;
  readonly description: string;
  readonly units: readonly string[];
  /** Claims without which the fault cannot show. */
  readonly requires?: readonly Feature[];
  /**
   * Changes the files (and, for EF.CardAccess, the chip's PACE settings). Returns how to re-sign EF.SOD
   * (ResignOptions), `false` to keep the old EF.SOD, or nothing to re-sign as the profile says.
   */
  readonly change: (t: DataFaultTools) => unknown;
}

const DAY = 86_400_000;

function filesOf(state: ChipState): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const df of state.dfs) {
    for (const ef of df.files) {
      const entry = efByFid(ef.fid, df.name === 'MF' ? 'MF' : 'LDS1');
      if (entry) files.set(entry.name, ef.data);
    }
  }
  return files;
}

function writeBack(state: ChipState, files: Map<string, Uint8Array>): void {
  for (const df of state.dfs) {
    df.files = df.files.flatMap((ef) => {
      const entry = efByFid(ef.fid, df.name === 'MF' ? 'MF' : 'LDS1');
      if (!entry) return [ef];
      const data = files.get(entry.name);
      if (!data) return [];
      return [{ ...ef, data, size: Math.max(ef.size, data.length) }];
    });
  }
}

/** Applies a data fault to a copy of the reference state. */
export async function applyDataFault(
  fault: DataFault,
  state: ChipState,
  pki: DevelopmentPki,
  profile: CardProfile,
): Promise<void> {
  const files = filesOf(state);
  const cscaSigner = () => softwareSigner({ privateKey: pki.cscaKeyPem });
  const tools: DataFaultTools = {
    files,
    pki,
    profile,
    state,
    async issueDs(change) {
      const now = new Date();
      const t = documentSignerTemplate({
        issuer: pki.csca,
        subject: {
          country: pki.ds.subject.rdns.flat().find((a) => a.type === '2.5.4.6')?.value ?? 'VN',
          organization: 'Conformance lab',
          commonName: 'Faulty Document Signer',
        },
        publicKey: pki.dsSigner.publicKey,
        serialNumber: bytesToBigInt(pki.ds.serialNumber) + 1n,
        notBefore: change.notBefore ?? now,
        notAfter: change.notAfter ?? new Date(now.getTime() + 3650 * DAY),
        documentTypes: change.documentTypes ?? [profile.documentCode.replace(/<+$/, '')],
        ...(change.privateKeyUsageEnd ? { privateKeyUsageEnd: change.privateKeyUsageEnd } : {}),
      });
      const keyUsageOid = fromHex('0603551D0F');
      const isKeyUsage = (e: Uint8Array) => e.some((_, i) => equalBytes(e.subarray(i, i + 5), keyUsageOid));
      const extensions = change.keyUsage
        ? t.extensions.map((e) =>
            isKeyUsage(e) ? encodeExtension('keyUsage', [change.keyUsage as 'keyCertSign'], true) : e,
          )
        : t.extensions;
      return issueCertificate({ ...t, extensions }, cscaSigner());
    },
  };
  const out = await fault.change(tools);
  const resign = out === false ? false : typeof out === 'object' && out !== null ? (out as ResignOptions) : undefined;
  if (resign !== false) {
    const o = resign ?? {};
    const dataGroups = new Map<number, Uint8Array>();
    for (const [name, bytes] of files) {
      const n = efByName(name)?.number;
      if (n !== undefined && !(o.omit ?? []).includes(n)) dataGroups.set(n, bytes);
    }
    files.set(
      'EF.SOD',
      await signSod({
        dataGroups,
        signer: o.signer ?? pki.dsSigner,
        certificate: o.certificate ?? pki.ds,
        ldsVersion: o.ldsVersion ?? profile.lds.version,
        unicodeVersion: profile.lds.unicodeVersion,
        hash: o.hash ?? profile.sod.hash,
        ...((o.signingTime ?? profile.sod.signingTime) ? { signingTime: new Date() } : {}),
      }),
    );
  }
  writeBack(state, files);
}

/** The MRZ of DG1, changed by `edit` on its lines (check digits not recomputed). */
function editMrz(t: DataFaultTools, edit: (lines: string[], format: string) => string[]): void {
  const dg1 = t.files.get('DG1');
  if (!dg1) return;
  const lines = decodeDg1(dg1).lines;
  t.files.set('DG1', buildDg1({ lines: edit([...lines], t.profile.documentType) }));
}

/** DG1 rebuilt from its fields with one changed (check digits recomputed). */
function editFields(t: DataFaultTools, change: (f: ReturnType<typeof parseMrz>['fields']) => void): void {
  const dg1 = t.files.get('DG1');
  if (!dg1) return;
  const m = parseMrz(decodeDg1(dg1).lines);
  const fields = { ...m.fields };
  change(fields);
  t.files.set('DG1', buildDg1({ lines: buildMrz(m.format, fields) }));
}

const setChar = (line: string, i: number, c?: string) =>
  line.slice(0, i) + (c ?? (line[i] === '0' ? '1' : '0')) + line.slice(i + 1);

/** ICAO 9303-3 §4.9 / 9303-5 (TD1), 9303-4 (TD3): where each check digit stands, [line, column]. */
const CHECK_POSITIONS: Readonly<Record<string, Readonly<Record<string, [number, number]>>>> = {
  TD1: { documentNumber: [0, 14], birthDate: [1, 6], expiryDate: [1, 14], composite: [1, 29] },
  TD3: { documentNumber: [1, 9], birthDate: [1, 19], expiryDate: [1, 27], composite: [1, 43] },
  TD2: { documentNumber: [1, 9], birthDate: [1, 19], expiryDate: [1, 27], composite: [1, 35] },
};

const checkDigitFault = (field: string, title: string): DataFault => ({
  id: `dg1-check-digit-${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
  description: `the ${title} check digit in DG1 is wrong (EF.SOD re-signed)`,
  units: ['DG1'],
  change: (t) =>
    editMrz(t, (lines, format) => {
      const [l, c] = CHECK_POSITIONS[format]?.[field] ?? [0, 0];
      lines[l] = setChar(lines[l] as string, c);
      return lines;
    }),
});

function editDg13(t: DataFaultTools, change: (d: ReturnType<typeof decodeDg13>) => void): void {
  const b = t.files.get('DG13');
  if (!b) return;
  const d = decodeDg13(b);
  change(d);
  t.files.set('DG13', buildDg13(d));
}

type Info = ReturnType<typeof decodeDg14>['infos'][number];

function editDg14(t: DataFaultTools, keep: (i: Info) => boolean, map: (i: Info) => Info = (i) => i): void {
  const b = t.files.get('DG14');
  if (!b) return;
  t.files.set('DG14', buildDg14({ infos: decodeDg14(b).infos.filter(keep).map(map) }));
}

/** EF.CardAccess changed; the chip keeps running the original PACE settings. */
function editCardAccess(t: DataFaultTools, bytes: (old: Uint8Array) => Uint8Array | undefined): false {
  const old = t.files.get('EF.CardAccess');
  if (!old) return false;
  t.state.secrets.paceSettings = old.slice();
  const next = bytes(old);
  if (next) t.files.set('EF.CardAccess', next);
  else t.files.delete('EF.CardAccess');
  return false;
}

/** The data faults. */
export const DATA_FAULTS: readonly DataFault[] = [
  {
    id: 'dg1-malformed',
    description: 'DG1 holds an empty MRZ element',
    units: ['DG1', 'SOD'],
    change: (t) => {
      t.files.set('DG1', fromHex('61035F1F00'));
    },
  },
  checkDigitFault('documentNumber', 'document number'),
  checkDigitFault('birthDate', 'date of birth'),
  checkDigitFault('expiryDate', 'date of expiry'),
  checkDigitFault('composite', 'composite'),
  {
    id: 'dg1-wrong-document-code',
    description: "the MRZ document code is not the profile's",
    units: ['DG1'],
    change: (t) =>
      editFields(t, (f) => {
        f.documentCode = f.documentCode === 'IX' ? 'ID' : f.documentCode.startsWith('P') ? 'PX' : 'IX';
      }),
  },
  {
    id: 'dg1-wrong-issuing-state',
    description: "the MRZ issuing state is not the profile's",
    units: ['DG1', 'PA'],
    change: (t) =>
      editFields(t, (f) => {
        f.issuingState = 'ZZZ';
      }),
  },
  {
    id: 'dg1-other-document-number',
    description: 'DG1 holds another document number than the one the access keys were made from',
    units: ['DG1'],
    change: (t) =>
      editFields(t, (f) => {
        f.documentNumber = setChar(f.documentNumber, 1);
      }),
  },
  {
    id: 'dg2-wrong-format-type',
    description: 'the DG2 biometric header names the finger format (0007)',
    units: ['DG2'],
    change: (t) => {
      const b = t.files.get('DG2');
      if (!b) return;
      const d = decodeDg2(b);
      t.files.set(
        'DG2',
        buildDg2({ instances: d.instances.map((i) => ({ ...i, header: { ...i.header, formatType: 0x0007 } })) }),
      );
    },
  },
  {
    id: 'dg2-wrong-image-type',
    description: 'the face record declares JPEG 2000 for a JPEG image',
    units: ['DG2'],
    change: (t) => {
      const b = t.files.get('DG2');
      if (!b) return;
      const d = decodeDg2(b);
      t.files.set(
        'DG2',
        buildDg2({
          instances: d.instances.map((i) => ({
            ...i,
            record: {
              images: i.record.images.map((im) => ({
                ...im,
                imageDataType: im.imageDataType === 'jpeg' ? 'jpeg2000' : 'jpeg',
              })),
            },
          })),
        }),
      );
    },
  },
  {
    id: 'dg13-malformed',
    requires: ['dg:13'],
    description: 'DG13 is an empty template',
    units: ['DG13'],
    change: (t) => {
      if (t.files.has('DG13')) t.files.set('DG13', fromHex('6D00'));
    },
  },
  {
    id: 'dg13-id-mismatch',
    requires: ['dg:13'],
    description: 'DG13 holds another ID than DG1',
    units: ['DG13'],
    change: (t) =>
      editDg13(t, (d) => {
        d.idNumber = setChar(d.idNumber ?? '000000000000', 11);
      }),
  },
  {
    id: 'dg13-birth-date-mismatch',
    requires: ['dg:13'],
    description: 'DG13 holds another date of birth than DG1',
    units: ['DG13'],
    change: (t) =>
      editDg13(t, (d) => {
        d.dateOfBirth = setChar(d.dateOfBirth ?? '01/01/2000', 1);
      }),
  },
  {
    id: 'dg13-no-name',
    requires: ['dg:13'],
    description: 'DG13 has an empty name',
    units: ['DG13'],
    change: (t) =>
      editDg13(t, (d) => {
        d.fullName = ' ';
      }),
  },
  {
    id: 'dg14-empty',
    description: 'DG14 holds no SecurityInfo',
    units: ['DG14', 'CA'],
    change: (t) => {
      if (t.files.has('DG14')) t.files.set('DG14', fromHex('6E023100'));
    },
  },
  {
    id: 'dg14-without-ca',
    description: 'DG14 lacks the Chip Authentication infos',
    units: ['DG14'],
    change: (t) => editDg14(t, (i) => i.type !== 'ChipAuthenticationInfo'),
  },
  {
    id: 'dg14-without-aa-info',
    requires: ['aa-ecdsa'],
    description: 'DG14 lacks ActiveAuthenticationInfo for an ECDSA key',
    units: ['DG14'],
    change: (t) => editDg14(t, (i) => i.type !== 'ActiveAuthenticationInfo'),
  },
  {
    id: 'dg14-wrong-ca-protocol',
    description: 'DG14 announces another Chip Authentication protocol than the profile',
    units: ['DG14', 'CAC'],
    change: (t) =>
      editDg14(
        t,
        () => true,
        (i) => (i.type === 'ChipAuthenticationInfo' ? { ...i, protocol: oid('id-CA-ECDH-AES-CBC-CMAC-256') } : i),
      ),
  },
  {
    id: 'dg15-malformed',
    description: 'DG15 holds no public key',
    units: ['DG15', 'AA'],
    change: (t) => {
      if (t.files.has('DG15')) t.files.set('DG15', fromHex('6F023000'));
    },
  },
  {
    id: 'card-access-empty',
    description: 'EF.CardAccess holds no SecurityInfo (the chip still runs PACE)',
    units: ['CAC'],
    change: (t) => editCardAccess(t, () => fromHex('3100')),
  },
  {
    id: 'card-access-version-1',
    description: 'EF.CardAccess announces PACE version 1',
    units: ['CAC'],
    change: (t) =>
      editCardAccess(t, (old) =>
        buildCardAccess({
          infos: decodeCardAccess(old).infos.map((i) => (i.type === 'PACEInfo' ? { ...i, version: 1 } : i)),
        }),
      ),
  },
  {
    id: 'card-access-missing',
    description: 'EF.CardAccess was never written (the chip still runs PACE)',
    units: ['SEL', 'AC'],
    change: (t) => editCardAccess(t, () => undefined),
  },
  {
    id: 'sod-malformed',
    description: 'EF.SOD holds an empty SignedData',
    units: ['SOD'],
    change: (t) => {
      t.files.set('EF.SOD', fromHex('77023000'));
      return false;
    },
  },
  {
    id: 'sod-version-mismatch',
    description: 'the LDSSecurityObject version does not fit the LDS version',
    units: ['SOD'],
    change: (t) => ({ ldsVersion: t.profile.lds.version === '0107' ? '0108' : '0107' }),
  },
  { id: 'sod-sha1', description: 'EF.SOD hashes with SHA-1', units: ['SOD'], change: () => ({ hash: 'SHA-1' }) },
  {
    id: 'sod-without-signing-time',
    description: 'EF.SOD has no signing time though the profile has one',
    units: ['SOD'],
    change: () => ({ signingTime: false }),
  },
  {
    id: 'sod-missing-data-group',
    description: 'EF.SOD leaves out the last data group',
    units: ['SOD', 'COM'],
    change: (t) => ({ omit: [Math.max(...t.profile.lds.dataGroups)] }),
  },
  {
    id: 'ds-expired',
    description: 'the document signer certificate expired',
    units: ['SOD', 'PA'],
    change: async (t) => ({
      certificate: await t.issueDs({
        notBefore: new Date(Date.now() - 800 * DAY),
        notAfter: new Date(Date.now() - 400 * DAY),
      }),
    }),
  },
  {
    id: 'ds-wrong-key-usage',
    description: 'the document signer certificate has keyUsage keyCertSign',
    units: ['SOD', 'PA'],
    change: async (t) => ({ certificate: await t.issueDs({ keyUsage: 'keyCertSign' }) }),
  },
  {
    id: 'ds-wrong-document-type',
    description: 'the document signer may sign only another document type',
    units: ['SOD', 'PA'],
    change: async (t) => ({ certificate: await t.issueDs({ documentTypes: ['XY'] }) }),
  },
  {
    id: 'sod-signed-after-key-usage-period',
    description: 'EF.SOD was signed after the private key usage period of its document signer ended',
    units: ['SOD'],
    change: async (t) => ({
      certificate: await t.issueDs({
        notBefore: new Date(Date.now() - 400 * DAY),
        privateKeyUsageEnd: new Date(Date.now() - 300 * DAY),
      }),
    }),
  },
  {
    id: 'ds-unknown-csca',
    description: "EF.SOD is signed under another CSCA than the lab's",
    units: ['PA'],
    change: async (t) => {
      const other = await createDevelopmentPki({
        key: 'p256',
        country: 'VN',
        documentTypes: [t.profile.documentCode.replace(/<+$/, '')],
      });
      return { signer: other.dsSigner, certificate: other.ds };
    },
  },
];
