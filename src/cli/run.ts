// `cccd` entry: dispatch to the command table, map typed errors to exit codes and clear messages.
import { CccdError, type ErrorCode } from '../errors.js';
import type { Command } from './command.js';
import { COMMANDS } from './commands.js';
import type { CliDeps } from './deps.js';

/** Codes that mean the user's input (arguments, files, records) is wrong: exit code 2. */
const INPUT_ERRORS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'USAGE',
  'INVALID_ARGUMENT',
  'TLV_TRUNCATED',
  'TLV_MALFORMED',
  'TLV_LIMIT',
  'ASN1_MALFORMED',
  'MRZ_INVALID',
  'MRZ_CHECK_DIGIT',
  'LDS_MALFORMED',
  'LDS_UNSUPPORTED',
  'CITIZEN_INVALID',
  'PROFILE_INVALID',
  'PKI_MALFORMED',
  'SCRIPT_INVALID',
  'IO_FAILED',
  'CARD_STATE',
]);

function findCommand(argv: string[], commands: readonly Command[]): [Command, string[]] | undefined {
  const two = argv.slice(0, 2).join(' ');
  const byTwo = commands.find((c) => c.name === two);
  if (byTwo) return [byTwo, argv.slice(2)];
  const byOne = commands.find((c) => c.name === argv[0]);
  return byOne ? [byOne, argv.slice(1)] : undefined;
}

function help(commands: readonly Command[]): string {
  const width = Math.max(0, ...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `cccd: issue and inspect ICAO 9303 chip identity documents (CCCD first)\n\nCommands:\n${lines.join('\n')}\n\nRun 'cccd help COMMAND' for its options.\n`;
}

export async function run(argv: string[], deps: CliDeps, commands: readonly Command[] = COMMANDS): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h') {
    deps.stdout(help(commands));
    return argv.length === 0 ? 2 : 0;
  }
  if (argv[0] === 'help') {
    const found = findCommand(argv.slice(1), commands);
    deps.stdout(found ? `${found[0].usage}\n` : help(commands));
    return found || argv.length === 1 ? 0 : 2;
  }
  const found = findCommand(argv, commands);
  if (!found) {
    deps.stderr(`cccd: unknown command '${argv.slice(0, 2).join(' ')}'\n\n${help(commands)}`);
    return 2;
  }
  const [command, rest] = found;
  if (rest.includes('--help') || rest.includes('-h')) {
    deps.stdout(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, deps);
  } catch (e) {
    if (e instanceof CccdError) {
      deps.stderr(`cccd ${command.name}: ${e.message} [${e.code}]\n`);
      if (e.code === 'USAGE') deps.stderr(`\n${command.usage}\n`);
      return INPUT_ERRORS.has(e.code) ? 2 : 1;
    }
    // An unexpected exception is a bug: show it in full so that it gets reported.
    deps.stderr(`cccd ${command.name}: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 70;
  }
}
