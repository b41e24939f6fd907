/**
 * A record export as a sequence of typed frames, one per batch of
 * records: the record names are read first (with the caller's filters),
 * then each batch is exported and typed with the same schema, while at
 * most `prefetch` further batches are on their way. What is held is
 * counted, so callers (and tests) can see that memory stays bounded.
 */
import type { Project } from '../../api/project.js';
import { RedcapError } from '../../api/errors.js';
import type { ExportRecordsOptions } from '../../api/methods/records.js';
import { chunk } from '../../api/concurrency.js';
import { wholeNumberOption } from '../../api/option-checks.js';
import type { RecordRow } from '../../api/types/records.js';
import type { Schema } from '../../schema/schema.js';
import type { FrameOptions } from '../options.js';
import { readRecords, type TypedFrame } from '../typed-frame.js';

/** Which records and fields to export (the export's own filters). */
export type RecordSelection = Pick<
  ExportRecordsOptions,
  'records' | 'fields' | 'forms' | 'events' | 'filterLogic' | 'exportDataAccessGroups' | 'exportSurveyFields'
>;

export interface BatchProgress {
  /** 1-based batch number. */
  batch: number;
  batches: number;
  /** Records and rows in this batch. */
  records: number;
  rows: number;
  /** Records done so far, and in all. */
  recordsDone: number;
  totalRecords: number;
}

export interface TypedBatchOptions extends Omit<FrameOptions, 'format' | 'delimiter'>, RecordSelection {
  /** Records per request and per written batch (default 1000). */
  batchSize?: number;
  /** Batches exported ahead while one is typed and written (default 1). */
  prefetch?: number;
  /** Told after each batch is written. */
  onBatch?: (progress: BatchProgress) => void;
}

/** What the stream held and did: the bound on memory is `maxRecordsHeld`. */
export interface StreamStats {
  batches: number;
  records: number;
  rows: number;
  /** Largest number of records whose export text or frame was held at once. */
  maxRecordsHeld: number;
  /** Largest number of frame rows held at once. */
  maxRowsHeld: number;
}

/** A typed batch, with the record names it was asked for. */
export interface TypedBatch {
  index: number;
  records: string[];
  frame: TypedFrame;
}

export const DEFAULT_STREAM_BATCH = 1000;

/** Record names in REDCap's order, each once, with the caller's filters. */
export async function readRecordNames(project: Project, selection: RecordSelection): Promise<string[]> {
  const idField = await project.loadRecordIdField();
  const rows = (await project.exportRecords({
    fields: [idField],
    records: selection.records,
    events: selection.events,
    filterLogic: selection.filterLogic,
    batchSize: false,
  })) as RecordRow[];
  return [...new Set(rows.map((r) => String(r[idField])))];
}

/** The record names found in a typed frame's record column, in order, each once. */
function recordsOf(frame: TypedFrame): string[] {
  const info = frame.columns.find((c) => c.role === 'record');
  if (!info) return [];
  return [...new Set(frame.table.array(info.name) as unknown as unknown[])].map(String);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Typed frames, batch by batch. Each batch must hold exactly the records
 * it asked for: a record missing (deleted meanwhile, or a body cut short
 * at a row boundary) or unexpected stops the export with an error rather
 * than giving an incomplete result.
 */
export async function* typedBatches(
  project: Project,
  schema: Schema,
  options: TypedBatchOptions,
  stats: StreamStats,
): AsyncGenerator<TypedBatch> {
  const size = wholeNumberOption('batchSize', options.batchSize ?? DEFAULT_STREAM_BATCH);
  const prefetch = wholeNumberOption('prefetch', options.prefetch ?? 1, 0);
  const selection: RecordSelection = {
    fields: options.fields,
    forms: options.forms,
    events: options.events,
    filterLogic: options.filterLogic,
    exportDataAccessGroups: options.exportDataAccessGroups,
    exportSurveyFields: options.exportSurveyFields,
  };
  const frameOptions: FrameOptions = {
    format: 'csv',
    timeZone: options.timeZone,
    choices: options.choices,
    checkboxes: options.checkboxes,
    completeAs: options.completeAs,
    eventLabels: options.eventLabels,
    reader: options.reader,
  };
  // The record id column is what ties rows to the batch that asked for them.
  if (selection.fields?.length) {
    const idField = await project.loadRecordIdField();
    if (!selection.fields.includes(idField)) selection.fields = [idField, ...selection.fields];
  }
  const names = await readRecordNames(project, { ...selection, records: options.records });
  // No records: one export of the (empty) selection still gives the columns.
  const batches = names.length === 0 ? [[]] : chunk(names, size);
  let held = 0;
  let heldRows = 0;
  const hold = (records: number, rows: number): void => {
    held += records;
    heldRows += rows;
    stats.maxRecordsHeld = Math.max(stats.maxRecordsHeld, held);
    stats.maxRowsHeld = Math.max(stats.maxRowsHeld, heldRows);
  };
  const fetch = async (i: number): Promise<Uint8Array> => {
    const records = batches[i];
    // Bytes as they came: the typed reader reads them without a decode to text.
    const bytes = await project.exportRecordsCsvBytes({
      ...selection,
      ...(records.length ? { records } : {}),
      batchSize: false,
    });
    hold(records.length, 0);
    return bytes;
  };
  const pending = new Map<number, Promise<Uint8Array>>();
  const start = (i: number): void => {
    if (i >= batches.length || pending.has(i)) return;
    const p = fetch(i);
    p.catch(() => {}); // awaited in order below; a later failure must not go unhandled meanwhile
    pending.set(i, p);
  };
  try {
    for (let i = 0; i < batches.length; i++) {
      for (let k = 0; k <= prefetch; k++) start(i + k);
      const bytes = await pending.get(i)!;
      pending.delete(i);
      const frame = readRecords(bytes, schema, frameOptions);
      const rows = frame.table.numRows();
      hold(0, rows);
      const got = recordsOf(frame);
      if (names.length > 0 && !sameList(got, batches[i])) {
        const missing = batches[i].filter((r) => !got.includes(r));
        const extra = got.filter((r) => !batches[i].includes(r));
        throw new RedcapError(
          `Streamed export: batch ${i + 1} of ${batches.length} asked for ${batches[i].length} records and got ${got.length}` +
            `${
              missing.length
                ? `; missing ${missing
                    .slice(0, 5)
                    .map((r) => `"${r}"`)
                    .join(', ')}${missing.length > 5 ? '…' : ''}`
                : ''
            }` +
            `${
              extra.length
                ? `; not asked for ${extra
                    .slice(0, 5)
                    .map((r) => `"${r}"`)
                    .join(', ')}`
                : ''
            }` +
            '. Records may have been deleted, renamed or changed during the export, or the answer was cut short; export again.',
          { method: 'exportRecords' },
        );
      }
      stats.batches += 1;
      stats.records += batches[i].length;
      stats.rows += rows;
      yield { index: i, records: batches[i], frame };
      hold(-batches[i].length, -rows);
      options.onBatch?.({
        batch: i + 1,
        batches: batches.length,
        records: batches[i].length,
        rows,
        recordsDone: stats.records,
        totalRecords: names.length,
      });
    }
  } finally {
    // Batches still in flight are not awaited further; their results are dropped.
    pending.clear();
  }
}
