// Layer 6, secure messaging errors (ICAO 9303-11 §9.8.6, §9.8.3-§9.8.5): wrong MAC, missing DO'8E', wrong SSC,
// wrong padding; each is answered in plain (6987/6988) and ends the session; protected responses verify.
import { readBinary } from '../../apdu/commands.js';
import { isCccdError } from '../../errors.js';
import type { CaseContext, OpenSession } from '../context.js';
import type { CaseOutcome, ConformanceCase, Feature } from '../types.js';
import { all, expectSw, fail, verdict } from '../verdicts.js';
import { badPaddingBytes, describe, nn, protectedBytes, readFirst, selectEf, tc } from './build.js';

type Broken = (s: OpenSession) => Uint8Array;

/** DO'8E' cut off the protected command. */
function withoutMac(s: OpenSession): Uint8Array {
  const bytes = protectedBytes(s, readFirst());
  // cla ins p1 p2 Lc [87.. 97 01 04 8E 08 mac] Le: drop the 10-byte DO'8E' and fix Lc.
  const body = bytes.subarray(5, bytes.length - 1);
  const kept = body.subarray(0, body.length - 10);
  return Uint8Array.of(...bytes.subarray(0, 4), kept.length, ...kept, 0x00);
}

function wrongMac(s: OpenSession): Uint8Array {
  const bytes = protectedBytes(s, readFirst());
  bytes[bytes.length - 2] = (bytes[bytes.length - 2] as number) ^ 0x01;
  return bytes;
}

const ERRORS: readonly { key: string; title: string; make: Broken; sws: number[] }[] = [
  { key: 'mac', title: 'a wrong MAC', make: wrongMac, sws: [0x6988] },
  { key: 'no-mac', title: "a missing DO'8E'", make: withoutMac, sws: [0x6987, 0x6988] },
  { key: 'ssc', title: 'a skipped SSC', make: (s) => protectedBytes(s, readFirst(), { skipSsc: 1 }), sws: [0x6988] },
  { key: 'padding', title: "wrong padding in DO'87'", make: badPaddingBytes, sws: [0x6988, 0x6987] },
];

const METHODS: readonly { method: 'BAC' | 'PACE'; requires: Feature; base: number }[] = [
  { method: 'BAC', requires: 'bac', base: 0 },
  { method: 'PACE', requires: 'pace', base: 20 },
];

/** After an SM error the security status is gone: EF.COM is refused in plain. */
async function sessionEnded(ctx: CaseContext): Promise<CaseOutcome> {
  await ctx.send(selectEf(ctx.file('EF.COM')), 'plain SELECT EF.COM');
  const r = await ctx.send(readBinary({ offset: 0, ne: 4 }), 'plain READ BINARY');
  return verdict(r.sw === 0x6982 || r.sw === 0x6986, 'plain READ BINARY 6982 (security status reset)', describe(r));
}

const cases: ConformanceCase[] = METHODS.flatMap(({ method, requires, base }) => [
  ...ERRORS.flatMap((err, i) => [
    tc(
      `L6.SM.${nn(base + 2 * i + 1)}`,
      `${method} session: ${err.title} is answered in plain with an SM error`,
      'ICAO 9303-11 §9.8.5, §9.8.6',
      [requires],
      err.sws.map((x) => x.toString(16).toUpperCase()).join(' or '),
      async (ctx) => {
        const s = await ctx.open({ method });
        await s.send(selectEf(ctx.file('EF.COM')), 'select EF.COM');
        const r = await ctx.send(err.make(s), `protected command with ${err.title}`);
        return all(expectSw(r.sw, ...err.sws), verdict(r.data.length === 0, 'no response data', describe(r)));
      },
    ),
    tc(
      `L6.SM.${nn(base + 2 * i + 2)}`,
      `${method} session: ${err.title} ends the session and its access rights`,
      'ICAO 9303-11 §9.8.6 (the chip deletes the session keys)',
      [requires],
      'protected files refused afterwards',
      async (ctx) => {
        const s = await ctx.open({ method });
        await s.send(selectEf(ctx.file('EF.COM')), 'select EF.COM');
        await ctx.send(err.make(s), `protected command with ${err.title}`);
        return sessionEnded(ctx);
      },
    ),
  ]),
  tc(
    `L6.SM.${nn(base + 11)}`,
    `${method} session: protected responses carry a valid MAC`,
    'ICAO 9303-11 §9.8.6.2 (response protection)',
    [requires],
    "DO'8E' verifies on every response",
    async (ctx) => {
      const s = await ctx.open({ method });
      try {
        await s.send(selectEf(ctx.file('EF.COM')), 'select EF.COM');
        const r = await s.send(readBinary({ offset: 0, ne: 4 }), 'READ BINARY');
        return verdict(r.sw === 0x9000 && r.data.length === 4, 'SW 9000, 4 bytes', describe(r));
      } catch (e) {
        if (isCccdError(e)) return fail('valid protected responses', `${e.code}: ${e.message}`);
        throw e;
      }
    },
  ),
  tc(
    `L6.SM.${nn(base + 12)}`,
    `${method} session: an unprotected command is answered without SM and ends the session`,
    'ICAO 9303-11 §9.8.6',
    [requires],
    'later protected commands refused',
    async (ctx) => {
      const s = await ctx.open({ method });
      await ctx.send(selectEf(ctx.file('EF.COM')), 'plain SELECT EF.COM');
      try {
        const r = await s.send(readBinary({ offset: 0, ne: 4 }), 'protected READ BINARY');
        return verdict(r.sw !== 0x9000, 'refused (6882/6987/6988)', describe(r));
      } catch (e) {
        if (isCccdError(e)) return verdict(true, 'refused', e.code);
        throw e;
      }
    },
  ),
]);

export const SM_CASES: readonly ConformanceCase[] = cases;
