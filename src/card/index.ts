// The simulated ICAO 9303 chip (ISO/IEC 7816-4 file system, life cycle, personalization command set, the card
// side of every protocol) as a Transport; its state as JSON.
export { blankState, type ChipOptions, chipConfigFor, DEFAULT_ATR, SimulatedChip } from './chip.js';
export type { ChipFaults, FaultName } from './faults.js';
export { PERSO_INS, PUT_DATA_OBJECTS } from './perso-command-set.js';
export {
  type ChipConfig,
  type ChipSecrets,
  type ChipState,
  type LifeCycle,
  stateFromJson,
  stateToJson,
} from './state.js';
