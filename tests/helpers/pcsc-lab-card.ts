// A small ISO/IEC 7816-4 card for the PC/SC lab: answers SELECT of the LDS1 application (ICAO 9303-10 §3.10.1),
// GET CHALLENGE once selected, READ BINARY of any length up to 65,533 bytes, and 6D00 otherwise. Run as a script
// it serves the card to vpcd (tests/helpers/pcsc-lab.ts starts it inside the lab's network namespace).
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { equalBytes, fromHex, toHex } from '../../src/bytes.js';
import { contactlessAtr } from '../../src/transport/atr.js';
import { startVpcdBridge, type VirtualCard } from '../../src/transport/vpcd.js';

export const LDS1_AID = fromHex('A0000002471001');

const sw = (value: number, data: Uint8Array = new Uint8Array(0)) => {
  const out = new Uint8Array(data.length + 2);
  out.set(data, 0);
  out[data.length] = value >> 8;
  out[data.length + 1] = value & 0xff;
  return out;
};

/** The byte at offset i of the lab card's one large file: a pattern a reader can check without a copy. */
export const patternByte = (i: number) => (i * 7 + (i >> 8)) & 0xff;

/** The file itself, computed once: offsets up to 32,767 plus the largest answer. */
const PATTERN = Uint8Array.from({ length: 0x8000 + 65533 }, (_, i) => patternByte(i));

/** Ne of a case 2 command (ISO/IEC 7816-4 §5.1): Le 00 means 256, extended Le 0000 means 65,536. */
function expectedLength(apdu: Uint8Array): number | undefined {
  if (apdu.length === 5) return apdu[4] === 0 ? 256 : apdu[4];
  if (apdu.length === 7 && apdu[4] === 0) {
    const n = ((apdu[5] as number) << 8) | (apdu[6] as number);
    return n === 0 ? 65536 : n;
  }
  return undefined;
}

export class LabCard implements VirtualCard {
  /** PC/SC part 3 ATR of an ISO/IEC 14443-4 card whose historical bytes announce extended length (7816-4 §8.1.1.2.7). */
  readonly atr = contactlessAtr(fromHex('80 73 00 00 40'));
  selected = false;
  powered = false;
  resets = 0;

  powerOn(): void {
    this.powered = true;
    this.selected = false;
  }
  powerOff(): void {
    this.powered = false;
    this.selected = false;
  }
  reset(): void {
    this.resets++;
    this.selected = false;
  }

  async transmit(apdu: Uint8Array): Promise<Uint8Array> {
    const [cla, ins, p1, p2] = apdu;
    if (cla === 0x00 && ins === 0xa4 && p1 === 0x04 && (p2 === 0x0c || p2 === 0x00)) {
      this.selected = apdu.length >= 12 && apdu[4] === 7 && equalBytes(apdu.subarray(5, 12), LDS1_AID);
      return sw(this.selected ? 0x9000 : 0x6a82);
    }
    if (cla === 0x00 && ins === 0x84 && p1 === 0 && p2 === 0) {
      // The session state lives in `selected`: a reset or power cycle forgets it, as a chip forgets its SM keys.
      if (!this.selected) return sw(0x6985);
      return sw(0x9000, new Uint8Array(randomBytes(expectedLength(apdu) ?? 8)));
    }
    if (cla === 0x00 && ins === 0xb0) {
      if (!this.selected) return sw(0x6985);
      const offset = (((p1 as number) & 0x7f) << 8) | (p2 as number);
      const n = Math.min(expectedLength(apdu) ?? 0, 65533);
      return sw(0x9000, PATTERN.subarray(offset, offset + n));
    }
    return sw(0x6d00);
  }
}

/**
 * Script entry: `pcsc-lab-card.ts --port 35963`. Prints one JSON line per event on stdout; reads `remove`,
 * `insert` and `quit` on stdin.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string' }, uid: { type: 'string' } } });
  const card = new LabCard();
  const say = (event: object) => process.stdout.write(`${JSON.stringify(event)}\n`);
  const bridge = startVpcdBridge(card, {
    port: Number(values.port ?? 35963),
    ...(values.uid ? { uid: fromHex(values.uid) } : {}),
    onEvent: (e) => {
      if (e.type === 'apdu') say({ type: 'apdu', command: toHex(e.command), sw: toHex(e.response.subarray(-2)) });
      else if (e.type === 'error') say({ type: 'error', code: e.error.code, message: e.error.message });
      else say(e);
    },
  });
  const quit = async () => {
    await bridge.close();
    process.exit(0);
  };
  process.on('SIGTERM', quit);
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'remove') await bridge.remove().then(() => say({ type: 'removed' }));
    if (line === 'insert') bridge.insert();
    if (line === 'quit') await quit();
  }
  // stdin closed: the harness that started us is gone.
  await quit();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
