import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CommandApdu, command, decodeCommand, encodeCommand } from '../src/apdu/command.js';
import { decodeResponse, encodeResponse } from '../src/apdu/response.js';
import { concatBytes, fromHex, toHex } from '../src/bytes.js';
import type { SymmetricCipher } from '../src/crypto/kdf.js';
import { pad, unpad } from '../src/crypto/padding.js';
import { cardSmSession, type SmSessionKeys, smSuite, terminalSmSession, withSecureMessaging } from '../src/sm/index.js';
import { encodeTlv } from '../src/tlv/index.js';
import type { Transport } from '../src/transport/types.js';
import { asyncCodeOf, BACKENDS, codeOf } from './helpers/crypto-backends.js';
import { hexOf, vector } from './helpers/vectors.js';

const D = 'icao9303-11-appendix-d-bac.json';
const D4 = ['icao9303-11.D.4.1.select-ef-com', 'icao9303-11.D.4.2.read-binary-4', 'icao9303-11.D.4.3.read-binary-rest'];
const d41 = vector(D, D4[0]!);
const BAC_KEYS: SmSessionKeys = {
  cipher: '3DES',
  ksEnc: hexOf(d41, 'ksenc'),
  ksMac: hexOf(d41, 'ksmac'),
  ssc: hexOf(d41, 'ssc_before'),
};
const aes = vector('icao9303-11-kdf-and-aes-sm.json', 'pm3.aes-sm.icao-G1-keys');
const AES_KEYS: SmSessionKeys = {
  suite: 'AES-128',
  ksEnc: hexOf(aes, 'ksenc'),
  ksMac: hexOf(aes, 'ksmac'),
  ssc: new Uint8Array(16),
};

describe.each(BACKENDS)('ICAO 9303-11 App. D.4 3DES secure messaging (%s backend)', (_name, backend) => {
  it('protects SELECT EF.COM, READ BINARY 4 and READ BINARY rest, and unprotects the answers, byte for byte', () => {
    const sm = terminalSmSession(BAC_KEYS, { backend });
    for (const id of D4) {
      const v = vector(D, id);
      expect(toHex(sm.ssc)).toBe(v.ssc_before);
      expect(toHex(sm.wrap(hexOf(v, 'unprotected_capdu')))).toBe(v.protected_capdu);
      expect(toHex(sm.ssc)).toBe(v.ssc_cmd);
      expect(toHex(sm.unwrap(hexOf(v, 'protected_rapdu')))).toBe(v.unprotected_rapdu);
      expect(toHex(sm.ssc)).toBe(v.ssc_resp);
    }
  });

  it('reproduces the intermediate values: padded header, cryptogram, N, CC and K', () => {
    const suite = smSuite(BAC_KEYS, { backend });
    const ssc = (v: Record<string, string>, k: string) => BigInt(`0x${v[k]}`);
    expect(toHex(suite.encrypt(0n, hexOf(d41, 'data_padded')))).toBe(d41.encrypted_data);
    for (const id of D4) {
      const v = vector(D, id);
      const m = hexOf(v, 'm');
      expect(toHex(m.subarray(0, 8))).toBe(v.cmd_header_padded);
      expect(pad(concatBytes(suite.sscBytes(ssc(v, 'ssc_cmd')), m))).toEqual(hexOf(v, 'n'));
      expect(suite.mac(ssc(v, 'ssc_cmd'), m)).toEqual(hexOf(v, 'cc'));
      const k = unpad(hexOf(v, 'k'));
      expect(toHex(k.subarray(0, 8))).toBe(v.ssc_resp);
      expect(suite.mac(ssc(v, 'ssc_resp'), k.subarray(8))).toEqual(hexOf(v, 'cc_resp'));
    }
  });

  it('plays the chip: unprotects the same commands and protects the same responses', () => {
    const card = cardSmSession(BAC_KEYS, { backend });
    for (const id of D4) {
      const v = vector(D, id);
      const plain = card.unwrapCommand(hexOf(v, 'protected_capdu'));
      expect(toHex(encodeCommand(plain))).toBe(v.unprotected_capdu);
      const r = decodeResponse(hexOf(v, 'unprotected_rapdu'));
      expect(toHex(card.wrapResponse(r, { ins: plain.ins }))).toBe(v.protected_rapdu);
    }
  });
});

describe.each(BACKENDS)('ICAO 9303-11 §9.8.7 AES secure messaging (%s backend)', (_name, backend) => {
  const readResponse = concatBytes(
    encodeTlv(0x87, Uint8Array.of(1), hexOf(aes, 'read_binary_4_resp_cryptogram')),
    fromHex('990290008E08'),
    hexOf(aes, 'read_binary_4_resp_cc'),
    fromHex('9000'),
  );

  it('protects SELECT EF.COM and READ BINARY with the App. G.1 session keys as published', () => {
    const sm = terminalSmSession(AES_KEYS, { backend });
    expect(toHex(sm.wrap(fromHex('00A4020C02011E')))).toBe(aes.select_protected_capdu);
    const suite = smSuite(AES_KEYS, { backend });
    expect(toHex(suite.encrypt(1n, pad(fromHex('011E'), 16)))).toBe(aes.select_cryptogram);
    expect(suite.mac(2n, fromHex('99029000'))).toEqual(hexOf(aes, 'select_resp_cc_over_99029000'));
    const selectResponse = concatBytes(
      fromHex('990290008E08'),
      hexOf(aes, 'select_resp_cc_over_99029000'),
      fromHex('9000'),
    );
    expect(toHex(sm.unwrap(selectResponse))).toBe('9000');
    expect(toHex(sm.wrap(fromHex('00B0000004')))).toBe(aes.read_binary_4_protected_capdu);
    expect(toHex(sm.unwrap(readResponse))).toBe('60145F019000');
    expect(toHex(sm.ssc)).toBe('00000000000000000000000000000004');
  });

  it('plays the chip with IV = E(KSenc, SSC) and produces the published response cryptogram', () => {
    const card = cardSmSession(AES_KEYS, { backend });
    expect(toHex(encodeCommand(card.unwrapCommand(hexOf(aes, 'select_protected_capdu'))))).toBe('00A4020C02011E');
    card.wrapResponse({ data: new Uint8Array(0), sw: 0x9000 });
    card.unwrapCommand(hexOf(aes, 'read_binary_4_protected_capdu'));
    expect(card.wrapResponse({ data: fromHex('60145F01'), sw: 0x9000 })).toEqual(readResponse);
    const suite = smSuite(AES_KEYS, { backend });
    expect(toHex(suite.decrypt(4n, hexOf(aes, 'read_binary_4_resp_cryptogram')))).toBe(
      aes.read_binary_4_resp_plain_padded,
    );
  });
});

const SUITES: SymmetricCipher[] = ['3DES', 'AES-128', 'AES-192', 'AES-256'];
const keysFor = (cipher: SymmetricCipher, seed: number): SmSessionKeys => {
  const len = cipher === '3DES' || cipher === 'AES-128' ? 16 : cipher === 'AES-192' ? 24 : 32;
  const block = cipher === '3DES' ? 8 : 16;
  return {
    cipher,
    ksEnc: new Uint8Array(len).map((_, i) => (seed + i * 7) & 0xff),
    ksMac: new Uint8Array(len).map((_, i) => (seed * 3 + i * 11) & 0xff),
    ssc: new Uint8Array(block).map((_, i) => (i === block - 1 ? seed & 0xff : 0)),
  };
};

const commandArb = fc
  .record({
    ins: fc.integer({ min: 0, max: 0xff }).filter((i) => (i & 0xf0) !== 0x60 && (i & 0xf0) !== 0x90),
    p1: fc.integer({ min: 0, max: 0xff }),
    p2: fc.integer({ min: 0, max: 0xff }),
    data: fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ minLength: 250, maxLength: 600 })),
    ne: fc.option(fc.oneof(fc.integer({ min: 1, max: 256 }), fc.integer({ min: 257, max: 65536 })), { nil: undefined }),
    extended: fc.boolean(),
  })
  .map((r) => command(r));

describe('secure messaging round trips', () => {
  it('carries every APDU case 1-4, short and extended, from terminal to card and back for every suite', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SUITES),
        fc.integer({ min: 0, max: 250 }),
        fc.array(fc.tuple(commandArb, fc.uint8Array({ maxLength: 300 }), fc.constantFrom(0x9000, 0x6282, 0x6a82)), {
          minLength: 1,
          maxLength: 3,
        }),
        (cipher, seed, exchanges) => {
          const keys = keysFor(cipher, seed);
          const terminal = terminalSmSession(keys);
          const card = cardSmSession(keys);
          for (const [cmd, data, sw] of exchanges) {
            const received: CommandApdu = card.unwrapCommand(terminal.wrap(cmd));
            const { extended: _e, ...plain } = received;
            const { extended: _f, ...sent } = cmd;
            expect(plain).toEqual(sent);
            if (cmd.ne !== undefined) expect(encodeCommand(received)).toEqual(encodeCommand(cmd));
            const wire = card.wrapResponse({ data, sw }, { ins: received.ins });
            expect(terminal.unwrap(wire)).toEqual(encodeResponse(data, sw));
          }
          expect(terminal.ssc).toEqual(card.ssc);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('uses the extended form on the wire when the plain command is extended or the body exceeds 255 bytes', () => {
    const sm = terminalSmSession(keysFor('AES-128', 1));
    const wire = decodeCommand(sm.wrap(command({ ins: 0xb1, data: new Uint8Array(300), ne: 1000 })));
    expect(wire.extended).toBe(true);
    expect(wire.cla).toBe(0x0c);
    expect(wire.data[0]).toBe(0x85);
    const short = decodeCommand(terminalSmSession(keysFor('AES-128', 1)).wrap(command({ ins: 0xb0, ne: 4 })));
    expect(short.extended).toBe(false);
    expect(short.ne).toBe(256);
  });
});

describe('secure messaging rejections', () => {
  const fresh = () => {
    const keys = keysFor('AES-128', 9);
    return { terminal: terminalSmSession(keys), card: cardSmSession(keys), keys };
  };
  const exchange = (t: ReturnType<typeof fresh>, data = fromHex('60145F01')) => {
    t.card.unwrapCommand(t.terminal.wrap(command({ ins: 0xb0, ne: 4 })));
    return t.card.wrapResponse({ data, sw: 0x9000 });
  };

  it('rejects a flipped bit in the MAC, the cryptogram or the status with SM_MAC_MISMATCH, then closes', () => {
    for (const at of [-4, 5, -13]) {
      const t = fresh();
      const wire = exchange(t);
      wire[wire.length + at - (at < 0 ? 0 : wire.length)]! ^= 1;
      expect(codeOf(() => t.terminal.unwrap(wire))).toBe('SM_MAC_MISMATCH');
      expect(t.terminal.closed).toBe(true);
      expect(codeOf(() => t.terminal.wrap(command({ ins: 0xb0, ne: 4 })))).toBe('SM_SESSION_CLOSED');
    }
  });

  it('rejects a response computed with another SSC (a replay) with SM_MAC_MISMATCH', () => {
    const t = fresh();
    const first = exchange(t);
    t.terminal.unwrap(first);
    t.terminal.wrap(command({ ins: 0xb0, ne: 4 }));
    expect(codeOf(() => t.terminal.unwrap(first))).toBe('SM_MAC_MISMATCH');
  });

  it('rejects responses without DO99 or DO8E, with a bad indicator or bad padding, with SM_MALFORMED', () => {
    const suite = smSuite({ ...fresh().keys });
    const build = (objects: Uint8Array, withMac = true) => {
      const t = fresh();
      t.terminal.wrap(command({ ins: 0xb0, ne: 4 }));
      // The keys start at SSC 9: the command used 10, the response uses 11.
      const mac = suite.mac(11n, objects);
      return { t, wire: concatBytes(objects, withMac ? encodeTlv(0x8e, mac) : new Uint8Array(0), fromHex('9000')) };
    };
    const enc = (plain: Uint8Array) => suite.encrypt(11n, plain);
    const cases = [
      build(encodeTlv(0x87, Uint8Array.of(1), enc(pad(fromHex('01'), 16)))), // no DO99
      build(encodeTlv(0x99, fromHex('9000')), false), // no DO8E
      build(
        concatBytes(encodeTlv(0x87, Uint8Array.of(2), enc(pad(fromHex('01'), 16))), encodeTlv(0x99, fromHex('9000'))),
      ),
      build(concatBytes(encodeTlv(0x87, Uint8Array.of(1), enc(new Uint8Array(16))), encodeTlv(0x99, fromHex('9000')))),
      build(concatBytes(encodeTlv(0x99, fromHex('9000')), encodeTlv(0x87, Uint8Array.of(1), enc(new Uint8Array(16))))),
      build(concatBytes(encodeTlv(0x99, fromHex('900000')))),
      build(concatBytes(encodeTlv(0x53, fromHex('01')), encodeTlv(0x99, fromHex('9000')))),
    ];
    for (const { t, wire } of cases) {
      expect(codeOf(() => t.terminal.unwrap(wire))).toBe('SM_MALFORMED');
      expect(t.terminal.closed).toBe(true);
    }
  });

  it('rejects a response truncated anywhere with SM_MALFORMED or SM_MAC_MISMATCH, never plain data', () => {
    const full = exchange(fresh());
    for (let cut = 1; cut < full.length - 2; cut += 3) {
      const t = fresh();
      const wire = exchange(t);
      const truncated = concatBytes(wire.subarray(0, wire.length - 2 - cut), wire.subarray(wire.length - 2));
      expect(['SM_MALFORMED', 'SM_MAC_MISMATCH']).toContain(codeOf(() => t.terminal.unwrap(truncated)));
      expect(t.terminal.closed).toBe(true);
    }
  });

  it('treats a bare 9000 as SM_MALFORMED and a bare error status as the end of the session', () => {
    const a = fresh();
    a.terminal.wrap(command({ ins: 0xb0, ne: 4 }));
    expect(codeOf(() => a.terminal.unwrap(fromHex('9000')))).toBe('SM_MALFORMED');
    const b = fresh();
    b.terminal.wrap(command({ ins: 0xb0, ne: 4 }));
    expect(toHex(b.terminal.unwrap(fromHex('6987')))).toBe('6987');
    expect(b.terminal.closed).toBe(true);
  });

  it('makes the card reject commands without SM CLA bits, with a bad MAC, or replayed', () => {
    const t = fresh();
    const wire = t.terminal.wrap(command({ ins: 0xa4, p1: 2, p2: 0x0c, data: fromHex('011E') }));
    const noCla = wire.slice();
    noCla[0] = 0;
    expect(codeOf(() => cardSmSession(t.keys).unwrapCommand(noCla))).toBe('SM_MALFORMED');
    const badMac = wire.slice();
    badMac[badMac.length - 2]! ^= 0x80;
    expect(codeOf(() => cardSmSession(t.keys).unwrapCommand(badMac))).toBe('SM_MAC_MISMATCH');
    t.card.unwrapCommand(wire);
    t.card.wrapResponse({ data: new Uint8Array(0), sw: 0x9000 });
    expect(codeOf(() => t.card.unwrapCommand(wire))).toBe('SM_MAC_MISMATCH');
    expect(codeOf(() => t.card.unwrapCommand(wire))).toBe('SM_SESSION_CLOSED');
  });

  it('rejects wrong key and SSC sizes when a session starts', () => {
    expect(codeOf(() => terminalSmSession({ ...BAC_KEYS, ssc: new Uint8Array(16) }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => terminalSmSession({ ...AES_KEYS, ksEnc: new Uint8Array(24) }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => terminalSmSession({ ...BAC_KEYS, cipher: 'DES' as never }))).toBe('CRYPTO_UNSUPPORTED');
  });
});

describe('withSecureMessaging', () => {
  const chip = (keys: SmSessionKeys, files: Record<string, Uint8Array>): Transport => {
    const card = cardSmSession(keys);
    let selected: Uint8Array = new Uint8Array(0);
    return {
      info: { name: 'fake' },
      async transmit(bytes) {
        const c = card.unwrapCommand(bytes);
        if (c.ins === 0xa4) {
          const f = files[toHex(c.data)];
          if (f) selected = f;
          return card.wrapResponse({ data: new Uint8Array(0), sw: f ? 0x9000 : 0x6a82 });
        }
        const off = (c.p1 << 8) | c.p2;
        return card.wrapResponse({ data: selected.subarray(off, off + (c.ne ?? 0)), sw: 0x9000 }, { ins: c.ins });
      },
    };
  };

  it('reads EF.COM of App. D.4 through a chip that speaks SM', async () => {
    const v = vector(D, D4[2]!);
    const secure = withSecureMessaging(chip(BAC_KEYS, { '011E': hexOf(v, 'ef_com_complete') }), BAC_KEYS);
    expect(toHex(await secure.transmit(fromHex('00A4020C02011E')))).toBe('9000');
    expect(toHex(await secure.transmit(fromHex('00B0000004')))).toBe('60145F019000');
    expect(toHex(await secure.transmit(fromHex('00B0000412')))).toBe(v.unprotected_rapdu);
    expect(toHex(secure.ssc)).toBe(v.ssc_resp);
    expect(toHex(await secure.transmit(fromHex('00A4020C020101')))).toBe('6A82');
    expect(secure.closed).toBe(false);
    expect(secure.info.name).toBe('sm(3DES):fake');
  });

  it('closes the session when the inner transport fails, and refuses later commands', async () => {
    const failing: Transport = {
      info: { name: 'broken' },
      transmit: async () => {
        throw new Error('reader unplugged');
      },
    };
    const secure = withSecureMessaging(failing, AES_KEYS);
    expect(await asyncCodeOf(() => secure.transmit(fromHex('00B0000004')))).toBe('TRANSPORT_FAILED');
    expect(await asyncCodeOf(() => secure.transmit(fromHex('00B0000004')))).toBe('SM_SESSION_CLOSED');
  });
});
