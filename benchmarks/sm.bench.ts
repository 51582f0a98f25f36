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
// The smallest useful exchange: READ BINARY of 4 bytes (App. D.4.2).
const readBinary4 = command({ ins: 0xb0, p1: 0, p2: 0, ne: 4 });
const answer4 = { data: Uint8Array.of(0x60, 0x14, 0x5f, 0x01), sw: 0x9000 };

function keys(cipher: SymmetricCipher) {
  const len = cipher === '3DES' || cipher === 'AES-128' ? 16 : 32;
  const ssc = new Uint8Array(cipher === '3DES' ? 8 : 16);
  return { cipher, ksEnc: new Uint8Array(len).fill(1), ksMac: new Uint8Array(len).fill(2), ssc };
}

/** Prepares a terminal session and the chip's answers for `count` READ BINARY exchanges. */
function prepare(cipher: SymmetricCipher, backend: CryptoBackend | undefined, count: number, small = false) {
  const k = keys(cipher);
  const peer = terminalSmSession(k);
  const card = cardSmSession(k);
  const answers: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    card.unwrapCommand(peer.wrap(small ? readBinary4 : readBinary));
    const reply = card.wrapResponse(small ? answer4 : answer, { ins: 0xb0 });
    peer.unwrap(reply);
    answers.push(reply);
  }
  return { terminal: terminalSmSession(k, backend ? { backend } : {}), answers };
}

/**
 * CPU microseconds per exchange (process.cpuUsage), which a loaded machine distorts far less than wall time:
 * the figure to compare with the 20 µs goal when other jobs share the cores.
 */
function cpuMicrosPerExchange(cipher: SymmetricCipher, small: boolean): number {
  const count = 20000;
  const { terminal, answers } = prepare(cipher, undefined, count, small);
  const cmd = small ? readBinary4 : readBinary;
  for (let i = 0; i < 2000; i++) {
    terminal.wrap(cmd);
    terminal.unwrap(answers[i]!);
  }
  const start = process.cpuUsage();
  for (let i = 2000; i < count; i++) {
    terminal.wrap(cmd);
    terminal.unwrap(answers[i]!);
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / (count - 2000);
}

async function terminalExchange(cipher: SymmetricCipher, backend: CryptoBackend | undefined): Promise<BenchResult> {
  const { terminal, answers } = prepare(cipher, backend, PER_ROUND * ROUNDS);
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
  const cpu = (['AES-128', '3DES'] as const)
    .map(
      (c) =>
        `${c} ${cpuMicrosPerExchange(c, true).toFixed(1)} µs (4-byte answer), ${cpuMicrosPerExchange(c, false).toFixed(1)} µs (223-byte answer)`,
    )
    .join('; ');
  return [
    report(results),
    `AES-128 SM per APDU / raw CBC+CMAC of the response: ${(perApdu / rawCost).toFixed(2)}x`,
    `CPU time per wrap+unwrap (default path): ${cpu}`,
  ].join('\n');
}
