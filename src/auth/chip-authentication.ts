// ICAO 9303-11 §6.2 Chip Authentication (version 1, BSI TR-03110 Part 1 §3.3), terminal side: ephemeral-static
// DH with the key of DG14, then secure messaging restarted with the new session keys.

import { cipherSuite, type SessionKeys } from '../access/cipher-suite.js';
import { decodeDynamicAuthData } from '../access/dynamic-auth-data.js';
import { exchange } from '../access/exchange.js';
import { randomScalar } from '../access/group.js';
import { groupFromPublicKeyInfo } from '../access/groups.js';
import { generalAuthenticate, mseSetAtChipAuthentication, mseSetKat } from '../apdu/commands.js';
import { wipe } from '../bytes.js';
import { kdfEnc, kdfMac } from '../crypto/kdf.js';
import { defaultRandom, type RandomSource } from '../crypto/random.js';
import { CccdError, ProtocolError } from '../errors.js';
import type { PublicKeyInfo } from '../lds/public-key.js';
import type { SecurityInfo } from '../lds/security-infos.js';
import { type SecureMessagingTransport, withSecureMessaging } from '../sm/transport.js';
import { encodeTlv } from '../tlv/index.js';
import type { Transport } from '../transport/types.js';
import {
  CHIP_AUTHENTICATION_ALGORITHMS,
  type ChipAuthenticationAlgorithm,
  chipAuthenticationAlgorithm,
} from './ca-algorithms.js';

/** One way to run CA that DG14 (or EF.CardSecurity) offers: the protocol, the chip's key and its key ID. */
export interface ChipAuthenticationOffer {
  readonly protocol: string;
  readonly publicKey: PublicKeyInfo;
  readonly keyId: number | undefined;
}

/**
 * Pairs each ChipAuthenticationInfo with the ChipAuthenticationPublicKeyInfo of the same key ID (ICAO 9303-11
 * §9.2.5-§9.2.6; the key ID may be absent when there is one key). Protocols the terminal does not know are left out.
 */
export function chipAuthenticationOffers(infos: readonly SecurityInfo[]): ChipAuthenticationOffer[] {
  const keys = infos.filter((i) => i.type === 'ChipAuthenticationPublicKeyInfo');
  return infos.flatMap((info) => {
    if (info.type !== 'ChipAuthenticationInfo' || !CHIP_AUTHENTICATION_ALGORITHMS.has(info.protocol)) return [];
    const key = keys.find((k) => k.keyId === info.keyId) ?? (keys.length === 1 ? keys[0] : undefined);
    return key ? [{ protocol: info.protocol, publicKey: key.publicKey, keyId: info.keyId ?? key.keyId }] : [];
  });
}

export interface ChipAuthenticationOptions {
  /** The CA protocol OID of ChipAuthenticationInfo, e.g. id-CA-ECDH-AES-CBC-CMAC-128. */
  readonly protocol: string;
  /** The chip's static public key from DG14 (verified by passive authentication). */
  readonly publicKey: PublicKeyInfo;
  /** Key ID for DO'84' when the chip has several CA keys (ICAO 9303-11 §6.2.4). */
  readonly keyId?: number;
  /**
   * 3DES only: 'set-kat' (default, §6.2.4.1) or 'set-at' (MSE:Set AT + GENERAL AUTHENTICATE, which §6.2.4 lets
   * chips implementing both accept). AES always uses 'set-at'.
   */
  readonly commands?: 'set-kat' | 'set-at';
  readonly random?: RandomSource;
}

export interface ChipAuthenticationResult {
  readonly protocol: 'CA';
  readonly algorithm: ChipAuthenticationAlgorithm;
  readonly keyId: number | undefined;
  /** The new session keys (SSC zero, ICAO 9303-11 §9.8.6.3 / §9.8.7.3). */
  readonly keys: SessionKeys;
  /** PK_DH,IFD: Terminal Authentication signs its compressed form. */
  readonly terminalPublicKey: Uint8Array;
  /** Secure messaging restarted with the new keys on the same wire; the old session is closed. */
  readonly transport: SecureMessagingTransport;
}

const PROTOCOL = 'CA';

/**
 * Runs Chip Authentication over the current secure messaging session (after BAC or PACE) and restarts secure
 * messaging with the keys it derives. Success of the key agreement is implicit: the chip is authentic when the
 * next command under the new keys verifies. Fails with ProtocolError AUTH_FAILED naming the step.
 *
 * @example
 * const [offer] = chipAuthenticationOffers(decodeDg14(dg14Bytes).infos);
 * const ca = await performChipAuthentication(secureTransport, offer);
 * await ca.transport.transmit(encodeCommand(readBinary({ sfi: 0x01, offset: 0, ne: 256 })));
 */
export async function performChipAuthentication(
  transport: SecureMessagingTransport | Transport,
  options: ChipAuthenticationOptions,
): Promise<ChipAuthenticationResult> {
  const algorithm = chipAuthenticationAlgorithm(options.protocol);
  const suite = cipherSuite(algorithm.cipher, algorithm.keyLength);
  const { group, publicKey } = groupFromPublicKeyInfo(options.publicKey);
  if (group.agreement !== algorithm.agreement) {
    throw new CccdError('INVALID_ARGUMENT', `publicKey: an ${group.agreement} key for ${algorithm.oidName}`);
  }
  const random = options.random ?? defaultRandom;
  const sk = randomScalar(group.order, random);
  const terminalPublicKey = group.encode(group.multiply(group.generator, sk));
  const keyId = options.keyId;

  if (algorithm.cipher === '3DES' && options.commands !== 'set-at') {
    // ICAO 9303-11 §6.2.4.1: the ephemeral key travels in MSE:Set KAT; the chip answers under the old keys.
    await exchange(transport, mseSetKat({ ephemeralPublicKey: terminalPublicKey, keyId }), PROTOCOL, 'mse-set-kat');
  } else {
    await exchange(transport, mseSetAtChipAuthentication({ protocol: algorithm.oid, keyId }), PROTOCOL, 'mse-set-at');
    const step = 'general-authenticate';
    const data = await exchange(transport, generalAuthenticate(encodeTlv(0x80, terminalPublicKey)), PROTOCOL, step);
    // §6.2.4.2: version 1 answers with an empty '7C' (a v2 nonce and token are not part of ICAO CA).
    decodeDynamicAuthData(data, [], { protocol: PROTOCOL, step });
  }

  let shared: Uint8Array;
  try {
    shared = group.sharedSecret(group.multiply(group.decode(publicKey), sk));
  } catch (cause) {
    throw new ProtocolError('AUTH_FAILED', PROTOCOL, 'key-agreement', "the chip's key gives no shared secret", {
      cause,
    });
  }
  const keys: SessionKeys = {
    suite: suite.name,
    ksEnc: kdfEnc(shared, suite.name),
    ksMac: kdfMac(shared, suite.name),
    ssc: new Uint8Array(suite.blockLength),
  };
  wipe(shared);
  const wire = 'inner' in transport ? transport.inner : transport;
  if ('inner' in transport) await transport.close?.();
  return {
    protocol: PROTOCOL,
    algorithm,
    keyId,
    keys,
    terminalPublicKey,
    transport: withSecureMessaging(wire, keys),
  };
}
