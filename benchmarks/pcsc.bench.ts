// PC/SC round trips through pcscd + vpcd in the isolated lab (tests/helpers/pcsc-lab.ts): our transport against
// a raw pcsclite `transmit` on the same card (goal: the transport adds under 5%), a 64 KB extended answer, and a
// complete CCCD read and verification (PACE-CAN, CA, AA, passive authentication) of a chip served by cccd sim serve.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScript } from '../src/apdu/script-runner.js';
import { fromHex } from '../src/bytes.js';
import { validateCitizen } from '../src/citizen/schema.js';
import { prepareCard } from '../src/perso/prepare.js';
import { personalizationScript } from '../src/perso/script.js';
import { createDevelopmentPki } from '../src/pki/dev-pki.js';
import { builtinProfile } from '../src/profile/builtin.js';
import { readDocument } from '../src/reader/read-document.js';
import { connectPcscCard, openPcsc } from '../src/transport/pcsc.js';
import { type BindingReader, loadPcscBinding, SCARD } from '../src/transport/pcsc-binding.js';
import { FakeReader, fake } from '../tests/helpers/pcsc-fake-binding.js';
import { LAB_PORTS, LAB_READERS, type PcscLab, pcscLabUnavailable, startPcscLab } from '../tests/helpers/pcsc-lab.js';
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

const ROOT = join(import.meta.dirname, '..');

/** Personalizes a blank CCCD served by `cccd sim serve` in slot 1, then times complete reads through pcscd. */
async function cccdRead(lab: PcscLab): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'cccd-pcsc-bench-'));
  try {
    const serve = ['sim', 'serve', '--state', join(dir, 'chip.json'), '--vpcd', `127.0.0.1:${LAB_PORTS[1]}`, '--json'];
    const server = lab.startInLab([process.execPath, '--import', 'tsx', join(ROOT, 'src/cli/bin.ts'), ...serve]);
    await server.waitFor((e) => e.type === 'connected');
    const pki = await createDevelopmentPki({ key: 'brainpoolP256r1' });
    const citizenFile = join(ROOT, 'examples', 'citizens', 'nguyen-van-an.json');
    const citizen = validateCitizen(JSON.parse(readFileSync(citizenFile, 'utf8')));
    const portrait = new Uint8Array(readFileSync(join(ROOT, 'examples', 'citizens', citizen.portrait)));
    const profile = builtinProfile('cccd-2021');
    const card = await prepareCard({ profile, citizen, portrait, signer: pki.dsSigner, certificate: pki.ds });
    const transport = await connectPcscCard({ reader: LAB_READERS[1], waitMs: 30_000 });
    try {
      await runScript(transport, personalizationScript(card.image));
      const trust = { certificates: [pki.csca], crls: [pki.crl] };
      const times: number[] = [];
      let apdus = 0;
      let bytes = 0;
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        const r = await readDocument(transport, { credentials: { can: card.can }, trust });
        times.push(performance.now() - t0);
        if (!r.verified) throw new Error('the benchmark read did not verify');
        apdus = r.stats.apdus;
        bytes = [...r.raw.values()].reduce((n, b) => n + b.length, 0);
        await transport.reset();
      }
      return `complete CCCD read through pcscd (PACE-CAN, CA, AA, passive authentication; ${apdus} APDUs, ${bytes} bytes of files): median ${median(times).toFixed(0)} ms over ${times.length} reads`;
    } finally {
      await transport.close();
      await server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The transport's own cost per APDU, apart from pcscd and vpcd: the same scripted binding answers (on the next
 * turn of the event loop) a raw callback transmit and PcscTransport.transmit, in paired rounds.
 */
async function ownCost(): Promise<string> {
  const reader = new FakeReader('R', SCARD.STATE_PRESENT, fromHex('3B80800101'));
  const answer = Buffer.from([0x90, 0x00]);
  reader.transmit = (_d, _n, _p, callback) => setImmediate(() => callback(null, answer));
  const pcsc = await fake([reader]).open();
  const card = await pcsc.connect();
  const raw = () => new Promise((resolve) => reader.transmit(GET_CHALLENGE, 65538, SCARD.PROTOCOL_T1, resolve));
  const added: number[] = [];
  for (let round = 0; round < 9; round++) {
    let t0 = performance.now();
    for (let i = 0; i < 5000; i++) await raw();
    const r = (performance.now() - t0) / 5;
    t0 = performance.now();
    for (let i = 0; i < 5000; i++) await card.transmit(GET_CHALLENGE);
    added.push((performance.now() - t0) / 5 - r);
  }
  await pcsc.close();
  return `PcscTransport's own cost over a raw binding call (scripted binding, no pcscd): median ${median(added).toFixed(2)} µs per APDU`;
}

export default async function pcscBench(): Promise<string> {
  const own = await ownCost();
  const reason = await pcscLabUnavailable();
  if (reason !== undefined) return `${own}\nlab skipped: ${reason}`;
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
    const complete = await cccdRead(lab);
    const overhead = (median(ratios) - 1) * 100;
    return [
      own,
      `raw pcsclite transmit, GET CHALLENGE: median ${median(rawUs).toFixed(1)} µs per APDU round trip`,
      `PcscTransport.transmit, GET CHALLENGE: median ${median(oursUs).toFixed(1)} µs per APDU round trip`,
      `transport overhead over raw transmit: ${overhead.toFixed(1)}% (median of ${ratios.length} paired rounds; goal < 5%)`,
      report([big]),
      `64 KB answers through pcscd + vpcd: ${((65535 * big.opsPerSecond) / 1e6).toFixed(1)} MB/s`,
      complete,
    ].join('\n');
  } finally {
    await lab.stop();
  }
}
