// Fail closed against a hostile terminal (architecture rule 9): whatever bytes arrive, the card-side protocols
// answer a status word and never throw; their data objects and the SM session round-trip (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { command, encodeCommand } from '../src/apdu/command.js';
import { encodeResponse } from '../src/apdu/response.js';
import { oid } from '../src/asn1/oids.js';
import { bytesToBigInt, fromHex, toHex } from '../src/bytes.js';
import { dynamicAuthenticationData, parseDynamicAuthenticationData } from '../src/card/protocols/data-objects.js';
import { CardProtocols, CardSecureChannel, type SymmetricCipher } from '../src/card/protocols/index.js';
import { curveByName } from '../src/crypto/ec.js';
import { ecPrivateKeyFromScalar } from '../src/crypto/keys.js';
import { terminalSmSession } from '../src/sm/session.js';

const RUNS = { numRuns: 100 };
const random = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n));
const curve = curveByName('brainpoolP256r1');
const SCALAR = bytesToBigInt(fromHex('107CF58696EF6155053340FD633392BA81909DF7B9706F226F32086C7AFF974A'));

function chip() {
  return new CardProtocols({
    bac: { mrzKey: new Uint8Array(20).fill(1), random },
    pace: {
      protocols: [
        { oid: oid('id-PACE-ECDH-GM-AES-CBC-CMAC-128'), domain: 13 },
        { oid: oid('id-PACE-DH-IM-3DES-CBC-CBC'), domain: 0 },
        { oid: oid('id-PACE-ECDH-CAM-AES-CBC-CMAC-256'), domain: 12 },
      ],
      passwords: { can: '123456', mrz: new Uint8Array(20) },
      chipAuthenticationKey: SCALAR,
      random,
    },
    chipAuthentication: { keys: [{ oid: oid('id-CA-ECDH-3DES-CBC-CBC'), domain: 13, privateKey: SCALAR }] },
    activeAuthentication: { privateKey: ecPrivateKeyFromScalar(curve, SCALAR), random },
  });
}

const PROTOCOL_HEADERS = [
  [0x00, 0x84, 0x00, 0x00],
  [0x00, 0x82, 0x00, 0x00],
  [0x00, 0x22, 0xc1, 0xa4],
  [0x00, 0x22, 0x41, 0xa4],
  [0x00, 0x22, 0x41, 0xa6],
  [0x10, 0x86, 0x00, 0x00],
  [0x00, 0x86, 0x00, 0x00],
  [0x00, 0x88, 0x00, 0x00],
] as const;

/** Valid prefixes that bring PACE to each step, so random data reaches every step's parser. */
const PACE_PREFIXES = [
  [],
  ['0022C1A40F800A04007F00070202040202830102'],
  ['0022C1A40F800A04007F00070202040202830102', '10860000027C0000'],
];

describe('a hostile terminal against the card-side protocols', () => {
  it('gets a status word, never an exception, for any data field of any protocol command at any PACE step', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PROTOCOL_HEADERS),
        fc.constantFrom(...PACE_PREFIXES),
        fc.uint8Array({ maxLength: 300 }),
        (header, prefix, data) => {
          const p = chip();
          for (const c of prefix) p.handle(command(decode(c)));
          const [cla, ins, p1, p2] = header;
          const reply = p.handle(command({ cla, ins, p1, p2, data, ne: 256 }));
          expect(reply).toBeDefined();
          expect(reply!.sw).toBeGreaterThanOrEqual(0x6000);
          if (reply!.sw !== 0x9000) expect(reply!.established).toBeUndefined();
        },
      ),
      RUNS,
    );
  });

  it('gets a status word for random dynamic authentication data objects at the mapping and key agreement steps', () => {
    fc.assert(
      fc.property(fc.constantFrom(0x81, 0x83, 0x85), fc.uint8Array({ maxLength: 140 }), (tag, value) => {
        const p = chip();
        p.handle(command({ ins: 0x22, p1: 0xc1, p2: 0xa4, data: fromHex('800A04007F00070202040202830102') }));
        p.handle(command({ cla: 0x10, ins: 0x86, data: fromHex('7C00'), ne: 256 }));
        const reply = p.handle(
          command({ cla: 0x10, ins: 0x86, data: dynamicAuthenticationData([tag, value]), ne: 256 }),
        );
        expect([0x6a80, 0x6985]).toContain(reply!.sw);
      }),
      RUNS,
    );
  });
});

function decode(hex: string) {
  const b = fromHex(hex);
  const c = { cla: b[0] as number, ins: b[1] as number, p1: b[2] as number, p2: b[3] as number };
  return { ...c, data: b.length > 5 ? b.subarray(5, 5 + (b[4] as number)) : new Uint8Array(0) };
}

describe('card-side data objects and secure messaging round trips', () => {
  it('parses back every 7C template it builds', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.constantFrom(0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x8a), fc.uint8Array({ maxLength: 200 })),
          {
            maxLength: 3,
          },
        ),
        (objects) => {
          const parsed = parseDynamicAuthenticationData(dynamicAuthenticationData(...objects));
          expect(parsed?.map((o) => [o.tag, toHex(o.value)])).toEqual(objects.map(([t, v]) => [t, toHex(v)]));
        },
      ),
      RUNS,
    );
  });

  const CIPHERS: { cipher: SymmetricCipher; key: number; block: number }[] = [
    { cipher: '3DES', key: 16, block: 8 },
    { cipher: 'AES-128', key: 16, block: 16 },
    { cipher: 'AES-192', key: 24, block: 16 },
    { cipher: 'AES-256', key: 32, block: 16 },
  ];

  it('exchanges commands and responses of every case with the terminal session, for every suite', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CIPHERS),
        fc.uint8Array({ maxLength: 300 }),
        fc.option(fc.integer({ min: 1, max: 65536 }), { nil: undefined }),
        fc.uint8Array({ maxLength: 300 }),
        fc.constantFrom(0x9000, 0x6282, 0x6a82),
        fc.constantFrom(0xb0, 0xb1, 0xa4),
        (suite, data, ne, responseData, sw, ins) => {
          const keys = {
            cipher: suite.cipher,
            ksEnc: random(suite.key),
            ksMac: random(suite.key),
            ssc: random(suite.block),
          };
          const terminal = terminalSmSession(keys);
          const card = new CardSecureChannel({ ...keys, protocol: 'PACE' });
          const plain = command({ ins, p1: 1, p2: 2, data, ne });
          const received = card.unprotect(terminal.wrap(encodeCommand(plain)));
          expect('command' in received && toHex(encodeCommand(received.command))).toBe(toHex(encodeCommand(plain)));
          const body = card.protect({ data: responseData, sw }, ins);
          expect(toHex(terminal.unwrap(encodeResponse(body, sw)))).toBe(toHex(encodeResponse(responseData, sw)));
          expect(toHex(card.ssc)).toBe(toHex(terminal.ssc));
        },
      ),
      { numRuns: 60 },
    );
  });
});
