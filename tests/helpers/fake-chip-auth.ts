// A minimal card side under secure messaging for terminal tests of Chip Authentication (ICAO 9303-11 §6.2) and
// Active Authentication (§6.1), written apart from src/auth: it shares primitives only (SM, DH/ECDH, KDF).
import { decodeOidValue } from '../../src/asn1/der.js';
import { bytesToBigInt, concatBytes, numberToBytes, toHex } from '../../src/bytes.js';
import { modPow } from '../../src/crypto/dh.js';
import type { DomainParameters } from '../../src/crypto/domain-parameters.js';
import { ecdhSharedSecret } from '../../src/crypto/ec.js';
import { kdf, type SymmetricCipher } from '../../src/crypto/kdf.js';
import { type CardSmSession, cardSmSession, type SessionKeys } from '../../src/sm/index.js';
import { decodeTlv } from '../../src/tlv/index.js';
import type { Transport } from '../../src/transport/types.js';

export interface FakeAuthChipOptions {
  /** The keys of the session BAC or PACE established. */
  readonly keys: SessionKeys;
  /** Chip Authentication: the static key pair's private part and its domain parameters. */
  readonly ca?: { readonly privateKey: bigint; readonly parameters: DomainParameters; readonly keyId?: number };
  /** Active Authentication: returns the signature over the 8-byte challenge (status 9000). */
  readonly aa?: (challenge: Uint8Array) => Uint8Array;
  /** Misbehaviours: answer the CA step with 6A80, or derive the new keys from a wrong secret. */
  readonly fault?: 'refuse-ca' | 'wrong-ca-keys';
}

export interface FakeAuthChip extends Transport {
  /** The protocol selected by MSE:Set AT, and the commands seen in plain (after SM unwrapping), as hex INS. */
  readonly log: string[];
  /** The suite of the session currently in force. */
  readonly cipher: SymmetricCipher;
}

const SUITE_BY_ARC: Record<string, SymmetricCipher> = { '1': '3DES', '2': 'AES-128', '3': 'AES-192', '4': 'AES-256' };

function dataObjects(data: Uint8Array): Map<number, Uint8Array> {
  const wrapped = concatBytes(Uint8Array.of(0x30, 0x81, data.length), data);
  return new Map(decodeTlv(wrapped, { allowNonMinimalLength: true }).children.map((c) => [c.tag, c.value]));
}

export function fakeAuthChip(options: FakeAuthChipOptions): FakeAuthChip {
  let session: CardSmSession = cardSmSession(options.keys);
  let cipher: SymmetricCipher = 'cipher' in options.keys ? options.keys.cipher : options.keys.suite;
  let selected: SymmetricCipher | undefined;
  const log: string[] = [];

  const agree = (peer: Uint8Array): Uint8Array => {
    const ca = options.ca;
    if (!ca) throw new Error('no CA key');
    const secret =
      ca.parameters.kind === 'ec'
        ? ecdhSharedSecret(ca.parameters, ca.privateKey, peer)
        : numberToBytes(modPow(bytesToBigInt(peer), ca.privateKey, ca.parameters.p), ca.parameters.length);
    if (options.fault === 'wrong-ca-keys') secret[0] = (secret[0] as number) ^ 1;
    return secret;
  };

  const restart = (suite: SymmetricCipher, secret: Uint8Array) => {
    const ssc = new Uint8Array(suite === '3DES' ? 8 : 16);
    session = cardSmSession({ cipher: suite, ksEnc: kdf(secret, 1, suite), ksMac: kdf(secret, 2, suite), ssc });
    cipher = suite;
  };

  return {
    info: { name: 'fake-auth-chip' },
    log,
    get cipher() {
      return cipher;
    },
    async transmit(apdu) {
      const c = session.unwrapCommand(apdu);
      log.push(c.ins.toString(16).toUpperCase().padStart(2, '0'));
      const answer = (data: Uint8Array, sw = 0x9000) => session.wrapResponse({ data, sw });
      if (c.ins === 0x22 && c.p1 === 0x41 && c.p2 === 0xa6) {
        if (options.fault === 'refuse-ca') return answer(new Uint8Array(0), 0x6a80);
        const secret = agree(dataObjects(c.data).get(0x91) as Uint8Array);
        const response = answer(new Uint8Array(0));
        restart('3DES', secret);
        return response;
      }
      if (c.ins === 0x22 && c.p1 === 0x41 && c.p2 === 0xa4) {
        const dos = dataObjects(c.data);
        const oid = decodeOidValue(dos.get(0x80) as Uint8Array);
        log.push(oid);
        const keyRef = dos.get(0x84);
        if (keyRef) log.push(`84=${toHex(keyRef)}`);
        selected = SUITE_BY_ARC[oid.split('.').pop() as string];
        return answer(new Uint8Array(0));
      }
      if (c.ins === 0x86 && selected) {
        if (options.fault === 'refuse-ca') return answer(new Uint8Array(0), 0x6300);
        const peer = decodeTlv(c.data).children.find((x) => x.tag === 0x80)?.value as Uint8Array;
        const secret = agree(peer);
        const response = answer(Uint8Array.of(0x7c, 0x00));
        restart(selected, secret);
        return response;
      }
      if (c.ins === 0x88 && options.aa) return answer(options.aa(c.data));
      return answer(new Uint8Array(0));
    },
  };
}
