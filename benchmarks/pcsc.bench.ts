// PC/SC round trips through pcscd + vpcd in the isolated lab (tests/helpers/pcsc-lab.ts): our transport against
// a raw pcsclite `transmit` on the same card (goal: the transport adds under 5%), and a 64 KB extended answer.
import { fromHex } from '../src/bytes.js';
import { openPcsc } from '../src/transport/pcsc.js';
import { type BindingReader, loadPcscBinding, SCARD } from '../src/transport/pcsc-binding.js';
import { LAB_READERS, pcscLabUnavailable, startPcscLab } from '../tests/helpers/pcsc-lab.js';
import { bench, report } from './harness.js';

const SELECT_LDS1 = fromHex('00A4040C07A0000002471001');
const GET_CHALLENGE = fromHex('0084000008');
const READ_64K = fromHex('00B00000000000');

/** A raw pcsclite connection to `name`, shared, without our context or transport. */
async function rawReader(name: string): Promise<{ reader: BindingReader; protocol: number; close(): void }> {
  const context = (await loadPcscBinding())();
  context.on('error', () => undefined);
  const reader = await new Promise<BindingReader>((resolve) => {
    context.on('reader', (r) => {
      r.on('error', () => undefined);
      r.on('status', () => undefined);
      if (r.name === name) resolve(r);
    });
  });
  const protocol = await new Promise<number>((resolve, reject) =>
    reader.connect({ share_mode: SCARD.SHARE_SHARED, protocol: SCARD.PROTOCOL_T1 }, (e, p) =>
      e ? reject(e) : resolve(p),
    ),
  );
  return {
    reader,
    protocol,
    close() {
      reader.disconnect(SCARD.LEAVE_CARD, () => {
        reader.close();
        context.close();
      });
    },
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

export default async function pcscBench(): Promise<string> {
  const reason = await pcscLabUnavailable();
  if (reason !== undefined) return `skipped: ${reason}`;
  const lab = await startPcscLab();
  try {
    await lab.startLabCard(0);
    const pcsc = await openPcsc();
    await pcsc.waitForCard({ reader: LAB_READERS[0], timeoutMs: 15_000 });
    const ours = await pcsc.connect({ reader: LAB_READERS[0], share: 'shared' });
    const raw = await rawReader(LAB_READERS[0]);
    const rawTransmit = (apdu: Uint8Array, length: number) =>
      new Promise<Uint8Array>((resolve, reject) =>
        raw.reader.transmit(apdu, length, raw.protocol, (e, r) => (e ? reject(e) : resolve(r))),
      );
    await ours.transmit(SELECT_LDS1);
    // Alternating rounds of the same APDU, so that load from other processes hits both alike; the overhead is
    // the median of the per-round ratios.
    const perRound = 200;
    const rawUs: number[] = [];
    const oursUs: number[] = [];
    const ratios: number[] = [];
    const timeRound = async (fn: () => Promise<unknown>) => {
      const t0 = performance.now();
      for (let i = 0; i < perRound; i++) await fn();
      return ((performance.now() - t0) * 1000) / perRound;
    };
    for (let round = 0; round < 11; round++) {
      const r = await timeRound(() => rawTransmit(GET_CHALLENGE, 65538));
      const o = await timeRound(() => ours.transmit(GET_CHALLENGE));
      rawUs.push(r);
      oursUs.push(o);
      ratios.push(o / r);
    }
    const big = await bench('PcscTransport.transmit, 65,535-byte answer', () => ours.transmit(READ_64K), {
      perRound: 20,
      rounds: 7,
    });
    raw.close();
    await pcsc.close();
    const overhead = (median(ratios) - 1) * 100;
    return [
      `raw pcsclite transmit, GET CHALLENGE: median ${median(rawUs).toFixed(1)} µs per APDU round trip`,
      `PcscTransport.transmit, GET CHALLENGE: median ${median(oursUs).toFixed(1)} µs per APDU round trip`,
      `transport overhead over raw transmit: ${overhead.toFixed(1)}% (median of ${ratios.length} paired rounds; goal < 5%)`,
      report([big]),
      `64 KB answers through pcscd + vpcd: ${((65535 * big.opsPerSecond) / 1e6).toFixed(1)} MB/s`,
    ].join('\n');
  } finally {
    await lab.stop();
  }
}
