// Access and authentication commands of the chip (ICAO 9303-11 §4-§6): wiring of src/card/protocols into the
// chip's INS table.
import type { CommandApdu } from '../apdu/command.js';
import type { ChipContext, Reply } from './context.js';

export const AUTH_HANDLERS: readonly [number, (ctx: ChipContext, c: CommandApdu) => Reply][] = [];
