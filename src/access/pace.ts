// ICAO 9303-11 §4.4 (PACE v2) and BSI TR-03110 Part 2 §3.2, terminal side: one flow, the mapping (GM, IM, CAM)
// and the agreement (ECDH, DH) plugged in from tables.
import { generalAuthenticate, mseSetAtPace } from '../apdu/commands.js';
import { encodeOid } from '../asn1/der.js';
import { equalBytes, fromHex, wipe } from '../bytes.js';
import { decrypt, encrypt } from '../crypto/cipher.js';
import { kdfEnc, kdfMac, kdfPi } from '../crypto/kdf.js';
import { unpad } from '../crypto/padding.js';
import { defaultRandom, type RandomSource } from '../crypto/random.js';
import { CccdError, ProtocolError } from '../errors.js';
import type { PublicKeyInfo } from '../lds/public-key.js';
import { encodeTlv } from '../tlv/index.js';
import type { Transport } from '../transport/types.js';
import { type CipherSuite, cipherSuite, type SessionKeys } from './cipher-suite.js';
import { decodeDynamicAuthData, encodeDataObjects, requireObject } from './dynamic-auth-data.js';
import { exchange } from './exchange.js';
import { type Group, randomScalar } from './group.js';
import { standardizedGroup } from './groups.js';
import { type Agreement, type PaceAlgorithm, paceAlgorithm } from './pace-algorithms.js';
import { MAPPINGS } from './pace-mappings.js';
import { type PaceCredential, type PasswordKind, passwordBytes } from './passwords.js';

/** Options of one PACE run. */
export interface PaceOptions {
  /** The PACE protocol OID the chip offers in PACEInfo (dotted), e.g. id-PACE-ECDH-GM-AES-CBC-CMAC-128. */
  readonly protocol: string;
  readonly password: PaceCredential;
  /**
   * The static domain parameters: a standardized domain parameter ID (ICAO 9303-11 §9.5.1, IDs 0-2 and 8-18)
   * or a group built from explicit PACEDomainParameterInfo parameters (see groups.ts).
   */
  readonly domainParameters: number | Group;
  /**
   * Value of DO'84' in MSE:Set AT. Sent only when given: ICAO 9303-11 §4.4.4.1 requires it when the chip
   * offers several parameter sets (pass PACEInfo.parameterId then).
   */
  readonly domainParameterReference?: number;
  /**
   * PACE-CAM: the chip's static Chip Authentication public key (an uncompressed point, from EF.CardSecurity or
   * DG14 after passive authentication). When given, the chip authentication data is verified during PACE;
   * otherwise call {@link verifyPaceChipAuthentication} later.
   */
  readonly chipAuthenticationPublicKey?: Uint8Array | PublicKeyInfo;
  /** Randomness for the ephemeral keys and the IM nonce (default: the platform CSPRNG). */
  readonly random?: RandomSource;
}

/** What ran and the keys it produced. */
export interface PaceResult {
  readonly protocol: 'PACE';
  readonly algorithm: PaceAlgorithm;
  readonly password: PasswordKind;
  /** The standardized domain parameter ID, or undefined for explicit parameters. */
  readonly domainParameterId: number | undefined;
  /** Whether DO'84' was sent in MSE:Set AT, and its value. */
  readonly domainParameterReference: number | undefined;
  /** The static domain parameters (needed again to verify CAM). */
  readonly group: Group;
  /** Session keys for secure messaging; the SSC starts at zero (ICAO 9303-11 §9.8.6.3 / §9.8.7.3). */
  readonly keys: SessionKeys;
  /** Data object '81' sent and '82' received in the mapping step. */
  readonly terminalMappingData: Uint8Array;
  readonly chipMappingData: Uint8Array;
  /** PK_DH,IFD and PK_DH,IC as exchanged (TA's ID_IC is Comp(PK_DH,IC)). */
  readonly terminalPublicKey: Uint8Array;
  readonly chipPublicKey: Uint8Array;
  /** Certification Authority References '87' and '88' when the chip sent them (EAC chips). */
  readonly certificationAuthorityReferences: readonly Uint8Array[];
  /** PACE-CAM only: the decrypted chip authentication data CA_IC and whether it was verified. */
  readonly chipAuthentication?: {
    readonly data: Uint8Array;
    /** True when verified against the public key given in the options; undefined when none was given. */
    readonly verified: true | undefined;
  };
}

const PROTOCOL = 'PACE';

/** ICAO 9303-11 §4.4.3.5.4: the CAM IV is E(KSenc, -1), -1 being the 128-bit string of ones. */
const MINUS_ONE = fromHex('FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF');

/** ICAO 9303-11 §9.4.5 / Table 4: the public key tag in a public key data object by agreement. */
const PUBLIC_KEY_TAG: Readonly<Record<Agreement, number>> = { DH: 0x84, ECDH: 0x86 };

/**
 * ICAO 9303-11 §4.4.3.4: the authentication token input, a public key data object '7F49' holding the protocol
 * OID and the other side's ephemeral public key (without domain parameters).
 */
export function authenticationTokenInput(protocol: string, agreement: Agreement, publicKey: Uint8Array): Uint8Array {
  return encodeTlv(0x7f49, encodeOid(protocol), encodeTlv(PUBLIC_KEY_TAG[agreement], publicKey));
}

function fail(step: string, message: string, cause?: unknown): ProtocolError {
  return new ProtocolError('AUTH_FAILED', PROTOCOL, step, message, cause === undefined ? {} : { cause });
}

async function authenticate(
  transport: Transport,
  step: number,
  objects: readonly (readonly [number, Uint8Array])[],
  allowed: readonly number[],
): Promise<Map<number, Uint8Array>> {
  const name = `general-authenticate-${step}`;
  // ICAO 9303-11 §4.4.4.3: the four steps form one command chain; the last one closes it.
  const apdu = generalAuthenticate(encodeDataObjects(objects), { chained: step < 4 });
  const data = await exchange(transport, apdu, PROTOCOL, name);
  return decodeDynamicAuthData(data, allowed, { protocol: PROTOCOL, step: name });
}

function resolveGroup(parameters: number | Group, agreement: Agreement): Group {
  const group = typeof parameters === 'number' ? standardizedGroup(parameters) : parameters;
  if (!group || typeof group !== 'object' || typeof group.multiply !== 'function') {
    throw new CccdError('INVALID_ARGUMENT', 'domainParameters: expected a parameter ID or a Group');
  }
  if (group.agreement !== agreement) {
    throw new CccdError(
      'INVALID_ARGUMENT',
      `domainParameters: an ${group.agreement} group for an ${agreement} protocol`,
    );
  }
  return group;
}

/**
 * Runs PACE as the terminal and returns the session keys. Fails with ProtocolError AUTH_FAILED at the step
 * that failed (`mse-set-at`, `general-authenticate-1` ... `-4`), with the status word when the chip answered
 * one (6300: wrong password).
 *
 * @example
 * const result = await performPace(transport, {
 *   protocol: '0.4.0.127.0.7.2.2.4.2.2', // id-PACE-ECDH-GM-AES-CBC-CMAC-128
 *   password: { kind: 'can', value: '012345' },
 *   domainParameters: 13, // brainpoolP256r1
 * });
 */
export async function performPace(transport: Transport, options: PaceOptions): Promise<PaceResult> {
  const algorithm = paceAlgorithm(options.protocol);
  const suite = cipherSuite(algorithm.cipher, algorithm.keyLength);
  const group = resolveGroup(options.domainParameters, algorithm.agreement);
  const random = options.random ?? defaultRandom;
  const kPi = kdfPi(passwordBytes(options.password), suite.name);

  // ICAO 9303-11 §4.4.4.1: select the protocol, the password and (when ambiguous) the parameters.
  await exchange(
    transport,
    mseSetAtPace({
      protocol: algorithm.oid,
      password: options.password.kind,
      domainParameterId: options.domainParameterReference,
    }),
    PROTOCOL,
    'mse-set-at',
  );

  // Step 1: the encrypted nonce z = E(Kπ, s), CBC with a zero IV (§4.4.3.3).
  const z = requireObject(await authenticate(transport, 1, [], [0x80]), 0x80, {
    protocol: PROTOCOL,
    step: 'general-authenticate-1',
  });
  if (z.length % suite.blockLength !== 0)
    throw fail('general-authenticate-1', 'the encrypted nonce is not whole blocks');
  const s = decrypt(suite.cipher, kPi, z);
  wipe(kPi);

  // Step 2: mapping to the ephemeral domain parameters.
  const mapped = await MAPPINGS[algorithm.mapping]({
    group,
    suite,
    nonce: s,
    random,
    exchange: (objects) => authenticate(transport, 2, objects, [0x82]),
  });
  wipe(s);

  // Step 3: anonymous DH on the ephemeral parameters (§4.4.1 3(c)-(d)).
  const ephemeral = mapped.group;
  const sk = randomScalar(ephemeral.order, random);
  const terminalPublicKey = ephemeral.encode(ephemeral.multiply(ephemeral.generator, sk));
  const step3 = { protocol: PROTOCOL, step: 'general-authenticate-3' };
  const chipPublicKey = requireObject(
    await authenticate(transport, 3, [[0x83, terminalPublicKey]], [0x84]),
    0x84,
    step3,
  );
  if (equalBytes(chipPublicKey, terminalPublicKey)) {
    throw fail(step3.step, "the chip's ephemeral public key equals the terminal's");
  }
  let shared: Uint8Array;
  try {
    shared = ephemeral.sharedSecret(ephemeral.multiply(ephemeral.decode(chipPublicKey), sk));
  } catch (cause) {
    throw fail(step3.step, "the chip's ephemeral public key is invalid", cause);
  }
  const ksEnc = kdfEnc(shared, suite.name);
  const ksMac = kdfMac(shared, suite.name);
  wipe(shared);

  // Step 4: mutual authentication tokens over the other side's public key (§4.4.3.4).
  const tIfd = suite.mac(ksMac, authenticationTokenInput(algorithm.oid, algorithm.agreement, chipPublicKey));
  const step4 = { protocol: PROTOCOL, step: 'general-authenticate-4' };
  const response = await authenticate(transport, 4, [[0x85, tIfd]], [0x86, 0x87, 0x88, 0x8a]);
  const tIc = requireObject(response, 0x86, step4);
  const expected = suite.mac(ksMac, authenticationTokenInput(algorithm.oid, algorithm.agreement, terminalPublicKey));
  if (!equalBytes(tIc, expected)) throw fail(step4.step, "the chip's authentication token does not verify");

  const encryptedCa = response.get(0x8a);
  if (algorithm.mapping === 'CAM' && encryptedCa === undefined) {
    throw fail(step4.step, 'PACE-CAM without encrypted chip authentication data (8A)');
  }
  if (algorithm.mapping !== 'CAM' && encryptedCa !== undefined) {
    throw fail(step4.step, 'encrypted chip authentication data (8A) outside PACE-CAM');
  }
  const cars = [response.get(0x87), response.get(0x88)].filter((x): x is Uint8Array => x !== undefined);

  const base = {
    protocol: PROTOCOL,
    algorithm,
    password: options.password.kind,
    domainParameterId: typeof options.domainParameters === 'number' ? options.domainParameters : undefined,
    domainParameterReference: options.domainParameterReference,
    group,
    keys: { suite: suite.name, ksEnc, ksMac, ssc: new Uint8Array(suite.blockLength) },
    terminalMappingData: mapped.terminalMappingData,
    chipMappingData: mapped.chipMappingData,
    terminalPublicKey,
    chipPublicKey,
    certificationAuthorityReferences: cars,
  } as const;
  if (encryptedCa === undefined) return base;
  const data = decryptChipAuthenticationData(suite, ksEnc, encryptedCa, group);
  const result: PaceResult = { ...base, chipAuthentication: { data, verified: undefined } };
  if (options.chipAuthenticationPublicKey === undefined) return result;
  verifyPaceChipAuthentication(result, options.chipAuthenticationPublicKey);
  return { ...base, chipAuthentication: { data, verified: true } };
}

/** ICAO 9303-11 §4.4.3.5: A_IC decrypted with KSenc (CBC, IV = E(KSenc, -1)), unpadded, FE2OS of the order's width. */
function decryptChipAuthenticationData(suite: CipherSuite, ksEnc: Uint8Array, aIc: Uint8Array, group: Group) {
  const step = 'general-authenticate-4';
  try {
    const iv = encrypt(suite.cipher, ksEnc, MINUS_ONE, { mode: 'ECB' });
    const data = unpad(decrypt(suite.cipher, ksEnc, aIc, { iv }), suite.blockLength);
    const width = Math.ceil(group.order.toString(2).length / 8);
    if (data.length !== width) throw fail(step, `chip authentication data of ${data.length} bytes, expected ${width}`);
    return Uint8Array.prototype.slice.call(data);
  } catch (cause) {
    if (cause instanceof ProtocolError) throw cause;
    throw fail(step, 'the encrypted chip authentication data does not decrypt', cause);
  }
}

/**
 * ICAO 9303-11 §4.4.3.5.2: verifies PK_Map,IC = CA_IC × PK_IC for a PACE-CAM result, with the chip's static
 * public key PK_IC (uncompressed point) taken from EF.CardSecurity or DG14 after passive authentication.
 * Throws ProtocolError AUTH_FAILED (step `chip-authentication-mapping`) when the chip is not authentic.
 */
export function verifyPaceChipAuthentication(
  result: PaceResult,
  chipAuthenticationPublicKey: Uint8Array | PublicKeyInfo,
): void {
  const step = 'chip-authentication-mapping';
  if (!result.chipAuthentication) throw fail(step, 'the PACE run was not PACE-CAM');
  const { group } = result;
  const key = chipAuthenticationPublicKey;
  const point = key instanceof Uint8Array ? key : key?.kind === 'ec' ? key.point : undefined;
  let pkIc: unknown;
  try {
    if (!point) throw new CccdError('CRYPTO_UNSUPPORTED', 'PACE-CAM needs an EC public key');
    pkIc = group.decode(point);
  } catch (cause) {
    throw fail(step, 'the chip authentication public key is not a point of the PACE domain parameters', cause);
  }
  let ca = 0n;
  for (const b of result.chipAuthentication.data) ca = (ca << 8n) | BigInt(b);
  if (ca === 0n || ca >= group.order) throw fail(step, 'the chip authentication data is out of range');
  const product = group.multiply(pkIc, ca);
  if (group.isIdentity(product)) throw fail(step, 'the chip authentication data gives the neutral element');
  if (!equalBytes(group.encode(product), result.chipMappingData)) {
    throw fail(step, "the chip's mapping key does not match its static public key");
  }
}
