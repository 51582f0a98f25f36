// ICAO 9303-11 §4.2 chip access procedure from the chip's side: commands routed to BAC, PACE, CA and AA by one
// table, then secure messaging restarted after Chip Authentication with the response still under the old keys
// (§9.8.2), with the terminal's SM session from src/sm on the other end.
import { describe, expect, it } from 'vitest';
import { type CommandApdu, decodeCommand, encodeCommand } from '../src/apdu/command.js';
import { generalAuthenticate, mseSetAtChipAuthentication, readBinary } from '../src/apdu/commands.js';
import { encodeResponse } from '../src/apdu/response.js';
import { oid } from '../src/asn1/oids.js';
import { asciiToBytes, bytesToBigInt, fromHex, toHex } from '../src/bytes.js';
import { CardProtocols, CardSecureChannel } from '../src/card/protocols/index.js';
import { curveByName, ecPublicKey } from '../src/crypto/ec.js';
import { hash } from '../src/crypto/hash.js';
import { ecPrivateKeyFromScalar } from '../src/crypto/keys.js';
import { replayRandom } from '../src/crypto/random.js';
import { terminalSmSession } from '../src/sm/session.js';
import { encodeTlv } from '../src/tlv/index.js';
import { hexOf, vector } from './helpers/vectors.js';

const G = 'icao9303-11-appendix-g-pace-gm.json';
const g1 = vector(G, 'icao9303-11.G.1.pace-ecdh-gm');
const g1Apdus = vector(G, 'icao9303-11.G.1.apdus');
const d2 = vector('icao9303-11-appendix-d-bac.json', 'icao9303-11.D.2.bac-keys');
const d3 = vector('icao9303-11-appendix-d-bac.json', 'icao9303-11.D.3.bac-mutual-auth');
const f = vector('icao9303-11-appendix-f-aa.json', 'icao9303-11.F.aa-rsa');

const curve = curveByName('brainpoolP256r1');
const caStatic = bytesToBigInt(hexOf(g1, 'sk_map_ic'));

function chip(random: Uint8Array[]) {
  return new CardProtocols({
    bac: { mrzKey: hexOf(d2, 'sha1_mrz_information'), random: replayRandom(hexOf(d3, 'rnd_ic'), hexOf(d3, 'k_ic')) },
    pace: {
      protocols: [{ oid: g1.pace_oid_text as string, domain: 13 }],
      passwords: { mrz: hash('SHA-1', asciiToBytes(g1.mrz_information_text as string)) },
      random: replayRandom(...random),
    },
    chipAuthentication: { keys: [{ oid: oid('id-CA-ECDH-AES-CBC-CMAC-128'), domain: 13, privateKey: caStatic }] },
    activeAuthentication: {
      privateKey: ecPrivateKeyFromScalar(curve, hexOf(g1, 'sk_ifd')),
      random: (n) => new Uint8Array(n).fill(3),
    },
  });
}
const g1Random = () => [hexOf(g1, 'nonce_s'), hexOf(g1, 'sk_map_ic'), hexOf(g1, 'sk_ic')];
const send = (p: CardProtocols, capdu: string) => {
  const r = p.handle(decodeCommand(fromHex(capdu)));
  return r && toHex(encodeResponse(r.data, r.sw));
};

describe('the card-side protocol routing table', () => {
  it('routes GET CHALLENGE and EXTERNAL AUTHENTICATE to BAC (App. D.3)', () => {
    const p = chip(g1Random());
    expect(send(p, d3.get_challenge_capdu as string)).toBe(`${d3.rnd_ic}9000`);
    const r = p.handle(decodeCommand(hexOf(d3, 'ext_auth_capdu')));
    expect(r?.protocol).toBe('BAC');
    expect(toHex(r!.data)).toBe(d3.ext_auth_resp_data);
    expect(toHex(r!.established!.ksEnc)).toBe(d3.ksenc);
  });

  it('routes MSE:Set AT C1A4 and the GENERAL AUTHENTICATE chain to PACE (App. G.1)', () => {
    const p = chip(g1Random());
    expect(send(p, g1Apdus.mse_set_at as string)).toBe('9000');
    for (const step of ['ga1', 'ga2', 'ga3', 'ga4']) {
      expect(send(p, g1Apdus[`${step}_capdu`] as string)).toBe(g1Apdus[`${step}_rapdu`]);
    }
  });

  it('routes INTERNAL AUTHENTICATE to Active Authentication', () => {
    const r = chip(g1Random()).handle(decodeCommand(hexOf(f, 'internal_authenticate_capdu')));
    expect([r?.protocol, r?.sw, r?.data.length]).toEqual(['AA', 0x9000, 64]);
  });

  it('answers GENERAL AUTHENTICATE without a selected protocol with 6985', () => {
    expect(send(chip(g1Random()), g1Apdus.ga1_capdu as string)).toBe('6985');
  });

  it('answers 6A86 to a protocol command with other P1-P2, and leaves other commands to the chip', () => {
    const p = chip(g1Random());
    expect(send(p, '0084010108')).toBe('6A86');
    expect(p.handle(decodeCommand(fromHex('00B0000004')))).toBeUndefined();
    expect(p.handle(decodeCommand(fromHex('002281B600')))).toBeUndefined();
  });

  it('leaves GET CHALLENGE to the chip when it does not run BAC', () => {
    const p = new CardProtocols({});
    expect(p.handle(decodeCommand(fromHex('0084000008')))).toBeUndefined();
  });
});

describe('ICAO 9303-11 §6.2.2, §9.8.2: Chip Authentication inside a PACE session restarts secure messaging', () => {
  it('protects the CA response with the PACE keys, then accepts commands under the CA keys only', () => {
    const p = chip(g1Random());
    let last: ReturnType<CardProtocols['handle']>;
    for (const c of [g1Apdus.mse_set_at, ...['ga1', 'ga2', 'ga3', 'ga4'].map((s) => g1Apdus[`${s}_capdu`])]) {
      last = p.handle(decodeCommand(fromHex(c as string)));
    }
    const pace = last!.established!;
    const terminal = terminalSmSession({ cipher: pace.cipher, ksEnc: pace.ksEnc, ksMac: pace.ksMac, ssc: pace.ssc });
    let card = new CardSecureChannel(pace);

    /** One protected round trip: the terminal wraps, the chip unprotects, handles and protects. */
    const roundTrip = (command: CommandApdu) => {
      const incoming = card.unprotect(terminal.wrap(encodeCommand(command)));
      if (!('command' in incoming)) return { sw: incoming.sw, reply: undefined };
      const reply = p.handle(incoming.command)!;
      const body = card.protect(reply, command.ins);
      if (reply.established) card = new CardSecureChannel(reply.established);
      return { sw: reply.sw, reply, plain: terminal.unwrap(encodeResponse(body, reply.sw)) };
    };

    expect(roundTrip(mseSetAtChipAuthentication({ protocol: oid('id-CA-ECDH-AES-CBC-CMAC-128') })).sw).toBe(0x9000);
    const terminalKey = hexOf(g1, 'sk_ifd');
    const ga = roundTrip(generalAuthenticate(encodeTlv(0x80, ecPublicKey(curve, terminalKey))));
    expect(ga.sw).toBe(0x9000);
    expect(toHex(ga.plain!)).toBe('7C009000');
    expect(ga.reply?.established?.protocol).toBe('CA');

    // The terminal switches too; the old PACE keys no longer pass.
    const ca = ga.reply!.established!;
    const stale = terminal.wrap(encodeCommand(readBinary({ offset: 0, ne: 4 })));
    expect(card.unprotect(stale)).toEqual({ sw: 0x6988 });
    const fresh = new CardSecureChannel(ca);
    const caTerminal = terminalSmSession({ cipher: ca.cipher, ksEnc: ca.ksEnc, ksMac: ca.ksMac, ssc: ca.ssc });
    const accepted = fresh.unprotect(caTerminal.wrap(encodeCommand(readBinary({ offset: 0, ne: 4 }))));
    expect('command' in accepted && accepted.command.ins).toBe(0xb0);
  });
});
