// The table of CLI commands: `cccd <name> ...`. Add a command by adding its module to this list.
import { CONFORMANCE } from './cmd-conformance.js';
import { DEMO } from './cmd-demo.js';
import { LDS_BUILD, LDS_DUMP } from './cmd-lds.js';
import { mrzCommand } from './cmd-mrz.js';
import { PA_VERIFY } from './cmd-pa.js';
import { PERSO } from './cmd-perso.js';
import { PKI_INIT } from './cmd-pki.js';
import { READ } from './cmd-read.js';
import { READERS } from './cmd-readers.js';
import { SCRIPT_EXPORT, SCRIPT_RUN } from './cmd-script.js';
import { SIM_SERVE } from './cmd-sim.js';
import { TRANSCRIPT } from './cmd-transcript.js';
import type { Command } from './command.js';

export const COMMANDS: readonly Command[] = [
  PERSO,
  READ,
  SCRIPT_RUN,
  SCRIPT_EXPORT,
  mrzCommand,
  LDS_BUILD,
  LDS_DUMP,
  DEMO,
  READERS,
  SIM_SERVE,
  TRANSCRIPT,
  PKI_INIT,
  PA_VERIFY,
  CONFORMANCE,
];
