// Card profiles as data (profiles/*.json): the schema, the built-in profiles. Node file loading: node-load.ts.
export { BUILTIN_PROFILE_NAMES, builtinProfile } from './builtin.js';
export { type ProfileIssue, profileIssues, validateProfile } from './schema.js';
export type { AccessCondition, CardProfile, HashName, KeySpec, PaceSetting } from './types.js';
