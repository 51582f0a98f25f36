// The Transport interface and its platform-free wrappers (ISO/IEC 7816-4 §5.1 exchanges); PC/SC and vpcd are Node-only and exported elsewhere.
export * from './chaining.js';
export * from './exchange.js';
export * from './get-response.js';
export * from './logger.js';
export * from './recorder.js';
export * from './replay.js';
export * from './secrets.js';
export * from './transcript.js';
export type * from './types.js';
