/**
 * redcap-frames: typed data frames from REDCap projects.
 *
 * What a notebook or script calls, and the types it sees, grouped by area.
 * Internals (readers, column builders, stream writers, date arithmetic)
 * stay inside their folders; the embedded server is `redcap-frames/server`,
 * so importing this module loads none of the server's dependencies.
 */

// Value rules: check, type and format one REDCap value by its field.
export { checkValue, type ValueContext } from './values/validate.js';
export {
  parseTyped,
  formatTyped,
  type TypedValue,
  type TypedOptions,
  type Typed,
  type FormattedValue,
} from './values/typed.js';
export { compileField, FIELD_TYPES, type FieldRule, type FieldType, type ValueKind } from './values/field-rule.js';
export { parseChoices, checkboxColumnName, parseMissingDataCodes, type Choice } from './values/choices.js';
export type { DateFormat } from './values/dates.js';

// Project structure: dictionary, events, repeating setup → Schema.
export { buildSchema, Schema, type SchemaInput, type FormSchema, type ExportColumn } from './schema/schema.js';
export { dictionaryRow, DICTIONARY_COLUMNS } from './schema/types.js';

// CSV as REDCap reads and writes it.
export { parseCsv, writeCsv } from './formats/csv.js';

// The API client: Project, its errors and guards, its options and results.
export {
  Project,
  PROJECT_DEFAULTS,
  exponentialBackoff,
  isTransient,
  RedcapError,
  RedcapApiError,
  RedcapHttpError,
  RedcapUrlError,
  RedcapNetworkError,
  RedcapTimeoutError,
  RedcapUsageError,
  RedcapBatchError,
  isRedcapError,
  isRedcapApiError,
  isRedcapHttpError,
  isRedcapUrlError,
  isRedcapNetworkError,
  isRedcapTimeoutError,
  isRedcapUsageError,
  isRedcapBatchError,
} from './api/index.js';
export type {
  ProjectOptions,
  Backoff,
  BackoffSettings,
  RedcapErrorKind,
  RequestContext,
  ImportValueError,
  BatchOutcome,
  Params,
  ParamValue,
  Format,
  Formatted,
  FormatOption,
  CsvDelimiter,
  RecordId,
  RawOrLabel,
  ImportData,
  ImportFormatOption,
  ProgressEvent,
  ProgressListener,
  BatchOptions,
  RecordRow,
  ImportRow,
  ReturnContent,
  AutoId,
  ImportRecordsResult,
  RandomizationResult,
  FileDownload,
  FileUpload,
  FileRepositoryItem,
  UserRights,
  UserRole,
  UserRoleMapping,
  DataAccessGroup,
  UserDagMapping,
  LogEntry,
  LogType,
  SurveyParticipant,
  NewProjectData,
  ProjectSettings,
  ExportRecordsOptions,
  ImportRecordsOptions,
  DeleteRecordsOptions,
  RandomizeOptions,
  ExportMetadataOptions,
  ExportFieldNamesOptions,
  ExportPdfOptions,
  ExportMappingsOptions,
  ArmsFilter,
  OverrideOption,
  EventImport,
  FileFieldOptions,
  CreateFolderOptions,
  ListFolderOptions,
  ExportLoggingOptions,
  ExportReportOptions,
  SurveyTarget,
  ExportProjectXmlOptions,
  CreateProjectInput,
  Arm,
  DictionaryRow,
  EventDef,
  ExportFieldName,
  FormEventMapping,
  Instrument,
  ProjectInfo,
  RepeatingFormEvent,
} from './api/index.js';

// Typed frames: exports typed from the dictionary, Arquero and Danfo, reports.
export {
  loadSchema,
  exportTable,
  exportDanfo,
  type ExportTableOptions,
  type DanfoExport,
} from './frames/project-frames.js';
export { readRecords, type TypedFrame, type FrameColumnInfo, type ExportData } from './frames/typed-frame.js';
export type { FrameOptions, ResolvedFrameOptions } from './frames/options.js';
export type { FrameColumnType } from './frames/columns.js';
export type {
  RowKeys,
  InvalidValue,
  MissingValue,
  ValueReport,
  InvalidValueReport,
  MissingValueReport,
} from './frames/reports.js';
export { toDanfo, type DanfoDataFrame } from './frames/danfo.js';
export { splitByInstrument } from './frames/split.js';
export { codebook, codebookEntries, type CodebookEntry } from './frames/codebook.js';
export {
  exportToArrow,
  exportToParquet,
  type ArrowExportOptions,
  type StreamExportOptions,
  type StreamExportResult,
} from './frames/stream/export-stream.js';
export type { BatchProgress, RecordSelection } from './frames/stream/typed-batches.js';
export type { IpcFormat } from './frames/stream/ipc-writer.js';
export { frameToArrow } from './frames/stream/arrow-columns.js';

// Write-back: frames to REDCap imports, checked, diffed and batched.
export { importTable, type ImportTableOptions, type ImportTableResult, type ImportPlan } from './write/import-table.js';
export { tableToImportRows, type ConversionOptions, type ConversionResult } from './write/table-to-import.js';
export { ImportDiff, type DiffCell, type ChangeKind, type FieldChanges } from './write/import-diff.js';
export {
  ImportValidationError,
  isImportValidationError,
  describeProblems,
  problemCounts,
  problemsToHtml,
  type ImportProblem,
} from './write/problems.js';
export type { ChoicePreference } from './write/choice-codes.js';
export type { ImportSource } from './write/source.js';
export { writeFrameFile, readFrameFile, type FrameFile, type FrameFileFormat } from './write/frame-files.js';

// Notebooks: display, charts, descriptive tables, reports, the demo projects, the headless runner.
export { inNotebook } from './notebook/kernel.js';
export { show, showHtml, showMarkdown, showImage, htmlOf, textOf, type HtmlRenderable } from './notebook/show.js';
export { frameToHtml, frameToText, frameView, FrameView, type FrameTableOptions } from './notebook/frame-table.js';
export { summarize, FrameSummary, type ColumnSummary } from './notebook/column-summary.js';
export { codebookToHtml, codebookToText } from './notebook/codebook-html.js';
export { valueReportToHtml } from './notebook/value-report.js';
export { progressDisplay } from './notebook/progress.js';
export { Chart, chartFromSpec, type VegaLiteSpec } from './notebook/charts/chart.js';
export type { ChartTitle } from './notebook/charts/specs.js';
export {
  distributionChart,
  countsChart,
  cumulativeChart,
  type ChartOptions,
  type CumulativeOptions,
} from './notebook/charts/frame-charts.js';
export { describeBy, DescriptiveTable, type DescriptiveRow } from './notebook/table-one.js';
export { formCompleteness, Completeness, type FormCompleteness } from './notebook/completeness.js';
export { HtmlReport, rawHtml, type ReportContent } from './notebook/html-report.js';
export { demoServer, DemoServer, DEMO_URL_ENV, DEMO_TOKENS_ENV, type DemoProjectName } from './notebook/demo-server.js';
export {
  executeNotebook,
  executeNotebooks,
  notebooksToHtml,
  type NotebookRun,
  type RunOptions,
} from './notebook/run-notebooks.js';

// Analysis-ready frames: keys, typed reports, labels, casts, offline downloads, missing summaries.
export { withRecordId, exportReportTable, type ExportReportTableOptions, toLabels, toCodes } from './frames/index.js';
export type { DagLabel } from './schema/index.js';
export {
  readDictionaryCsv,
  readMappingsCsv,
  readEventsCsv,
  readArmsCsv,
  eventsFromMappings,
  DICTIONARY_HEADERS,
} from './schema/index.js';
export { readDownloads, schemaFromDownloads, type WebDownloads } from './frames/index.js';
export {
  missingSummary,
  MissingSummary,
  FrameLogic,
  formRows,
  frameKeys,
  InstrumentTables,
  type InstrumentOverview,
  type InstrumentStructure,
  castFor,
  type Casts,
  type CastFunction,
  type MissingCounts,
  type FieldMissing,
  type FormMissing,
  type LogicNotEvaluable,
  type FrameKeys,
} from './frames/index.js';
export {
  compileLogic,
  evaluateLogic,
  evaluateValue,
  referencedFields,
  parseLogic,
  printLogic,
  logicResultText,
  LogicSyntaxError,
  type CompiledLogic,
  type FieldReference,
  type LogicContext,
  type FieldLookup,
  type LogicNode,
  type LogicValue,
} from './logic/index.js';
export {
  Credential,
  tokenFromEnv,
  tokenFromFile,
  credentialFromCsv,
  TOKEN_ENV,
  URL_ENV,
  CREDENTIAL_COLUMNS,
} from './api/index.js';
export { reportNotebooks, type ReportOptions, type ReportResult } from './notebook/index.js';
