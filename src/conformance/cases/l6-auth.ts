// Layer 6, Chip Authentication (ICAO 9303-11 §6.2) and Active Authentication (ICAO 9303-11 §6.1): key switch,
// invalid keys, signatures over each challenge verified with DG14/DG15 keys.

import { encodeCommand } from '../../apdu/command.js';
import {
  generalAuthenticate,
  internalAuthenticate,
  mseSetAtChipAuthentication,
  readBinary,
} from '../../apdu/commands.js';
import { decodeResponse } from '../../apdu/response.js';
import { oid } from '../../asn1/oids.js';
import { verifyActiveAuthentication } from '../../auth/active-authentication.js';
import { chipAuthenticationOffers, performChipAuthentication } from '../../auth/chip-authentication.js';
import { bytesToBigInt, equalBytes } from '../../bytes.js';
import { isCccdError } from '../../errors.js';
import { decodeDg14 } from '../../lds/dg14.js';
import { decodeDg15 } from '../../lds/dg15.js';
import { smSuite } from '../../sm/suite.js';
import { protectCommand } from '../../sm/terminal.js';
import { encodeTlv } from '../../tlv/index.js';
import type { CaseContext } from '../context.js';
import type { CaseOutcome, ConformanceCase } from '../types.js';
import { fail, verdict } from '../verdicts.js';
import { describe, selectEf, tc } from './build.js';

async function caOffer(ctx: CaseContext) {
  const doc = await ctx.document();
  const dg14 = doc.files.get('DG14');
  if (!dg14) return undefined;
  return chipAuthenticationOffers(decodeDg14(dg14).infos)[0];
}

async function runCa(ctx: CaseContext, method?: 'BAC' | 'PACE'): Promise<CaseOutcome> {
  const offer = await caOffer(ctx);
  if (!offer) return fail('a CA key in DG14', 'none');
  const s = await ctx.open(method ? { method } : {});
  try {
    const ca = await performChipAuthentication(s.sm, {
      protocol: offer.protocol,
      publicKey: offer.publicKey,
      ...(offer.keyId === undefined ? {} : { keyId: offer.keyId }),
    });
    await ca.transport.transmit(encodeCommand(selectEf(ctx.file('EF.COM'))));
    const r = decodeResponse(await ca.transport.transmit(encodeCommand(readBinary({ offset: 0, ne: 4 }))));
    return verdict(r.sw === 0x9000, 'SW 9000 under the new keys', describe(r));
  } catch (e) {
    if (isCccdError(e)) return fail('responses under the CA keys', `${e.code}: ${e.message}`);
    throw e;
  }
}

async function aaSign(ctx: CaseContext, challenges: Uint8Array[]): Promise<CaseOutcome> {
  const doc = await ctx.document();
  const dg15 = doc.files.get('DG15');
  if (!dg15) return fail('DG15', 'not read');
  const key = decodeDg15(dg15).publicKey;
  const dg14 = doc.files.get('DG14');
  const info = dg14 ? decodeDg14(dg14).infos.find((i) => i.type === 'ActiveAuthenticationInfo') : undefined;
  const algorithm = info?.type === 'ActiveAuthenticationInfo' ? info.signatureAlgorithm : undefined;
  const s = await ctx.open();
  const signatures: Uint8Array[] = [];
  for (const challenge of challenges) {
    const r = await s.send(internalAuthenticate(challenge), `INTERNAL AUTHENTICATE (${challenge.length} bytes)`);
    if (r.sw !== 0x9000) return fail('SW 9000 and a signature', describe(r));
    try {
      verifyActiveAuthentication(r.data, {
        challenge,
        publicKey: key,
        ...(algorithm ? { signatureAlgorithm: algorithm } : {}),
      });
    } catch (e) {
      if (isCccdError(e)) return fail('a signature that verifies with the DG15 key', `${e.code}: ${e.message}`);
      throw e;
    }
    signatures.push(r.data);
  }
  const repeated = signatures.some((x, i) => signatures.findIndex((y) => equalBytes(x, y)) !== i);
  return verdict(
    !repeated,
    'valid, distinct signatures',
    repeated ? 'the same signature for different challenges' : `${signatures.length} valid signatures`,
  );
}

const ch = (n: number, fill: number) => new Uint8Array(n).fill(fill).map((b, i) => (b + i) & 0xff);

export const AUTH_CASES: readonly ConformanceCase[] = [
  tc(
    'L6.CA.01',
    'Chip Authentication after BAC switches SM to the new keys',
    'ICAO 9303-11 §6.2, §9.8.2',
    ['chip-authentication', 'bac'],
    'commands under the CA keys answered',
    (ctx) => runCa(ctx, 'BAC'),
  ),
  tc(
    'L6.CA.02',
    'Chip Authentication after PACE switches SM to the new keys',
    'ICAO 9303-11 §6.2, §9.8.2',
    ['chip-authentication', 'pace'],
    'commands under the CA keys answered',
    (ctx) => runCa(ctx, 'PACE'),
  ),
  tc(
    'L6.CA.03',
    'After Chip Authentication the old session keys are refused',
    'ICAO 9303-11 §6.2.4 (keys replaced)',
    ['chip-authentication'],
    'a command under the old keys fails',
    async (ctx) => {
      const offer = await caOffer(ctx);
      if (!offer) return fail('a CA key in DG14', 'none');
      const s = await ctx.open();
      const old = s.sm;
      try {
        await performChipAuthentication(s.sm, { protocol: offer.protocol, publicKey: offer.publicKey });
      } catch (e) {
        if (isCccdError(e)) return fail('Chip Authentication', `${e.code}: ${e.message}`);
        throw e;
      }
      // The terminal's old session is closed by performChipAuthentication; rebuild a command under the old keys.
      const bytes = protectCommand(smSuite(s.keys), bytesToBigInt(old.ssc) + 1n, readBinary({ offset: 0, ne: 4 }));
      const r = await ctx.send(bytes, 'READ BINARY under the old keys');
      return verdict(r.sw !== 0x9000, 'SW 6988 (old keys refused)', describe(r));
    },
  ),
  tc(
    'L6.CA.04',
    'An invalid terminal ephemeral key is refused',
    'ICAO 9303-11 §6.2.3; BSI TR-03110 Part 3 §A.2.2',
    ['chip-authentication'],
    'an error status word (6A80)',
    async (ctx) => {
      const offer = await caOffer(ctx);
      if (!offer) return fail('a CA key in DG14', 'none');
      const s = await ctx.open();
      await s.send(
        mseSetAtChipAuthentication({
          protocol: offer.protocol,
          ...(offer.keyId === undefined ? {} : { keyId: offer.keyId }),
        }),
        'MSE:Set AT (CA)',
      );
      const point = new Uint8Array(65);
      point[0] = 0x04;
      point[64] = 0x05;
      const r = await s.send(generalAuthenticate(encodeTlv(0x80, point)), 'GENERAL AUTHENTICATE (invalid key)');
      return verdict(r.sw !== 0x9000, 'an error status word (6A80)', describe(r));
    },
  ),
  tc(
    'L6.CA.05',
    'MSE:Set AT with an unknown Chip Authentication protocol is refused',
    'ICAO 9303-11 §6.2.4.2',
    ['chip-authentication'],
    'an error status word',
    async (ctx) => {
      const s = await ctx.open();
      const r = await s.send(
        mseSetAtChipAuthentication({ protocol: oid('id-PACE-ECDH-GM-AES-CBC-CMAC-128') }),
        'MSE:Set AT (wrong OID)',
      );
      return verdict(r.sw !== 0x9000, 'an error status word (6A80)', describe(r));
    },
  ),
  tc(
    'L6.AA.01',
    'Active Authentication of an 8-byte challenge verifies with the DG15 key',
    'ICAO 9303-11 §6.1.2-§6.1.3',
    ['active-authentication'],
    'a valid signature',
    (ctx) => aaSign(ctx, [ch(8, 0x31)]),
  ),
  tc(
    'L6.AA.02',
    'Each challenge gets its own signature',
    'ICAO 9303-11 §6.1 (challenge-response)',
    ['active-authentication'],
    'valid, different signatures',
    (ctx) => aaSign(ctx, [ch(8, 0x01), ch(8, 0x41)]),
  ),
  tc(
    'L6.AA.04',
    'The same challenge twice gives signatures that both verify',
    'ICAO 9303-11 §6.1.2',
    ['active-authentication', 'aa-ecdsa'],
    'two valid ECDSA signatures (randomized)',
    (ctx) => aaSign(ctx, [ch(8, 0x61), ch(8, 0x61)]),
  ),
];
