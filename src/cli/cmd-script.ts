// `cccd script run FILE --card ...`: runs any APDU script (apdu/personalization.md format) and checks every
// status word; `cccd script export FILE --scriptor` converts it for pcsc-tools' scriptor.

import { parseScript, toScriptor } from '../apdu/script.js';
import { runScript, ScriptFailure } from '../apdu/script-runner.js';
import { bytesToUtf8 } from '../bytes.js';
import { CccdError } from '../errors.js';
import { flag, optional, parse, required } from './args.js';
import { openCard } from './card-option.js';
import type { Command } from './command.js';

export const SCRIPT_RUN: Command = {
  name: 'script run',
  summary: 'run an APDU script on a card, checking every status word',
  usage: `Usage: cccd script run FILE --card sim:STATE.json|pcsc[:READER] [--wait SECONDS] [--json]

Runs the script's commands in order and stops at the first unexpected status word, naming the step and what
had already been written. A simulated chip's state is saved afterwards (also after a failure).`,
  async run(args, deps) {
    const p = parse(args, { card: { type: 'string' }, wait: { type: 'string' }, json: { type: 'boolean' } }, true);
    const file = p.positionals[0];
    if (!file || p.positionals.length > 1) throw new CccdError('USAGE', 'give one script file');
    const script = parseScript(bytesToUtf8(await deps.readFile(file)));
    const wait = optional(p, 'wait');
    const card = await openCard(required(p, 'card'), deps, wait ? { waitMs: Number(wait) * 1000 } : {});
    try {
      const report = await runScript(card.transport, script);
      deps.stdout(
        flag(p, 'json')
          ? `${JSON.stringify(report, null, 2)}\n`
          : `${report.steps.map((s) => `  ${s.name}: ${s.commands} APDUs`).join('\n')}\n${report.commands} commands, all status words as expected\n`,
      );
      return 0;
    } catch (e) {
      if (e instanceof ScriptFailure) {
        deps.stderr(`cccd script run: ${e.message}\n`);
        return 1;
      }
      throw e;
    } finally {
      await card.save();
      await card.close();
    }
  },
};

export const SCRIPT_EXPORT: Command = {
  name: 'script export',
  summary: "convert an APDU script for pcsc-tools' scriptor",
  usage: `Usage: cccd script export FILE --scriptor

Prints the script in scriptor's input format (spaced hex, 'reset' first, expected status words as comments).`,
  async run(args, deps) {
    const p = parse(args, { scriptor: { type: 'boolean' } }, true);
    const file = p.positionals[0];
    if (!file || !flag(p, 'scriptor')) throw new CccdError('USAGE', 'give one script file and --scriptor');
    const script = parseScript(bytesToUtf8(await deps.readFile(file)));
    if (script.redacted)
      throw new CccdError('SCRIPT_INVALID', 'the script has redacted secrets; export the one written with secrets');
    deps.stdout(toScriptor(script));
    return 0;
  },
};
