// A minimal card side of PACE (ICAO 9303-11 §4.4) for terminal tests: MSE:Set AT and the four GENERAL AUTHENTICATE
// steps for GM, IM and CAM over ECDH or DH, written apart from src/access (it shares primitives only: curves, DH,
// ciphers, MACs, KDF; the IM's R_p and f_G are pinned by the H.1/H.2 vectors).

import { CIPHER_SUITES } from '../../src/access/cipher-suite.js';
import { groupOf } from '../../src/access/groups.js';
import { pseudoRandomNumber } from '../../src/access/pace-mappings.js';
import { decodeCommand } from '../../src/apdu/command.js';
import { encodeResponse } from '../../src/apdu/response.js';
import { decodeOidValue, encodeOid } from '../../src/asn1/der.js';
import { bytesToBigInt, concatBytes, equalBytes, fromHex, numberToBytes } from '../../src/bytes.js';
import { encrypt } from '../../src/crypto/cipher.js';
import { dhGroup, modPow, validateDhPublicKey } from '../../src/crypto/dh.js';
import { type DomainParameters, domainParameters } from '../../src/crypto/domain-parameters.js';
import { addPoints, decodePoint, generator, multiplyPoint } from '../../src/crypto/ec.js';
import { kdf, type SymmetricCipher } from '../../src/crypto/kdf.js';
import { cmac, retailMacWithPadding } from '../../src/crypto/mac.js';
import { pad } from '../../src/crypto/padding.js';
import { defaultRandom, type RandomSource } from '../../src/crypto/random.js';
import { decodeTlv, encodeTlv } from '../../src/tlv/index.js';
import type { Transport } from '../../src/transport/types.js';

/** What the fake chip offers and knows. */
export interface FakePaceChipOptions {
  /** Dotted PACE OID the chip accepts. */
  readonly protocol: string;
  /** Standardized parameter ID (or explicit parameters). */
  readonly parameters: number | DomainParameters;
  /** The password key K (passwordBytes) and its reference ('83'). */
  readonly passwordReference: number;
  readonly passwordKey: Uint8Array;
  /** CAM: the static CA private key (its public key is what the terminal verifies against). */
  readonly staticPrivateKey?: bigint;
  readonly random?: RandomSource;
  /** Misbehaviours for rejection tests. */
  readonly fault?: 'bad-token' | 'echo-key' | 'bad-ca-data' | 'refuse-protocol';
}

export interface FakePaceChip extends Transport {
  /** Session keys after a successful run (what the chip will use for SM). */
  readonly sessionKeys: { ksEnc: Uint8Array; ksMac: Uint8Array } | undefined;
  /** Static public key matching `staticPrivateKey`, encoded. */
  readonly staticPublicKey: Uint8Array | undefined;
}

interface Arith {
  readonly order: bigint;
  readonly width: number;
  readonly g: Uint8Array;
  mul(p: Uint8Array, k: bigint): Uint8Array;
  add(a: Uint8Array, b: Uint8Array): Uint8Array;
  check(p: Uint8Array): void;
  secret(p: Uint8Array): Uint8Array;
}

/** Chip-side arithmetic straight on the crypto module, elements always encoded. */
function arithOf(params: DomainParameters): Arith {
  if (params.kind === 'ec') {
    return {
      order: params.n,
      width: params.orderLength,
      g: generator(params),
      mul: (p, k) => multiplyPoint(params, p, k % params.n),
      add: (a, b) => addPoints(params, a, b),
      check: (p) => void decodePoint(params, p),
      secret: (p) => p.slice(1, 1 + params.fieldLength),
    };
  }
  const { p, q } = params;
  const enc = (v: bigint) => numberToBytes(v, params.length);
  return {
    order: q as bigint,
    width: Math.ceil((q as bigint).toString(2).length / 8),
    g: enc(params.g),
    mul: (e, k) => enc(modPow(bytesToBigInt(e), k, p)),
    add: (a, b) => enc((bytesToBigInt(a) * bytesToBigInt(b)) % p),
    check: (e) => void validateDhPublicKey(dhGroup({ p, g: params.g, q }), e),
    secret: (e) => e,
  };
}

const SUITE_BY_ARC: Record<string, SymmetricCipher> = { '1': '3DES', '2': 'AES-128', '3': 'AES-192', '4': 'AES-256' };

function ok(data: Uint8Array): Uint8Array {
  return encodeResponse(data, 0x9000);
}
const sw = (word: number) => encodeResponse(new Uint8Array(0), word);

function objects(data: Uint8Array): Map<number, Uint8Array> {
  const node = decodeTlv(data);
  return new Map(node.children.map((c) => [c.tag, c.value]));
}

/** A card side of PACE as a Transport. */
export function fakePaceChip(options: FakePaceChipOptions): FakePaceChip {
  const random = options.random ?? defaultRandom;
  const params = typeof options.parameters === 'number' ? domainParameters(options.parameters) : options.parameters;
  const arith = arithOf(params);
  const arcs = options.protocol.split('.');
  const suiteName = SUITE_BY_ARC[arcs[arcs.length - 1] as string] as SymmetricCipher;
  const suite = CIPHER_SUITES[suiteName];
  const mapping = { '1': 'GM', '2': 'GM', '3': 'IM', '4': 'IM', '6': 'CAM' }[arcs[arcs.length - 2] as string];
  const pkTag = params.kind === 'ec' ? 0x86 : 0x84;
  const mac = (key: Uint8Array, data: Uint8Array) =>
    suiteName === '3DES' ? retailMacWithPadding(key, data) : cmac(key, data).slice(0, 8);
  const scalar = () => (bytesToBigInt(random(arith.width + 8)) % (arith.order - 1n)) + 1n;
  const staticPublicKey =
    options.staticPrivateKey === undefined ? undefined : arith.mul(arith.g, options.staticPrivateKey);

  let step = 0;
  let s: Uint8Array = new Uint8Array(0);
  let skMap = 0n;
  let pkMap: Uint8Array = new Uint8Array(0);
  let mapped = arith.g;
  let sk = 0n;
  let pkIc: Uint8Array = new Uint8Array(0);
  let pkIfd: Uint8Array = new Uint8Array(0);
  let keys: { ksEnc: Uint8Array; ksMac: Uint8Array } | undefined;

  const handle = (apdu: Uint8Array): Uint8Array => {
    const c = decodeCommand(apdu);
    if (c.ins === 0x22 && c.p1 === 0xc1 && c.p2 === 0xa4) {
      const dos = new Map(
        decodeTlv(concatBytes(Uint8Array.of(0x30, c.data.length), c.data)).children.map((x) => [x.tag, x.value]),
      );
      const oid = decodeOidValue(dos.get(0x80) ?? new Uint8Array(0));
      if (options.fault === 'refuse-protocol' || oid !== options.protocol) return sw(0x6a80);
      if (dos.get(0x83)?.[0] !== options.passwordReference) return sw(0x6a88);
      step = 1;
      return sw(0x9000);
    }
    if (c.ins !== 0x86 || step === 0) return sw(0x6985);
    const input = objects(c.data);
    if (step === 1) {
      s = random(suite.blockLength === 8 || suiteName === 'AES-128' ? 16 : 32);
      const kPi = kdf(options.passwordKey, 3, suiteName);
      step = 2;
      return ok(encodeTlv(0x7c, encodeTlv(0x80, encrypt(suite.cipher, kPi, s))));
    }
    if (step === 2) {
      const data = input.get(0x81) ?? new Uint8Array(0);
      step = 3;
      if (mapping === 'IM') {
        const group = groupOf(params);
        const x = pseudoRandomNumber(suite, s, data, group.prime);
        mapped = group.encode(group.mapToGroup(x)) as Uint8Array;
        return ok(encodeTlv(0x7c, new Uint8Array(0)));
      }
      arith.check(data);
      skMap = scalar();
      pkMap = arith.mul(arith.g, skMap);
      mapped = arith.add(arith.mul(arith.g, bytesToBigInt(s)), arith.mul(data, skMap));
      return ok(encodeTlv(0x7c, encodeTlv(0x82, pkMap)));
    }
    if (step === 3) {
      pkIfd = input.get(0x83) ?? new Uint8Array(0);
      arith.check(pkIfd);
      sk = scalar();
      pkIc = options.fault === 'echo-key' ? pkIfd : arith.mul(mapped, sk);
      const k = arith.secret(arith.mul(pkIfd, sk));
      keys = { ksEnc: kdf(k, 1, suiteName), ksMac: kdf(k, 2, suiteName) };
      step = 4;
      return ok(encodeTlv(0x7c, encodeTlv(0x84, pkIc)));
    }
    if (step === 4 && keys) {
      step = 0;
      const tokenInput = (pk: Uint8Array) => encodeTlv(0x7f49, encodeOid(options.protocol), encodeTlv(pkTag, pk));
      if (!equalBytes(input.get(0x85) ?? new Uint8Array(0), mac(keys.ksMac, tokenInput(pkIc)))) {
        keys = undefined;
        return sw(0x6300);
      }
      let tIc = mac(keys.ksMac, tokenInput(pkIfd));
      if (options.fault === 'bad-token') tIc = tIc.map((b, i) => (i === 0 ? b ^ 1 : b));
      const parts = [encodeTlv(0x86, tIc)];
      if (mapping === 'CAM' && options.staticPrivateKey !== undefined) {
        // ICAO 9303-11 §4.4.3.5.1: CA_IC = SK_IC^-1 · SK_Map,IC mod n, encrypted with IV = E(KSenc, -1).
        const n = arith.order;
        let ca = (modPow(options.staticPrivateKey, n - 2n, n) * skMap) % n;
        if (options.fault === 'bad-ca-data') ca = (ca + 1n) % n;
        const iv = encrypt(suite.cipher, keys.ksEnc, fromHex('FF'.repeat(16)), { mode: 'ECB' });
        parts.push(encodeTlv(0x8a, encrypt(suite.cipher, keys.ksEnc, pad(numberToBytes(ca, arith.width), 16), { iv })));
      }
      return ok(encodeTlv(0x7c, ...parts));
    }
    return sw(0x6985);
  };

  return {
    info: { name: 'fake-pace-chip' },
    get sessionKeys() {
      return keys;
    },
    staticPublicKey,
    async transmit(apdu) {
      try {
        return handle(apdu);
      } catch {
        step = 0;
        return sw(0x6a80);
      }
    },
  };
}
