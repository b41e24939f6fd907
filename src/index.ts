/**
 * redcap-frames: typed data frames from REDCap projects.
 *
 * Flat named exports, grouped by area: the value rules, the schema, the
 * API client, typed frames, write-back, and the embedded REDCap-compatible server.
 */

// Value rules: parse, validate and format one REDCap value by field type.
export * from './values/index.js';

// Project structure: dictionary, events, repeating setup → Schema.
export * from './schema/index.js';

// CSV as REDCap reads and writes it.
export * from './formats/index.js';

// The API client.
export * from './api/index.js';

// Typed frames: exports typed from the dictionary, Arquero and Danfo, reports.
export * from './frames/index.js';

// Write-back: frames to REDCap imports, checked, diffed and batched.
export * from './write/index.js';

// The embedded server.
export { RedcapServer, defaultDatabasePath, type ServerOptions, type HeldProject } from './server/redcap-server.js';
export { parseOdm } from './server/odm/parse-odm.js';
export { writeOdm, type WriteOdmOptions } from './server/odm/write-odm.js';
export type { ProjectDefinition } from './server/project-definition.js';

// Notebooks: display, charts, reports, the demo projects and the headless runner.
export * from './notebook/index.js';

// Analysis-ready frames: keys, typed reports, labels, casts, offline downloads, missing summaries.
export { withRecordId, exportReportTable, type ExportReportTableOptions, toLabels, toCodes } from './frames/index.js';
export type { DagLabel } from './schema/index.js';
export { readDictionaryCsv, readMappingsCsv, readEventsCsv, readArmsCsv, eventsFromMappings, DICTIONARY_HEADERS } from './schema/index.js';
export { readDownloads, schemaFromDownloads, type WebDownloads } from './frames/index.js';
export {
  missingSummary, MissingSummary, FrameLogic, formRows, frameKeys, InstrumentTables,
  type InstrumentOverview, type InstrumentStructure, castFor, type Casts, type CastFunction,
  type MissingCounts, type FieldMissing, type FormMissing, type LogicNotEvaluable, type FrameKeys,
} from './frames/index.js';
export {
  compileLogic, evaluateLogic, evaluateValue, referencedFields, parseLogic, printLogic, logicResultText, LogicSyntaxError,
  type CompiledLogic, type FieldReference, type LogicContext, type FieldLookup, type LogicNode, type LogicValue,
} from './logic/index.js';
export { Credential, tokenFromEnv, tokenFromFile, credentialFromCsv, TOKEN_ENV, URL_ENV, CREDENTIAL_COLUMNS } from './api/index.js';
export { reportNotebooks, type ReportOptions, type ReportResult } from './notebook/index.js';
