// The table of CLI commands: `cccd <name> ...`. Add a command by adding its module to this list.
import { mrzCommand } from './cmd-mrz.js';
import { READERS } from './cmd-readers.js';
import { SIM_SERVE } from './cmd-sim.js';
import type { Command } from './command.js';

export const COMMANDS: readonly Command[] = [mrzCommand, READERS, SIM_SERVE];
