// ICAO 9303-11 §9.8 secure messaging cost per short APDU: the terminal wraps a READ BINARY (case 2, Le = DF) and
// unwraps the chip's 223-byte answer. Chip answers are produced beforehand, so only the terminal is timed.
import { command } from '../src/apdu/command.js';
import type { CryptoBackend } from '../src/crypto/backend.js';
import { keyed } from '../src/crypto/cipher.js';
import type { SymmetricCipher } from '../src/crypto/kdf.js';
import { cmacSubkeysWith, cmacWith } from '../src/crypto/mac.js';
import { nodeBackend } from '../src/crypto/node-backend.js';
import { cardSmSession, terminalSmSession } from '../src/sm/index.js';
import { type BenchResult, bench, report } from './harness.js';

const PER_ROUND = 2000;
const ROUNDS = 7;
const readBinary = command({ ins: 0xb0, p1: 0, p2: 0, ne: 0xdf });
const answer = { data: new Uint8Array(0xdf).fill(0x5a), sw: 0x9000 };

function keys(cipher: SymmetricCipher) {
  const len = cipher === '3DES' || cipher === 'AES-128' ? 16 : 32;
  const ssc = new Uint8Array(cipher === '3DES' ? 8 : 16);
  return { cipher, ksEnc: new Uint8Array(len).fill(1), ksMac: new Uint8Array(len).fill(2), ssc };
}

async function terminalExchange(cipher: SymmetricCipher, backend: CryptoBackend | undefined): Promise<BenchResult> {
  const k = keys(cipher);
  const options = backend ? { backend } : {};
  const peer = terminalSmSession(k);
  const card = cardSmSession(k);
  const answers: Uint8Array[] = [];
  for (let i = 0; i < PER_ROUND * ROUNDS; i++) {
    card.unwrapCommand(peer.wrap(readBinary));
    const reply = card.wrapResponse(answer, { ins: 0xb0 });
    peer.unwrap(reply);
    answers.push(reply);
  }
  const terminal = terminalSmSession(k, options);
  let i = 0;
  const label = backend ? `${backend.name} backend (OpenSSL per call)` : 'default (keyed, in-process)';
  return bench(
    `SM ${cipher} wrap+unwrap, ${label}`,
    () => {
      terminal.wrap(readBinary);
      return terminal.unwrap(answers[i++]!);
    },
    { perRound: PER_ROUND, rounds: ROUNDS },
  );
}

export default async function (): Promise<string> {
  const aes = keyed('AES', new Uint8Array(16).fill(3));
  const subkeys = cmacSubkeysWith(aes);
  const data = new Uint8Array(0xe0);
  const iv = new Uint8Array(16);
  const raw = [
    await bench('raw AES-128-CBC decrypt 224 B (keyed)', () => aes.decryptCbc(iv, data)),
    await bench('raw AES-CMAC 240 B (keyed)', () => cmacWith(aes, subkeys, new Uint8Array(240))),
  ];
  const results = [
    ...raw,
    await terminalExchange('AES-128', undefined),
    await terminalExchange('AES-128', nodeBackend),
    await terminalExchange('3DES', undefined),
    await terminalExchange('3DES', nodeBackend),
  ];
  const perApdu = results[2]!.microsPerOp;
  const rawCost = results[0]!.microsPerOp + results[1]!.microsPerOp;
  return `${report(results)}\nAES-128 SM per APDU / raw CBC+CMAC of the response: ${(perApdu / rawCost).toFixed(2)}x`;
}
