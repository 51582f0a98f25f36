// ICAO 9303-11 §4.4 across implementations: the terminal side (src/access, written apart) runs PACE against this
// card side on every standardized domain parameter set, generic and integrated mappings. Architecture rule 5
// keeps the two state machines separate so that a mistake on either side shows up here.
import { describe, expect, it } from 'vitest';
import type { OidName } from '../src/asn1/oids.js';
import { toHex } from '../src/bytes.js';
import { run } from './helpers/pace-interop.js';

const EC_IDS = [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18];
const DH_IDS = [0, 1, 2];

describe('PACE between the terminal side and the card side', () => {
  it.each([
    ...DH_IDS.map((id) => ['id-PACE-DH-GM-AES-CBC-CMAC-128', id] as const),
    ...EC_IDS.map((id) => ['id-PACE-ECDH-GM-AES-CBC-CMAC-128', id] as const),
  ])('agrees on the session keys with %s on domain parameters %i', async (name, id) => {
    const { result, chip } = await run(name, id);
    expect(toHex(result.keys.ksEnc)).toBe(toHex(chip!.ksEnc));
    expect(toHex(result.keys.ksMac)).toBe(toHex(chip!.ksMac));
  });

  it.each([0, 1, 2, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18])(
    'agrees with the integrated mapping on domain parameters %i',
    async (id) => {
      const name: OidName = id <= 2 ? 'id-PACE-DH-IM-AES-CBC-CMAC-128' : 'id-PACE-ECDH-IM-AES-CBC-CMAC-128';
      const { result, chip } = await run(name, id);
      expect(toHex(result.keys.ksMac)).toBe(toHex(chip!.ksMac));
    },
  );
});
