/**
 * Write-back: frames (typed frames, Arquero tables, Danfo DataFrames) to
 * REDCap imports, with validation by the server's own value rules, a
 * diff against the server, erasing on request, and batches by record.
 */
export { importTable, type ImportTableOptions, type ImportTableResult, type ImportPlan } from './import-table.js';
export { tableToImportRows, type ConversionOptions, type ConversionResult } from './table-to-import.js';
export { ImportRows, ImportColumn, type ImportColumnRole, type ImportKeys } from './import-rows.js';
export { CodedCells, ByteCells, RangeCells, type Cells } from './cells.js';
export { ImportDiff, diffImport, type DiffCell, type ChangeKind, type FieldChanges } from './import-diff.js';
export {
  ImportValidationError,
  isImportValidationError,
  describeProblems,
  problemCounts,
  problemsToHtml,
  PROBLEM_COLUMNS,
  WARNINGS_TITLE,
  type ImportProblem,
} from './problems.js';
export { leftOutNotice, readOnlyKind, type LeftOutColumn, type LeftOutKind } from './left-out.js';
export { importNotices, importReportText, importReportHtml } from './import-report.js';
export {
  planImportColumns,
  type ImportTarget,
  type TargetRole,
  type PlanOptions,
  type ColumnPlan,
} from './column-targets.js';
export type { ChoicePreference } from './choice-codes.js';
export type { ImportSource } from './source.js';
export {
  writeFrameFile,
  readFrameFile,
  frameFileBytes,
  readFrameBytes,
  frameFileFormat,
  type FrameFile,
  type FrameFileFormat,
} from './frame-files.js';
