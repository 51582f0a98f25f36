// Layer 6, Basic Access Control (ICAO 9303-11 §4.3, §9.7.4): mutual authentication, wrong keys, replay, and the
// end of the session on a plain command.
import { bacKeys } from '../../access/bac.js';
import { externalAuthenticate, getChallenge, readBinary } from '../../apdu/commands.js';
import { concatBytes, equalBytes, toHex } from '../../bytes.js';
import { decrypt, encrypt } from '../../crypto/cipher.js';
import { retailMacWithPadding } from '../../crypto/mac.js';
import { isCccdError } from '../../errors.js';
import type { CaseContext } from '../context.js';
import type { ConformanceCase } from '../types.js';
import { expectSw, fail, PreconditionError, verdict } from '../verdicts.js';
import { describe, selectEf, tc } from './build.js';

/** E.IFD || M.IFD for a challenge, with the lab's MRZ keys (or wrong ones). */
function cryptogram(ctx: CaseContext, rndIc: Uint8Array, wrongKey = false): Uint8Array {
  const mrz = ctx.lab.credentials.mrz;
  if (!mrz) throw new PreconditionError('BAC needs the MRZ');
  const { kEnc, kMac } = bacKeys(mrz);
  if (wrongKey) kEnc[0] = (kEnc[0] as number) ^ 0x02;
  if (wrongKey) kMac[0] = (kMac[0] as number) ^ 0x02;
  const e = encrypt('3DES', kEnc, concatBytes(new Uint8Array(8).fill(0x11), rndIc, new Uint8Array(16).fill(0x22)));
  return concatBytes(e, retailMacWithPadding(kMac, e));
}

async function challenge(ctx: CaseContext): Promise<Uint8Array> {
  return (await ctx.send(getChallenge(), 'GET CHALLENGE')).data;
}

/** The outcome of the harness's BAC: PASSED when a session opens and EF.COM is selected under it. */
async function bacWorks(ctx: CaseContext) {
  try {
    const s = await ctx.open({ method: 'BAC' });
    const r = await s.send(selectEf(ctx.file('EF.COM')), 'select EF.COM');
    return verdict(r.sw === 0x9000, 'BAC session, SELECT EF.COM 9000', describe(r));
  } catch (e) {
    if (isCccdError(e) && e.code === 'AUTH_FAILED') return fail('BAC established', `${e.code}: ${e.message}`);
    throw e;
  }
}

export const BAC_CASES: readonly ConformanceCase[] = [
  tc(
    'L6.BAC.01',
    'BAC with the MRZ keys establishes secure messaging',
    'ICAO 9303-11 §4.3, §9.7.4',
    ['bac'],
    'session keys; SM commands answered',
    bacWorks,
  ),
  tc(
    'L6.BAC.02',
    'EXTERNAL AUTHENTICATE with wrong keys is refused',
    'ICAO 9303-11 §4.3.4.2',
    ['bac'],
    'SW 6300',
    async (ctx) => {
      await ctx.selectApplication();
      const rnd = await challenge(ctx);
      const r = await ctx.send(
        externalAuthenticate(cryptogram(ctx, rnd, true), { ne: 40 }),
        'EXTERNAL AUTHENTICATE (wrong key)',
      );
      return expectSw(r.sw, 0x6300);
    },
  ),
  tc(
    'L6.BAC.03',
    'A replayed EXTERNAL AUTHENTICATE is refused after a new GET CHALLENGE',
    'ICAO 9303-11 §4.3.4 (fresh RND.IC)',
    ['bac'],
    'first 9000, replay 6300',
    async (ctx) => {
      await ctx.selectApplication();
      const rnd = await challenge(ctx);
      const data = cryptogram(ctx, rnd);
      const first = await ctx.send(externalAuthenticate(data, { ne: 40 }), 'EXTERNAL AUTHENTICATE');
      if (first.sw !== 0x9000) return fail('SW 9000', describe(first));
      await ctx.selectApplication();
      await challenge(ctx);
      const replay = await ctx.send(externalAuthenticate(data, { ne: 40 }), 'EXTERNAL AUTHENTICATE (replay)');
      return verdict(replay.sw !== 0x9000, 'SW 6300 (or another error)', describe(replay));
    },
  ),
  tc(
    'L6.BAC.04',
    'EXTERNAL AUTHENTICATE without a challenge is refused',
    'ICAO 9303-11 §4.3.4.2; ISO/IEC 7816-4 §11.5.4',
    ['bac'],
    'SW 6985 or 6300',
    async (ctx) => {
      await ctx.selectApplication();
      const r = await ctx.send(
        externalAuthenticate(cryptogram(ctx, new Uint8Array(8)), { ne: 40 }),
        'EXTERNAL AUTHENTICATE (no challenge)',
      );
      return expectSw(r.sw, 0x6985, 0x6300);
    },
  ),
  tc(
    'L6.BAC.05',
    "The chip's M.IC verifies and E.IC returns RND.IFD",
    'ICAO 9303-11 §4.3.1 steps 4-5',
    ['bac'],
    'M.IC valid, RND.IFD echoed',
    async (ctx) => {
      await ctx.selectApplication();
      const mrz = ctx.lab.credentials.mrz;
      if (!mrz) throw new PreconditionError('BAC needs the MRZ');
      const rnd = await challenge(ctx);
      const r = await ctx.send(externalAuthenticate(cryptogram(ctx, rnd), { ne: 40 }), 'EXTERNAL AUTHENTICATE');
      if (r.sw !== 0x9000 || r.data.length !== 40) return fail('SW 9000, 40 bytes', describe(r));
      const { kEnc, kMac } = bacKeys(mrz);
      const eIc = r.data.subarray(0, 32);
      if (!equalBytes(retailMacWithPadding(kMac, eIc), r.data.subarray(32)))
        return fail('M.IC valid', 'M.IC does not verify');
      const s = decrypt('3DES', kEnc, eIc);
      const ok = equalBytes(s.subarray(0, 8), rnd) && equalBytes(s.subarray(8, 16), new Uint8Array(8).fill(0x11));
      return verdict(ok, `RND.IC ${toHex(rnd)} || RND.IFD 1111111111111111`, toHex(s.subarray(0, 16)));
    },
  ),
  tc(
    'L6.BAC.06',
    'A plain command after BAC ends the secure messaging session',
    'ICAO 9303-11 §9.8.6 (plain APDU aborts SM)',
    ['bac'],
    'the next protected command is refused',
    async (ctx) => {
      const s = await ctx.open({ method: 'BAC' });
      await ctx.send(selectEf(ctx.file('EF.COM')), 'plain SELECT EF.COM');
      let r: { sw: number; data: Uint8Array };
      try {
        r = await s.send(readBinary({ offset: 0, ne: 4 }), 'protected READ BINARY');
      } catch (e) {
        if (isCccdError(e)) return verdict(true, 'refused', `${e.code}`);
        throw e;
      }
      return verdict(r.sw !== 0x9000, 'SW 6987/6988/6882 (session ended)', describe(r));
    },
  ),
];
