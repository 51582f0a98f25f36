import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { command, encodeCommand } from '../src/apdu/command.js';
import { putData, selectFile } from '../src/apdu/commands.js';
import { fromHex, toHex } from '../src/bytes.js';
import { CccdError, isCccdError } from '../src/errors.js';
import { readFile } from '../src/reader/read-file.js';
import { withRecorder } from '../src/transport/recorder.js';
import { replayTransport } from '../src/transport/replay.js';
import { formatTranscript, parseTranscript, type Transcript } from '../src/transport/transcript.js';
import type { Transport } from '../src/transport/types.js';
import { fakeCard } from './helpers/fake-card.js';
import { paceG1Card, paceG1Session, steppingClock } from './helpers/sessions.js';
import { hexOf, vector } from './helpers/vectors.js';

const GOLDEN = join(import.meta.dirname, '..', 'apdu', 'transcripts');
const golden = (name: string) => readFileSync(join(GOLDEN, name), 'utf8');

const CARD_ACCESS = fromHex(
  '3134300D060804007F00070202020201013' + '00F060A04007F000702020302020201013012060A04007F0007020204020202010202010D',
);
const EF_COM = fromHex('60145F0104303130365F36063034303030305C026175');

function cccdLikeCard(): Transport {
  return fakeCard({
    files: { 284: CARD_ACCESS, 286: EF_COM },
    mfStatus: 0x6d00,
    info: { name: 'fake CCCD chip', extendedLength: false },
  });
}

async function readCardAccessAndCom(t: Transport): Promise<Uint8Array[]> {
  const a = await readFile(t, { fid: 0x011c, under: 'mf', name: 'EF.CardAccess' });
  const b = await readFile(t, { fid: 0x011e, name: 'EF.COM' });
  return [a.bytes, b.bytes];
}

async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string | undefined> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    return isCccdError(e) ? e.code : 'not a CccdError';
  }
  return undefined;
}

const G1 = 'icao9303-11-g1-pace-ecdh-gm.txt';
const CCCD = 'cccd-read-card-access-and-com.txt';

describe('golden transcripts in apdu/transcripts', () => {
  it('records the App. G.1 PACE exchange exactly as the golden file holds it', async () => {
    const rec = withRecorder(paceG1Card(), { now: steppingClock() });
    await paceG1Session(rec);
    expect(rec.text()).toBe(golden(G1));
  });

  it('replays the App. G.1 golden file to the same builders and serves the published responses', async () => {
    const a = vector('icao9303-11-appendix-g-pace-gm.json', 'icao9303-11.G.1.apdus');
    const replay = replayTransport(golden(G1));
    const responses = await paceG1Session(replay);
    expect(responses).toEqual(
      ['mse_set_at_rapdu', 'ga1_rapdu', 'ga2_rapdu', 'ga3_rapdu', 'ga4_rapdu'].map((k) => hexOf(a, k)),
    );
    replay.assertDone();
  });

  it('records the reader on a CCCD-like chip exactly as the golden file holds it', async () => {
    const rec = withRecorder(cccdLikeCard(), { now: steppingClock() });
    await readCardAccessAndCom(rec);
    expect(rec.text()).toBe(golden(CCCD));
  });

  it('replays the CCCD golden file to the reader, which makes the same choices from the recorded link', async () => {
    const replay = replayTransport(golden(CCCD));
    expect(replay.info.extendedLength).toBe(false);
    expect(await readCardAccessAndCom(replay)).toEqual([CARD_ACCESS, EF_COM]);
    replay.assertDone();
  });

  it('parses and formats each golden file back to the same text', () => {
    for (const name of [G1, CCCD]) expect(formatTranscript(parseTranscript(golden(name)))).toBe(golden(name));
  });
});

describe('the replay transport fails on any deviation', () => {
  it('names the exchange and step of a command that differs, and stays failed', async () => {
    const replay = replayTransport(golden(G1));
    const e = (await replay
      .transmit(fromHex('0022C1A40F800A04007F00070202040202830102'))
      .catch((x: unknown) => x)) as CccdError;
    expect([e.code, e.path]).toEqual(['TRANSCRIPT_MISMATCH', 'exchange 1 (PACE mse-set-at)']);
    expect(await codeOf(replay.transmit(fromHex('0022C1A40F800A04007F00070202040202830101')))).toBe(
      'TRANSCRIPT_MISMATCH',
    );
  });

  it('refuses a command after the last exchange and a replay that stopped early', async () => {
    const replay = replayTransport(golden(G1));
    expect(await codeOf(() => replay.assertDone())).toBe('TRANSCRIPT_MISMATCH');
    await paceG1Session(replay);
    expect(replay.remaining).toBe(0);
    expect(await codeOf(replay.transmit(fromHex('00A4020C02011C')))).toBe('TRANSCRIPT_MISMATCH');
  });

  it('throws a recorded transport error again with its code', async () => {
    const failing: Transport = {
      info: { name: 'flaky' },
      async transmit() {
        throw new CccdError('TRANSPORT_FAILED', 'card removed');
      },
    };
    const rec = withRecorder(failing, { now: steppingClock() });
    expect(await codeOf(rec.transmit(fromHex('00B0000004')))).toBe('TRANSPORT_FAILED');
    expect(rec.text()).toContain('! TRANSPORT_FAILED card removed +0.250');
    const replay = replayTransport(rec.text());
    expect(await codeOf(replay.transmit(fromHex('00B0000004')))).toBe('TRANSPORT_FAILED');
  });

  it('fails once closed', async () => {
    const replay = replayTransport(golden(G1));
    await replay.close?.();
    expect(await codeOf(paceG1Session(replay))).toBe('TRANSPORT_FAILED');
  });
});

describe('secrets never reach the text', () => {
  const echo: Transport = {
    info: { name: 'echo' },
    async transmit(bytes) {
      return bytes[1] === 0xca ? fromHex('0102030405060708' + '9000') : fromHex('9000');
    },
  };

  it('redacts PUT DATA by default, keeping header, Lc and the status word', async () => {
    const rec = withRecorder(echo, { now: steppingClock() });
    rec.step('write CAN');
    await rec.transmit(encodeCommand(putData(0x0066, fromHex('3132333435363738'))));
    expect(rec.text()).toContain('# step: write CAN\n> 00DA006608 [secret 8 bytes] @0.250\n< 9000 +0.250\n');
    expect(rec.text()).not.toContain('3132333435363738');
    expect(rec.transcript.exchanges[0]?.command).toEqual(fromHex('00DA0066083132333435363738'));
  });

  it('redacts an exchange the caller marks secret, or that a predicate flags, responses included', async () => {
    const rec = withRecorder(echo, { now: steppingClock(), isSecret: (c) => c[1] === 0xca });
    await rec.transmit(fromHex('00D6000004AABBCCDD'), { secret: true, step: 'write key file' });
    await rec.transmit(fromHex('00CA010100'));
    const text = rec.text();
    expect(text).toContain('> 00D6000004 [secret 4 bytes] @');
    expect(text).toContain('< [secret 8 bytes] 9000 +');
    expect(text).not.toContain('AABBCCDD');
    expect(text).not.toContain('0102030405060708');
  });

  it('replays a redacted command on its shape and refuses to invent a redacted response', async () => {
    const rec = withRecorder(echo, { now: steppingClock() });
    await rec.transmit(encodeCommand(putData(0x0066, fromHex('3132333435363738'))));
    const replay = replayTransport(rec.text());
    expect(toHex(await replay.transmit(encodeCommand(putData(0x0066, fromHex('0000000000000000')))))).toBe('9000');

    const rec2 = withRecorder(echo, { now: steppingClock(), isSecret: () => true });
    await rec2.transmit(fromHex('00CA010100'));
    expect(await codeOf(replayTransport(rec2.text()).transmit(fromHex('00CA010100')))).toBe('TRANSCRIPT_MISMATCH');
    const other = replayTransport(rec.text());
    expect(await codeOf(other.transmit(encodeCommand(putData(0x0066, fromHex('31323334')))))).toBe(
      'TRANSCRIPT_MISMATCH',
    );
  });

  it('replays an in-memory transcript with its secrets intact', async () => {
    const rec = withRecorder(echo, { now: steppingClock(), isSecret: () => true });
    await rec.transmit(fromHex('00CA010100'));
    expect(toHex(await replayTransport(rec.transcript).transmit(fromHex('00CA010100')))).toBe('01020304050607089000');
  });
});

describe('transcript text format', () => {
  const arbCommand = fc
    .record({
      cla: fc.constantFrom(0x00, 0x0c, 0x10),
      ins: fc.constantFrom(0xa4, 0xb0, 0xb1, 0x86, 0x22, 0x82, 0x84),
      p1: fc.integer({ min: 0, max: 255 }),
      p2: fc.integer({ min: 0, max: 255 }),
      data: fc.uint8Array({ maxLength: 300 }),
      ne: fc.option(fc.integer({ min: 1, max: 65536 }), { nil: undefined }),
    })
    .map((c) => encodeCommand(command(c)));
  const arbExchange = fc.record({
    at: fc.integer({ min: 0, max: 10_000_000 }).map((x) => x / 1000),
    duration: fc.integer({ min: 0, max: 100_000 }).map((x) => x / 1000),
    step: fc.option(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 .-]{0,20}[A-Za-z0-9]$/), { nil: undefined }),
    command: arbCommand,
    response: fc.uint8Array({ minLength: 2, maxLength: 300 }),
  });

  it('parses what it formats, for any exchanges', () => {
    fc.assert(
      fc.property(
        fc.array(arbExchange, { maxLength: 8 }),
        fc.option(fc.constantFrom('sim:x', 'ACS ACR1252 0'), { nil: undefined }),
        (xs, name) => {
          const t: Transcript = {
            name,
            link: {},
            exchanges: xs.map((x) => ({ ...x, error: undefined, secret: false, redacted: false })),
          };
          const back = parseTranscript(formatTranscript(t));
          expect(back.name).toBe(name);
          expect(
            back.exchanges.map((x) => [x.at, x.duration, x.step, toHex(x.command), toHex(x.response as Uint8Array)]),
          ).toEqual(xs.map((x) => [x.at, x.duration, x.step, toHex(x.command), toHex(x.response)]));
        },
      ),
    );
  });

  it('accepts hand-written transcripts with spaces in hex and no times', () => {
    const t = parseTranscript('# step: select\n> 00 A4 02 0C 02 01 1E\n< 90 00\n');
    expect(t.exchanges[0]).toMatchObject({ at: 0, duration: 0, step: 'select' });
    expect(t.exchanges[0]?.command).toEqual(encodeCommand(selectFile(0x011e)));
  });

  it('rejects malformed transcripts with SCRIPT_INVALID naming the line', () => {
    const bad = [
      '# cccd-transcript 2\n',
      '< 9000\n',
      '> 00A4020C02011E\n> 00A4020C02011E\n',
      '> 00A4020C02011E\n',
      '> 00A4020C02011G\n< 9000\n',
      '> 00\n< 9000\n',
      '> 00A4020C02011E\n< 90\n',
      '> 00A4020C02011E\n! lower case\n',
      '? 00A4\n',
      '# extended-length: maybe\n',
      '# max-response-length: -1\n',
      '> 00DA0066FF [secret 99999 bytes]\n< 9000\n',
    ];
    for (const text of bad) {
      let error: unknown;
      try {
        parseTranscript(text);
      } catch (e) {
        error = e;
      }
      expect(isCccdError(error, 'SCRIPT_INVALID'), text).toBe(true);
      expect((error as CccdError).path).toMatch(/^transcript line \d+$/);
    }
  });
});
