// ICAO 9303-11 §4.4.3.3: the chip's half of the PACE nonce mappings. Generic Mapping (§4.4.3.3.1, also the mapping
// phase of Chip Authentication Mapping, §4.4.3.3.3) and Integrated Mapping with the pseudo-random function R_p
// (§4.4.3.3.2). One table of mappings; the PACE flow in pace.ts calls the one its OID names.
import { bytesToBigInt, concatBytes, equalBytes, fromHex } from '../../bytes.js';
import type { RandomSource } from '../../crypto/random.js';
import type { PaceMapping, SymmetricCipher } from './algorithms.js';
import { type CardGroup, randomScalar } from './group.js';
import { SW } from './status.js';
import { encryptBlocks, SUITES } from './symmetric.js';

/** §4.4.3.3.2 Figure 2 constants: l = 128 for 3DES and AES-128, l = 256 for AES-192 and AES-256. */
const PRF_CONSTANTS = {
  128: {
    c0: fromHex('a668892a7c41e3ca739f40b057d85904'),
    c1: fromHex('a4e136ac725f738b01c1f60217c188ad'),
  },
  256: {
    c0: fromHex('d463d65234124ef7897054986dca0a174e28df758cbaa03f240616414d5a1676'),
    c1: fromHex('54bd7255f0aaf831bec3423fcf39d69b6cbf066677d0faae5aadd99df8e53517'),
  },
} as const;

/** The length in bytes of the chip's nonce s: the smallest multiple of the block size not shorter than the key. */
export function nonceLength(cipher: SymmetricCipher): number {
  const { blockLength, keyLength } = SUITES[cipher];
  return Math.ceil(keyLength / blockLength) * blockLength;
}

/**
 * R(s, t) of §4.4.3.3.2 before the reduction modulo p: k_0 = E(t, s); x_i = E(k_i, c1); k_(i+1) = E(k_i, c0),
 * each k truncated to the key size (AES-192 only), with n the smallest count such that n·l ≥ log2(p) + 64.
 */
export function integratedMappingPrf(cipher: SymmetricCipher, s: Uint8Array, t: Uint8Array, prime: bigint): Uint8Array {
  const { keyLength } = SUITES[cipher];
  const l = s.length * 8;
  const constants = PRF_CONSTANTS[l === 128 ? 128 : 256];
  const n = Math.ceil((prime.toString(2).length + 64) / l);
  let k = encryptBlocks(cipher, t, s).subarray(0, keyLength);
  const out: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    out.push(encryptBlocks(cipher, k, constants.c1));
    k = encryptBlocks(cipher, k, constants.c0).subarray(0, keyLength);
  }
  return concatBytes(...out);
}

/** What the mapping step gives the PACE flow. */
export type MappingOutcome =
  | {
      readonly ok: true;
      /** The ephemeral domain parameters D = Map(D_IC, s, ...). */
      readonly mapped: CardGroup;
      /** The response mapping data object '82' value (empty for the Integrated Mapping, §4.4.5.2.2). */
      readonly response: Uint8Array;
      /** SK_Map,IC of the Generic Mapping, kept for the Chip Authentication Mapping (§4.4.3.5.1). */
      readonly mappingKey?: bigint;
    }
  | { readonly ok: false; readonly sw: number };

export interface MappingInput {
  readonly group: CardGroup;
  readonly cipher: SymmetricCipher;
  /** The chip's nonce s. */
  readonly nonce: Uint8Array;
  /** The terminal's mapping data: PK_Map,IFD (GM, CAM) or the nonce t (IM). */
  readonly terminalData: Uint8Array;
  readonly random: RandomSource;
  /** Skip the validation of the terminal's key (fault switch acceptInvalidKey). */
  readonly skipKeyChecks: boolean;
}

/** §4.4.3.3.1 Generic Mapping: Ĝ = s × G + H with H = SK_Map,IC × PK_Map,IFD (anonymous DH). */
function genericMapping(input: MappingInput): MappingOutcome {
  const { group } = input;
  const terminalKey = group.decode(input.terminalData);
  if (!terminalKey) return { ok: false, sw: SW.INCORRECT_DATA };
  const mappingKey = randomScalar(group.order, input.random);
  const chipKey = group.multiply(group.generator, mappingKey);
  const response = group.encode(chipKey);
  // §4.4.1 step 3d applied to the mapping keys too: a terminal echoing the chip's key gains nothing.
  if (!input.skipKeyChecks && equalBytes(response, group.encode(terminalKey)))
    return { ok: false, sw: SW.INCORRECT_DATA };
  // An identity element anywhere (H, s × G + H) throws CRYPTO_FAILED, which pace.ts answers with 6A80.
  const h = group.multiply(terminalKey, mappingKey);
  const mappedGenerator = group.combine(group.multiply(group.generator, bytesToBigInt(input.nonce)), h);
  return { ok: true, mapped: group.withGenerator(mappedGenerator), response, mappingKey };
}

/** §4.4.3.3.2 Integrated Mapping: Ĝ = f_G(R_p(s, t)); the terminal's nonce t is one key long. */
function integratedMapping(input: MappingInput): MappingOutcome {
  const { group, cipher } = input;
  if (input.terminalData.length !== SUITES[cipher].keyLength) return { ok: false, sw: SW.INCORRECT_DATA };
  const r = bytesToBigInt(integratedMappingPrf(cipher, input.nonce, input.terminalData, group.prime)) % group.prime;
  // §4.4.3.3.2 (DH): implementations MUST check that ĝ ≠ 1; the group throws CRYPTO_FAILED on the identity.
  const mappedGenerator = group.mapFieldElement(r);
  return { ok: true, mapped: group.withGenerator(mappedGenerator), response: new Uint8Array(0) };
}

/** The mappings by name (§4.4.3.3.3: CAM maps exactly as GM does). */
export const MAPPINGS: Readonly<Record<PaceMapping, (input: MappingInput) => MappingOutcome>> = {
  GM: genericMapping,
  IM: integratedMapping,
  CAM: genericMapping,
};
