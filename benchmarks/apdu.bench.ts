// ISO/IEC 7816-4 APDU codec and ICAO 9303-10 file reading cost, over an in-memory card (no I/O).
import { decodeCommand, encodeCommand } from '../src/apdu/command.js';
import { discretionaryHeaderLength, generalAuthenticate, readBinary, selectFile } from '../src/apdu/commands.js';
import { decodeResponse, encodeResponse } from '../src/apdu/response.js';
import { describeStatusWord } from '../src/apdu/status-words.js';
import { createFileReader } from '../src/reader/read-file.js';
import { decodeTlv } from '../src/tlv/decode.js';
import { encodeTlv } from '../src/tlv/encode.js';
import { withGetResponse } from '../src/transport/get-response.js';
import { withRecorder } from '../src/transport/recorder.js';
import type { Transport } from '../src/transport/types.js';
import { bench, report } from './harness.js';

/** A card holding one EF: SELECT P1 02, READ BINARY B0/B1, extended length when `extended`. */
function memoryCard(file: Uint8Array, extended: boolean): Transport {
  const ok = encodeResponse(new Uint8Array(0), 0x9000);
  return {
    info: { name: 'memory', extendedLength: extended },
    async transmit(bytes) {
      const c = decodeCommand(bytes);
      if (c.ins === 0xa4) return ok;
      const odd = c.ins === 0xb1;
      let offset = (c.p1 << 8) | c.p2;
      if (odd) offset = decodeTlv(c.data).value.reduce((v, b) => v * 256 + b, 0);
      // ISO/IEC 7816-4 §11.2.3: with odd INS the DO'53' header counts against Ne.
      let n = Math.min(file.length - offset, c.ne ?? 0);
      while (odd && n + discretionaryHeaderLength(n) > (c.ne ?? 0)) n--;
      const data = file.subarray(offset, offset + n);
      return encodeResponse(c.ins === 0xb1 ? encodeTlv(0x53, data) : data, 0x9000);
    },
  };
}

function dg2(total: number): Uint8Array {
  return encodeTlv(0x75, new Uint8Array(total - 4).fill(0x5a));
}

export default async function run(): Promise<string> {
  const select = encodeCommand(selectFile(0x0102));
  const ga = encodeCommand(generalAuthenticate(new Uint8Array(67).fill(4), { chained: true }));
  const resp = encodeResponse(new Uint8Array(223), 0x9000);
  const file20k = dg2(20000);
  const file40k = dg2(40000);
  const shortCard = memoryCard(file20k, false);
  const extCard = memoryCard(file20k, true);
  const oddCard = memoryCard(file40k, false);
  const results = [
    await bench('encode SELECT (builder + encode)', () => encodeCommand(selectFile(0x0101))),
    await bench('encode READ BINARY', () => encodeCommand(readBinary({ offset: 0x1234, ne: 0xdf }))),
    await bench('decode GENERAL AUTHENTICATE (72 B)', () => decodeCommand(ga)),
    await bench('decode SELECT', () => decodeCommand(select)),
    await bench('decode response 225 B', () => decodeResponse(resp)),
    await bench('describe status word', () => describeStatusWord(0x6a82)),
    await bench('read 20 KB file, short link (92 APDUs)', () => createFileReader(shortCard).readFile({ fid: 0x0102 })),
    await bench('read 20 KB file, extended link (3 APDUs)', () => createFileReader(extCard).readFile({ fid: 0x0102 })),
    await bench('read 40 KB file, short, odd INS past 32K', () => createFileReader(oddCard).readFile({ fid: 0x0102 })),
    await bench('read 20 KB short via GET RESPONSE wrapper', () =>
      createFileReader(withGetResponse(shortCard)).readFile({ fid: 0x0102 }),
    ),
    await bench('read 20 KB short via recorder', () =>
      createFileReader(withRecorder(shortCard, { now: () => 0 })).readFile({ fid: 0x0102 }),
    ),
  ];
  return report(results);
}
