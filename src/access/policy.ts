// ICAO 9303-11 §4.2 (chip access procedure): which access protocols a terminal may run, in which order, with
// which passwords; and the record of what ran. No silent PACE-to-BAC fallback (architecture.md rule 9).
import type { RandomSource } from '../crypto/random.js';
import { CccdError, type ErrorCode, ProtocolError } from '../errors.js';
import type { PublicKeyInfo } from '../lds/public-key.js';
import type { Transport } from '../transport/types.js';
import { type BacResult, performBac } from './bac.js';
import type { SessionKeys } from './cipher-suite.js';
import { isWrongPassword } from './exchange.js';
import type { Group } from './group.js';
import { STANDARDIZED_GROUP_IDS } from './groups.js';
import { type PaceResult, performPace } from './pace.js';
import { type Mapping, PACE_ALGORITHMS, type PaceAlgorithm } from './pace-algorithms.js';
import type { MrzKey, PaceCredential, PasswordKind } from './passwords.js';

/** One access method a policy allows. */
export type AccessMethod =
  | { readonly protocol: 'PACE'; readonly password: PasswordKind }
  | { readonly protocol: 'BAC' };

/** Which access methods may run and in which order. */
export interface AccessPolicy {
  /**
   * Methods in order of preference. A later method runs only when the earlier ones could not run: the chip
   * does not offer them, no credential was given, the policy excludes every offered algorithm, or the chip
   * rejected the algorithm in MSE:Set AT. Once a protocol has started (the chip sent its nonce or challenge),
   * a failure ends the access: a wrong password (6300) never leads to another method.
   */
  readonly methods: readonly AccessMethod[];
  /** PACE mappings allowed, in order of preference (default GM, IM, CAM). */
  readonly paceMappings?: readonly Mapping[];
  /** Minimum PACE session key length in bits (default 112, every suite). */
  readonly minimumKeyLength?: 112 | 128 | 192 | 256;
  /**
   * When to send the domain parameter reference '84' in MSE:Set AT: 'when-ambiguous' (default; ICAO 9303-11
   * §4.4.4.1: the chip offers several PACEInfos), 'always' or 'never'.
   */
  readonly parameterReference?: 'when-ambiguous' | 'always' | 'never';
}

/** Ready-made policies. */
export const ACCESS_POLICIES = {
  /** The CCCD: PACE with the CAN (last 6 digits of the ID number), BAC with the MRZ if the chip lacks PACE. */
  cccd: { methods: [{ protocol: 'PACE', password: 'can' }, { protocol: 'BAC' }] },
  /** ICAO 9303-11 §4.2: PACE with the MRZ where offered, BAC otherwise. */
  icao: { methods: [{ protocol: 'PACE', password: 'mrz' }, { protocol: 'BAC' }] },
  /** PACE only, with the CAN: never BAC. */
  paceCanOnly: { methods: [{ protocol: 'PACE', password: 'can' }] },
  /** PACE only, with the MRZ: never BAC. */
  paceMrzOnly: { methods: [{ protocol: 'PACE', password: 'mrz' }] },
  /** BAC only (chips without PACE). */
  bacOnly: { methods: [{ protocol: 'BAC' }] },
} as const satisfies Record<string, AccessPolicy>;

/** The secrets the holder or the inspection system supplies. */
export interface AccessCredentials {
  /** The MRZ (lines, parsed, or the three fields) for BAC and PACE-MRZ. */
  readonly mrz?: MrzKey;
  readonly can?: string;
  readonly pin?: string;
  readonly puk?: string;
}

/** A PACEInfo from EF.CardAccess (ICAO 9303-11 §9.2.1), already decoded (see paceOffers in card-access.ts). */
export interface PaceInfoLike {
  readonly protocol: string;
  readonly version?: number;
  /** Standardized domain parameter ID, or the chip's reference of explicit parameters (sent as '84'). */
  readonly parameterId?: number;
  /** Explicit domain parameters from a PACEDomainParameterInfo, when the chip spells the group out. */
  readonly domainParameters?: Group;
}

export interface AccessOptions {
  readonly policy: AccessPolicy;
  readonly credentials: AccessCredentials;
  /** PACE offers of EF.CardAccess (paceOffers); empty or absent when the chip has no EF.CardAccess (no PACE). */
  readonly paceInfos?: readonly PaceInfoLike[];
  /** PACE-CAM: the chip's static public key, when the terminal already has it. */
  readonly chipAuthenticationPublicKey?: Uint8Array | PublicKeyInfo;
  readonly random?: RandomSource;
}

/** One line of the access record. */
export interface AccessAttempt {
  readonly method: AccessMethod;
  readonly outcome: 'succeeded' | 'failed' | 'skipped';
  /** The PACE protocol OID tried, when one was. */
  readonly algorithm?: string;
  /** Why it was skipped or failed. */
  readonly reason?: string;
  readonly code?: ErrorCode;
  readonly step?: string;
  readonly sw?: number;
}

export interface AccessResult {
  readonly method: AccessMethod;
  readonly keys: SessionKeys;
  readonly pace?: PaceResult;
  readonly bac?: BacResult;
  /** Everything tried, in order, including the method that succeeded. */
  readonly attempts: readonly AccessAttempt[];
  /** True when a method other than the policy's first one opened the chip (e.g. BAC after PACE). */
  readonly fellBack: boolean;
}

/** An access that ended without a session; `attempts` says what was tried and why each one stopped. */
export class AccessError extends ProtocolError {
  readonly attempts: readonly AccessAttempt[];
  constructor(code: ErrorCode, step: string, message: string, attempts: readonly AccessAttempt[], sw?: number) {
    super(code, 'ACCESS', step, message, { sw });
    this.name = 'AccessError';
    this.attempts = attempts;
  }
}

function paceCredential(kind: PasswordKind, credentials: AccessCredentials): PaceCredential | undefined {
  if (kind === 'mrz') return credentials.mrz === undefined ? undefined : { kind, mrz: credentials.mrz };
  const value = credentials[kind];
  return value === undefined ? undefined : { kind, value };
}

interface Candidate {
  readonly info: PaceInfoLike;
  readonly algorithm: PaceAlgorithm;
  readonly parameters: number | Group;
}

/** The offered PACEInfos the policy allows and the terminal can run, in the policy's order of preference. */
function paceCandidates(options: AccessOptions): { candidates: Candidate[]; excluded: string[] } {
  const mappings = options.policy.paceMappings ?? ['GM', 'IM', 'CAM'];
  const minimum = options.policy.minimumKeyLength ?? 112;
  const candidates: Candidate[] = [];
  const excluded: string[] = [];
  for (const info of options.paceInfos ?? []) {
    const algorithm = PACE_ALGORITHMS.get(info.protocol);
    if (!algorithm) {
      excluded.push(`${info.protocol}: not a supported PACE protocol`);
      continue;
    }
    // ICAO 9303-11 §9.2.1: PACEInfo version 2 is the only version ICAO specifies (v1 tokens differ).
    if (info.version !== undefined && info.version !== 2) {
      excluded.push(`${algorithm.oidName}: PACE version ${info.version} is not supported`);
      continue;
    }
    if (!mappings.includes(algorithm.mapping) || algorithm.keyLength < minimum) {
      excluded.push(`${algorithm.oidName}: excluded by the policy`);
      continue;
    }
    const parameters = info.domainParameters ?? info.parameterId;
    if (parameters === undefined || (typeof parameters === 'number' && !STANDARDIZED_GROUP_IDS.includes(parameters))) {
      excluded.push(`${algorithm.oidName}: domain parameters ${info.parameterId ?? '(none)'} unknown`);
      continue;
    }
    candidates.push({ info, algorithm, parameters });
  }
  candidates.sort(
    (a, b) =>
      mappings.indexOf(a.algorithm.mapping) - mappings.indexOf(b.algorithm.mapping) ||
      b.algorithm.keyLength - a.algorithm.keyLength,
  );
  return { candidates, excluded };
}

/** A PACE failure that allows another attempt: the chip refused the algorithm before the protocol started. */
function refusedAtSetup(error: unknown): boolean {
  return (
    error instanceof ProtocolError &&
    error.step === 'mse-set-at' &&
    error.sw !== undefined &&
    !isWrongPassword(error.sw)
  );
}

function failure(method: AccessMethod, error: unknown, algorithm?: string): AccessAttempt {
  const e = error instanceof CccdError ? error : undefined;
  return {
    method,
    outcome: 'failed',
    algorithm,
    reason: error instanceof Error ? error.message : String(error),
    code: e?.code,
    step: error instanceof ProtocolError ? error.step : undefined,
    sw: error instanceof ProtocolError ? error.sw : undefined,
  };
}

function hardStop(attempts: AccessAttempt[], error: unknown): never {
  const last = attempts[attempts.length - 1];
  const code = error instanceof CccdError ? error.code : 'AUTH_FAILED';
  throw new AccessError(code, last?.step ?? 'access', last?.reason ?? 'access failed', attempts, last?.sw);
}

/**
 * Opens a chip as the policy allows: tries its methods in order and returns the session keys with the record
 * of every attempt. Throws AccessError (code POLICY_DENIED) when no allowed method could run, or (code
 * AUTH_FAILED, or the secure messaging code) when a started protocol failed, e.g. a wrong CAN (sw 6300).
 *
 * @example
 * const access = await accessChip(transport, {
 *   policy: ACCESS_POLICIES.cccd,
 *   credentials: { can: '012345', mrz: { documentNumber: '099012345', birthDate: '990101', expiryDate: '390101' } },
 *   paceInfos: [{ protocol: '0.4.0.127.0.7.2.2.4.2.2', version: 2, parameterId: 13 }],
 * });
 */
export async function accessChip(transport: Transport, options: AccessOptions): Promise<AccessResult> {
  const attempts: AccessAttempt[] = [];
  const first = options.policy.methods[0];
  for (const method of options.policy.methods) {
    if (method.protocol === 'BAC') {
      if (options.credentials.mrz === undefined) {
        attempts.push({ method, outcome: 'skipped', reason: 'no MRZ given' });
        continue;
      }
      try {
        const bac = await performBac(transport, { mrz: options.credentials.mrz, random: options.random });
        attempts.push({ method, outcome: 'succeeded' });
        return { method, keys: bac.keys, bac, attempts, fellBack: method !== first };
      } catch (error) {
        attempts.push(failure(method, error));
        hardStop(attempts, error);
      }
    }
    const password = paceCredential(method.password, options.credentials);
    if (!password) {
      attempts.push({ method, outcome: 'skipped', reason: `no ${method.password.toUpperCase()} given` });
      continue;
    }
    const { candidates, excluded } = paceCandidates(options);
    if (candidates.length === 0) {
      const reason = (options.paceInfos ?? []).length === 0 ? 'the chip offers no PACE' : excluded.join('; ');
      attempts.push({ method, outcome: 'skipped', reason });
      continue;
    }
    const mode = options.policy.parameterReference ?? 'when-ambiguous';
    const ambiguous = (options.paceInfos ?? []).length > 1;
    for (const candidate of candidates) {
      const sendReference = mode === 'always' || (mode === 'when-ambiguous' && ambiguous);
      try {
        const pace = await performPace(transport, {
          protocol: candidate.algorithm.oid,
          password,
          domainParameters: candidate.parameters,
          domainParameterReference: sendReference ? candidate.info.parameterId : undefined,
          chipAuthenticationPublicKey: options.chipAuthenticationPublicKey,
          random: options.random,
        });
        attempts.push({ method, outcome: 'succeeded', algorithm: candidate.algorithm.oid });
        return { method, keys: pace.keys, pace, attempts, fellBack: method !== first };
      } catch (error) {
        attempts.push(failure(method, error, candidate.algorithm.oid));
        if (!refusedAtSetup(error)) hardStop(attempts, error);
      }
    }
  }
  throw new AccessError('POLICY_DENIED', 'policy', 'no method the policy allows could open the chip', attempts);
}

/** A JSON-safe account of an access, without keys: what ran, on which parameters, and every attempt. */
export interface AccessSummary {
  readonly protocol: 'PACE' | 'BAC';
  readonly password: PasswordKind | undefined;
  /** The PACE OID's name (id-PACE-ECDH-GM-AES-CBC-CMAC-128), or 'BAC'. */
  readonly algorithm: string;
  readonly domainParameterId: number | undefined;
  readonly chipAuthenticationMapping: 'verified' | 'not verified' | undefined;
  readonly secureMessaging: string;
  readonly fellBack: boolean;
  readonly attempts: readonly AccessAttempt[];
}

/** Summarizes an access result for reports and logs (session keys are left out on purpose). */
export function accessSummary(result: AccessResult): AccessSummary {
  const pace = result.pace;
  return {
    protocol: result.method.protocol,
    password: result.method.protocol === 'PACE' ? result.method.password : undefined,
    algorithm: pace ? pace.algorithm.oidName : 'BAC',
    domainParameterId: pace?.domainParameterId,
    chipAuthenticationMapping: pace?.chipAuthentication
      ? pace.chipAuthentication.verified
        ? 'verified'
        : 'not verified'
      : undefined,
    secureMessaging: result.keys.suite,
    fellBack: result.fellBack,
    attempts: result.attempts,
  };
}
