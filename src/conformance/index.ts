// The conformance suite (ICAO 9303-10/-11/-12 test practice): cases, claims, runner, reports, faults, mutants.
export { CASES, layerAndUnit, selectCases } from './cases/index.js';
export {
  type ClaimedFile,
  type ClaimedPace,
  type ClaimOverrides,
  type Claims,
  claimsFromProfile,
  FEATURE_NAMES,
  isFeature,
} from './claims.js';
export type { CaseContext, DocumentData, OpenOptions, OpenSession } from './context.js';
export { FAULTS, type FaultDefinition } from './faults.js';
export { DATA_FAULTS, type DataFault } from './faults-data.js';
export {
  type MutantReference,
  type MutantResult,
  type MutantsOptions,
  type MutantsReport,
  runMutants,
} from './mutants.js';
export {
  createReferenceCard,
  credentialsFromState,
  REFERENCE_CITIZEN,
  type ReferenceCard,
  type ReferenceCardOptions,
  TINY_JPEG,
} from './reference-card.js';
export { reportToHtml } from './report-html.js';
export { reportToJson } from './report-json.js';
export { reportToJunit } from './report-junit.js';
export {
  type ChipUnderTest,
  type ConformanceReport,
  emptyCounts,
  type RunOptions,
  reportPassed,
  runConformance,
  TOOLKIT,
  type VerdictCounts,
} from './runner.js';
export type { CaseOutcome, CaseResult, ConformanceCase, Feature, LabConfig, Verdict } from './types.js';
