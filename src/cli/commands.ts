// The table of CLI commands: `cccd <name> ...`. Add a command by adding its module to this list.
import type { Command } from './command.js';

export const COMMANDS: readonly Command[] = [];
