// ICAO 9303-11 §4.2 inspection across implementations: the terminal side (src/access, src/auth) runs BAC, Chip
// Authentication and Active Authentication through secure messaging against this card side (CardProtocols and
// CardSecureChannel), the way the simulated chip wires them: keys switch after the response that set them.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { performBac } from '../src/access/bac.js';
import { decodeCommand } from '../src/apdu/command.js';
import { encodeResponse } from '../src/apdu/response.js';
import { type OidName, oid } from '../src/asn1/oids.js';
import { performActiveAuthentication } from '../src/auth/active-authentication.js';
import { performChipAuthentication } from '../src/auth/chip-authentication.js';
import { asciiToBytes, bytesToBigInt, toHex } from '../src/bytes.js';
import { CardProtocols, type CardProtocolsConfig, CardSecureChannel } from '../src/card/protocols/index.js';
import { curveByName, ecPublicKey } from '../src/crypto/ec.js';
import { hash } from '../src/crypto/hash.js';
import { ecPrivateKeyFromScalar, type RsaPrivateKey } from '../src/crypto/keys.js';
import { decodePkcs8 } from '../src/crypto/pkcs8.js';
import { withSecureMessaging } from '../src/sm/transport.js';
import type { Transport } from '../src/transport/types.js';

const random = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n));
const MRZ = { documentNumber: 'L898902C', birthDate: '690806', expiryDate: '940623' };
const MRZ_KEY = hash('SHA-1', asciiToBytes('L898902C<369080619406236'));
const curve = curveByName('brainpoolP256r1');
const CA_KEY = bytesToBigInt(random(31)) + 1n;

/** A chip in a test: the routing table, and secure messaging switched after the response that set new keys. */
function chip(config: CardProtocolsConfig): Transport & { protocols: CardProtocols } {
  const protocols = new CardProtocols(config);
  let sm: CardSecureChannel | undefined;
  return {
    protocols,
    info: { name: 'card-side protocols' },
    async transmit(bytes) {
      let command = decodeCommand(bytes);
      if (sm) {
        const r = sm.unprotect(bytes);
        if (!('command' in r)) {
          sm = undefined;
          return encodeResponse(new Uint8Array(0), r.sw);
        }
        command = r.command;
      }
      const reply = protocols.handle(command) ?? { protocol: 'BAC' as const, data: new Uint8Array(0), sw: 0x6d00 };
      const out = sm ? encodeResponse(sm.protect(reply, command.ins), reply.sw) : encodeResponse(reply.data, reply.sw);
      if (reply.established) sm = new CardSecureChannel(reply.established);
      return out;
    },
  };
}

const caKey = (name: OidName) => ({ oid: oid(name), domain: 13, privateKey: CA_KEY });
const caPublicKey = { kind: 'ec' as const, curve: oid('brainpoolP256r1'), point: ecPublicKey(curve, CA_KEY) };

describe('BAC, Chip Authentication and Active Authentication between the terminal side and the card side', () => {
  it.each([
    ['id-CA-ECDH-3DES-CBC-CBC', 'MSE:Set KAT'],
    ['id-CA-ECDH-AES-CBC-CMAC-128', 'MSE:Set AT + GENERAL AUTHENTICATE'],
    ['id-CA-ECDH-AES-CBC-CMAC-256', 'MSE:Set AT + GENERAL AUTHENTICATE'],
  ] as const)(
    'runs BAC, then %s Chip Authentication (%s), then ECDSA Active Authentication under the CA keys',
    async (name, _commands) => {
      const aaKey = ecPrivateKeyFromScalar(curve, random(31));
      const card = chip({
        bac: { mrzKey: MRZ_KEY, random },
        chipAuthentication: { keys: [caKey(name)] },
        activeAuthentication: { privateKey: aaKey, random },
      });
      const bac = await performBac(card, { mrz: MRZ });
      const ca = await performChipAuthentication(withSecureMessaging(card, bac.keys), {
        protocol: oid(name),
        publicKey: caPublicKey,
      });
      const challenge = random(8);
      const aa = await performActiveAuthentication(ca.transport, {
        publicKey: { kind: 'ec', curve: oid('brainpoolP256r1'), point: aaKey.point },
        challenge,
      });
      expect([aa.algorithm, aa.hash, toHex(aa.challenge)]).toEqual(['ECDSA', 'SHA-256', toHex(challenge)]);
    },
  );

  it('verifies RSA Active Authentication (ISO/IEC 9796-2, SHA-1) through BAC secure messaging', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const key = decodePkcs8(new Uint8Array(privateKey.export({ format: 'der', type: 'pkcs8' }))) as RsaPrivateKey;
    const card = chip({ bac: { mrzKey: MRZ_KEY, random }, activeAuthentication: { privateKey: key, random } });
    const bac = await performBac(card, { mrz: MRZ });
    const aa = await performActiveAuthentication(withSecureMessaging(card, bac.keys), {
      publicKey: { kind: 'rsa', modulus: key.n, exponent: key.e },
    });
    expect([aa.algorithm, aa.hash, aa.recovered?.length]).toEqual(['RSA', 'SHA-1', 106]);
  });

  it('makes the terminal fail BAC with 6300 when the MRZ is wrong', async () => {
    const card = chip({ bac: { mrzKey: MRZ_KEY, random } });
    await expect(performBac(card, { mrz: { ...MRZ, birthDate: '690807' } })).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      sw: 0x6300,
    });
  });

  it('makes the terminal reject an Active Authentication signature the chip corrupted', async () => {
    const aaKey = ecPrivateKeyFromScalar(curve, random(31));
    const card = chip({
      bac: { mrzKey: MRZ_KEY, random },
      activeAuthentication: { privateKey: aaKey, random, faults: { wrongSignature: true } },
    });
    const bac = await performBac(card, { mrz: MRZ });
    await expect(
      performActiveAuthentication(withSecureMessaging(card, bac.keys), {
        publicKey: { kind: 'ec', curve: oid('brainpoolP256r1'), point: aaKey.point },
      }),
    ).rejects.toMatchObject({ code: 'AUTH_FAILED' });
  });

  it('makes the terminal fail after Chip Authentication when the chip derives other keys', async () => {
    const card = chip({
      bac: { mrzKey: MRZ_KEY, random },
      chipAuthentication: { keys: [caKey('id-CA-ECDH-AES-CBC-CMAC-128')], faults: { wrongKeys: true } },
      activeAuthentication: { privateKey: ecPrivateKeyFromScalar(curve, random(31)), random },
    });
    const bac = await performBac(card, { mrz: MRZ });
    const ca = await performChipAuthentication(withSecureMessaging(card, bac.keys), {
      protocol: oid('id-CA-ECDH-AES-CBC-CMAC-128'),
      publicKey: caPublicKey,
    });
    await expect(
      performActiveAuthentication(ca.transport, {
        publicKey: { kind: 'ec', curve: oid('brainpoolP256r1'), point: ecPublicKey(curve, 5n) },
      }),
    ).rejects.toBeDefined();
  });
});
