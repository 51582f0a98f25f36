// The simulated chip's persistent state (files, keys, life cycle) as JSON, so that a personalized chip can be
// kept, served (`cccd sim serve`) and read later. Secrets are stored in the clear: this is a test chip.
import { fromHex, toHex } from '../bytes.js';
import { CccdError } from '../errors.js';
import type { AccessCondition, HashName } from '../profile/types.js';

/** ISO/IEC 7816-4 §5.3.3.2 life cycle status, reduced to the three states a chip identity document passes. */
export type LifeCycle = 'blank' | 'personalization' | 'operational';

export interface EfState {
  fid: number;
  sfi?: number;
  access: AccessCondition;
  /** Allocated size (CREATE FILE); content beyond `data.length` is unwritten. */
  size: number;
  data: Uint8Array;
}

export interface DfState {
  /** 'MF' or the application's name ('LDS1'). */
  name: string;
  fid?: number;
  aid?: Uint8Array;
  files: EfState[];
}

/** Keys and settings written by PUT DATA during personalization (see apdu/personalization.md). */
export interface ChipSecrets {
  /** K = SHA-1(MRZ information) (ICAO 9303-11 §9.7.2); BAC uses its first 16 bytes as Kseed. */
  mrzKey?: Uint8Array;
  /** Card access number, ASCII digits. */
  can?: string;
  /** Active Authentication private key, PKCS#8 DER. */
  aaPrivateKey?: Uint8Array;
  /** Chip Authentication private key, PKCS#8 DER (EC) or a DH private key (see perso-command-set.ts). */
  caPrivateKey?: Uint8Array;
  caKeyId?: number;
  /** PACE settings (SecurityInfos DER); absent: the chip runs the PACEInfos of EF.CardAccess. */
  paceSettings?: Uint8Array;
}

export interface ChipConfig {
  /** Profile the chip was created from. */
  profile: string;
  atr: Uint8Array;
  /** Status word for SELECT MF (CCCD answers 6D00); 9000 when absent. */
  selectMfStatus?: number;
  extendedLength: boolean;
  /** Whether the chip runs BAC (default true); PACE-only chips refuse EXTERNAL AUTHENTICATE. */
  bac?: boolean;
  /** Hash of Active Authentication with an RSA key (ICAO 9303-11 §6.1.2.2); ECDSA takes it from DG14. */
  aaHash?: HashName;
  maxCommandLength: number;
  maxResponseLength: number;
}

export interface ChipState {
  lifeCycle: LifeCycle;
  config: ChipConfig;
  dfs: DfState[];
  secrets: ChipSecrets;
}

const FORMAT = 'cccd-sim-state/1';

interface EfJson {
  fid: string;
  sfi?: number;
  access: AccessCondition;
  size: number;
  data: string;
}

/** Serializes the state as stable, readable JSON. */
export function stateToJson(s: ChipState): string {
  const hexOpt = (b: Uint8Array | undefined) => (b ? toHex(b) : undefined);
  const doc = {
    format: FORMAT,
    lifeCycle: s.lifeCycle,
    config: { ...s.config, atr: toHex(s.config.atr) },
    dfs: s.dfs.map((df) => ({
      name: df.name,
      fid: df.fid === undefined ? undefined : df.fid.toString(16).toUpperCase().padStart(4, '0'),
      aid: hexOpt(df.aid),
      files: df.files.map(
        (f): EfJson => ({
          fid: f.fid.toString(16).toUpperCase().padStart(4, '0'),
          sfi: f.sfi,
          access: f.access,
          size: f.size,
          data: toHex(f.data),
        }),
      ),
    })),
    secrets: {
      mrzKey: hexOpt(s.secrets.mrzKey),
      can: s.secrets.can,
      aaPrivateKey: hexOpt(s.secrets.aaPrivateKey),
      caPrivateKey: hexOpt(s.secrets.caPrivateKey),
      caKeyId: s.secrets.caKeyId,
      paceSettings: hexOpt(s.secrets.paceSettings),
    },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

const ACCESS: ReadonlySet<string> = new Set(['always', 'bac-or-pace', 'pace', 'terminal-authentication', 'never']);
const HASHES: ReadonlySet<string> = new Set(['SHA-1', 'SHA-224', 'SHA-256', 'SHA-384', 'SHA-512']);
const LIFE: ReadonlySet<string> = new Set(['blank', 'personalization', 'operational']);

function bad(path: string, message: string): never {
  throw new CccdError('CARD_STATE', message, { path });
}

function str(v: unknown, path: string): string {
  if (typeof v !== 'string') bad(path, 'expected a string');
  return v;
}

function num(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) bad(path, 'expected a non-negative integer');
  return v;
}

function hex(v: unknown, path: string): Uint8Array {
  try {
    return fromHex(str(v, path));
  } catch (e) {
    if (e instanceof CccdError && e.code === 'CARD_STATE') throw e;
    return bad(path, 'expected hexadecimal bytes');
  }
}

function optional<T>(v: unknown, f: (v: unknown) => T): T | undefined {
  return v === undefined || v === null ? undefined : f(v);
}

function obj(v: unknown, path: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(path, 'expected an object');
  return v as Record<string, unknown>;
}

function arr(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) bad(path, 'expected an array');
  return v;
}

/** Parses and validates a state file; every problem is a CARD_STATE error with the field's path. */
export function stateFromJson(text: string): ChipState {
  let doc: Record<string, unknown>;
  try {
    doc = obj(JSON.parse(text), 'state');
  } catch (e) {
    if (e instanceof CccdError) throw e;
    return bad('state', 'not valid JSON');
  }
  if (doc.format !== FORMAT) bad('state.format', `expected '${FORMAT}'`);
  const lifeCycle = str(doc.lifeCycle, 'state.lifeCycle');
  if (!LIFE.has(lifeCycle)) bad('state.lifeCycle', `unknown life cycle '${lifeCycle}'`);
  const c = obj(doc.config, 'state.config');
  const config: ChipConfig = {
    profile: str(c.profile, 'state.config.profile'),
    atr: hex(c.atr, 'state.config.atr'),
    selectMfStatus: optional(c.selectMfStatus, (v) => num(v, 'state.config.selectMfStatus')),
    extendedLength: c.extendedLength === true,
    bac: c.bac === false ? false : undefined,
    aaHash: optional(c.aaHash, (v) => {
      const h = str(v, 'state.config.aaHash');
      if (!HASHES.has(h)) bad('state.config.aaHash', `unknown hash '${h}'`);
      return h as HashName;
    }),
    maxCommandLength: num(c.maxCommandLength, 'state.config.maxCommandLength'),
    maxResponseLength: num(c.maxResponseLength, 'state.config.maxResponseLength'),
  };
  const dfs = arr(doc.dfs, 'state.dfs').map((d, i): DfState => {
    const p = `state.dfs[${i}]`;
    const o = obj(d, p);
    return {
      name: str(o.name, `${p}.name`),
      fid: optional(o.fid, (v) => Number.parseInt(str(v, `${p}.fid`), 16)),
      aid: optional(o.aid, (v) => hex(v, `${p}.aid`)),
      files: arr(o.files, `${p}.files`).map((f, j): EfState => {
        const q = `${p}.files[${j}]`;
        const e = obj(f, q);
        const access = str(e.access, `${q}.access`);
        if (!ACCESS.has(access)) bad(`${q}.access`, `unknown access condition '${access}'`);
        const fid = Number.parseInt(str(e.fid, `${q}.fid`), 16);
        if (!Number.isInteger(fid) || fid < 0 || fid > 0xffff) bad(`${q}.fid`, 'expected a 2-byte hex FID');
        const data = hex(e.data, `${q}.data`);
        const size = num(e.size, `${q}.size`);
        if (data.length > size) bad(`${q}.data`, `holds ${data.length} bytes, more than the file size ${size}`);
        return { fid, sfi: optional(e.sfi, (v) => num(v, `${q}.sfi`)), access: access as AccessCondition, size, data };
      }),
    };
  });
  const s = obj(doc.secrets ?? {}, 'state.secrets');
  return {
    lifeCycle: lifeCycle as LifeCycle,
    config,
    dfs,
    secrets: {
      mrzKey: optional(s.mrzKey, (v) => hex(v, 'state.secrets.mrzKey')),
      can: optional(s.can, (v) => str(v, 'state.secrets.can')),
      aaPrivateKey: optional(s.aaPrivateKey, (v) => hex(v, 'state.secrets.aaPrivateKey')),
      caPrivateKey: optional(s.caPrivateKey, (v) => hex(v, 'state.secrets.caPrivateKey')),
      caKeyId: optional(s.caKeyId, (v) => num(v, 'state.secrets.caKeyId')),
      paceSettings: optional(s.paceSettings, (v) => hex(v, 'state.secrets.paceSettings')),
    },
  };
}
