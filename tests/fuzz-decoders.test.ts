// Hostile input for every LDS decoder (architecture.md rule 7): 100,000+ seeded mutations of valid files
// (bit flips, byte insertions and deletions, length-byte corruption, truncation) must end either in a
// decoded value or in a CccdError; any other exception is a bug. Deterministic: the seed is fixed.
import { describe, expect, it } from 'vitest';
import { oid } from '../src/asn1/oids.js';
import { fromHex } from '../src/bytes.js';
import { CccdError } from '../src/errors.js';
import { buildCardAccess, decodeCardAccess } from '../src/lds/card-access.js';
import { decodeEfCom } from '../src/lds/com.js';
import { decodeDg1 } from '../src/lds/dg1.js';
import { buildDg2, decodeDg2, FACE_HEADER } from '../src/lds/dg2.js';
import { buildDg3, decodeDg3, fingerHeader } from '../src/lds/dg3.js';
import { buildDg5, decodeDg5 } from '../src/lds/dg5.js';
import { buildDg7, decodeDg7 } from '../src/lds/dg7.js';
import { buildDg11, decodeDg11 } from '../src/lds/dg11.js';
import { buildDg12, decodeDg12 } from '../src/lds/dg12.js';
import { buildDg13, decodeDg13 } from '../src/lds/dg13.js';
import { buildDg14, decodeDg14 } from '../src/lds/dg14.js';
import { buildDg15, decodeDg15 } from '../src/lds/dg15.js';
import { buildDg16, decodeDg16 } from '../src/lds/dg16.js';
import { decodeEf, decodeEfAs } from '../src/lds/ef.js';
import type { LdsDecodeOptions } from '../src/lds/read.js';
import { hexOf, vector } from './helpers/vectors.js';

const TOTAL = 100_000;
/** Bounds that keep memory small whatever the input claims. */
const BOUNDS: LdsDecodeOptions = { maxNodes: 2_000, maxDepth: 24 };
const MAX_INPUT = 4_096;

/** mulberry32: a small seeded generator, so that every run mutates the same way. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Mutation = (b: Uint8Array, r: () => number) => Uint8Array;
const at = (b: Uint8Array, r: () => number) => Math.floor(r() * Math.max(1, b.length));
const LENGTH_BYTES = [0x00, 0x01, 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x89, 0xff];

const MUTATIONS: readonly [string, Mutation][] = [
  [
    'bit flip',
    (b, r) => {
      const out = b.slice();
      if (out.length) out[at(out, r)]! ^= 1 << Math.floor(r() * 8);
      return out;
    },
  ],
  [
    'byte insertion',
    (b, r) => {
      const i = Math.floor(r() * (b.length + 1));
      const out = new Uint8Array(b.length + 1);
      out.set(b.subarray(0, i));
      out[i] = Math.floor(r() * 256);
      out.set(b.subarray(i), i + 1);
      return out;
    },
  ],
  [
    'byte deletion',
    (b, r) => {
      if (!b.length) return b;
      const i = at(b, r);
      const out = new Uint8Array(b.length - 1);
      out.set(b.subarray(0, i));
      out.set(b.subarray(i + 1), i);
      return out;
    },
  ],
  [
    'length corruption',
    (b, r) => {
      // Length bytes follow tags; hitting any early byte with a length-like value covers them all.
      const out = b.slice();
      if (out.length)
        out[Math.floor(r() * Math.min(out.length, 48))]! = LENGTH_BYTES[Math.floor(r() * LENGTH_BYTES.length)]!;
      if (out.length > 48) out[at(out, r)]! = LENGTH_BYTES[Math.floor(r() * LENGTH_BYTES.length)]!;
      return out;
    },
  ],
  ['truncation', (b, r) => b.subarray(0, Math.floor(r() * b.length))],
  [
    'random byte',
    (b, r) => {
      const out = b.slice();
      if (out.length) out[at(out, r)]! = Math.floor(r() * 256);
      return out;
    },
  ],
];

const JPEG = fromHex('FFD8FFE000104A46494600010100000100010000FFD9');
const face = {
  gender: 2,
  eyeColour: 3,
  hairColour: 2,
  propertyMask: 1,
  expression: 1,
  poseAngle: [0, 0, 0] as [number, number, number],
  poseAngleUncertainty: [0, 0, 0] as [number, number, number],
  featurePoints: [
    { type: 1, major: 12, minor: 1, x: 100, y: 120 },
    { type: 1, major: 12, minor: 2, x: 140, y: 120 },
  ],
  faceImageType: 1,
  imageDataType: 'jpeg' as const,
  width: 240,
  height: 320,
  colourSpace: 1,
  sourceType: 2,
  deviceType: 0,
  quality: 0,
  image: JPEG,
};
const view = { position: 2, viewCount: 1, viewNumber: 1, quality: 80, impressionType: 0, width: 4, height: 4 };
const lds = (id: string, key: string) => hexOf(vector('lds-samples.json', id), key);
const ecPoint = fromHex(`04${'A1'.repeat(32)}${'B2'.repeat(32)}`);

/** One valid file per decoder (and several for the richer ones). */
const SEEDS: readonly { name: string; bytes: Uint8Array; decode: (b: Uint8Array) => unknown }[] = [
  { name: 'EF.COM', bytes: lds('lds.ef-com', 'bsi_tr03105_5_ef_com'), decode: (b) => decodeEfCom(b, BOUNDS) },
  {
    name: 'DG1',
    bytes: hexOf(vector('icao9303-3-4-5-mrz.json', 'icao9303.specimen-mrz'), 'td3_dg1'),
    decode: (b) => decodeDg1(b, BOUNDS),
  },
  {
    name: 'DG2',
    bytes: buildDg2({ instances: [{ header: FACE_HEADER, record: { images: [face] } }] }),
    decode: (b) => decodeDg2(b, BOUNDS),
  },
  {
    name: 'DG3',
    bytes: buildDg3({
      instances: [
        {
          header: fingerHeader(5),
          record: {
            captureDeviceId: 0,
            imageAcquisitionLevel: 31,
            scaleUnits: 1,
            scanResolution: [500, 500],
            imageResolution: [500, 500],
            pixelDepth: 8,
            compression: 2,
            views: [
              { ...view, image: fromHex('FFA0FFA1') },
              { ...view, position: 7, image: fromHex('FFA0FFA2') },
            ],
          },
        },
      ],
    }),
    decode: (b) => decodeDg3(b, BOUNDS),
  },
  {
    name: 'DG4',
    bytes: fromHex('761B7F6118020101 7F6012 A1088702010188020009 5F2E050102030405'.replace(/ /g, '')),
    decode: (b) => decodeEfAs('DG4', b, BOUNDS),
  },
  { name: 'DG5', bytes: buildDg5({ images: [JPEG, JPEG] }), decode: (b) => decodeDg5(b, BOUNDS) },
  { name: 'DG7', bytes: buildDg7({ images: [JPEG] }), decode: (b) => decodeDg7(b, BOUNDS) },
  {
    name: 'DG11',
    bytes: buildDg11({
      fullName: 'NGUYEN<<VAN AN',
      otherNames: ['A', 'B'],
      fullDateOfBirth: '19990101',
      placeOfBirth: 'HA NOI',
      proofOfCitizenship: JPEG,
    }),
    decode: (b) => decodeDg11(b, BOUNDS),
  },
  {
    name: 'DG12',
    bytes: buildDg12({ issuingAuthority: 'C06', dateOfIssue: '20210710', otherPersons: ['X'], imageOfRear: JPEG }),
    decode: (b) => decodeDg12(b, BOUNDS),
  },
  {
    name: 'DG13',
    bytes: buildDg13({
      idNumber: '001099012345',
      fullName: 'NGUYỄN VĂN AN',
      dateOfBirth: '01/01/1999',
      sex: 'Nam',
      placeOfResidence: 'Số 1, Phường D, Quận E, Hà Nội',
      dateOfExpiry: 'Không thời hạn',
      fatherName: 'NGUYỄN VĂN BÌNH',
      motherName: 'TRẦN THỊ LAN',
      spouseName: 'LÊ THỊ HOA',
      unknown: [{ index: 17, raw: fromHex('3006020111130158') }],
    }),
    decode: (b) => decodeDg13(b, BOUNDS),
  },
  { name: 'DG14 (DH)', bytes: lds('tr03110.spec-sample-dg14', 'dg14'), decode: (b) => decodeDg14(b, BOUNDS) },
  {
    name: 'DG14 (EC)',
    bytes: buildDg14({
      infos: [
        {
          type: 'ChipAuthenticationPublicKeyInfo',
          protocol: oid('id-PK-ECDH'),
          publicKey: { kind: 'ec', curve: oid('brainpoolP256r1'), point: ecPoint },
          keyId: 1,
        },
        { type: 'ChipAuthenticationInfo', protocol: oid('id-CA-ECDH-AES-CBC-CMAC-128'), version: 1, keyId: 1 },
        {
          type: 'ActiveAuthenticationInfo',
          protocol: oid('id-icao-mrtd-security-aaProtocolObject'),
          version: 1,
          signatureAlgorithm: oid('ecdsa-plain-SHA256'),
        },
        { type: 'TerminalAuthenticationInfo', protocol: oid('id-TA'), version: 1, efCvca: { fid: 0x011c, sfi: 0x1c } },
      ],
    }),
    decode: (b) => decodeDg14(b, BOUNDS),
  },
  {
    name: 'DG15 (EC explicit)',
    bytes: buildDg15({
      publicKey: {
        kind: 'ec',
        curve: {
          p: 0xfffffffffffffffffffffffffffffffeffffac73n,
          a: fromHex('00'),
          b: fromHex('07'),
          seed: fromHex('01'),
          generator: ecPoint,
          order: 0x0100000000000000000001b8fa16dfab9aca16b6b3n,
          cofactor: 1n,
        },
        point: ecPoint,
      },
    }),
    decode: (b) => decodeDg15(b, BOUNDS),
  },
  {
    name: 'DG15 (RSA)',
    bytes: buildDg15({ publicKey: { kind: 'rsa', modulus: (1n << 1023n) + 1234567n, exponent: 65537n } }),
    decode: (b) => decodeDg15(b, BOUNDS),
  },
  {
    name: 'DG16',
    bytes: buildDg16({
      persons: [{ dateRecorded: '20210101', name: 'A<<B', telephone: '1', address: 'X' }, { name: 'C' }],
    }),
    decode: (b) => decodeDg16(b, BOUNDS),
  },
  { name: 'EF.CardAccess', bytes: lds('lds.ef-cardaccess', 'bsi_we_ecdh'), decode: (b) => decodeCardAccess(b, BOUNDS) },
  {
    name: 'EF.CardAccess (CCCD)',
    bytes: buildCardAccess({
      infos: [
        { type: 'TerminalAuthenticationInfo', protocol: oid('id-TA'), version: 1 },
        { type: 'ChipAuthenticationInfo', protocol: oid('id-CA-ECDH-AES-CBC-CMAC-128'), version: 1 },
        { type: 'PACEInfo', protocol: oid('id-PACE-ECDH-GM-AES-CBC-CMAC-128'), version: 2, parameterId: 13 },
      ],
    }),
    decode: (b) => decodeCardAccess(b, BOUNDS),
  },
  {
    name: 'EF.SOD (Austria 2023)',
    bytes: hexOf(vector('icao9303-10-real-sod.json', 'sod.at-2023'), 'ef_sod'),
    decode: (b) => decodeEf(b, BOUNDS),
  },
  { name: 'any file (DG13 seed)', bytes: fromHex('6D0B3009310730050201011300'), decode: (b) => decodeEf(b, BOUNDS) },
];

describe('fuzzing every LDS decoder with mutated and truncated files', () => {
  it('decodes every seed file cleanly before mutating it', () => {
    for (const seed of SEEDS) expect(() => seed.decode(seed.bytes), seed.name).not.toThrow();
  });

  it(`sees only CccdError across ${TOTAL.toLocaleString('en')} mutated inputs spread over every decoder`, () => {
    const r = rng(0x5eed_cccd);
    const perSeed = new Map<string, { runs: number; rejected: number }>();
    const unexpected: string[] = [];
    for (let i = 0; i < TOTAL; i++) {
      const seed = SEEDS[i % SEEDS.length]!;
      let input = seed.bytes;
      const rounds = 1 + Math.floor(r() * 3);
      for (let k = 0; k < rounds; k++) input = MUTATIONS[Math.floor(r() * MUTATIONS.length)]![1](input, r);
      if (input.length > MAX_INPUT) input = input.subarray(0, MAX_INPUT);
      const stats = perSeed.get(seed.name) ?? { runs: 0, rejected: 0 };
      stats.runs++;
      try {
        seed.decode(input);
        // Every decoder also meets the input through the tag dispatcher.
        if (i % 7 === 0) decodeEf(input, BOUNDS);
      } catch (e) {
        if (e instanceof CccdError) stats.rejected++;
        else if (unexpected.length < 5)
          unexpected.push(`${seed.name}: ${String(e)} on ${Buffer.from(input).toString('hex')}`);
      }
      perSeed.set(seed.name, stats);
    }
    expect(unexpected).toEqual([]);
    let total = 0;
    for (const [name, s] of perSeed) {
      total += s.runs;
      expect(s.runs, name).toBeGreaterThanOrEqual(Math.floor(TOTAL / SEEDS.length));
      // Most mutations must be refused, or the mutations are not reaching the structure.
      expect(s.rejected / s.runs, name).toBeGreaterThan(0.3);
    }
    expect(total).toBeGreaterThanOrEqual(TOTAL);
  }, 120_000);
});
