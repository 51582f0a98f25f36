// The verifier's job: read a chip over any Transport and verify it (PACE/BAC, CA, AA, passive authentication).
export { LDS1_AID, type ReadDocumentOptions, readDocument } from './read-document.js';
export * from './read-file.js';
export type { CheckStatus, DocumentCheck, DocumentReport, FileReport, SkippedFile } from './report.js';
