// ISO/IEC 7816-4 APDUs: the command/response model, the inter-industry commands, status words, chaining.
export * from './chaining.js';
export * from './command.js';
export * from './commands.js';
export * from './response.js';
export * from './status-words.js';
