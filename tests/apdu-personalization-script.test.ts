import { describe, expect, it } from 'vitest';
import { command, encodeCommand } from '../src/apdu/command.js';
import { decodeResponse } from '../src/apdu/response.js';
import { commandCount, formatScript, parseScript, toScriptor } from '../src/apdu/script.js';
import { runScript, ScriptFailure } from '../src/apdu/script-runner.js';
import { fromHex, toHex } from '../src/bytes.js';
import { blankState, SimulatedChip } from '../src/card/chip.js';
import { isCccdError } from '../src/errors.js';
import type { ChipImage } from '../src/perso/chip-image.js';
import { personalizationScript } from '../src/perso/script.js';

const AID = fromHex('A0000002471001');

function image(dg2Size = 20000): ChipImage {
  const dg2 = new Uint8Array(dg2Size).map((_, i) => (i * 7) & 0xff);
  return {
    aid: AID,
    mfFiles: [
      {
        name: 'EF.CardAccess',
        fid: 0x011c,
        sfi: 0x1c,
        access: 'always',
        data: fromHex('31143012060A04007F0007020204020202010202010D'),
      },
    ],
    applicationFiles: [
      {
        name: 'EF.COM',
        fid: 0x011e,
        sfi: 0x1e,
        access: 'bac-or-pace',
        data: fromHex('60145F0104303130375F36063034303030305C026175'),
      },
      { name: 'DG2', fid: 0x0102, sfi: 0x02, access: 'bac-or-pace', data: dg2 },
    ],
    secrets: { mrzKey: new Uint8Array(20).fill(1), can: '012345', aaPrivateKey: new Uint8Array(40).fill(9) },
  };
}

async function send(chip: SimulatedChip, init: Parameters<typeof command>[0]) {
  return decodeResponse(await chip.transmit(encodeCommand(command(init))));
}

describe('personalization scripts (apdu/personalization.md)', () => {
  it('personalizes a blank simulated chip and locks it', async () => {
    const chip = new SimulatedChip(blankState({ profile: 'test' }));
    const report = await runScript(chip, personalizationScript(image()));
    expect(report.commands).toBeGreaterThan(5);
    expect(chip.lifeCycle).toBe('operational');
    const state = chip.exportState();
    expect(state.secrets.can).toBe('012345');
    const lds = state.dfs.find((d) => d.name === 'LDS1');
    expect(lds?.files.map((f) => f.fid)).toEqual([0x011e, 0x0102]);
    expect(toHex(lds?.files[1]?.data ?? new Uint8Array(0))).toBe(toHex(image().applicationFiles[1]!.data));
    expect((await send(chip, { ins: 0xa4, p1: 2, p2: 0x0c, data: fromHex('011C') })).sw).toBe(0x9000);
  });

  it('writes files beyond 32,767 bytes with odd INS D7', async () => {
    const chip = new SimulatedChip(blankState({ profile: 'test' }));
    await runScript(chip, personalizationScript(image(50000)));
    const dg2 = chip.exportState().dfs[1]?.files[1];
    expect(dg2?.data.length).toBe(50000);
    expect(toHex(dg2!.data.subarray(49990))).toBe(toHex(image(50000).applicationFiles[1]!.data.subarray(49990)));
  });

  it('redacts secrets in the record form and keeps them in the executable form', () => {
    const script = personalizationScript(image());
    const record = formatScript(script);
    expect(record).toContain('[secret 20 bytes]');
    expect(record).not.toContain('0101010101010101');
    const parsedRecord = parseScript(record);
    expect(parsedRecord.redacted).toBe(true);
    const executable = formatScript(script, { includeSecrets: true });
    const parsed = parseScript(executable);
    expect(parsed.redacted).toBe(false);
    expect(commandCount(parsed)).toBe(commandCount(script));
    expect(formatScript(parsed, { includeSecrets: true })).toBe(executable);
  });

  it('refuses to run a redacted script', async () => {
    const chip = new SimulatedChip(blankState({ profile: 'test' }));
    await expect(runScript(chip, parseScript(formatScript(personalizationScript(image()))))).rejects.toMatchObject({
      code: 'SCRIPT_INVALID',
    });
  });

  it('stops at the first unexpected status word and says the chip is partly written', async () => {
    const chip = new SimulatedChip(blankState({ profile: 'test' }));
    await runScript(chip, personalizationScript(image()));
    const again = new SimulatedChip(chip.exportState());
    try {
      await runScript(again, personalizationScript(image()));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ScriptFailure);
      const f = e as ScriptFailure;
      expect(f.code).toBe('SCRIPT_FAILED');
      expect(f.sw).toBe(0x6985);
      expect(f.step).toBe('MF: EF.CardAccess');
      expect(f.completed).toEqual([]);
    }
  });

  it('reports SCRIPT_INVALID with the line number for syntax errors', () => {
    try {
      parseScript('# cccd-apdu-script 1\n[x]\n00A4 -> 9000\n');
      expect.unreachable();
    } catch (e) {
      expect(isCccdError(e, 'SCRIPT_INVALID')).toBe(true);
      expect((e as { path: string }).path).toBe('script line 3');
    }
  });

  it('exports short-APDU scripts in the scriptor format', () => {
    const text = toScriptor(personalizationScript(image(600), { maxChunk: 255 }));
    const lines = text.split('\n');
    expect(lines[2]).toBe('reset');
    expect(lines).toContain('00 44 00 00');
    const apdus = lines.filter((l) => /^[0-9A-F]{2}( [0-9A-F]{2})+$/.test(l));
    expect(apdus.every((l) => l.split(' ').length <= 5 + 255)).toBe(true);
  });
});
