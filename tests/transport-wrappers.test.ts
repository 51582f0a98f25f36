import { describe, expect, it } from 'vitest';
import { command, decodeCommand, encodeCommand } from '../src/apdu/command.js';
import { putData, selectFile } from '../src/apdu/commands.js';
import { fromHex, toHex } from '../src/bytes.js';
import { CccdError, isCccdError, StatusWordError } from '../src/errors.js';
import { withCommandChaining } from '../src/transport/chaining.js';
import { transmitCommand, transmitExpectingSuccess } from '../src/transport/exchange.js';
import { withGetResponse } from '../src/transport/get-response.js';
import { withLogger } from '../src/transport/logger.js';
import { withRecorder } from '../src/transport/recorder.js';
import type { Transport, TransportInfo } from '../src/transport/types.js';

function card(answer: (cmd: Uint8Array) => string, info: Partial<TransportInfo> = {}): Transport & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    info: { name: 'card', ...info },
    async transmit(cmd) {
      sent.push(toHex(cmd));
      return fromHex(answer(cmd));
    },
  };
}

describe('ISO/IEC 7816-4 §5.1.1.1 command chaining over a short-only link', () => {
  const long = encodeCommand(command({ ins: 0xd6, data: Uint8Array.from({ length: 600 }, (_, i) => i & 0xff) }));

  it('sends a long command as a chain and returns the last response', async () => {
    const c = card((cmd) => (cmd[0] === 0x10 ? '9000' : 'AB9000'));
    expect(toHex(await withCommandChaining(c).transmit(long))).toBe('AB9000');
    const links = c.sent.map((h) => decodeCommand(fromHex(h)));
    expect(links.map((l) => [l.cla, l.data.length])).toEqual([
      [0x10, 255],
      [0x10, 255],
      [0x00, 90],
    ]);
  });

  it('returns the refusal of a card that does not chain, without sending the rest', async () => {
    const c = card(() => '6884');
    expect(toHex(await withCommandChaining(c).transmit(long))).toBe('6884');
    expect(c.sent.length).toBe(1);
  });

  it('leaves commands alone on a link with extended length, and short commands everywhere', async () => {
    const ext = card(() => '9000', { extendedLength: true });
    await withCommandChaining(ext).transmit(long);
    expect(ext.sent).toEqual([toHex(long)]);
    const short = card(() => '9000');
    await withCommandChaining(short).transmit(fromHex('00A4020C02011E'));
    expect(short.sent).toEqual(['00A4020C02011E']);
  });
});

describe('the logging transport', () => {
  it('logs commands, responses with their meaning, and errors', async () => {
    const lines: string[] = [];
    let t = 0;
    const log = withLogger(
      card((cmd) => (cmd[1] === 0xa4 ? '6A82' : '9000')),
      { log: (l) => lines.push(l), now: () => (t += 0.5) },
    );
    await log.transmit(encodeCommand(selectFile(0x010b)), { step: 'select DG11' });
    expect(lines).toEqual(['[select DG11] > 00A4020C02010B', '< 6A82  6A82 file or application not found  (0.50 ms)']);
    const broken: Transport = {
      info: { name: 'x' },
      async transmit() {
        throw new CccdError('PCSC_FAILED', 'card removed');
      },
    };
    const l2: string[] = [];
    await expect(withLogger(broken, { log: (l) => l2.push(l) }).transmit(fromHex('00B0000004'))).rejects.toThrow();
    expect(l2[1]).toBe('! PCSC_FAILED card removed');
  });

  it('shows secret data only as its length', async () => {
    const lines: string[] = [];
    const log = withLogger(
      card(() => '11223344' + '9000'),
      { log: (l) => lines.push(l) },
    );
    await log.transmit(encodeCommand(putData(0x0066, fromHex('313233343536'))));
    await log.transmit(fromHex('0088000008F173589974BF40C600'), { secret: true });
    expect(lines.join('\n')).not.toMatch(/313233343536|F173589974BF40C6|11223344/);
    expect(lines[0]).toBe('> 00DA006606 [secret 6 bytes]');
    expect(lines[2]).toBe('> 0088000008 [secret 8 bytes] 00');
    expect(lines[3]).toMatch(/^< \[secret 4 bytes\] 9000 {2}9000 normal processing/);
  });

  it('requires a log function', () => {
    let code: string | undefined;
    try {
      withLogger(
        card(() => '9000'),
        undefined as never,
      );
    } catch (e) {
      code = isCccdError(e) ? e.code : 'other';
    }
    expect(code).toBe('INVALID_ARGUMENT');
  });
});

describe('stacked wrappers pass hints and close through', () => {
  it('lets a recorder under GET RESPONSE see the step and the secret flag of the caller', async () => {
    const inner = card((cmd) => (cmd[1] === 0xc0 ? '03049000' : '01026102'));
    let closed = false;
    inner.close = async () => {
      closed = true;
    };
    const rec = withRecorder(inner, { now: () => 0 });
    const t = withGetResponse(withLogger(rec, { log: () => undefined }));
    rec.step('default step');
    await t.transmit(fromHex('00B0000000'), { step: 'read DG1' });
    expect(rec.transcript.exchanges.map((x) => [x.step, toHex(x.command)])).toEqual([
      ['read DG1', '00B0000000'],
      ['read DG1', '00C0000002'],
    ]);
    await t.close?.();
    expect(closed).toBe(true);
  });
});

describe('typed exchanges', () => {
  it('returns the decoded response, and the data only on success', async () => {
    const c = card((cmd) => (cmd[3] === 0x01 ? 'CAFE9000' : '6982'));
    const r = await transmitCommand(c, command({ ins: 0xca, p2: 1, ne: 256 }));
    expect([toHex(r.data), r.sw]).toEqual(['CAFE', 0x9000]);
    expect(await transmitExpectingSuccess(c, command({ ins: 0xca, p2: 1, ne: 256 }), { name: 'GET DATA' })).toEqual(
      fromHex('CAFE'),
    );
    const e = await transmitExpectingSuccess(c, command({ ins: 0xca, p2: 2, ne: 256 }), { name: 'GET DATA' }).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(StatusWordError);
    expect((e as StatusWordError).sw).toBe(0x6982);
  });
});
