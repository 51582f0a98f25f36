import { describe, expect, it } from 'vitest';
import { decodeCommand, encodeCommand } from '../src/apdu/command.js';
import { readBinary } from '../src/apdu/commands.js';
import { encodeResponse } from '../src/apdu/response.js';
import { fromHex, toHex } from '../src/bytes.js';
import { isCccdError } from '../src/errors.js';
import { withGetResponse } from '../src/transport/get-response.js';
import type { Transport } from '../src/transport/types.js';

/** A card scripted as a list of answers; it records what it received. */
function scripted(answers: ((cmd: Uint8Array) => Uint8Array)[]): Transport & { sent: string[] } {
  const sent: string[] = [];
  let i = 0;
  return {
    sent,
    info: { name: 'scripted' },
    async transmit(cmd) {
      sent.push(toHex(cmd));
      const a = answers[Math.min(i++, answers.length - 1)] as (cmd: Uint8Array) => Uint8Array;
      return a(cmd);
    },
  };
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return isCccdError(e) ? e.code : 'not a CccdError';
  }
  return undefined;
}

describe('ISO/IEC 7816-4 §7.6.1 GET RESPONSE after 61xx', () => {
  it('fetches the remaining bytes and returns one response with the final status word', async () => {
    const card = scripted([() => fromHex('0102036104'), () => fromHex('0405060790' + '00')]);
    const out = await withGetResponse(card).transmit(fromHex('00B0000000'));
    expect(toHex(out)).toBe('010203040506079000');
    expect(card.sent).toEqual(['00B0000000', '00C0000004']);
  });

  it('reads 6100 as 256 more bytes and keeps the logical channel bits of CLA', async () => {
    const card = scripted([() => fromHex('6100'), () => encodeResponse(new Uint8Array(256), 0x9000)]);
    const out = await withGetResponse(card).transmit(fromHex('03B0000000'));
    expect(out.length).toBe(258);
    expect(card.sent[1]).toBe('03C0000000');
  });

  it('passes every other status word through untouched', async () => {
    const card = scripted([() => fromHex('6A82')]);
    expect(toHex(await withGetResponse(card).transmit(fromHex('00A4020C020101')))).toBe('6A82');
    expect(card.sent.length).toBe(1);
  });

  it('ends a card answering 61xx forever with TRANSPORT_LIMIT after maxRounds', async () => {
    const card = scripted([() => fromHex('6110')]);
    expect(await codeOf(withGetResponse(card, { maxRounds: 10 }).transmit(fromHex('00B0000000')))).toBe(
      'TRANSPORT_LIMIT',
    );
    expect(card.sent.length).toBe(11);
  });

  it('ends a response growing past maxResponseLength before the rounds run out', async () => {
    const card = scripted([() => encodeResponse(new Uint8Array(256), 0x6100)]);
    const t = withGetResponse(card, { maxRounds: 1000, maxResponseLength: 1024 });
    expect(await codeOf(t.transmit(fromHex('00B0000000')))).toBe('TRANSPORT_LIMIT');
    expect(card.sent.length).toBeLessThanOrEqual(6);
  });

  it('refuses bounds that are not positive integers', async () => {
    const card = scripted([() => fromHex('9000')]);
    expect(await codeOf((async () => withGetResponse(card, { maxRounds: 0 }))())).toBe('INVALID_ARGUMENT');
    expect(await codeOf((async () => withGetResponse(card, { maxResponseLength: 1.5 }))())).toBe('INVALID_ARGUMENT');
  });
});

describe('ISO/IEC 7816-4 §5.3.4 re-issue after 6Cxx', () => {
  it('sends the same command again with Le = xx', async () => {
    const card = scripted([() => fromHex('6C03'), () => fromHex('AABBCC9000')]);
    const out = await withGetResponse(card).transmit(encodeCommand(readBinary({ offset: 4, ne: 256 })));
    expect(toHex(out)).toBe('AABBCC9000');
    expect(card.sent).toEqual(['00B0000400', '00B0000403']);
  });

  it('keeps the data field of a case 4 command and reads 6C00 as Le 00', async () => {
    const card = scripted([
      () => fromHex('6C00'),
      (c) => encodeResponse(new Uint8Array(256), c[c.length - 1] === 0 ? 0x9000 : 0x6700),
    ]);
    const out = await withGetResponse(card).transmit(fromHex('0088000008F173589974BF40C608'));
    expect(out.length).toBe(258);
    expect(decodeCommand(fromHex(card.sent[1] as string)).data).toEqual(fromHex('F173589974BF40C6'));
  });

  it('follows a 6Cxx with a 61xx chain', async () => {
    const card = scripted([() => fromHex('6C04'), () => fromHex('01026102'), () => fromHex('03049000')]);
    expect(toHex(await withGetResponse(card).transmit(fromHex('00B0000000')))).toBe('010203049000');
  });

  it('ends a card that keeps answering 6Cxx', async () => {
    const card = scripted([() => fromHex('6C10')]);
    expect(await codeOf(withGetResponse(card, { maxRounds: 5 }).transmit(fromHex('00B0000000')))).toBe(
      'TRANSPORT_LIMIT',
    );
  });
});
