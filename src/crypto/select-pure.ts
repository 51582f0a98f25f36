// Backend selection for browsers and React Native: tsup aliases select.ts to this file in those bundles.
export { pureBackend as backend } from './pure-backend.js';
