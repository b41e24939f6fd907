export * from './columns.js';
export * from './options.js';
export * from './reports.js';
export { planColumns, type ColumnSpec, type ColumnRole } from './column-plan.js';
export { typeCell, isMissingCode, type CellOutcome } from './cell.js';
export { readCsvFast } from './read-csv-fast.js';
export { readCsvGeneric } from './read-generic.js';
export { readJsonRecords } from './read-json.js';
export type { ColumnsRead } from './read-state.js';
export {
  readRecords,
  readColumns,
  assembleFrame,
  type TypedFrame,
  type FrameColumnInfo,
  type ExportData,
} from './typed-frame.js';
export { toDanfo, loadDanfo, type DanfoDataFrame } from './danfo.js';
export {
  splitByInstrument,
  ARM_COLUMN,
  InstrumentTables,
  type InstrumentOverview,
  type InstrumentStructure,
} from './split.js';
export { takeRows } from './take-rows.js';
export { codebook, codebookEntries, type CodebookEntry } from './codebook.js';
export { frameTypeOf } from './frame-type.js';
export { loadSchema, exportTable, exportDanfo, type ExportTableOptions, type DanfoExport } from './project-frames.js';
export * from './stream/index.js';
export { withRecordId } from './project-frames.js';
export { exportReportTable, type ExportReportTableOptions } from './report-frames.js';
export { toLabels, toCodes } from './switch-labels.js';
export {
  missingSummary,
  MissingSummary,
  type MissingCounts,
  type FieldMissing,
  type FormMissing,
  type LogicNotEvaluable,
} from './missing-summary.js';
export { FrameLogic } from './frame-logic.js';
export { formRows, frameKeys, type FrameKeys } from './form-rows.js';
export { castFor, type Casts, type CastFunction } from './casts.js';
export { readDownloads, schemaFromDownloads, type WebDownloads } from './read-downloads.js';
