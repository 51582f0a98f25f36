// Layer 6, PACE (ICAO 9303-11 §4.4, §9.2.1; BSI TR-03110 Part 2 §3.2): every claimed protocol and parameter set,
// wrong passwords (6300), invalid OIDs and parameter references, GENERAL AUTHENTICATE out of order, freshness.

import { standardizedGroup } from '../../access/groups.js';
import { generalAuthenticate, mseSetAtPace } from '../../apdu/commands.js';
import { equalBytes, toHex } from '../../bytes.js';
import { isCccdError, ProtocolError } from '../../errors.js';
import { decodeTlv, encodeTlv } from '../../tlv/index.js';
import type { ClaimedPace } from '../claims.js';
import type { CaseContext, OpenSession } from '../context.js';
import type { CaseOutcome, ConformanceCase } from '../types.js';
import { expectSw, fail, hexSw, PreconditionError, verdict } from '../verdicts.js';
import { describe, nn, selectEf, tc } from './build.js';

/** Runs PACE; FAILED with the protocol step when the chip breaks it. */
async function paceRun(
  ctx: CaseContext,
  o: { pace?: ClaimedPace; password?: 'can' | 'mrz' } = {},
): Promise<OpenSession | CaseOutcome> {
  try {
    return await ctx.open({ method: 'PACE', ...o });
  } catch (e) {
    if (e instanceof ProtocolError || (isCccdError(e) && e.code !== 'INVALID_ARGUMENT')) {
      return fail('PACE established', `${e.code} ${e instanceof ProtocolError ? `at ${e.step}` : ''}: ${e.message}`);
    }
    throw e;
  }
}

const isOutcome = (x: OpenSession | CaseOutcome): x is CaseOutcome => 'verdict' in x;

async function establishes(ctx: CaseContext, o: { pace?: ClaimedPace; password: 'can' | 'mrz' }): Promise<CaseOutcome> {
  const s = await paceRun(ctx, o);
  if (isOutcome(s)) return s;
  const r = await s.send(selectEf(ctx.file('EF.COM')), 'select EF.COM');
  return verdict(r.sw === 0x9000, 'PACE session; SELECT EF.COM 9000 under SM', describe(r));
}

/** MSE:Set AT then GENERAL AUTHENTICATE step 1: the encrypted nonce z. */
async function encryptedNonce(ctx: CaseContext, p: ClaimedPace): Promise<Uint8Array> {
  await ctx.send(
    mseSetAtPace({
      protocol: p.protocol,
      password: 'can',
      ...(ctx.claims.pace.length > 1 ? { domainParameterId: p.parameterId } : {}),
    }),
    'MSE:Set AT',
  );
  const r = await ctx.send(generalAuthenticate(new Uint8Array(0), { chained: true }), 'GENERAL AUTHENTICATE 1');
  if (r.sw !== 0x9000) return new Uint8Array(0);
  return decodeTlv(r.data).children.find((c) => c.tag === 0x80)?.value ?? new Uint8Array(0);
}

/** Sends a password attempt with a wrong CAN/MRZ: the chip must answer 6300 at the mutual authentication step. */
async function wrongPassword(ctx: CaseContext, kind: 'can' | 'mrz'): Promise<CaseOutcome> {
  const credentials =
    kind === 'can'
      ? { ...ctx.lab.credentials, can: '999999' }
      : { ...ctx.lab.credentials, mrz: { documentNumber: 'X00000000', birthDate: '000101', expiryDate: '000101' } };
  try {
    await ctx.open({ method: 'PACE', password: kind, credentials });
    return fail('SW 6300 at general-authenticate-4', 'PACE succeeded with a wrong password');
  } catch (e) {
    if (e instanceof ProtocolError && e.code === 'AUTH_FAILED') {
      const sw = e.sw;
      return verdict(
        sw === 0x6300,
        'SW 6300 at general-authenticate-4',
        `${sw === undefined ? 'no status word' : hexSw(sw)} at ${e.step}`,
      );
    }
    throw e;
  }
}

function perOffer(ctx: CaseContext, i: number): ClaimedPace {
  const p = ctx.claims.pace[i];
  if (!p) throw new PreconditionError(`the chip claims no PACE parameter set ${i + 1}`);
  return p;
}

const offers: ConformanceCase[] = [0, 1].flatMap((i) => [
  tc(
    `L6.PACE.${nn(20 + i)}`,
    `PACE with the CAN on claimed parameter set ${i + 1} establishes SM`,
    'ICAO 9303-11 §4.4.1-§4.4.4',
    ['pace-can', `pace:${i}`],
    'PACE completes; SM commands answered',
    (ctx) => establishes(ctx, { pace: perOffer(ctx, i), password: 'can' }),
  ),
  tc(
    `L6.PACE.${nn(30 + i)}`,
    `PACE with the MRZ on claimed parameter set ${i + 1} establishes SM`,
    'ICAO 9303-11 §4.4.1-§4.4.4, §9.7.3',
    ['pace-mrz', `pace:${i}`],
    'PACE completes; SM commands answered',
    (ctx) => establishes(ctx, { pace: perOffer(ctx, i), password: 'mrz' }),
  ),
]);

const general: ConformanceCase[] = [
  tc(
    'L6.PACE.01',
    'A wrong CAN is refused with 6300',
    'ICAO 9303-11 §4.4.4.2 (mutual authentication); BSI TR-03110 Part 3 §B.11.1',
    ['pace-can'],
    'SW 6300',
    (ctx) => wrongPassword(ctx, 'can'),
  ),
  tc(
    'L6.PACE.02',
    'A wrong MRZ password is refused with 6300',
    'ICAO 9303-11 §4.4.4.2',
    ['pace-mrz'],
    'SW 6300',
    (ctx) => wrongPassword(ctx, 'mrz'),
  ),
  tc(
    'L6.PACE.03',
    'MSE:Set AT with an unknown protocol OID is refused',
    'ICAO 9303-11 §4.4.4.1; BSI TR-03110 Part 3 §B.1',
    ['pace'],
    'SW 6A80 (or another error)',
    async (ctx) => {
      const r = await ctx.send(
        mseSetAtPace({ protocol: '0.4.0.127.0.7.2.2.4.9.9', password: 'can' }),
        'MSE:Set AT unknown OID',
      );
      return verdict(r.sw !== 0x9000, 'an error status word (6A80)', describe(r));
    },
  ),
  tc(
    'L6.PACE.04',
    'MSE:Set AT with an unknown domain parameter reference is refused',
    "ICAO 9303-11 §4.4.4.1 (DO'84')",
    ['pace'],
    'SW 6A80 (or another error)',
    async (ctx) => {
      const p = perOffer(ctx, 0);
      const r = await ctx.send(
        mseSetAtPace({ protocol: p.protocol, password: 'can', domainParameterId: 31 }),
        'MSE:Set AT parameter 31',
      );
      return verdict(r.sw !== 0x9000, 'an error status word (6A80)', describe(r));
    },
  ),
  tc(
    'L6.PACE.05',
    'GENERAL AUTHENTICATE without MSE:Set AT is refused',
    'ICAO 9303-11 §4.4.4.2; ISO/IEC 7816-4 §5.6',
    ['pace'],
    'SW 6985',
    async (ctx) =>
      expectSw(
        (await ctx.send(generalAuthenticate(new Uint8Array(0), { chained: true }), 'GENERAL AUTHENTICATE without MSE'))
          .sw,
        0x6985,
      ),
  ),
  tc(
    'L6.PACE.06',
    'The encrypted nonce differs between two PACE runs',
    'ICAO 9303-11 §4.4.3.3.1 (random nonce s)',
    ['pace-can'],
    'two different z',
    async (ctx) => {
      const p = perOffer(ctx, 0);
      const a = await encryptedNonce(ctx, p);
      const b = await encryptedNonce(ctx, p);
      return verdict(a.length > 0 && !equalBytes(a, b), 'different encrypted nonces', `${toHex(a)} / ${toHex(b)}`);
    },
  ),
  tc(
    'L6.PACE.07',
    "The chip's ephemeral key is fresh in each run and differs from the terminal's",
    'ICAO 9303-11 §4.4.3.3.3; BSI TR-03110 Part 2 §3.2.1',
    ['pace-can'],
    'fresh PK_DH,IC != PK_DH,IFD',
    async (ctx) => {
      const a = await paceRun(ctx);
      if (isOutcome(a)) return a;
      await ctx.send(selectEf(ctx.file('EF.COM')), 'plain command (ends the session)');
      const b = await paceRun(ctx);
      if (isOutcome(b)) return b;
      const ka = a.pace?.chipPublicKey ?? new Uint8Array(0);
      const kb = b.pace?.chipPublicKey ?? new Uint8Array(0);
      const echoed = equalBytes(ka, a.pace?.terminalPublicKey ?? new Uint8Array(0));
      return verdict(
        !equalBytes(ka, kb) && !echoed,
        'fresh chip keys, not the terminal key',
        echoed ? 'the chip echoed the terminal key' : `${toHex(ka.subarray(0, 12))}... twice`,
      );
    },
  ),
  tc(
    'L6.PACE.08',
    'A terminal ephemeral key that is not a group element is refused',
    'ICAO 9303-11 §4.4.1 step 3; BSI TR-03110 Part 3 §A.2.2 (public key validation)',
    ['pace-can'],
    'an error status word (6A80) at the key agreement',
    async (ctx) => {
      const p = perOffer(ctx, 0);
      const z = await encryptedNonce(ctx, p);
      if (z.length === 0) return fail('an encrypted nonce', 'none');
      // A valid mapping key (any group element will do: the mapped generator stays the chip's secret).
      const group = standardizedGroup(p.parameterId);
      const mapping = group.encode(group.multiply(group.generator, 0x1234567n));
      const m = await ctx.send(
        generalAuthenticate(encodeTlv(0x81, mapping), { chained: true }),
        'GENERAL AUTHENTICATE 2',
      );
      if (m.sw !== 0x9000) return fail('SW 9000 at the mapping', describe(m));
      const invalid = mapping.slice();
      invalid[invalid.length - 1] = (invalid[invalid.length - 1] as number) ^ 0x01;
      const r = await ctx.send(
        generalAuthenticate(encodeTlv(0x83, invalid), { chained: true }),
        'GENERAL AUTHENTICATE 3 (invalid key)',
      );
      return verdict(r.sw !== 0x9000, 'an error status word (6A80)', describe(r));
    },
  ),
  tc(
    'L6.PACE.09',
    "The chip's authentication token verifies",
    'ICAO 9303-11 §4.4.3.4',
    ['pace-can'],
    'T_IC valid',
    async (ctx) => {
      const s = await paceRun(ctx);
      return isOutcome(s) ? s : verdict(true, 'T_IC valid', 'T_IC valid');
    },
  ),
  tc(
    'L6.PACE.10',
    'GENERAL AUTHENTICATE step 3 before step 2 is refused',
    'ICAO 9303-11 §4.4.4.2 (command chain order)',
    ['pace-can'],
    'an error status word',
    async (ctx) => {
      const p = perOffer(ctx, 0);
      await encryptedNonce(ctx, p);
      const r = await ctx.send(
        generalAuthenticate(encodeTlv(0x85, new Uint8Array(8)), { chained: false }),
        'GENERAL AUTHENTICATE 4 out of order',
      );
      return verdict(r.sw !== 0x9000, 'an error status word', describe(r));
    },
  ),
];

export const PACE_CASES: readonly ConformanceCase[] = [...general, ...offers];
