import { describe, expect, it } from 'vitest';
import { encodeCommand } from '../src/apdu/command.js';
import { decodeResponse } from '../src/apdu/response.js';
import { bytesToBigInt, equalBytes, fromHex } from '../src/bytes.js';
import { isCccdError } from '../src/errors.js';
import { createFileReader, readFile } from '../src/reader/read-file.js';
import {
  nextSsc,
  protectResponse,
  type SessionKeys,
  smSuite,
  unprotectCommand,
  withSecureMessaging,
} from '../src/sm/index.js';
import { encodeTlv } from '../src/tlv/encode.js';
import type { Transport } from '../src/transport/types.js';
import { type FakeCardOptions, fakeCard } from './helpers/fake-card.js';
import { hexOf, vector } from './helpers/vectors.js';

/** The card side of secure messaging (src/sm/card.ts) in front of a fake card: every answer protected. */
function smCard(inner: Transport, keys: SessionKeys): Transport {
  const suite = smSuite(keys);
  let ssc = bytesToBigInt(keys.ssc);
  return {
    info: inner.info,
    async transmit(bytes) {
      ssc = nextSsc(ssc, suite.sscLength);
      const plain = unprotectCommand(suite, ssc, bytes);
      const response = decodeResponse(await inner.transmit(encodeCommand(plain)));
      ssc = nextSsc(ssc, suite.sscLength);
      return protectResponse(suite, ssc, response, { ins: plain.ins });
    },
  };
}

const d = vector('icao9303-11-appendix-d-bac.json', 'icao9303-11.D.3.bac-mutual-auth');
const BAC: SessionKeys = { ksEnc: hexOf(d, 'ksenc'), ksMac: hexOf(d, 'ksmac'), ssc: hexOf(d, 'ssc'), cipher: '3DES' };
const g = vector('icao9303-11-appendix-g-pace-gm.json', 'icao9303-11.G.1.pace-ecdh-gm');
const PACE: SessionKeys = {
  ksEnc: hexOf(g, 'ksenc'),
  ksMac: hexOf(g, 'ksmac'),
  ssc: new Uint8Array(16),
  cipher: 'AES-128',
};

function file(total: number): Uint8Array {
  return encodeTlv(
    0x75,
    Uint8Array.from({ length: total - 4 }, (_, i) => (i * 13) & 0xff),
  );
}

const cases: [string, SessionKeys][] = [
  ['3DES (BAC keys of App. D.3)', BAC],
  ['AES-128 (PACE keys of App. G.1)', PACE],
];

describe('ICAO 9303-10 file reading under ICAO 9303-11 §9.8 secure messaging', () => {
  for (const [name, keys] of cases) {
    it(`reads a 40,000-byte DG2 through odd INS over ${name} on a short link`, async () => {
      const f = file(40000);
      const card = fakeCard({ files: { 258: f }, info: { extendedLength: false } });
      const { bytes, stats } = await readFile(withSecureMessaging(smCard(card, keys), keys), { fid: 0x0102 });
      expect(equalBytes(bytes, f)).toBe(true);
      expect(card.received.some((c) => c.ins === 0xb1)).toBe(true);
      // 223-byte chunks keep every protected response within 256 bytes (the short budget's reason).
      expect(card.received.every((c) => (c.ne ?? 0) <= 223)).toBe(true);
      expect(stats.extended).toBe(false);
    });

    it(`reads with extended length over ${name} when the link offers it`, async () => {
      const f = file(20000);
      const options: FakeCardOptions = { files: { 258: f }, extended: true, info: { extendedLength: true } };
      const card = fakeCard(options);
      const reader = createFileReader(withSecureMessaging(smCard(card, keys), keys));
      const { bytes, stats } = await reader.readFile({ fid: 0x0102 });
      expect(equalBytes(bytes, f)).toBe(true);
      // The link says it carries extended length: one SELECT and one READ BINARY for the whole file.
      expect(stats).toMatchObject({ apdus: 2, extended: true });
    });
  }

  it('falls back to short reads when the card answers an extended read with a protected 6700', async () => {
    const f = file(3000);
    const card = fakeCard({ files: { 258: f } });
    const reader = createFileReader(withSecureMessaging(smCard(card, PACE), PACE));
    const { bytes, stats } = await reader.readFile({ fid: 0x0102 });
    expect(equalBytes(bytes, f)).toBe(true);
    expect([stats.retries, reader.link.extended]).toEqual([1, false]);
  });

  it('reports a file shorter than its header says under secure messaging too', async () => {
    const liar = encodeTlv(0x75, new Uint8Array(1000)).subarray(0, 600);
    const card = fakeCard({ files: { 258: liar }, info: { extendedLength: false } });
    let code: string | undefined;
    try {
      await readFile(withSecureMessaging(smCard(card, BAC), BAC), { fid: 0x0102 });
    } catch (e) {
      code = isCccdError(e) ? e.code : 'other';
    }
    expect(code).toBe('TLV_TRUNCATED');
  });

  it('does not retry after a secure messaging failure: the session error surfaces', async () => {
    const f = file(3000);
    const card = fakeCard({ files: { 258: f }, info: { extendedLength: false } });
    const wrongKeys: SessionKeys = { ...PACE, ksMac: fromHex('00112233445566778899AABBCCDDEEFF') };
    let code: string | undefined;
    try {
      await readFile(withSecureMessaging(smCard(card, PACE), wrongKeys), { fid: 0x0102 });
    } catch (e) {
      code = isCccdError(e) ? e.code : 'other';
    }
    expect(code).toMatch(/^SM_/);
  });
});
