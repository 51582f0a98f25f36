// ICAO 9303-11 §4.4.3.3: the nonce mappings of PACE (Generic, Integrated, Chip Authentication), terminal side,
// one table so that the PACE flow stays one algorithm (architecture.md rule 4).
import { bytesToBigInt, concatBytes, equalBytes, fromHex } from '../bytes.js';
import type { RandomSource } from '../crypto/random.js';
import { ProtocolError } from '../errors.js';
import type { CipherSuite } from './cipher-suite.js';
import { encryptZeroIv } from './cipher-suite.js';
import { requireObject } from './dynamic-auth-data.js';
import { type Group, randomScalar } from './group.js';
import type { Mapping } from './pace-algorithms.js';

/** What a mapping needs: the static group, the decrypted nonce s, and a way to run GENERAL AUTHENTICATE 2. */
export interface MappingInput {
  readonly group: Group;
  readonly suite: CipherSuite;
  readonly nonce: Uint8Array;
  readonly random: RandomSource;
  /** Sends the mapping data objects in step 2 and returns the chip's data objects (only '82' allowed). */
  exchange(objects: readonly (readonly [number, Uint8Array])[]): Promise<Map<number, Uint8Array>>;
}

/** The ephemeral domain parameters and what was exchanged to reach them (kept for CAM and for reports). */
export interface MappingOutput {
  readonly group: Group;
  /** Data object '81' the terminal sent: its mapping public key (GM, CAM) or the nonce t (IM). */
  readonly terminalMappingData: Uint8Array;
  /** Data object '82' the chip sent: PK_Map,IC (GM, CAM), empty for IM. */
  readonly chipMappingData: Uint8Array;
}

const STEP = 'general-authenticate-2';

function fail(message: string, cause?: unknown): ProtocolError {
  return new ProtocolError('AUTH_FAILED', 'PACE', STEP, message, cause === undefined ? {} : { cause });
}

/**
 * ICAO 9303-11 §4.4.3.3.1 Generic Mapping: an anonymous DH on the static parameters gives H, and the new
 * generator is s×G + H (ECDH) or g^s·h (DH). CAM (§4.4.3.3.3) maps the same way.
 */
async function genericMapping(input: MappingInput): Promise<MappingOutput> {
  const { group } = input;
  const skMap = randomScalar(group.order, input.random);
  const pkMap = group.encode(group.multiply(group.generator, skMap));
  const chip = requireObject(await input.exchange([[0x81, pkMap]]), 0x82, { protocol: 'PACE', step: STEP });
  // ICAO 9303-11 §4.4.1 3(c): a chip echoing our key would make H predictable to a relay.
  if (equalBytes(chip, pkMap)) throw fail("the chip's mapping public key equals the terminal's");
  let pkMapIc: unknown;
  try {
    pkMapIc = group.decode(chip);
  } catch (cause) {
    throw fail("the chip's mapping public key is invalid", cause);
  }
  const h = group.multiply(pkMapIc, skMap);
  if (group.isIdentity(h)) throw fail('the mapping key agreement gave the neutral element');
  const mapped = group.add(group.multiply(group.generator, bytesToBigInt(input.nonce)), h);
  if (group.isIdentity(mapped)) throw fail('the mapped generator is the neutral element');
  return { group: group.withGenerator(mapped), terminalMappingData: pkMap, chipMappingData: chip };
}

/** ICAO 9303-11 §4.4.3.3.2: the constants c0, c1 of R_p for l = 128 (3DES, AES-128) and l = 256 (AES-192/256). */
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

/**
 * ICAO 9303-11 §4.4.3.3.2 pseudo-random number mapping R_p(s, t): k0 = E(t, s), then k_{i+1} = E(k_i, c0)
 * and x_i = E(k_i, c1) (CBC, zero IV, each k_i truncated to the key size), for the fewest n blocks with
 * n·l ≥ log2 p + 64; the result is int(x_1 || ... || x_n) mod p. Exported for the H.1/H.2 worked examples.
 */
export function pseudoRandomNumber(suite: CipherSuite, s: Uint8Array, t: Uint8Array, p: bigint): bigint {
  const l = suite.name === '3DES' || suite.name === 'AES-128' ? 128 : 256;
  const { c0, c1 } = PRF_CONSTANTS[l];
  const n = Math.ceil((p.toString(2).length + 64) / l);
  const blocks: Uint8Array[] = [];
  let k = encryptZeroIv(suite, t, s);
  for (let i = 0; i < n; i++) {
    const key = k.subarray(0, suite.keyLength);
    blocks.push(encryptZeroIv(suite, key, c1));
    k = encryptZeroIv(suite, key, c0);
  }
  return bytesToBigInt(concatBytes(...blocks)) % p;
}

/**
 * ICAO 9303-11 §4.4.3.3.2 Integrated Mapping: the terminal sends a nonce t of the key size, the chip answers
 * with an empty '82', and both map R_p(s, t) into the group with f_G.
 */
async function integratedMapping(input: MappingInput): Promise<MappingOutput> {
  const { group, suite } = input;
  const t = input.random(suite.keyLength);
  const chip = await input.exchange([[0x81, t]]);
  const echo = chip.get(0x82);
  if (echo !== undefined && echo.length !== 0) throw fail('data object 82 must be empty for the integrated mapping');
  let mapped: unknown;
  try {
    mapped = group.mapToGroup(pseudoRandomNumber(suite, input.nonce, t, group.prime));
  } catch (cause) {
    throw fail('the nonces do not map to a generator', cause);
  }
  if (group.isIdentity(mapped)) throw fail('the mapped generator is the neutral element');
  return { group: group.withGenerator(mapped), terminalMappingData: t, chipMappingData: new Uint8Array(0) };
}

/** The mappings, by the name the PACE OID gives (pace-algorithms.ts). */
export const MAPPINGS: Readonly<Record<Mapping, (input: MappingInput) => Promise<MappingOutput>>> = {
  GM: genericMapping,
  IM: integratedMapping,
  CAM: genericMapping,
};
