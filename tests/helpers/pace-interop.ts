// The terminal side's PACE (src/access) run against the card side's PaceResponder (src/card/protocols) over an
// in-memory transport: the shared harness of the interop tests (architecture rule 5: two state machines).
import { performPace } from '../../src/access/pace.js';
import { decodeCommand } from '../../src/apdu/command.js';
import { encodeResponse } from '../../src/apdu/response.js';
import { type OidName, oid } from '../../src/asn1/oids.js';
import { PaceResponder } from '../../src/card/protocols/pace.js';
import { domainParameters } from '../../src/crypto/domain-parameters.js';
import { ecPublicKey } from '../../src/crypto/ec.js';
import type { Transport } from '../../src/transport/types.js';

/** A transport that hands MSE:Set AT and GENERAL AUTHENTICATE to the card-side state machine. */
export function chipTransport(pace: PaceResponder, seen: { established?: unknown }): Transport {
  return {
    info: { name: 'card-side PACE' },
    async transmit(bytes) {
      const c = decodeCommand(bytes);
      if (c.ins === 0x22 && c.p1 === 0xc1 && c.p2 === 0xa4)
        return encodeResponse(new Uint8Array(0), pace.mseSetAt(c.data));
      if (c.ins !== 0x86) return encodeResponse(new Uint8Array(0), 0x6d00);
      const r = pace.generalAuthenticate(c.data, (c.cla & 0x10) !== 0);
      if (r.established) seen.established = r.established;
      return encodeResponse(r.data, r.sw);
    },
  };
}

export const CAN = '123456';
/** A static Chip Authentication key for PACE-CAM (any scalar below every curve order works). */
export const CAM_KEY = 0x1d2c3b4a5968778695a4b3c2d1e0f1e2d3c4b5a69788796an;

export async function run(name: OidName, parameterId: number, can = CAN) {
  const mapping = name.includes('-CAM-') ? 'CAM' : 'other';
  const pace = new PaceResponder({
    protocols: [{ oid: oid(name), domain: parameterId }],
    passwords: { can: CAN },
    chipAuthenticationKey: mapping === 'CAM' ? CAM_KEY : undefined,
    random: (n) => globalThis.crypto.getRandomValues(new Uint8Array(n)),
  });
  const seen: { established?: { ksEnc: Uint8Array; ksMac: Uint8Array; cipher: string } } = {};
  const group = domainParameters(parameterId);
  const result = await performPace(chipTransport(pace, seen), {
    protocol: oid(name),
    password: { kind: 'can', value: can },
    domainParameters: parameterId,
    chipAuthenticationPublicKey: mapping === 'CAM' && group.kind === 'ec' ? ecPublicKey(group, CAM_KEY) : undefined,
  });
  return { result, chip: seen.established };
}
