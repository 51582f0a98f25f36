// ICAO 9303-11 §6.2 Chip Authentication v1, card side: MSE:Set KAT (3DES, §6.2.4.1) or MSE:Set AT + GENERAL
// AUTHENTICATE (AES, §6.2.4.2). The chip's static key pair answers the terminal's ephemeral key; the response to
// the CA command still travels under the old keys and the new ones apply afterwards (§9.8.2).
import { decodeOidValue } from '../../asn1/der.js';
import { wipe } from '../../bytes.js';
import { CccdError } from '../../errors.js';
import { type ChipAuthenticationAlgorithm, chipAuthenticationAlgorithm } from './algorithms.js';
import {
  dynamicAuthenticationData,
  parseDynamicAuthenticationData,
  parseMseData,
  referenceValue,
} from './data-objects.js';
import { type CardGroup, type DomainParameterSource, resolveGroup } from './group.js';
import { type CardSessionKeys, zeroSsc } from './session-keys.js';
import { type CardResponse, SW, status } from './status.js';
import { deriveKey } from './symmetric.js';

/** One Chip Authentication key pair as DG14/EF.CardSecurity announce it (ChipAuthenticationInfo + public key). */
export interface ChipAuthenticationKey {
  /** The ChipAuthenticationInfo protocol OID (dotted), e.g. id-CA-ECDH-AES-CBC-CMAC-128. */
  readonly oid: string;
  /** The keyId of ChipAuthenticationInfo, matched against '84' (needed when the chip has several keys). */
  readonly keyId?: number;
  /** Standardized domain parameters ID or explicit parameters of the key. */
  readonly domain: DomainParameterSource;
  /** SK_IC, the static private key (scalar or exponent). */
  readonly privateKey: bigint;
}

/** Hostile-chip switches for conformance tests; all off by default. */
export interface ChipAuthenticationFaults {
  /** Accept an invalid terminal public key instead of answering 6A80. */
  readonly acceptInvalidKey?: boolean;
  /** Derive the new session keys from a corrupted shared secret (the chip is not the one DG14 describes). */
  readonly wrongKeys?: boolean;
}

export interface ChipAuthenticationResponderConfig {
  readonly keys: readonly ChipAuthenticationKey[];
  readonly faults?: ChipAuthenticationFaults;
}

/** The answer to a CA command; `established` carries the keys to switch to AFTER this response is sent. */
export interface ChipAuthenticationResult extends CardResponse {
  readonly established?: CardSessionKeys;
}

interface Selected {
  readonly key: ChipAuthenticationKey;
  readonly algorithm: ChipAuthenticationAlgorithm;
  readonly group: CardGroup;
}

/**
 * The chip's half of Chip Authentication v1.
 *
 * @example
 * const ca = new ChipAuthenticationResponder({ keys: [{ oid: oid('id-CA-ECDH-AES-CBC-CMAC-128'), domain: 13, privateKey }] });
 * ca.mseSetAt(fromHex('800A04007F00070202030202'));       // 0x9000
 * const r = ca.generalAuthenticate(fromHex('7C438041...'), false); // { data: 7C00, sw: 0x9000, established }
 */
export class ChipAuthenticationResponder {
  readonly #keys: readonly Selected[];
  readonly #faults: ChipAuthenticationFaults;
  #selected: Selected | undefined;

  constructor(config: ChipAuthenticationResponderConfig) {
    this.#keys = config.keys.map((key) => {
      const algorithm = chipAuthenticationAlgorithm(key.oid);
      if (!algorithm) throw new CccdError('CRYPTO_UNSUPPORTED', `keys: ${key.oid} is not a Chip Authentication OID`);
      if (typeof key.privateKey !== 'bigint' || key.privateKey <= 0n) {
        throw new CccdError('INVALID_ARGUMENT', 'keys: privateKey must be a positive bigint');
      }
      const group = resolveGroup(key.domain);
      if (group.kind !== (algorithm.agreement === 'ECDH' ? 'ec' : 'dh')) {
        throw new CccdError('CRYPTO_UNSUPPORTED', `keys: ${algorithm.name} on ${group.kind} domain parameters`);
      }
      return { key, algorithm, group };
    });
    this.#faults = config.faults ?? {};
  }

  /** True between MSE:Set AT and GENERAL AUTHENTICATE (the dispatcher routes GA here). */
  get active(): boolean {
    return this.#selected !== undefined;
  }

  reset(): void {
    this.#selected = undefined;
  }

  /** MSE:Set KAT (22 41 A6, §6.2.4.1): '91' PK_DH,IFD and optional '84' key reference; 3DES variants only. */
  mseSetKat(data: Uint8Array): ChipAuthenticationResult {
    this.reset();
    const objects = parseMseData(data);
    const publicKey = objects?.get(0x91);
    if (!objects || !publicKey) return status(SW.INCORRECT_DATA);
    const candidates = this.#candidates(objects, (a) => a.cipher === '3DES');
    if (!candidates) return status(SW.INCORRECT_DATA);
    if (candidates.length !== 1) return status(SW.REFERENCED_DATA_NOT_FOUND);
    return this.#agree(candidates[0] as Selected, publicKey);
  }

  /** MSE:Set AT for Chip Authentication (22 41 A4, §6.2.4.2): '80' protocol OID and optional '84' key reference. */
  mseSetAt(data: Uint8Array): number {
    this.reset();
    const objects = parseMseData(data);
    const oidValue = objects?.get(0x80);
    if (!objects || !oidValue) return SW.INCORRECT_DATA;
    let dotted: string;
    try {
      dotted = decodeOidValue(oidValue);
    } catch {
      return SW.INCORRECT_DATA;
    }
    if (!this.#keys.some((k) => k.key.oid === dotted)) return SW.INCORRECT_DATA;
    const candidates = this.#candidates(objects, (a) => a.oid === dotted);
    if (!candidates) return SW.INCORRECT_DATA;
    if (candidates.length !== 1) return SW.REFERENCED_DATA_NOT_FOUND;
    this.#selected = candidates[0] as Selected;
    return SW.OK;
  }

  /** GENERAL AUTHENTICATE (00 86 00 00, §6.2.4.2): '7C' { '80' PK_DH,IFD }, answered with an empty '7C'. */
  generalAuthenticate(data: Uint8Array, chained: boolean): ChipAuthenticationResult {
    const selected = this.#selected;
    this.reset();
    if (!selected || chained) return status(SW.CONDITIONS_NOT_SATISFIED);
    const objects = parseDynamicAuthenticationData(data);
    const only = objects?.[0];
    if (objects?.length !== 1 || only?.tag !== 0x80) return status(SW.INCORRECT_DATA);
    const result = this.#agree(selected, only.value);
    return result.sw === SW.OK ? { ...result, data: dynamicAuthenticationData() } : result;
  }

  /** Keys filtered by '84' (when present) and by the protocol; undefined when '84' is malformed. */
  #candidates(
    objects: Map<number, Uint8Array>,
    accept: (a: ChipAuthenticationAlgorithm) => boolean,
  ): Selected[] | undefined {
    const hasReference = objects.has(0x84);
    const reference = referenceValue(objects.get(0x84));
    if (hasReference && reference === undefined) return undefined;
    return this.#keys.filter((k) => accept(k.algorithm) && (!hasReference || k.key.keyId === reference));
  }

  /** §6.2.1 step 3: K = KA(SK_IC, PK_DH,IFD), KSenc = KDF(K, 1), KSmac = KDF(K, 2); the SSC restarts at zero. */
  #agree(selected: Selected, publicKey: Uint8Array): ChipAuthenticationResult {
    const { group, algorithm, key } = selected;
    const terminal = group.decode(publicKey);
    if (!terminal && !this.#faults.acceptInvalidKey) return status(SW.INCORRECT_DATA);
    const shared = terminal ? group.sharedSecret(group.multiply(terminal, key.privateKey)) : new Uint8Array(1);
    if (this.#faults.wrongKeys) shared[0] = (shared[0] as number) ^ 0x01;
    const cipher = algorithm.cipher;
    const established: CardSessionKeys = {
      protocol: 'CA',
      cipher,
      ksEnc: deriveKey(cipher, shared, 1),
      ksMac: deriveKey(cipher, shared, 2),
      ssc: zeroSsc(cipher),
    };
    wipe(shared);
    return { data: new Uint8Array(0), sw: SW.OK, established };
  }
}
