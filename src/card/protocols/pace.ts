// ICAO 9303-11 §4.4 PACE, card side: MSE:Set AT (§4.4.4.1) then the chain of four GENERAL AUTHENTICATE steps
// (§4.4.4.2, §4.4.5) as one state machine for every mapping (GM, IM, CAM), agreement (DH, ECDH) and cipher.

import { decodeOidValue, encodeOid } from '../../asn1/der.js';
import { abytes, asciiToBytes, equalBytes, numberToBytes, wipe } from '../../bytes.js';
import { pad } from '../../crypto/padding.js';
import type { RandomSource } from '../../crypto/random.js';
import { modInverse } from '../../crypto/rsa-core.js';
import { CccdError, isCccdError } from '../../errors.js';
import { encodeTlv, type Tlv } from '../../tlv/index.js';
import { type PaceAlgorithm, paceAlgorithm } from './algorithms.js';
import {
  dynamicAuthenticationData,
  parseDynamicAuthenticationData,
  parseMseData,
  referenceValue,
} from './data-objects.js';
import { type CardGroup, type DomainParameterSource, randomScalar, resolveGroup } from './group.js';
import { MAPPINGS, nonceLength } from './pace-mapping.js';
import type { CardSessionKeys } from './session-keys.js';
import { zeroSsc } from './session-keys.js';
import { type CardResponse, SW, status } from './status.js';
import { deriveKey, encryptBlocks, SUITES, tokenMac } from './symmetric.js';

/** The passwords the chip knows (§9.7.3), by the key references of MSE:Set AT '83'. */
export interface PacePasswords {
  /** Reference 01: K = SHA-1(MRZ information), 20 bytes, as personalized. */
  readonly mrz?: Uint8Array;
  /** Reference 02: the card access number, ASCII digits. */
  readonly can?: string;
  /** Reference 03 (BSI TR-03110). */
  readonly pin?: string;
  /** Reference 04 (BSI TR-03110). */
  readonly puk?: string;
}

/** One PACEInfo the chip runs (EF.CardAccess), with its standardized or explicit domain parameters. */
export interface PaceOffer {
  /** A protocol OID of §4.4.3 Tables 2-3 (dotted), e.g. id-PACE-ECDH-GM-AES-CBC-CMAC-128. */
  readonly oid: string;
  /** Standardized domain parameters (§9.5.1: 0-2 DH, 8-18 ECDH) or explicit ones (PACEDomainParameterInfo). */
  readonly domain: DomainParameterSource;
  /** The parameterId of the PACEInfo, matched against MSE:Set AT '84' (defaults to the standardized ID). */
  readonly parameterId?: number;
}

/** Hostile-chip switches for conformance tests; all off by default. */
export interface PaceFaults {
  /** Do not verify T_IFD: a wrong password still establishes the session (keys differ from the terminal's). */
  readonly acceptWrongToken?: boolean;
  /** The status word to answer a wrong T_IFD with instead of 6300 (e.g. 9000 with no token). */
  readonly wrongTokenStatus?: number;
  /** Send a corrupted T_IC. */
  readonly wrongToken?: boolean;
  /** Use the first nonce s of this chip in every run. */
  readonly reuseNonce?: boolean;
  /** Use the first ephemeral key pair of this chip in every run. */
  readonly reuseEphemeralKey?: boolean;
  /** Send the terminal's own ephemeral public key back as PK_DH,IC. */
  readonly echoTerminalKey?: boolean;
  /** Send an ephemeral public key that is not a valid group element (off the curve, or 1 for DH). */
  readonly invalidPublicKey?: boolean;
  /** Accept invalid or identical terminal public keys. */
  readonly acceptInvalidKey?: boolean;
  /** Corrupt the encrypted Chip Authentication data A_IC of PACE-CAM. */
  readonly wrongChipAuthenticationData?: boolean;
}

export interface PaceResponderConfig {
  /** The PACEInfos the chip offers; MSE:Set AT must name one of them. */
  readonly protocols: readonly PaceOffer[];
  readonly passwords: PacePasswords;
  /** SK_IC, the static Chip Authentication private key on the PACE-CAM domain parameters (§4.4.3.5.1). */
  readonly chipAuthenticationKey?: bigint;
  /**
   * Certification Authority References of the CVCA keys for Terminal Authentication, most recent first (at most
   * two). Sent as '87' / '88' in the last step when MSE:Set AT carried a CHAT '7F4C' (§4.4.5).
   */
  readonly certificationAuthorityReferences?: readonly Uint8Array[];
  /** Source of s, SK_Map,IC and SK_DH,IC. */
  readonly random: RandomSource;
  readonly faults?: PaceFaults;
}

/** The answer to GENERAL AUTHENTICATE; `established` is set after the last step succeeded. */
export interface PaceResult extends CardResponse {
  readonly established?: CardSessionKeys;
  /** The protocol that ran and the password reference used, once established (for the chip's access rules). */
  readonly info?: {
    readonly algorithm: PaceAlgorithm;
    readonly passwordReference: number;
    readonly parameterId?: number;
  };
}

type State =
  | { readonly step: 'idle' }
  | { readonly step: 1; readonly run: Run }
  | { readonly step: 2; readonly run: Run; readonly nonce: Uint8Array }
  | { readonly step: 3; readonly run: Run; readonly mapped: CardGroup; readonly mappingKey?: bigint }
  | {
      readonly step: 4;
      readonly run: Run;
      readonly mappingKey?: bigint;
      readonly chipKey: Uint8Array;
      readonly terminalKey: Uint8Array;
      readonly ksEnc: Uint8Array;
      readonly ksMac: Uint8Array;
    };

interface Run {
  readonly algorithm: PaceAlgorithm;
  readonly group: CardGroup;
  /** Whether MSE:Set AT carried a CHAT (the terminal asks for the CARs). */
  readonly chat: boolean;
  readonly kPi: Uint8Array;
  readonly passwordReference: number;
  readonly parameterId: number | undefined;
}

/** The request tag of each step (§4.4.5 Table 4): step 1 sends none. */
const STEP_TAGS = [undefined, 0x81, 0x83, 0x85] as const;
const PASSWORD_REFERENCES: Readonly<Record<number, keyof PacePasswords>> = { 1: 'mrz', 2: 'can', 3: 'pin', 4: 'puk' };
/** §4.4.3.5.4: IV = E(KSenc, -1), the all-ones block. */
const ALL_ONES = new Uint8Array(16).fill(0xff);

/**
 * The chip's half of PACE. Feed it the command data fields; it answers data + status word, and the session keys
 * once the terminal's token verified. Any error resets the protocol (a new MSE:Set AT is needed).
 *
 * @example
 * const pace = new PaceResponder({
 *   protocols: [{ oid: oid('id-PACE-ECDH-GM-AES-CBC-CMAC-128'), domain: 13 }],
 *   passwords: { can: '123456' },
 *   random: defaultRandom,
 * });
 * pace.mseSetAt(mseData);                              // 0x9000
 * const step1 = pace.generalAuthenticate(fromHex('7C00'), true); // 7C 12 80 10 <z>
 */
interface Offer {
  readonly oid: string;
  readonly algorithm: PaceAlgorithm;
  readonly group: CardGroup;
  readonly parameterId: number | undefined;
}

export class PaceResponder {
  readonly #config: PaceResponderConfig;
  readonly #offers: readonly Offer[];
  readonly #faults: PaceFaults;
  #state: State = { step: 'idle' };
  #firstNonce: Uint8Array | undefined;
  #firstKey: bigint | undefined;

  constructor(config: PaceResponderConfig) {
    if (!Array.isArray(config.protocols) || config.protocols.length === 0) {
      throw new CccdError('INVALID_ARGUMENT', 'protocols: at least one PACEInfo');
    }
    // Configuration errors surface here, once, instead of as status words to every terminal.
    this.#offers = config.protocols.map((offer) => {
      const algorithm = paceAlgorithm(offer.oid);
      if (!algorithm) throw new CccdError('CRYPTO_UNSUPPORTED', `protocols: ${offer.oid} is not a PACE OID`);
      const group = resolveGroup(offer.domain);
      if (group.kind !== (algorithm.agreement === 'ECDH' ? 'ec' : 'dh')) {
        throw new CccdError('CRYPTO_UNSUPPORTED', `protocols: ${algorithm.name} on ${group.kind} domain parameters`);
      }
      if (algorithm.mapping === 'IM' && !group.supportsIntegratedMapping) {
        throw new CccdError('CRYPTO_UNSUPPORTED', `protocols: ${algorithm.name} needs p ≡ 3 mod 4 (App. B)`);
      }
      const caKey = config.chipAuthenticationKey;
      if (algorithm.mapping === 'CAM' && caKey !== undefined && (caKey <= 0n || caKey >= group.order)) {
        throw new CccdError('INVALID_ARGUMENT', 'chipAuthenticationKey: not in [1, n-1] of the PACE-CAM group');
      }
      return { oid: offer.oid, algorithm, group, parameterId: parameterIdOf(offer) };
    });
    if ((config.certificationAuthorityReferences?.length ?? 0) > 2) {
      throw new CccdError('INVALID_ARGUMENT', 'certificationAuthorityReferences: at most two');
    }
    if (config.passwords.mrz !== undefined) abytes(config.passwords.mrz, 'passwords.mrz', 20);
    if (typeof config.random !== 'function') throw new CccdError('INVALID_ARGUMENT', 'random: expected a function');
    this.#config = config;
    this.#faults = config.faults ?? {};
  }

  /** True between a successful MSE:Set AT and the end of the last step (the dispatcher routes GA here). */
  get active(): boolean {
    return this.#state.step !== 'idle';
  }

  /** Abandons a run in progress; Kπ and the ephemeral session keys of an unfinished run are wiped. */
  reset(): void {
    const state = this.#state;
    if (state.step !== 'idle') wipe(state.run.kPi);
    if (state.step === 4) wipe(state.ksEnc, state.ksMac);
    this.#state = { step: 'idle' };
  }

  /** MSE:Set AT for PACE (22 C1 A4, §4.4.4.1): selects the protocol, password and domain parameters. */
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
    const offers = this.#offers.filter((o) => o.oid === dotted);
    if (offers.length === 0) return SW.INCORRECT_DATA;
    const reference = referenceValue(objects.get(0x83));
    const passwordName = reference === undefined ? undefined : PASSWORD_REFERENCES[reference];
    if (!passwordName) return SW.INCORRECT_DATA;
    const password = this.#config.passwords[passwordName];
    if (password === undefined) return SW.REFERENCED_DATA_NOT_FOUND;
    // §4.4.4.1: '84' names the domain parameters; it is required only when the OID alone is ambiguous.
    const requested = objects.has(0x84) ? referenceValue(objects.get(0x84)) : undefined;
    if (objects.has(0x84) && requested === undefined) return SW.INCORRECT_DATA;
    const candidates = requested === undefined ? offers : offers.filter((o) => o.parameterId === requested);
    if (candidates.length !== 1) return SW.REFERENCED_DATA_NOT_FOUND;
    const { algorithm, group, parameterId } = candidates[0] as Offer;
    if (algorithm.mapping === 'CAM' && this.#config.chipAuthenticationKey === undefined) {
      return SW.REFERENCED_DATA_NOT_FOUND;
    }
    const secret = typeof password === 'string' ? asciiToBytes(password) : password;
    this.#state = {
      step: 1,
      run: {
        algorithm,
        group,
        chat: objects.has(0x7f4c),
        kPi: deriveKey(algorithm.cipher, secret, 3),
        passwordReference: reference as number,
        parameterId,
      },
    };
    return SW.OK;
  }

  /**
   * GENERAL AUTHENTICATE (00/10 86 00 00, §4.4.4.2) with its '7C' data field. `chained` is the command chaining
   * bit of CLA (§4.4.4.3): set on steps 1-3, clear on step 4.
   */
  generalAuthenticate(data: Uint8Array, chained: boolean): PaceResult {
    const state = this.#state;
    if (state.step === 'idle') return status(SW.CONDITIONS_NOT_SATISFIED);
    const objects = parseDynamicAuthenticationData(data);
    if (!objects) return this.#fail(SW.INCORRECT_DATA);
    const expected = STEP_TAGS[state.step - 1];
    const found = objects[0];
    // §4.4.5 Table 4: each step carries exactly its own object; another step's object means out of order.
    if (found?.tag !== expected || objects.length > (expected === undefined ? 0 : 1)) {
      const outOfOrder = objects.some((o) => (STEP_TAGS as readonly (number | undefined)[]).includes(o.tag));
      return this.#fail(outOfOrder ? SW.CONDITIONS_NOT_SATISFIED : SW.INCORRECT_DATA);
    }
    if (chained !== state.step < 4) return this.#fail(SW.CONDITIONS_NOT_SATISFIED);
    try {
      switch (state.step) {
        case 1:
          return this.#encryptedNonce(state.run);
        case 2:
          return this.#mapNonce(state.run, state.nonce, found as Tlv);
        case 3:
          return this.#keyAgreement(state, (found as Tlv).value);
        default:
          return this.#mutualAuthentication(state, (found as Tlv).value);
      }
    } catch (e) {
      // A degenerate group element (identity) from the terminal's data: the step fails as invalid data.
      if (isCccdError(e, 'CRYPTO_FAILED')) return this.#fail(SW.INCORRECT_DATA);
      throw e;
    }
  }

  #fail(sw: number): PaceResult {
    this.reset();
    return status(sw);
  }

  /** Step 1 (§4.4.3.3): z = E(Kπ, s), CBC with a zero IV. */
  #encryptedNonce(run: Run): PaceResult {
    const length = nonceLength(run.algorithm.cipher);
    const reuse = this.#faults.reuseNonce && this.#firstNonce?.length === length;
    const nonce = reuse ? (this.#firstNonce as Uint8Array) : this.#config.random(length);
    this.#firstNonce ??= nonce;
    const z = encryptBlocks(run.algorithm.cipher, run.kPi, nonce);
    this.#state = { step: 2, run, nonce };
    return { data: dynamicAuthenticationData([0x80, z]), sw: SW.OK };
  }

  /** Step 2 (§4.4.3.3.1-3): the mapping named by the OID. */
  #mapNonce(run: Run, nonce: Uint8Array, object: Tlv): PaceResult {
    const outcome = MAPPINGS[run.algorithm.mapping]({
      group: run.group,
      cipher: run.algorithm.cipher,
      nonce,
      terminalData: object.value,
      random: this.#config.random,
      skipKeyChecks: this.#faults.acceptInvalidKey === true,
    });
    if (!outcome.ok) return this.#fail(outcome.sw);
    this.#state = { step: 3, run, mapped: outcome.mapped, mappingKey: outcome.mappingKey };
    return { data: dynamicAuthenticationData([0x82, outcome.response]), sw: SW.OK };
  }

  /** Step 3 (§4.4.1 step 3c-e): ephemeral key agreement on the mapped generator and the session keys. */
  #keyAgreement(state: Extract<State, { step: 3 }>, terminalKey: Uint8Array): PaceResult {
    const { run, mapped } = state;
    const checks = this.#faults.acceptInvalidKey !== true;
    const terminal = mapped.decode(terminalKey);
    if (!terminal && checks) return this.#fail(SW.INCORRECT_DATA);
    const reuse = this.#faults.reuseEphemeralKey && this.#firstKey !== undefined && this.#firstKey < mapped.order;
    const secretKey = reuse ? (this.#firstKey as bigint) : randomScalar(mapped.order, this.#config.random);
    this.#firstKey ??= secretKey;
    let chipKey = mapped.encode(mapped.multiply(mapped.generator, secretKey));
    // §4.4.1 step 3d: the chip checks that PK_DH,IC and PK_DH,IFD differ.
    if (checks && terminal !== undefined && equalBytes(chipKey, mapped.encode(terminal))) {
      return this.#fail(SW.INCORRECT_DATA);
    }
    const shared = terminal ? mapped.sharedSecret(mapped.multiply(terminal, secretKey)) : new Uint8Array(1);
    if (this.#faults.echoTerminalKey) chipKey = terminalKey.slice();
    if (this.#faults.invalidPublicKey) chipKey = invalidKey(mapped, chipKey);
    const cipher = run.algorithm.cipher;
    this.#state = {
      step: 4,
      run,
      mappingKey: state.mappingKey,
      chipKey,
      terminalKey: terminalKey.slice(),
      ksEnc: deriveKey(cipher, shared, 1),
      ksMac: deriveKey(cipher, shared, 2),
    };
    wipe(shared);
    return { data: dynamicAuthenticationData([0x84, chipKey]), sw: SW.OK };
  }

  /** Step 4 (§4.4.3.4, §4.4.3.5): verify T_IFD, answer T_IC (and A_IC for CAM), hand over the session keys. */
  #mutualAuthentication(state: Extract<State, { step: 4 }>, terminalToken: Uint8Array): PaceResult {
    const { run, ksEnc, ksMac } = state;
    const cipher = run.algorithm.cipher;
    const expected = tokenMac(cipher, ksMac, publicKeyObject(run, state.chipKey));
    if (!equalBytes(expected, terminalToken) && !this.#faults.acceptWrongToken) {
      return this.#fail(this.#faults.wrongTokenStatus ?? SW.AUTHENTICATION_FAILED);
    }
    const chipToken = tokenMac(cipher, ksMac, publicKeyObject(run, state.terminalKey));
    if (this.#faults.wrongToken) chipToken[0] = (chipToken[0] as number) ^ 0x01;
    const objects: [number, Uint8Array][] = [[0x86, chipToken]];
    // §4.4.5: the CARs answer a CHAT; Table 4 orders them between the token and the CA data.
    const cars = run.chat ? (this.#config.certificationAuthorityReferences ?? []) : [];
    cars.forEach((car, i) => {
      objects.push([0x87 + i, car]);
    });
    if (run.algorithm.mapping === 'CAM') objects.push([0x8a, this.#chipAuthenticationData(run, state)]);
    const established: CardSessionKeys = {
      protocol: 'PACE',
      cipher,
      ksEnc: ksEnc.slice(),
      ksMac: ksMac.slice(),
      ssc: zeroSsc(cipher),
    };
    this.reset();
    return {
      data: dynamicAuthenticationData(...objects),
      sw: SW.OK,
      established,
      info: { algorithm: run.algorithm, passwordReference: run.passwordReference, parameterId: run.parameterId },
    };
  }

  /** §4.4.3.5.1: A_IC = E(KSenc, CA_IC), CA_IC = SK_IC^-1 · SK_Map,IC mod n, FE2OS of the order's width. */
  #chipAuthenticationData(run: Run, state: Extract<State, { step: 4 }>): Uint8Array {
    const n = run.group.order;
    const inverse = modInverse(this.#config.chipAuthenticationKey as bigint, n);
    const caData = (inverse * (state.mappingKey as bigint)) % n;
    const encoded = numberToBytes(caData, Math.ceil(n.toString(2).length / 8));
    const iv = encryptBlocks(run.algorithm.cipher, state.ksEnc, ALL_ONES);
    const a = encryptBlocks(
      run.algorithm.cipher,
      state.ksEnc,
      pad(encoded, SUITES[run.algorithm.cipher].blockLength),
      iv,
    );
    if (this.#faults.wrongChipAuthenticationData) a[a.length - 1] = (a[a.length - 1] as number) ^ 0x01;
    return a;
  }
}

function parameterIdOf(offer: PaceOffer): number | undefined {
  return offer.parameterId ?? (typeof offer.domain === 'number' ? offer.domain : undefined);
}

/** §9.4 public key data object '7F49' { '06' OID, '86' point | '84' value } over which tokens are computed. */
function publicKeyObject(run: Run, key: Uint8Array): Uint8Array {
  return encodeTlv(0x7f49, encodeOid(run.algorithm.oid), encodeTlv(run.group.publicKeyTag, key));
}

/** A same-length encoding that no validation accepts: the point with its last bit flipped (EC), or 1 (DH). */
function invalidKey(group: CardGroup, key: Uint8Array): Uint8Array {
  const out = key.slice();
  if (group.kind === 'dh') {
    out.fill(0);
    out[out.length - 1] = 1;
  } else {
    out[out.length - 1] = (out[out.length - 1] as number) ^ 0x01;
  }
  return out;
}
