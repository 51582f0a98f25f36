// Backend selection (architecture.md rule 1): the source tree and the Node bundle use node:crypto; the browser and
// React Native bundles alias this file to select-pure.ts (tsup.config.ts) so no node: import reaches them.
export { nodeBackend as backend } from './node-backend.js';
