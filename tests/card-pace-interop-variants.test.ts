// ICAO 9303-11 §4.4 across implementations: the terminal side (src/access, written apart) runs PACE against this
// card side with the chip authentication mapping, every cipher and explicit domain parameters (architecture
// rule 5: two separate state machines, so that a mistake on either side shows up here).
import { describe, expect, it } from 'vitest';
import { groupOf } from '../src/access/groups.js';
import { performPace } from '../src/access/pace.js';
import { oid } from '../src/asn1/oids.js';
import { toHex } from '../src/bytes.js';
import { PaceResponder } from '../src/card/protocols/pace.js';
import { SW } from '../src/card/protocols/status.js';
import { dhGroup, rfc5114Group } from '../src/crypto/dh.js';
import { curveByName } from '../src/crypto/ec.js';
import { CAN, chipTransport, run } from './helpers/pace-interop.js';

describe('PACE between the terminal side and the card side: CAM, ciphers, explicit parameters', () => {
  it.each([8, 13, 14, 17, 18])(
    'authenticates the chip with the chip authentication mapping on domain parameters %i',
    async (id) => {
      const { result, chip } = await run('id-PACE-ECDH-CAM-AES-CBC-CMAC-128', id);
      expect(result.chipAuthentication?.verified).toBe(true);
      expect(toHex(result.keys.ksEnc)).toBe(toHex(chip!.ksEnc));
    },
  );

  it.each([
    'id-PACE-ECDH-GM-3DES-CBC-CBC',
    'id-PACE-ECDH-GM-AES-CBC-CMAC-192',
    'id-PACE-ECDH-GM-AES-CBC-CMAC-256',
    'id-PACE-ECDH-IM-3DES-CBC-CBC',
    'id-PACE-ECDH-IM-AES-CBC-CMAC-192',
    'id-PACE-ECDH-IM-AES-CBC-CMAC-256',
    'id-PACE-ECDH-CAM-AES-CBC-CMAC-192',
    'id-PACE-ECDH-CAM-AES-CBC-CMAC-256',
  ] as const)('agrees on the session keys with %s on brainpoolP256r1', async (name) => {
    const { result, chip } = await run(name, 13);
    expect(result.keys.suite).toBe(chip!.cipher);
    expect(toHex(result.keys.ksEnc)).toBe(toHex(chip!.ksEnc));
  });

  it.each([
    'id-PACE-DH-GM-3DES-CBC-CBC',
    'id-PACE-DH-GM-AES-CBC-CMAC-256',
    'id-PACE-DH-IM-3DES-CBC-CBC',
    'id-PACE-DH-IM-AES-CBC-CMAC-192',
  ] as const)('agrees on the session keys with %s on the 1024-bit MODP group', async (name) => {
    const { result, chip } = await run(name, 0);
    expect(toHex(result.keys.ksMac)).toBe(toHex(chip!.ksMac));
  });

  it('runs on explicit domain parameters (PACEDomainParameterInfo): a curve outside the standardized IDs', async () => {
    const curve = curveByName('brainpoolP160r1');
    const pace = new PaceResponder({
      protocols: [{ oid: oid('id-PACE-ECDH-GM-AES-CBC-CMAC-128'), domain: curve, parameterId: 32 }],
      passwords: { can: CAN },
      random: (n) => globalThis.crypto.getRandomValues(new Uint8Array(n)),
    });
    const seen: { established?: { ksEnc: Uint8Array } } = {};
    const result = await performPace(chipTransport(pace, seen), {
      protocol: oid('id-PACE-ECDH-GM-AES-CBC-CMAC-128'),
      password: { kind: 'can', value: CAN },
      domainParameters: groupOf(curve),
      domainParameterReference: 32,
    });
    expect(toHex(result.keys.ksEnc)).toBe(toHex(seen.established!.ksEnc));
  });

  it('runs on an explicit DH group given as p, g, q', async () => {
    const { p, g, q } = rfc5114Group('modp-1024-160');
    const group = dhGroup({ p, g, q });
    const pace = new PaceResponder({
      protocols: [{ oid: oid('id-PACE-DH-IM-AES-CBC-CMAC-128'), domain: group, parameterId: 33 }],
      passwords: { can: CAN },
      random: (n) => globalThis.crypto.getRandomValues(new Uint8Array(n)),
    });
    const seen: { established?: { ksEnc: Uint8Array } } = {};
    const result = await performPace(chipTransport(pace, seen), {
      protocol: oid('id-PACE-DH-IM-AES-CBC-CMAC-128'),
      password: { kind: 'can', value: CAN },
      domainParameters: groupOf(group),
      domainParameterReference: 33,
    });
    expect(toHex(result.keys.ksEnc)).toBe(toHex(seen.established!.ksEnc));
  });

  it('fails on both sides with a wrong CAN: the chip answers 6300, the terminal reports AUTH_FAILED', async () => {
    await expect(run('id-PACE-ECDH-GM-AES-CBC-CMAC-128', 13, '654321')).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      sw: SW.AUTHENTICATION_FAILED,
    });
  });
});
