// PKCS#11 v2.40 signer (OASIS PKCS#11 Base Specification §5.13 C_Sign) over the optional pkcs11js binding:
// document signer keys stay in the HSM; the host hashes and the token signs (CKM_ECDSA returns r||s).
import { createRequire } from 'node:module';
import { decodeOidValue, encodeOid } from '../asn1/der.js';
import { ecdsaPlainToDer } from '../crypto/ecdsa.js';
import { type HashAlgorithm, hash } from '../crypto/hash.js';
import { CccdError } from '../errors.js';
import type { SignatureAlgorithm } from './algorithms.js';
import { decodeDer, need } from './der-read.js';
import { encodeEcPublicKeyInfo, encodeRsaPublicKeyInfo } from './public-key.js';
import type { Signer } from './signer.js';

/** The parts of the pkcs11js API this module uses (typed here so the optional package is not needed to compile). */
interface Pkcs11Lib {
  load(path: string): void;
  C_Initialize(): void;
  C_Finalize(): void;
  C_GetSlotList(tokenPresent?: boolean): Buffer[];
  C_GetTokenInfo(slot: Buffer): { label: string };
  C_OpenSession(slot: Buffer, flags: number): Buffer;
  C_CloseSession(session: Buffer): void;
  C_Login(session: Buffer, userType: number, pin?: string): void;
  C_Logout(session: Buffer): void;
  C_FindObjectsInit(session: Buffer, template: { type: number; value?: unknown }[]): void;
  C_FindObjects(session: Buffer, max: number): Buffer[];
  C_FindObjectsFinal(session: Buffer): void;
  C_GetAttributeValue(session: Buffer, obj: Buffer, template: { type: number }[]): { type: number; value?: Buffer }[];
  C_SignInit(session: Buffer, mechanism: { mechanism: number; parameter?: unknown }, key: Buffer): void;
  C_Sign(session: Buffer, data: Buffer, out: Buffer): Buffer;
  C_GenerateKeyPair(
    session: Buffer,
    mechanism: { mechanism: number },
    pub: { type: number; value?: unknown }[],
    priv: { type: number; value?: unknown }[],
  ): { publicKey: Buffer; privateKey: Buffer };
}
/** The PKCS#11 constants used here, read from the binding (their values are those of pkcs11t.h). */
const CONSTANTS = [
  'CKF_SERIAL_SESSION',
  'CKF_RW_SESSION',
  'CKU_USER',
  'CKA_CLASS',
  'CKA_LABEL',
  'CKA_ID',
  'CKA_TOKEN',
  'CKA_PRIVATE',
  'CKA_SENSITIVE',
  'CKA_EXTRACTABLE',
  'CKA_SIGN',
  'CKA_VERIFY',
  'CKA_KEY_TYPE',
  'CKA_EC_PARAMS',
  'CKA_EC_POINT',
  'CKA_MODULUS',
  'CKA_MODULUS_BITS',
  'CKA_PUBLIC_EXPONENT',
  'CKO_PRIVATE_KEY',
  'CKO_PUBLIC_KEY',
  'CKK_EC',
  'CKK_RSA',
  'CKM_ECDSA',
  'CKM_EC_KEY_PAIR_GEN',
  'CKM_RSA_PKCS_KEY_PAIR_GEN',
  'CK_PARAMS_RSA_PSS',
  'CKM_SHA1_RSA_PKCS',
  'CKM_SHA224_RSA_PKCS',
  'CKM_SHA256_RSA_PKCS',
  'CKM_SHA384_RSA_PKCS',
  'CKM_SHA512_RSA_PKCS',
  'CKM_SHA1_RSA_PKCS_PSS',
  'CKM_SHA224_RSA_PKCS_PSS',
  'CKM_SHA256_RSA_PKCS_PSS',
  'CKM_SHA384_RSA_PKCS_PSS',
  'CKM_SHA512_RSA_PKCS_PSS',
  'CKM_SHA_1',
  'CKM_SHA224',
  'CKM_SHA256',
  'CKM_SHA384',
  'CKM_SHA512',
  'CKG_MGF1_SHA1',
  'CKG_MGF1_SHA224',
  'CKG_MGF1_SHA256',
  'CKG_MGF1_SHA384',
  'CKG_MGF1_SHA512',
] as const;
type ConstName = (typeof CONSTANTS)[number];
type Pkcs11Module = { PKCS11: new () => Pkcs11Lib } & { readonly [K in ConstName]: number };

function unavailable(message: string, cause?: unknown): never {
  throw new CccdError('PKCS11_UNAVAILABLE', message, cause === undefined ? {} : { cause });
}

function loadBinding(): Pkcs11Module {
  try {
    const mod = createRequire(import.meta.url)('pkcs11js') as Pkcs11Module;
    for (const name of CONSTANTS) if (typeof mod[name] !== 'number') throw new TypeError(`pkcs11js lacks ${name}`);
    return mod;
  } catch (cause) {
    unavailable('the optional package pkcs11js is not installed (npm install pkcs11js@~2.1)', cause);
  }
}

/** PKCS#11 error name (CKR_...) of a pkcs11js error, or undefined. */
function ckr(e: unknown): string | undefined {
  return e instanceof Error && /^CKR_/.test(e.message) ? e.message : undefined;
}

/** Where the key is: module, token label, key label or id; and how to get the PIN. */
export interface Pkcs11Options {
  /** Path of the PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so. */
  module: string;
  /** Token label (slot IDs change between runs; labels do not). */
  token: string;
  /** CKA_LABEL of the key pair. */
  keyLabel?: string;
  /** CKA_ID of the key pair. */
  keyId?: Uint8Array;
  /**
   * The user PIN: taken from `env.CCCD_PKCS11_PIN`, else from this prompt. Never a command-line argument,
   * so that it is not logged.
   */
  prompt?: () => Promise<string>;
  env?: Readonly<Record<string, string | undefined>>;
}

interface Session {
  readonly lib: Pkcs11Lib;
  readonly consts: Pkcs11Module;
  readonly handle: Buffer;
  close(): void;
}

const LOADED = new Map<string, { lib: Pkcs11Lib; users: number }>();

async function openSession(o: Pkcs11Options): Promise<Session> {
  const consts = loadBinding();
  let entry = LOADED.get(o.module);
  if (!entry) {
    const lib = new consts.PKCS11();
    try {
      lib.load(o.module);
      lib.C_Initialize();
    } catch (cause) {
      unavailable(`PKCS#11 module ${o.module} could not be loaded (check --pkcs11-module)`, cause);
    }
    entry = { lib, users: 0 };
    LOADED.set(o.module, entry);
  }
  const { lib } = entry;
  const slots = lib.C_GetSlotList(true);
  const labels = slots.map((s) => lib.C_GetTokenInfo(s).label.trim());
  const index = labels.indexOf(o.token);
  if (index < 0) {
    unavailable(
      `token '${o.token}' not found in ${o.module} (tokens: ${labels.join(', ') || 'none'}; check --pkcs11-token)`,
    );
  }
  const pin = o.env?.CCCD_PKCS11_PIN ?? (o.prompt ? await o.prompt() : undefined);
  if (!pin) unavailable('no PKCS#11 PIN: set CCCD_PKCS11_PIN or answer the PIN prompt');
  const handle = lib.C_OpenSession(slots[index] as Buffer, consts.CKF_SERIAL_SESSION | consts.CKF_RW_SESSION);
  try {
    lib.C_Login(handle, consts.CKU_USER, pin);
  } catch (cause) {
    const name = ckr(cause);
    if (name !== 'CKR_USER_ALREADY_LOGGED_IN') {
      lib.C_CloseSession(handle);
      unavailable(
        name === 'CKR_PIN_INCORRECT' || name === 'CKR_PIN_LOCKED'
          ? `login to token '${o.token}' failed: ${name} (check CCCD_PKCS11_PIN)`
          : `login to token '${o.token}' failed: ${name ?? 'unknown error'}`,
        cause,
      );
    }
  }
  entry.users++;
  const e = entry;
  let open = true;
  return {
    lib,
    consts,
    handle,
    close() {
      if (!open) return;
      open = false;
      try {
        lib.C_Logout(handle);
      } catch {
        // Another session of the same token may still be logged in; closing is what matters.
      }
      lib.C_CloseSession(handle);
      if (--e.users === 0) {
        lib.C_Finalize();
        LOADED.delete(o.module);
      }
    },
  };
}

function findObject(s: Session, cls: number, o: Pkcs11Options): Buffer | undefined {
  const template: { type: number; value?: unknown }[] = [{ type: s.consts.CKA_CLASS, value: cls }];
  if (o.keyLabel !== undefined) template.push({ type: s.consts.CKA_LABEL, value: o.keyLabel });
  if (o.keyId !== undefined) template.push({ type: s.consts.CKA_ID, value: Buffer.from(o.keyId) });
  s.lib.C_FindObjectsInit(s.handle, template);
  const found = s.lib.C_FindObjects(s.handle, 2);
  s.lib.C_FindObjectsFinal(s.handle);
  if (found.length > 1) unavailable('more than one key matches; give --pkcs11-key-id or a unique label');
  return found[0];
}

const u8 = (b: Buffer | undefined) =>
  b ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength).slice() : new Uint8Array();

function unwrapPoint(raw: Uint8Array): Uint8Array {
  if (raw[0] !== 0x04) return raw;
  try {
    const inner = decodeDer(raw, 'CKA_EC_POINT');
    if (inner.tag === 0x04 && inner.value[0] === 0x04 && inner.value.length % 2 === 1) return inner.value;
  } catch {
    // Not DER: the bare point.
  }
  return raw;
}

/** SPKI of the token's public key (EC: CKA_EC_PARAMS + CKA_EC_POINT; RSA: modulus and exponent). */
function publicKeyOf(s: Session, pub: Buffer): { spki: Uint8Array; kind: 'ec' | 'rsa'; size: number } {
  const [type] = s.lib.C_GetAttributeValue(s.handle, pub, [{ type: s.consts.CKA_KEY_TYPE }]);
  // CK_ULONG in host byte order (8 bytes on 64-bit Linux).
  const v = type?.value;
  const keyType = !v ? -1 : v.length === 8 ? Number(v.readBigUInt64LE(0)) : v.readUIntLE(0, v.length);
  if (keyType === s.consts.CKK_EC) {
    const [params, point] = s.lib.C_GetAttributeValue(s.handle, pub, [
      { type: s.consts.CKA_EC_PARAMS },
      { type: s.consts.CKA_EC_POINT },
    ]);
    const curveOid = decodeOidValue(need(decodeDer(u8(params?.value), 'CKA_EC_PARAMS'), 0x06, 'CKA_EC_PARAMS').value);
    // PKCS#11 §2.3.3: CKA_EC_POINT is the DER OCTET STRING of the point (some modules return the bare point).
    const q = unwrapPoint(u8(point?.value));
    return { spki: encodeEcPublicKeyInfo(curveOid, q), kind: 'ec', size: (q.length - 1) / 2 };
  }
  if (keyType === s.consts.CKK_RSA) {
    const [n, e] = s.lib.C_GetAttributeValue(s.handle, pub, [
      { type: s.consts.CKA_MODULUS },
      { type: s.consts.CKA_PUBLIC_EXPONENT },
    ]);
    return { spki: encodeRsaPublicKeyInfo(u8(n?.value), u8(e?.value)), kind: 'rsa', size: u8(n?.value).length };
  }
  return unavailable(`key type ${keyType} is neither EC nor RSA`);
}

const MECHS: Record<HashAlgorithm, { rsa: ConstName; pss: ConstName; hash: ConstName; mgf: ConstName }> = {
  'SHA-1': { rsa: 'CKM_SHA1_RSA_PKCS', pss: 'CKM_SHA1_RSA_PKCS_PSS', hash: 'CKM_SHA_1', mgf: 'CKG_MGF1_SHA1' },
  'SHA-224': { rsa: 'CKM_SHA224_RSA_PKCS', pss: 'CKM_SHA224_RSA_PKCS_PSS', hash: 'CKM_SHA224', mgf: 'CKG_MGF1_SHA224' },
  'SHA-256': { rsa: 'CKM_SHA256_RSA_PKCS', pss: 'CKM_SHA256_RSA_PKCS_PSS', hash: 'CKM_SHA256', mgf: 'CKG_MGF1_SHA256' },
  'SHA-384': { rsa: 'CKM_SHA384_RSA_PKCS', pss: 'CKM_SHA384_RSA_PKCS_PSS', hash: 'CKM_SHA384', mgf: 'CKG_MGF1_SHA384' },
  'SHA-512': { rsa: 'CKM_SHA512_RSA_PKCS', pss: 'CKM_SHA512_RSA_PKCS_PSS', hash: 'CKM_SHA512', mgf: 'CKG_MGF1_SHA512' },
};

/** A Signer whose key is in a PKCS#11 token; `close()` logs out and ends the session. */
export interface Pkcs11Signer extends Signer {
  close(): void;
}

/**
 * Opens a signer for a token key. Missing module, token, key or a wrong PIN are PKCS11_UNAVAILABLE errors
 * that say what to fix. `algorithm` defaults to ECDSA with SHA-256/384/512 by key size, or RSA PKCS#1 SHA-256.
 *
 * @example
 * const signer = await openPkcs11Signer({ module: '/usr/lib/softhsm/libsofthsm2.so', token: 'ds-signer', keyLabel: 'ds', env: process.env });
 */
export async function openPkcs11Signer(o: Pkcs11Options & { algorithm?: SignatureAlgorithm }): Promise<Pkcs11Signer> {
  if (o.keyLabel === undefined && o.keyId === undefined) {
    throw new CccdError('INVALID_ARGUMENT', 'keyLabel or keyId: one is required');
  }
  const s = await openSession(o);
  try {
    const priv = findObject(s, s.consts.CKO_PRIVATE_KEY, o);
    const pub = findObject(s, s.consts.CKO_PUBLIC_KEY, o);
    if (!priv || !pub) unavailable(`key '${o.keyLabel ?? 'id'}' not found in token '${o.token}' (check --pkcs11-key)`);
    const key = publicKeyOf(s, pub);
    const defaultHash: HashAlgorithm =
      key.kind === 'rsa' || key.size <= 32 ? 'SHA-256' : key.size <= 48 ? 'SHA-384' : 'SHA-512';
    const algorithm = o.algorithm ?? { kind: key.kind === 'ec' ? 'ecdsa' : 'rsa-pkcs1', hash: defaultHash };
    if ((key.kind === 'ec') !== (algorithm.kind === 'ecdsa' || algorithm.kind === 'ecdsa-plain')) {
      throw new CccdError('INVALID_ARGUMENT', `algorithm ${algorithm.kind} does not fit the token's ${key.kind} key`);
    }
    const h = algorithm.hash as HashAlgorithm;
    const m = MECHS[h];
    const mechanism =
      key.kind === 'ec'
        ? { mechanism: s.consts.CKM_ECDSA }
        : algorithm.kind === 'rsa-pss'
          ? {
              mechanism: s.consts[m.pss],
              parameter: {
                type: s.consts.CK_PARAMS_RSA_PSS,
                hashAlg: s.consts[m.hash],
                mgf: s.consts[m.mgf],
                saltLen: algorithm.pss?.saltLength ?? 32,
              },
            }
          : { mechanism: s.consts[m.rsa] };
    const sigLength = key.kind === 'ec' ? 2 * key.size : key.size;
    return {
      algorithm,
      publicKey: key.spki,
      description: `pkcs11:${o.token}/${o.keyLabel ?? 'id'}`,
      async sign(message) {
        try {
          s.lib.C_SignInit(s.handle, mechanism, priv);
          // CKM_ECDSA signs a digest computed here (SoftHSM2 and many HSMs lack CKM_ECDSA_SHA256).
          const input = key.kind === 'ec' ? hash(h, message) : message;
          const out = u8(s.lib.C_Sign(s.handle, Buffer.from(input), Buffer.alloc(sigLength)));
          return algorithm.kind === 'ecdsa' ? ecdsaPlainToDer(out) : out;
        } catch (cause) {
          throw new CccdError('SIGNER_FAILED', `token '${o.token}' refused to sign: ${ckr(cause) ?? 'error'}`, {
            cause,
          });
        }
      },
      close: () => s.close(),
    };
  } catch (e) {
    s.close();
    throw e;
  }
}

/** Options of generatePkcs11KeyPair: the token, and the curve (dotted OID name) or RSA size. */
export interface Pkcs11KeyGenOptions extends Pkcs11Options {
  keyLabel: string;
  keyId?: Uint8Array;
  /** EC curve as a dotted OID (e.g. oid('brainpoolP256r1')) or an RSA modulus size. */
  key: { curve: string } | { rsaBits: number };
}

/** Generates a signing key pair inside the token (never extractable) and returns its SPKI. */
export async function generatePkcs11KeyPair(o: Pkcs11KeyGenOptions): Promise<Uint8Array> {
  const s = await openSession(o);
  try {
    const c = s.consts;
    const id = Buffer.from(o.keyId ?? new TextEncoder().encode(o.keyLabel));
    const common = [
      { type: c.CKA_TOKEN, value: true },
      { type: c.CKA_LABEL, value: o.keyLabel },
      { type: c.CKA_ID, value: id },
    ];
    const pub =
      'curve' in o.key
        ? [
            ...common,
            { type: c.CKA_VERIFY, value: true },
            { type: c.CKA_EC_PARAMS, value: Buffer.from(encodeOid(o.key.curve)) },
          ]
        : [
            ...common,
            { type: c.CKA_VERIFY, value: true },
            { type: c.CKA_MODULUS_BITS, value: o.key.rsaBits },
            { type: c.CKA_PUBLIC_EXPONENT, value: Buffer.from([1, 0, 1]) },
          ];
    const priv = [
      ...common,
      { type: c.CKA_PRIVATE, value: true },
      { type: c.CKA_SENSITIVE, value: true },
      { type: c.CKA_EXTRACTABLE, value: false },
      { type: c.CKA_SIGN, value: true },
    ];
    const mech = { mechanism: 'curve' in o.key ? c.CKM_EC_KEY_PAIR_GEN : c.CKM_RSA_PKCS_KEY_PAIR_GEN };
    try {
      const pair = s.lib.C_GenerateKeyPair(s.handle, mech, pub, priv);
      return publicKeyOf(s, pair.publicKey).spki;
    } catch (cause) {
      if (cause instanceof CccdError) throw cause;
      throw new CccdError('SIGNER_FAILED', `key generation in token '${o.token}' failed: ${ckr(cause) ?? 'error'}`, {
        cause,
      });
    }
  } finally {
    s.close();
  }
}
