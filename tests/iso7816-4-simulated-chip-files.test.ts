import { describe, expect, it } from 'vitest';
import { command, encodeCommand } from '../src/apdu/command.js';
import { decodeResponse } from '../src/apdu/response.js';
import { fromHex, toHex } from '../src/bytes.js';
import { blankState, SimulatedChip } from '../src/card/chip.js';
import { encodeFcp } from '../src/card/fcp.js';
import { PERSO_INS } from '../src/card/perso-command-set.js';
import { stateFromJson, stateToJson } from '../src/card/state.js';
import { isCccdError } from '../src/errors.js';

const AID = fromHex('A0000002471001');
const EF_COM = fromHex('60145F0104303130365F36063034303030305C026175');

async function send(chip: SimulatedChip, init: Parameters<typeof command>[0]) {
  return decodeResponse(await chip.transmit(encodeCommand(command(init))));
}

/** A chip with EF.CardAccess in the MF and EF.COM + a 40,000-byte DG2 in LDS1, optionally locked. */
async function personalized(lock: boolean, options: ConstructorParameters<typeof SimulatedChip>[1] = {}) {
  const chip = new SimulatedChip(blankState({ profile: 'test', selectMfStatus: 0x6d00 }), options);
  const big = new Uint8Array(40000).map((_, i) => i & 0xff);
  big.set(fromHex('758300'), 0); // header-like start: tag 75, then arbitrary bytes
  const steps: [number, Parameters<typeof command>[0]][] = [
    [
      0x9000,
      {
        ins: PERSO_INS.CREATE_FILE,
        data: encodeFcp({ kind: 'ef', fid: 0x011c, size: 64, sfi: 0x1c, access: 'always' }),
      },
    ],
    [0x9000, { ins: PERSO_INS.UPDATE_BINARY, data: fromHex('31143012060A04007F0007020204020202010202010D') }],
    [0x9000, { ins: PERSO_INS.CREATE_FILE, data: encodeFcp({ kind: 'df', aid: AID }) }],
    [
      0x9000,
      {
        ins: PERSO_INS.CREATE_FILE,
        data: encodeFcp({ kind: 'ef', fid: 0x011e, size: EF_COM.length, sfi: 0x1e, access: 'bac-or-pace' }),
      },
    ],
    [0x9000, { ins: PERSO_INS.UPDATE_BINARY, data: EF_COM }],
    [
      0x9000,
      {
        ins: PERSO_INS.CREATE_FILE,
        data: encodeFcp({ kind: 'ef', fid: 0x0102, size: big.length, sfi: 2, access: 'always' }),
      },
    ],
    [0x9000, { ins: PERSO_INS.UPDATE_BINARY, p1: 0, p2: 0, data: big.subarray(0, 30000) }],
    [0x9000, { ins: PERSO_INS.UPDATE_BINARY, p1: 30000 >> 8, p2: 30000 & 0xff, data: big.subarray(30000) }],
  ];
  for (const [sw, init] of steps) expect((await send(chip, init)).sw).toBe(sw);
  if (lock) expect((await send(chip, { ins: PERSO_INS.ACTIVATE_FILE })).sw).toBe(0x9000);
  return { chip, big };
}

describe('ISO/IEC 7816-4 file system of the simulated chip', () => {
  it('answers SELECT MF with the profile quirk 6D00 (CCCD) and selects EF.CardAccess directly', async () => {
    const { chip } = await personalized(true);
    expect((await send(chip, { ins: 0xa4, p1: 0, p2: 0x0c, data: fromHex('3F00') })).sw).toBe(0x6d00);
    expect((await send(chip, { ins: 0xa4, p1: 2, p2: 0x0c, data: fromHex('011C') })).sw).toBe(0x9000);
    const r = await send(chip, { ins: 0xb0, ne: 256 });
    expect(toHex(r.data)).toBe('31143012060A04007F0007020204020202010202010D');
  });

  it('refuses data groups before BAC or PACE with 6982 (ICAO 9303-11 §4)', async () => {
    const { chip } = await personalized(true);
    expect((await send(chip, { ins: 0xa4, p1: 4, p2: 0x0c, data: AID })).sw).toBe(0x9000);
    expect((await send(chip, { ins: 0xa4, p1: 2, p2: 0x0c, data: fromHex('011E') })).sw).toBe(0x9000);
    expect((await send(chip, { ins: 0xb0, ne: 4 })).sw).toBe(0x6982);
  });

  it('answers SELECT of a missing file with 6A82 and READ BINARY without a current EF with 6986', async () => {
    const { chip } = await personalized(true);
    expect((await send(chip, { ins: 0xa4, p1: 2, p2: 0x0c, data: fromHex('0111') })).sw).toBe(0x6a82);
    expect((await send(chip, { ins: 0xb0, ne: 4 })).sw).toBe(0x6986);
  });

  it('reads by short EF identifier, with extended length, and beyond 32,767 with odd INS B1', async () => {
    const { chip, big } = await personalized(true);
    await send(chip, { ins: 0xa4, p1: 4, p2: 0x0c, data: AID });
    const first = await send(chip, { ins: 0xb0, p1: 0x82, p2: 0, ne: 4 });
    expect(toHex(first.data)).toBe(toHex(big.subarray(0, 4)));
    const ext = await send(chip, { ins: 0xb0, p1: 0, p2: 0, ne: 65536 });
    expect(ext.data.length).toBe(32768 <= big.length ? (65536 - 2 > big.length ? big.length : 65534) : 0);
    const odd = await send(chip, { ins: 0xb1, p1: 0, p2: 0, data: fromHex('5403009C40'.slice(0, 10)), ne: 65536 });
    expect(odd.sw).toBe(0x6b00); // offset 40,000 = end of file
    const odd2 = await send(chip, {
      ins: 0xb1,
      data: fromHex('5402' + (36000).toString(16).padStart(4, '0')),
      ne: 65536,
    });
    expect(odd2.sw).toBe(0x9000);
    expect(toHex(odd2.data.subarray(0, 4))).toBe('53820FA0');
    expect(toHex(odd2.data.subarray(4))).toBe(toHex(big.subarray(36000)));
  });

  it('answers READ BINARY at the end of a file with 6B00 and a short read with 6282', async () => {
    const { chip } = await personalized(true);
    await send(chip, { ins: 0xa4, p1: 2, p2: 0x0c, data: fromHex('011C') });
    expect((await send(chip, { ins: 0xb0, p1: 0, p2: 22, ne: 1 })).sw).toBe(0x6b00);
    const short = await send(chip, { ins: 0xb0, p1: 0, p2: 20, ne: 10 });
    expect(short.sw).toBe(0x6282);
    expect(short.data.length).toBe(2);
  });

  it('refuses every personalization command after ACTIVATE FILE (life cycle locked)', async () => {
    const { chip } = await personalized(true);
    expect(chip.lifeCycle).toBe('operational');
    expect((await send(chip, { ins: PERSO_INS.UPDATE_BINARY, data: fromHex('00') })).sw).toBe(0x6985);
    expect((await send(chip, { ins: PERSO_INS.PUT_DATA, p1: 1, p2: 2, data: fromHex('313233343536') })).sw).toBe(
      0x6985,
    );
    expect((await send(chip, { ins: PERSO_INS.ACTIVATE_FILE })).sw).toBe(0x6985);
  });

  it('keeps accepting personalization after ACTIVATE FILE when the lifeCycleNotLocked fault is on', async () => {
    const { chip } = await personalized(true, { faults: { lifeCycleNotLocked: true } });
    await send(chip, { ins: 0xa4, p1: 2, p2: 0x0c, data: fromHex('011C') });
    expect((await send(chip, { ins: PERSO_INS.UPDATE_BINARY, data: fromHex('31') })).sw).toBe(0x9000);
  });

  it('serves protected files without authentication when the readWithoutAuthentication fault is on', async () => {
    const { chip } = await personalized(true, { faults: { readWithoutAuthentication: true } });
    await send(chip, { ins: 0xa4, p1: 4, p2: 0x0c, data: AID });
    await send(chip, { ins: 0xa4, p1: 2, p2: 0x0c, data: fromHex('011E') });
    expect(toHex((await send(chip, { ins: 0xb0, ne: 256 })).data)).toBe(toHex(EF_COM));
  });

  it('answers forever with 61xx under the endless61xx fault', async () => {
    const { chip } = await personalized(true);
    chip.setFault('endless61xx', true);
    expect((await send(chip, { ins: 0xc0, ne: 16 })).sw).toBe(0x6110);
  });

  it('rejects extended APDUs when the profile has no extended length (6700)', async () => {
    const chip = new SimulatedChip(blankState({ profile: 'short', extendedLength: false }));
    expect((await send(chip, { ins: 0xb0, ne: 1000 })).sw).toBe(0x6700);
  });

  it('saves its state and serves the same files after loading it', async () => {
    const { chip } = await personalized(true);
    const copy = new SimulatedChip(stateFromJson(stateToJson(chip.exportState())));
    expect(copy.lifeCycle).toBe('operational');
    await send(copy, { ins: 0xa4, p1: 2, p2: 0x0c, data: fromHex('011C') });
    expect(toHex((await send(copy, { ins: 0xb0, ne: 256 })).data)).toBe('31143012060A04007F0007020204020202010202010D');
  });

  it('rejects malformed state files with CARD_STATE and the field path', () => {
    const good = JSON.parse(stateToJson(blankState({ profile: 'x' })));
    good.dfs[0].files.push({ fid: '011C', access: 'sometimes', size: 1, data: '' });
    try {
      stateFromJson(JSON.stringify(good));
      expect.unreachable();
    } catch (e) {
      expect(isCccdError(e, 'CARD_STATE')).toBe(true);
      expect((e as { path: string }).path).toBe('state.dfs[0].files[0].access');
    }
    expect(() => stateFromJson('{')).toThrowError(/JSON/);
  });

  it('loses its session on reset: files selected before are no longer current', async () => {
    const { chip } = await personalized(true);
    await send(chip, { ins: 0xa4, p1: 2, p2: 0x0c, data: fromHex('011C') });
    chip.reset();
    expect((await send(chip, { ins: 0xb0, ne: 4 })).sw).toBe(0x6986);
  });
});
