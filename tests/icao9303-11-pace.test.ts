// ICAO 9303-11 §4.4: PACE between the terminal side and an in-test card side for every mapping (GM, IM, CAM),
// agreement (ECDH, DH), cipher (3DES, AES-128/192/256) and standardized domain parameter (IDs 0-2, 8-18).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupFromAlgorithmIdentifier, STANDARDIZED_GROUP_IDS } from '../src/access/groups.js';
import { performPace, verifyPaceChipAuthentication } from '../src/access/pace.js';
import { PACE_ALGORITHMS, paceAlgorithm } from '../src/access/pace-algorithms.js';
import { passwordBytes } from '../src/access/passwords.js';
import { oid } from '../src/asn1/oids.js';
import { bytesToBigInt, equalBytes, fromHex, numberToBytes } from '../src/bytes.js';
import { dhGroup } from '../src/crypto/dh.js';
import { domainParameters } from '../src/crypto/domain-parameters.js';
import { curveFromParameters, generator, multiplyPoint } from '../src/crypto/ec.js';
import { decodeAlgorithmIdentifier, encodePublicKeyInfo, type PublicKeyInfo } from '../src/lds/public-key.js';
import { decodeTlv } from '../src/tlv/index.js';
import { codeOf } from './helpers/error-code.js';
import { fakePaceChip } from './helpers/fake-chip-pace.js';

const CAN = { kind: 'can', value: '012345' } as const;
const CIPHERS = ['3DES-CBC-CBC', 'AES-CBC-CMAC-128', 'AES-CBC-CMAC-192', 'AES-CBC-CMAC-256'] as const;

function protocolOf(agreement: 'DH' | 'ECDH', mapping: 'GM' | 'IM' | 'CAM', cipher: (typeof CIPHERS)[number]) {
  return oid(`id-PACE-${agreement}-${mapping}-${cipher}` as Parameters<typeof oid>[0]);
}

async function run(protocol: string, parameters: number, extra: { staticPrivateKey?: bigint } = {}) {
  const chip = fakePaceChip({
    protocol,
    parameters,
    passwordReference: 2,
    passwordKey: passwordBytes(CAN),
    ...extra,
  });
  const result = await performPace(chip, { protocol, password: CAN, domainParameters: parameters });
  return { chip, result };
}

describe('the PACE algorithm registry', () => {
  it('holds every PACE OID of ICAO 9303-11 Tables 2 and 3, derived from the OID table', () => {
    expect(PACE_ALGORITHMS.size).toBe(19);
    expect(paceAlgorithm(oid('id-PACE-ECDH-CAM-AES-CBC-CMAC-256'))).toMatchObject({
      agreement: 'ECDH',
      mapping: 'CAM',
      cipher: 'AES',
      keyLength: 256,
    });
    expect(paceAlgorithm(oid('id-PACE-DH-IM-3DES-CBC-CBC'))).toMatchObject({ cipher: '3DES', keyLength: 112 });
  });

  it('rejects Chip Authentication and unknown OIDs', () => {
    expect(() => paceAlgorithm(oid('id-CA-ECDH-AES-CBC-CMAC-128'))).toThrow(
      expect.objectContaining({ code: 'CRYPTO_UNSUPPORTED' }),
    );
    expect(() => paceAlgorithm('1.2.3')).toThrow(expect.objectContaining({ code: 'CRYPTO_UNSUPPORTED' }));
  });
});

describe('PACE against the in-test chip on every standardized domain parameter', () => {
  const ids = STANDARDIZED_GROUP_IDS;
  for (const [i, id] of ids.entries()) {
    const group = domainParameters(id);
    const agreement = group.kind === 'ec' ? 'ECDH' : 'DH';
    const mappings: ('GM' | 'IM')[] = group.kind === 'ec' && group.p % 4n !== 3n ? ['GM'] : ['GM', 'IM'];
    for (const [j, mapping] of mappings.entries()) {
      const cipher = CIPHERS[(i + j) % CIPHERS.length] as (typeof CIPHERS)[number];
      it(`agrees on the session keys with ${agreement}-${mapping}-${cipher} on parameter ${id} (${group.name})`, async () => {
        const { chip, result } = await run(protocolOf(agreement, mapping, cipher), id);
        expect(chip.sessionKeys).toBeDefined();
        expect(equalBytes(result.keys.ksEnc, chip.sessionKeys!.ksEnc)).toBe(true);
        expect(equalBytes(result.keys.ksMac, chip.sessionKeys!.ksMac)).toBe(true);
        expect(result.keys.ssc.length).toBe(cipher.startsWith('3DES') ? 8 : 16);
        // Fixed-width encodings: points 1 + 2·|p|, DH values |p|.
        const width = group.kind === 'ec' ? 1 + 2 * group.fieldLength : group.length;
        expect(result.terminalPublicKey.length).toBe(width);
        expect(result.chipPublicKey.length).toBe(width);
      });
    }
  }

  it('reports that the integrated mapping needs p ≡ 3 mod 4 (secp224r1, parameter 10)', async () => {
    await expect(run(protocolOf('ECDH', 'IM', 'AES-CBC-CMAC-128'), 10)).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      step: 'general-authenticate-2',
    });
  });

  it('agrees with every cipher on one curve, for any CAN (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CIPHERS),
        fc.constantFrom<'GM' | 'IM'>('GM', 'IM'),
        fc.stringMatching(/^[0-9]{6}$/),
        async (cipher, mapping, can) => {
          const protocol = protocolOf('ECDH', mapping, cipher);
          const password = { kind: 'can', value: can } as const;
          const chip = fakePaceChip({
            protocol,
            parameters: 12,
            passwordReference: 2,
            passwordKey: passwordBytes(password),
          });
          const result = await performPace(chip, { protocol, password, domainParameters: 12 });
          expect(equalBytes(result.keys.ksMac, chip.sessionKeys!.ksMac)).toBe(true);
        },
      ),
      { numRuns: 6 },
    );
  });

  it('selects the PIN and PUK with password references 03 and 04 in MSE:Set AT', async () => {
    for (const [kind, reference] of [
      ['pin', 3],
      ['puk', 4],
    ] as const) {
      const protocol = protocolOf('ECDH', 'GM', 'AES-CBC-CMAC-128');
      const password = { kind, value: '123456' } as const;
      const chip = fakePaceChip({
        protocol,
        parameters: 13,
        passwordReference: reference,
        passwordKey: passwordBytes(password),
      });
      const result = await performPace(chip, { protocol, password, domainParameters: 13 });
      expect(result.password).toBe(kind);
    }
  });

  it('fails with 6300 at general-authenticate-4 when the chip holds another CAN', async () => {
    const protocol = protocolOf('ECDH', 'GM', 'AES-CBC-CMAC-128');
    const chip = fakePaceChip({
      protocol,
      parameters: 13,
      passwordReference: 2,
      passwordKey: passwordBytes({ kind: 'can', value: '999999' }),
    });
    await expect(performPace(chip, { protocol, password: CAN, domainParameters: 13 })).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      step: 'general-authenticate-4',
      sw: 0x6300,
    });
  });

  it("rejects a chip whose ephemeral key echoes the terminal's", async () => {
    const protocol = protocolOf('ECDH', 'GM', 'AES-CBC-CMAC-128');
    const chip = fakePaceChip({
      protocol,
      parameters: 13,
      passwordReference: 2,
      passwordKey: passwordBytes(CAN),
      fault: 'echo-key',
    });
    await expect(performPace(chip, { protocol, password: CAN, domainParameters: 13 })).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      step: 'general-authenticate-3',
    });
  });

  it('rejects a chip token that does not verify', async () => {
    const protocol = protocolOf('DH', 'IM', '3DES-CBC-CBC');
    const chip = fakePaceChip({
      protocol,
      parameters: 0,
      passwordReference: 2,
      passwordKey: passwordBytes(CAN),
      fault: 'bad-token',
    });
    await expect(performPace(chip, { protocol, password: CAN, domainParameters: 0 })).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      step: 'general-authenticate-4',
    });
  });
});

describe('PACE-CAM (ICAO 9303-11 §4.4.3.5) against the in-test chip', () => {
  const staticPrivateKey = 0x1234567890abcdef1234567890abcdefn;
  for (const [i, id] of [9, 10, 12, 13, 16].entries()) {
    const cipher = CIPHERS[1 + (i % 3)] as (typeof CIPHERS)[number];
    it(`verifies the chip authentication data with ${cipher} on parameter ${id}`, async () => {
      const protocol = protocolOf('ECDH', 'CAM', cipher);
      const chip = fakePaceChip({
        protocol,
        parameters: id,
        passwordReference: 2,
        passwordKey: passwordBytes(CAN),
        staticPrivateKey,
      });
      const result = await performPace(chip, {
        protocol,
        password: CAN,
        domainParameters: id,
        chipAuthenticationPublicKey: chip.staticPublicKey,
      });
      expect(result.chipAuthentication?.verified).toBe(true);
      expect(equalBytes(result.keys.ksEnc, chip.sessionKeys!.ksEnc)).toBe(true);
    });
  }

  it('verifies later, once the public key is known from EF.CardSecurity', async () => {
    const protocol = protocolOf('ECDH', 'CAM', 'AES-CBC-CMAC-128');
    const chip = fakePaceChip({
      protocol,
      parameters: 13,
      passwordReference: 2,
      passwordKey: passwordBytes(CAN),
      staticPrivateKey,
    });
    const result = await performPace(chip, { protocol, password: CAN, domainParameters: 13 });
    expect(result.chipAuthentication?.verified).toBeUndefined();
    expect(() => verifyPaceChipAuthentication(result, chip.staticPublicKey!)).not.toThrow();
    const fromCardSecurity = { kind: 'ec', curve: oid('brainpoolP256r1'), point: chip.staticPublicKey! } as const;
    expect(() => verifyPaceChipAuthentication(result, fromCardSecurity)).not.toThrow();
  });

  it('rejects chip authentication data that does not match the static key', async () => {
    const protocol = protocolOf('ECDH', 'CAM', 'AES-CBC-CMAC-128');
    const chip = fakePaceChip({
      protocol,
      parameters: 13,
      passwordReference: 2,
      passwordKey: passwordBytes(CAN),
      staticPrivateKey,
      fault: 'bad-ca-data',
    });
    const run2 = performPace(chip, {
      protocol,
      password: CAN,
      domainParameters: 13,
      chipAuthenticationPublicKey: chip.staticPublicKey,
    });
    await expect(run2).rejects.toMatchObject({ code: 'AUTH_FAILED', step: 'chip-authentication-mapping' });
  });

  it('rejects a public key of another chip', async () => {
    const protocol = protocolOf('ECDH', 'CAM', 'AES-CBC-CMAC-128');
    const other = fakePaceChip({
      protocol,
      parameters: 13,
      passwordReference: 2,
      passwordKey: passwordBytes(CAN),
      staticPrivateKey: 77n,
    });
    const chip = fakePaceChip({
      protocol,
      parameters: 13,
      passwordReference: 2,
      passwordKey: passwordBytes(CAN),
      staticPrivateKey,
    });
    const result = await performPace(chip, { protocol, password: CAN, domainParameters: 13 });
    expect(() => verifyPaceChipAuthentication(result, other.staticPublicKey!)).toThrow(
      expect.objectContaining({ code: 'AUTH_FAILED', step: 'chip-authentication-mapping' }),
    );
  });

  it('rejects PACE-CAM without encrypted chip authentication data', async () => {
    const protocol = protocolOf('ECDH', 'CAM', 'AES-CBC-CMAC-128');
    const chip = fakePaceChip({ protocol, parameters: 13, passwordReference: 2, passwordKey: passwordBytes(CAN) });
    await expect(performPace(chip, { protocol, password: CAN, domainParameters: 13 })).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      step: 'general-authenticate-4',
    });
  });
});

describe('PACE on explicit domain parameters (PACEDomainParameterInfo)', () => {
  const algorithmOf = (key: PublicKeyInfo) =>
    decodeAlgorithmIdentifier(decodeTlv(encodePublicKeyInfo(key)).children[0]!, 'domainParameter');

  it('runs ECDH-GM on a curve given by explicit parameters that name no standard curve', async () => {
    const named = domainParameters(13);
    if (named.kind !== 'ec') throw new Error('curve');
    // brainpoolP256r1 with the generator 2G: valid parameters that match no named curve.
    const g2 = multiplyPoint(named, generator(named), 2n);
    const width = named.fieldLength;
    const explicit = {
      p: named.p,
      a: numberToBytes(named.a, width),
      b: numberToBytes(named.b, width),
      generator: g2,
      order: named.n,
      cofactor: 1n,
    };
    const group = groupFromAlgorithmIdentifier(algorithmOf({ kind: 'ec', curve: explicit, point: g2 }));
    const curve = curveFromParameters({
      ...named,
      gx: bytesToBigInt(g2.subarray(1, 1 + width)),
      gy: bytesToBigInt(g2.subarray(1 + width)),
    });
    expect(curve.name).toBeUndefined();
    const protocol = protocolOf('ECDH', 'GM', 'AES-CBC-CMAC-256');
    const chip = fakePaceChip({ protocol, parameters: curve, passwordReference: 2, passwordKey: passwordBytes(CAN) });
    const result = await performPace(chip, { protocol, password: CAN, domainParameters: group });
    expect(result.domainParameterId).toBeUndefined();
    expect(equalBytes(result.keys.ksMac, chip.sessionKeys!.ksMac)).toBe(true);
  });

  it('runs DH-IM on an X9.42 group given by explicit parameters', async () => {
    const named = domainParameters(0);
    if (named.kind !== 'dh') throw new Error('group');
    const key: PublicKeyInfo = {
      kind: 'dh',
      algorithm: oid('dhpublicnumber'),
      p: named.p,
      g: named.g,
      q: named.q,
      y: named.g,
    };
    const group = groupFromAlgorithmIdentifier(algorithmOf(key));
    const protocol = protocolOf('DH', 'IM', 'AES-CBC-CMAC-128');
    const parameters = dhGroup({ p: named.p, g: named.g, q: named.q });
    const chip = fakePaceChip({ protocol, parameters, passwordReference: 2, passwordKey: passwordBytes(CAN) });
    const result = await performPace(chip, { protocol, password: CAN, domainParameters: group });
    expect(equalBytes(result.keys.ksEnc, chip.sessionKeys!.ksEnc)).toBe(true);
  });

  it('refuses domain parameters that are neither EC nor DH, or absent', () => {
    expect(
      codeOf(() => groupFromAlgorithmIdentifier({ algorithm: oid('rsaEncryption'), parameters: fromHex('0500') })),
    ).toBe('CRYPTO_UNSUPPORTED');
    expect(codeOf(() => groupFromAlgorithmIdentifier({ algorithm: oid('id-ecPublicKey') }))).toBe('CRYPTO_UNSUPPORTED');
  });
});
