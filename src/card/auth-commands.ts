// Access and authentication commands of the chip (ICAO 9303-11 §4.3 BAC, §4.4 PACE, §6.1 AA, §6.2 CA): the
// card-side protocols of src/card/protocols, configured from the personalized secrets, EF.CardAccess and DG14,
// and the switch of secure messaging keys they establish.
import type { CommandApdu } from '../apdu/command.js';
import { oidName } from '../asn1/oids.js';
import type { HashAlgorithm } from '../crypto/hash.js';
import { decodePkcs8 } from '../crypto/pkcs8.js';
import { CccdError } from '../errors.js';
import { decodeCardAccess } from '../lds/card-access.js';
import { decodeDg14 } from '../lds/dg14.js';
import { decodeSecurityInfos, type SecurityInfo } from '../lds/security-infos.js';
import { cardSmSession } from '../sm/session.js';
import { decodeTlv } from '../tlv/index.js';
import { getChallenge } from './commands-iso.js';
import type { ChipContext, Reply } from './context.js';
import { efByFid, mfOf } from './file-system.js';
import type { ChipAuthenticationKey } from './protocols/chip-authentication.js';
import { CardProtocols, type CardProtocolsConfig, type ProtocolReply } from './protocols/dispatch.js';
import type { PaceOffer } from './protocols/pace.js';
import type { ChipState } from './state.js';

const EF_CARD_ACCESS = 0x011c;
const EF_DG14 = 0x010e;

function securityInfosOf(state: ChipState): { cardAccess: SecurityInfo[]; dg14: SecurityInfo[] } {
  const mf = mfOf(state.dfs);
  const cardAccess = efByFid(mf, EF_CARD_ACCESS)?.data;
  const dg14 = state.dfs.map((d) => (d === mf ? undefined : efByFid(d, EF_DG14)?.data)).find((x) => x);
  return {
    cardAccess: cardAccess?.length ? decodeCardAccess(cardAccess).infos : [],
    dg14: dg14?.length ? decodeDg14(dg14).infos : [],
  };
}

/** PACE offers: the PUT DATA 'pace-settings' when personalized, else what EF.CardAccess announces. */
function paceOffers(state: ChipState, cardAccess: SecurityInfo[]): PaceOffer[] {
  const infos = state.secrets.paceSettings
    ? decodeSecurityInfos(decodeTlv(state.secrets.paceSettings, { path: 'pace-settings' }), 'pace-settings')
    : cardAccess;
  return infos.flatMap((i) =>
    i.type === 'PACEInfo' && i.parameterId !== undefined
      ? [{ oid: i.protocol, domain: i.parameterId, parameterId: i.parameterId }]
      : [],
  );
}

/** TR-03111 §5.2.1: the hash of an ecdsa-plain-SHAxxx signature algorithm (ActiveAuthenticationInfo, DG14). */
function aaHash(dg14: SecurityInfo[]): HashAlgorithm | undefined {
  const info = dg14.find((i) => i.type === 'ActiveAuthenticationInfo');
  const name = info?.type === 'ActiveAuthenticationInfo' ? oidName(info.signatureAlgorithm) : undefined;
  const m = name ? /^ecdsa-plain-SHA(\d+)$/.exec(name) : null;
  return m ? (`SHA-${m[1]}` as HashAlgorithm) : undefined;
}

/** Decoded chip keys by their personalized PKCS#8 bytes: decoding (and deriving the public point) once per chip. */
const DECODED_KEYS = new WeakMap<Uint8Array, ReturnType<typeof decodePkcs8>>();

function privateKeyOf(pkcs8: Uint8Array): ReturnType<typeof decodePkcs8> {
  let key = DECODED_KEYS.get(pkcs8);
  if (!key) {
    key = decodePkcs8(pkcs8);
    DECODED_KEYS.set(pkcs8, key);
  }
  return key;
}

/** Builds the card-side protocols from what personalization wrote; a chip without secrets runs none. */
export function protocolsFor(ctx: ChipContext): CardProtocols {
  const { state, faults, random } = ctx;
  const { secrets } = state;
  const { cardAccess, dg14 } = securityInfosOf(state);
  const caKey = secrets.caPrivateKey ? privateKeyOf(secrets.caPrivateKey) : undefined;
  if (caKey && caKey.kind !== 'ec') throw new CccdError('CARD_STATE', 'the Chip Authentication key must be an EC key');
  const caKeys: ChipAuthenticationKey[] = caKey
    ? dg14.flatMap((i) =>
        i.type === 'ChipAuthenticationInfo'
          ? [{ oid: i.protocol, keyId: i.keyId, domain: caKey.curve, privateKey: bigintOf(caKey.scalar) }]
          : [],
      )
    : [];
  const paceProtocols = secrets.mrzKey || secrets.can ? paceOffers(state, cardAccess) : [];
  const config: CardProtocolsConfig = {
    bac:
      secrets.mrzKey && state.config.bac !== false
        ? {
            mrzKey: secrets.mrzKey,
            random,
            faults: {
              acceptWrongMac: faults.acceptWrongPassword,
              acceptWrongChallenge: faults.bacAcceptWrongChallenge,
              wrongResponseMac: faults.bacWrongResponseMac,
              wrongTerminalNonce: faults.bacWrongTerminalNonce,
              reuseChallenge: faults.bacReuseChallenge || faults.staticChallenge,
            },
          }
        : undefined,
    // A chip with passwords but no PACEInfo (a BAC-only profile) runs no PACE.
    pace:
      paceProtocols.length > 0
        ? {
            protocols: paceProtocols,
            passwords: { mrz: secrets.mrzKey, can: secrets.can },
            chipAuthenticationKey: caKey ? bigintOf(caKey.scalar) : undefined,
            random,
            faults: {
              acceptWrongToken: faults.acceptWrongPassword,
              wrongTokenStatus: faults.wrongPasswordStatus ? 0x9000 : undefined,
              wrongToken: faults.paceWrongToken,
              reuseNonce: faults.paceReuseNonce,
              reuseEphemeralKey: faults.paceReuseEphemeralKey,
              echoTerminalKey: faults.paceEchoTerminalKey,
              invalidPublicKey: faults.paceInvalidPublicKey,
              acceptInvalidKey: faults.paceAcceptInvalidKey,
            },
          }
        : undefined,
    chipAuthentication:
      caKeys.length > 0
        ? { keys: caKeys, faults: { acceptInvalidKey: faults.caAcceptInvalidKey, wrongKeys: faults.caWrongKeys } }
        : undefined,
    activeAuthentication: secrets.aaPrivateKey
      ? {
          privateKey: privateKeyOf(secrets.aaPrivateKey),
          hash: aaHash(dg14) ?? state.config.aaHash,
          random,
          faults: { wrongSignature: faults.aaWrongSignature, ignoreChallenge: faults.aaIgnoreChallenge },
        }
      : undefined,
  };
  return new CardProtocols(config);
}

function bigintOf(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

function protocols(ctx: ChipContext): CardProtocols {
  let p = ctx.session.protocol as CardProtocols | undefined;
  if (!p) {
    p = protocolsFor(ctx);
    ctx.session.protocol = p;
  }
  return p;
}

const SECURITY_STATUS = { BAC: 'bac', PACE: 'pace', CA: 'ca' } as const;

/** Runs a protocol command and, when it establishes keys, arranges the switch after this response. */
/** The session's protocols, or undefined when the personalized data cannot configure them. */
function tryProtocols(ctx: ChipContext): CardProtocols | undefined {
  try {
    return protocols(ctx);
  } catch (e) {
    if (e instanceof CccdError) return undefined;
    throw e;
  }
}

function run(ctx: ChipContext, c: CommandApdu): Reply {
  const p = tryProtocols(ctx);
  // Personalized data the chip cannot use (a malformed DG14, an unsupported key): no precise diagnosis.
  if (!p) return { data: new Uint8Array(0), sw: 0x6f00 };
  let reply = p.handle(c);
  if (!reply) return { data: new Uint8Array(0), sw: c.ins === 0x22 ? 0x6a88 : 0x6d00 };
  reply = faulty(ctx, c, reply);
  const keys = reply.established;
  if (keys && reply.protocol !== 'AA') {
    // ICAO 9303-11 §9.8.2: this response still goes out under the old keys (or in plain after BAC/PACE),
    // the next command must use the new ones.
    ctx.session.pendingSm = cardSmSession({ cipher: keys.cipher, ksEnc: keys.ksEnc, ksMac: keys.ksMac, ssc: keys.ssc });
    if (reply.protocol !== 'CA') ctx.session.authenticated.clear();
    ctx.session.authenticated.add(SECURITY_STATUS[reply.protocol]);
    if (reply.protocol === 'CA') ctx.session.authenticated.add(ctx.session.authenticated.has('pace') ? 'pace' : 'bac');
  }
  return { data: reply.data, sw: reply.sw };
}

/** Fault switches that distort a protocol's answer after the fact (conformance mutants). */
function faulty(ctx: ChipContext, c: CommandApdu, reply: ProtocolReply): ProtocolReply {
  const { faults, session } = ctx;
  if (faults.mseAcceptsAnything && c.ins === 0x22 && reply.sw !== 0x9000) return { ...reply, sw: 0x9000 };
  if (faults.wrongPasswordStatus && c.ins === 0x82 && reply.sw === 0x6300) return { ...reply, sw: 0x9000 };
  if (faults.wrongConditionsStatus && reply.sw === 0x6985) return { ...reply, sw: 0x6a80 };
  if (faults.generalAuthenticateOutOfOrderOk && c.ins === 0x86 && reply.sw === 0x6985) return { ...reply, sw: 0x9000 };
  if (faults.shortChallenge && c.ins === 0x84 && reply.sw === 0x9000)
    return { ...reply, data: reply.data.subarray(0, 4) };
  if (faults.aaStaticResponse && c.ins === 0x88 && reply.sw === 0x9000) {
    session.firstAaResponse ??= reply.data;
    return { ...reply, data: session.firstAaResponse };
  }
  return reply;
}

export const AUTH_HANDLERS: readonly [number, (ctx: ChipContext, c: CommandApdu) => Reply][] = [
  // GET CHALLENGE: BAC's when the chip runs BAC (it remembers RND.IC), else a plain challenge.
  [0x84, (ctx, c) => (tryProtocols(ctx)?.bac ? run(ctx, c) : getChallenge(ctx, c.p1, c.p2, c.ne))],
  [0x82, run],
  [0x22, run],
  [0x86, run],
  [0x88, run],
];
