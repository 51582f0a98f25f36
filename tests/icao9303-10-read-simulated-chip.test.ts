// The verifier's file reading against the simulated chip (src/card, written apart from the reader), with the
// CCCD's 6D00 answer to SELECT MF. Reading under secure messaging is in icao9303-10-read-binary-secure-messaging.
import { describe, expect, it } from 'vitest';
import { selectApplication } from '../src/apdu/commands.js';
import { runScript } from '../src/apdu/script-runner.js';
import { equalBytes, fromHex } from '../src/bytes.js';
import { blankState, SimulatedChip } from '../src/card/chip.js';
import { isCccdError, type StatusWordError } from '../src/errors.js';
import type { ChipImage } from '../src/perso/chip-image.js';
import { personalizationScript } from '../src/perso/script.js';
import { createFileReader } from '../src/reader/read-file.js';
import { transmitExpectingSuccess } from '../src/transport/exchange.js';
import { withRecorder } from '../src/transport/recorder.js';
import { replayTransport } from '../src/transport/replay.js';
import { hexOf, vector } from './helpers/vectors.js';

const AID = fromHex('A0000002471001');
const CARD_ACCESS = fromHex('31143012060A04007F0007020204020202010202010D');
const EF_COM = fromHex('60145F0104303130375F36063034303030305C026175');
const D2 = vector('icao9303-11-appendix-d-bac.json', 'icao9303-11.D.2.bac-keys');

function dg2(total: number): Uint8Array {
  const body = Uint8Array.from({ length: total - 4 }, (_, i) => (i * 31 + (i >> 9)) & 0xff);
  return Uint8Array.of(0x75, 0x82, (total - 4) >> 8, (total - 4) & 0xff, ...body);
}

async function cccdLikeChip(dg2Bytes: Uint8Array, extendedLength: boolean): Promise<SimulatedChip> {
  const image: ChipImage = {
    aid: AID,
    mfFiles: [{ name: 'EF.CardAccess', fid: 0x011c, sfi: 0x1c, access: 'always', data: CARD_ACCESS }],
    applicationFiles: [
      { name: 'EF.COM', fid: 0x011e, sfi: 0x1e, access: 'bac-or-pace', data: EF_COM },
      { name: 'DG2', fid: 0x0102, sfi: 0x02, access: 'always', data: dg2Bytes },
      { name: 'DG3', fid: 0x0103, sfi: 0x03, access: 'bac-or-pace', data: dg2(100) },
    ],
    secrets: { mrzKey: hexOf(D2, 'sha1_mrz_information'), can: '012345', aaPrivateKey: new Uint8Array(40).fill(9) },
  };
  const perso = new SimulatedChip(blankState({ profile: 'test', selectMfStatus: 0x6d00 }));
  await runScript(perso, personalizationScript(image));
  // Personalized over an extended-length link; read over a link that has it or not.
  const state = perso.exportState();
  return new SimulatedChip({ ...state, config: { ...state.config, extendedLength } });
}

describe('ICAO 9303-10 reading from the simulated chip', () => {
  for (const extendedLength of [false, true]) {
    it(`reads EF.CardAccess, then a 40,000-byte DG2 (extended length ${extendedLength})`, async () => {
      const big = dg2(40000);
      const chip = await cccdLikeChip(big, extendedLength);
      const plain = createFileReader(chip);
      const cardAccess = await plain.readFile({ fid: 0x011c, under: 'mf', name: 'EF.CardAccess' });
      expect(equalBytes(cardAccess.bytes, CARD_ACCESS)).toBe(true);

      await transmitExpectingSuccess(chip, selectApplication(AID), { name: 'SELECT LDS1' });
      const dg = await plain.readFile({ fid: 0x0102, name: 'DG2' });
      expect(equalBytes(dg.bytes, big)).toBe(true);
      expect(dg.stats.extended).toBe(extendedLength);
      // 223-byte chunks (220 under odd INS past 32,767): about 182 APDUs on a short link, 3 with extended length.
      expect(dg.stats.apdus).toBeLessThanOrEqual(extendedLength ? 3 : 184);
    });
  }

  it('is refused a file that needs access control, with the status word named', async () => {
    const chip = await cccdLikeChip(dg2(1000), false);
    await transmitExpectingSuccess(chip, selectApplication(AID), { name: 'SELECT LDS1' });
    try {
      await createFileReader(chip).readFile({ fid: 0x011e, name: 'EF.COM' });
      expect.unreachable();
    } catch (e) {
      expect(isCccdError(e, 'STATUS_WORD')).toBe(true);
      expect((e as StatusWordError).sw).toBe(0x6982);
    }
  });

  it('records a session that replays to the same bytes', async () => {
    const chip = await cccdLikeChip(dg2(600), false);
    const rec = withRecorder(chip, { now: () => 0 });
    const first = await createFileReader(rec).readFile({ fid: 0x011c, under: 'mf', name: 'EF.CardAccess' });
    const replay = replayTransport(rec.text());
    const again = await createFileReader(replay).readFile({ fid: 0x011c, under: 'mf', name: 'EF.CardAccess' });
    expect(equalBytes(again.bytes, first.bytes)).toBe(true);
    replay.assertDone();
  });
});
