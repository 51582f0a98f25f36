// ICAO 9303-11 §4.3 and §9.7.4 Basic Access Control, terminal side. BAC is legacy (3DES, SHA-1 keys) but ICAO
// still requires inspection systems to support it for chips without PACE.
import { externalAuthenticate, getChallenge } from '../apdu/commands.js';
import { concatBytes, equalBytes, wipe } from '../bytes.js';
import { decrypt, encrypt } from '../crypto/cipher.js';
import { bacKeySeed, kdfEnc, kdfMac } from '../crypto/kdf.js';
import { retailMacWithPadding } from '../crypto/mac.js';
import { defaultRandom, type RandomSource } from '../crypto/random.js';
import { ProtocolError } from '../errors.js';
import type { Transport } from '../transport/types.js';
import type { SessionKeys } from './cipher-suite.js';
import { exchange } from './exchange.js';
import { type MrzKey, mrzInformation } from './passwords.js';

export interface BacOptions {
  /** Document number, date of birth and date of expiry as printed in the MRZ. */
  readonly mrz: MrzKey;
  /** Randomness for RND.IFD (8 bytes, drawn first) and K.IFD (16 bytes, drawn second). */
  readonly random?: RandomSource;
}

export interface BacResult {
  readonly protocol: 'BAC';
  /** 3DES session keys; the SSC is RND.IC[4..8] || RND.IFD[4..8] (ICAO 9303-11 §9.8.6.3). */
  readonly keys: SessionKeys;
}

const PROTOCOL = 'BAC';

function fail(step: string, message: string): ProtocolError {
  return new ProtocolError('AUTH_FAILED', PROTOCOL, step, message);
}

/** BAC document basic access keys K_enc and K_mac from the MRZ information (ICAO 9303-11 §9.7.2, App. D.2). */
export function bacKeys(mrz: MrzKey): { kEnc: Uint8Array; kMac: Uint8Array } {
  const seed = bacKeySeed(mrzInformation(mrz));
  const keys = { kEnc: kdfEnc(seed, '3DES'), kMac: kdfMac(seed, '3DES') };
  wipe(seed);
  return keys;
}

/**
 * Runs BAC as the terminal (ICAO 9303-11 §9.7.4): GET CHALLENGE, EXTERNAL AUTHENTICATE with E.IFD || M.IFD,
 * then checks the chip's MAC (constant time) and that it returned our RND.IFD before deriving the session keys.
 * A wrong MRZ shows as ProtocolError AUTH_FAILED at `external-authenticate` with status word 6300 (most chips).
 */
export async function performBac(transport: Transport, options: BacOptions): Promise<BacResult> {
  const { kEnc, kMac } = bacKeys(options.mrz);
  const random = options.random ?? defaultRandom;
  const rndIc = await exchange(transport, getChallenge(), PROTOCOL, 'get-challenge');
  if (rndIc.length !== 8) throw fail('get-challenge', `the challenge has ${rndIc.length} bytes, expected 8`);
  const rndIfd = random(8);
  const kIfd = random(16);
  const eIfd = encrypt('3DES', kEnc, concatBytes(rndIfd, rndIc, kIfd));
  const mIfd = retailMacWithPadding(kMac, eIfd);
  const response = await exchange(
    transport,
    externalAuthenticate(concatBytes(eIfd, mIfd), { ne: 40 }),
    PROTOCOL,
    'external-authenticate',
  );
  const step = 'verify-chip-cryptogram';
  if (response.length !== 40) throw fail(step, `the chip's cryptogram has ${response.length} bytes, expected 40`);
  const eIc = response.subarray(0, 32);
  // ICAO 9303-11 §9.7.4: verify the MAC before decrypting anything.
  if (!equalBytes(retailMacWithPadding(kMac, eIc), response.subarray(32, 40))) throw fail(step, 'M.IC does not verify');
  const r = decrypt('3DES', kEnc, eIc);
  if (!equalBytes(r.subarray(0, 8), rndIc) || !equalBytes(r.subarray(8, 16), rndIfd)) {
    throw fail(step, 'the chip did not return the challenges');
  }
  const kIc = r.subarray(16, 32);
  const seed = new Uint8Array(16);
  for (let i = 0; i < 16; i++) seed[i] = (kIfd[i] as number) ^ (kIc[i] as number);
  const keys: SessionKeys = {
    suite: '3DES',
    ksEnc: kdfEnc(seed, '3DES'),
    ksMac: kdfMac(seed, '3DES'),
    ssc: concatBytes(rndIc.subarray(4, 8), rndIfd.subarray(4, 8)),
  };
  wipe(seed, kIfd, r, kEnc, kMac);
  return { protocol: PROTOCOL, keys };
}
