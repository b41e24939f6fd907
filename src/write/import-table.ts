/**
 * One call from a frame to a REDCap import: convert and check every
 * value (nothing is sent when anything fails), optionally compare with
 * what the server holds (a dry run stops there), then send the rows in
 * batches of whole records, reporting progress, and say exactly which
 * batches landed if one fails.
 */
import { batchedImport, recordBatches } from '../api/batch-import.js';
import { planOf } from '../api/context.js';
import type { BatchOutcome } from '../api/errors.js';
import { wholeNumberOption } from '../api/option-checks.js';
import type { Project } from '../api/project.js';
import type { ProgressListener } from '../api/types/common.js';
import type { Schema } from '../schema/schema.js';
import { diffImport, type ImportDiff } from './import-diff.js';
import type { ImportRows } from './import-rows.js';
import { ImportValidationError, type ImportProblem } from './problems.js';
import type { LeftOutColumn } from './left-out.js';
import { importReportHtml, importReportText } from './import-report.js';
import { readSource, type ImportSource } from './source.js';
import { tableToImportRows, type ConversionOptions } from './table-to-import.js';

export interface ImportTableOptions extends ConversionOptions {
  /** The project's schema (default: the typed frame's, else read from the project). */
  schema?: Schema;
  /** Check, convert and compare with the server, but write nothing. */
  dryRun?: boolean;
  /**
   * Blanks (null) erase stored values, for the columns of the frame only
   * (REDCap's `overwriteBehavior=overwrite`). Default false: blanks leave
   * stored values as they are. Erasing compares with the server first, so
   * the number of values erased is known before anything is written.
   */
  erase?: boolean;
  /** Compare with the server before a real import too (always done for dry runs and erasing imports). */
  diff?: boolean;
  /** Records per request (default: the Project's `batchSize`). Every row of a record goes in the same request. */
  batchSize?: number;
  /** Told after each batch (phase `import`) and while the current values are read (phase `ids`/`export`). */
  onProgress?: ProgressListener;
  /**
   * Told what is about to be written, before the first request; return
   * false to write nothing (the result then has `cancelled: true`).
   */
  onPlan?: (plan: ImportPlan) => boolean | void | Promise<boolean | void>;
  /** Changed cells kept in the diff's list (counts are always complete). Default 100000. */
  diffLimit?: number;
}

/** What an import is about to do. */
export interface ImportPlan {
  rows: number;
  records: number;
  batches: number;
  erase: boolean;
  /** Stored values the import erases (known when erasing or comparing; null otherwise). */
  erased: number | null;
  diff?: ImportDiff;
  /** Frame columns left out (read-only ones, and unknown ones with `dropUnknown`). */
  dropped: string[];
  /** Read-only columns left out, by kind (`leftOutNotice` says them in one line). */
  leftOut: LeftOutColumn[];
  /** Values about to be sent though outside their field's min/max. */
  warnings: ImportProblem[];
}

export interface ImportTableResult {
  dryRun: boolean;
  /** Nothing was written because `onPlan` said no. */
  cancelled: boolean;
  /** Records written (a dry run: that would be), in order of first appearance. */
  records: string[];
  /** Rows sent (or that would be). */
  rows: number;
  /** REDCap's count of records imported (0 for a dry run). */
  count: number;
  /** Every batch and its outcome (all `landed` when the import returns). */
  batches: BatchOutcome[];
  /** Stored values erased by blanks (0 unless erasing). */
  erased: number;
  /** The comparison with the server (dry runs, erasing imports, and `diff: true`). */
  diff?: ImportDiff;
  /** A dry run lists its problems here; a real import throws ImportValidationError instead. */
  problems: ImportProblem[];
  /**
   * Values sent (or that would be) though outside their field's min/max:
   * REDCap imports them, its range checks are warnings. Look before sending.
   */
  warnings: ImportProblem[];
  /** Frame columns left out (read-only ones, and unknown ones with `dropUnknown`). */
  dropped: string[];
  /** Read-only columns left out, by kind: calculated (unless `sendCalculated`), file upload, survey timestamps… */
  leftOut: LeftOutColumn[];
  /** The converted rows (REDCap text), e.g. to save the import body: `rows.toCsv()`. */
  importRows: ImportRows;
  /** What was (or would be) done, in lines: left-out columns, problems, warnings, the diff. `show` displays it. */
  toString(): string;
  toHTML(): string;
}

/** The values the server holds now for the records and fields of an import, as a raw CSV export. */
async function currentValues(
  project: Project,
  rows: ImportRows,
  schema: Schema,
  onProgress?: ProgressListener,
): Promise<string> {
  const records = [...rows.rowsByRecord().keys()];
  if (records.length === 0) return '';
  const fields = new Set<string>([schema.recordIdField]);
  for (const c of rows.columns) if (c.rule && c.role !== 'record') fields.add(c.rule.name);
  const events = schema.longitudinal ? [...new Set(rows.keys.event)].filter((e) => e !== '') : undefined;
  return project.exportRecords({
    format: 'csv',
    type: 'flat',
    rawOrLabel: 'raw',
    rawOrLabelHeaders: 'raw',
    records,
    fields: [...fields],
    events,
    onProgress,
  });
}

/**
 * Writes a table back to REDCap: a typed frame (from `exportTable`), an
 * Arquero table or a Danfo DataFrame. Each column is converted by its
 * field (Dates, booleans, labels, numbers to REDCap text) and checked
 * with the server's rules; any problem throws `ImportValidationError`
 * listing all of them, and nothing is sent. Values outside their field's
 * min/max are not problems (REDCap imports them): they are sent, and
 * listed in `warnings`. Read-only columns (calculated fields unless
 * `sendCalculated`, file uploads, survey timestamps…) are left out and
 * listed in `leftOut`. `dryRun: true` returns the problems, warnings and
 * the diff against the server instead of writing; `show(result)` shows
 * them all.
 *
 * ```ts
 * const preview = await importTable(project, frame, { dryRun: true });
 * show(preview);  // left-out columns, problems, warnings, the diff
 * const { records, batches } = await importTable(project, frame);
 * ```
 *
 * A failing batch throws `RedcapBatchError`: its `landed` batches were
 * saved, the `failed` one and those `notSent` were not.
 */
export async function importTable(
  project: Project,
  table: ImportSource,
  options: ImportTableOptions = {},
): Promise<ImportTableResult> {
  const source = readSource(table);
  const schema = options.schema ?? source.frame?.schema ?? (await project.loadedSchema());
  const { rows, problems, warnings, dropped, leftOut } = tableToImportRows(table, schema, options);
  const dryRun = options.dryRun ?? false;
  const erase = options.erase ?? false;
  const byRecord = rows.rowsByRecord();
  const records = [...byRecord.keys()];
  const result = {
    dryRun,
    cancelled: false,
    records,
    rows: rows.length,
    count: 0,
    batches: [],
    erased: 0,
    problems,
    warnings,
    dropped,
    leftOut,
    importRows: rows,
  } as unknown as ImportTableResult;
  // Not enumerable: the result compares and prints as its data.
  Object.defineProperties(result, {
    toString: { value: () => importReportText(result) },
    toHTML: { value: () => importReportHtml(result) },
  });
  if (problems.length) {
    if (dryRun) return result;
    throw new ImportValidationError(problems, warnings);
  }
  const size = options.batchSize === undefined ? project.batchSize : wholeNumberOption('batchSize', options.batchSize);
  const batches = recordBatches(records, size, (ids) => ids);

  if (dryRun || erase || options.diff) {
    const current = await currentValues(project, rows, schema, options.onProgress);
    result.diff = diffImport(rows, current, { erase, limit: options.diffLimit });
    result.erased = erase ? result.diff.erased : 0;
  }
  if (dryRun) return result;
  if (rows.length === 0) return result;

  const plan: ImportPlan = {
    rows: rows.length,
    records: records.length,
    batches: batches.length,
    erase,
    erased: result.diff ? result.diff.erased : erase ? null : 0,
    diff: result.diff,
    dropped,
    leftOut,
    warnings,
  };
  if (options.onPlan && (await options.onPlan(plan)) === false) {
    result.cancelled = true;
    return result;
  }

  const answers = await batchedImport({
    method: 'importTable',
    plan: planOf('importTable', size, 1, options.onProgress),
    batches,
    prepare: (ids: string[]) => rows.toCsv(ids.flatMap((id) => byRecord.get(id)!)),
    send: (csv: string) =>
      project.importRecords(csv, {
        format: 'csv',
        type: 'flat',
        batchSize: false,
        overwriteBehavior: erase ? 'overwrite' : 'normal',
        returnContent: 'count',
      }),
  });
  result.count = answers.reduce((n, answer) => n + answer.count, 0);
  result.batches = batches.map((b, k) => ({ batch: k + 1, records: b.records, status: 'landed' }));
  return result;
}
