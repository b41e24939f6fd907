/**
 * Records: export (batched), import (batched), delete, rename, next
 * record name, randomization.
 */
import { batchedExport, type BatchContents } from '../batch-export.js';
import { csvBatchContents, csvFirstCells, joinCsvBytes } from '../csv-batches.js';
import type { Pacer } from '../pacer.js';
import { batchedImport, splitCsvByRecord, splitRowsByRecord, type ImportBatch } from '../batch-import.js';
import { batchPlan, type ApiContext } from '../context.js';
import { RedcapHttpError, RedcapUsageError } from '../errors.js';
import { flag, type Params } from '../params.js';
import { readCount, readIdList, readJson, readJsonObject, readRows, readText } from '../response.js';
import type { Answer } from '../transport.js';
import type {
  BatchOptions,
  CsvDelimiter,
  Format,
  FormatOption,
  Formatted,
  ImportFormatOption,
  RawOrLabel,
  RecordId,
} from '../types/common.js';
import type {
  AutoId,
  ImportRecordsResult,
  ImportRow,
  RandomizationResult,
  RecordRow,
  ReturnContent,
} from '../types/records.js';
import { CSV_DELIMITERS } from '../../formats/csv.js';

/** The delimiter of a CSV answer when none is asked for. */
const COMMA = 44;

export interface ExportRecordsOptions extends BatchOptions {
  /** `flat` (default): one row per record/event/instance; `eav`: one row per value. */
  type?: 'flat' | 'eav';
  records?: readonly RecordId[];
  fields?: readonly string[];
  forms?: readonly string[];
  /** Unique event names. */
  events?: readonly string[];
  rawOrLabel?: RawOrLabel;
  /** Header texts in CSV: field names (`raw`) or labels. */
  rawOrLabelHeaders?: RawOrLabel;
  exportCheckboxLabel?: boolean;
  exportSurveyFields?: boolean;
  exportDataAccessGroups?: boolean;
  /** REDCap logic, e.g. `[age] > 30`. */
  filterLogic?: string;
  /** Records created or changed since (a Date is sent in local time). */
  dateRangeBegin?: string | Date;
  dateRangeEnd?: string | Date;
  csvDelimiter?: CsvDelimiter;
  decimalCharacter?: ',' | '.';
  exportBlankForGrayFormStatus?: boolean;
}

const EMPTY_XML = '<?xml version="1.0" encoding="UTF-8" ?>\n<records></records>\n';

function exportParams(o: ExportRecordsOptions): Params {
  return {
    type: o.type ?? 'flat',
    records: o.records?.map(String),
    fields: o.fields,
    forms: o.forms,
    events: o.events,
    rawOrLabel: o.rawOrLabel,
    rawOrLabelHeaders: o.rawOrLabelHeaders,
    exportCheckboxLabel: o.exportCheckboxLabel,
    exportSurveyFields: o.exportSurveyFields,
    exportDataAccessGroups: o.exportDataAccessGroups,
    filterLogic: o.filterLogic,
    dateRangeBegin: o.dateRangeBegin,
    dateRangeEnd: o.dateRangeEnd,
    csvDelimiter: o.csvDelimiter,
    decimalCharacter: o.decimalCharacter,
    exportBlankForGrayFormStatus: o.exportBlankForGrayFormStatus,
  };
}

/** The records of one batch's answer (JSON rows or CSV text), for checking it is whole. */
export function exportedRecords(part: unknown, format: Format, idKey: string, delimiter: string): BatchContents {
  if (format === 'json') {
    const rows = part as RecordRow[];
    if (rows.length > 0 && !(idKey in rows[0])) return {};
    return { records: rows.map((r) => String(r[idKey])) };
  }
  if (format !== 'csv') return {};
  return csvBatchContents(Buffer.from(String(part)), idKey, delimiter);
}

export async function exportRecords<F extends Format = 'json'>(
  ctx: ApiContext,
  options: ExportRecordsOptions & FormatOption<F> = {},
): Promise<Formatted<F, RecordRow[]>> {
  const format = (options.format ?? 'json') as F;
  if (options.records && options.records.length === 0) {
    // An empty list would mean "all records" to REDCap; the caller meant none.
    return (format === 'json' ? [] : format === 'csv' ? '' : EMPTY_XML) as Formatted<F, RecordRow[]>;
  }
  return batchedRecords(ctx, options, format, {
    read: (answer) => readRows<RecordRow, F>(answer, format),
    contents: (part, idKey, delimiter) => exportedRecords(part, format, idKey, delimiter),
  });
}

/**
 * A record export as CSV bytes, batched like {@link exportRecords} and
 * joined, never decoded to text: what the typed reader takes.
 */
export async function exportRecordsCsvBytes(
  ctx: ApiContext,
  options: Omit<ExportRecordsOptions, 'format'> = {},
): Promise<Uint8Array> {
  if (options.records && options.records.length === 0) return new Uint8Array(0);
  return batchedRecords(ctx, options, 'csv', {
    read: (answer) => answer.bytes,
    contents: csvBatchContents,
    join: joinCsvBytes,
  });
}

/**
 * A record export as CSV bytes, batched like {@link exportRecords}, each
 * batch's answer handed to `onPart` once it and every earlier one have
 * come (in record order), not joined: the typed reader reads each while
 * the later ones are on their way.
 */
export async function exportRecordsCsvParts(
  ctx: ApiContext,
  options: Omit<ExportRecordsOptions, 'format'>,
  onPart: (bytes: Uint8Array, count: number) => void,
): Promise<void> {
  if (options.records && options.records.length === 0) return onPart(new Uint8Array(0), 1);
  await batchedRecords(ctx, options, 'csv', {
    read: (answer) => answer.bytes,
    contents: csvBatchContents,
    join: () => new Uint8Array(0),
    onPart,
  });
}

interface PartReader<R> {
  read(answer: Answer): R;
  contents(part: R, idKey: string, delimiter: string): BatchContents;
  join?: (parts: R[]) => R;
  onPart?: (part: R, count: number) => void;
}

function batchedRecords<R>(
  ctx: ApiContext,
  options: ExportRecordsOptions,
  format: Format,
  parts: PartReader<R>,
): Promise<R> {
  const method = 'exportRecords';
  const t = ctx.transport;
  const base = exportParams(options);
  const send = async (records: string[] | undefined, pacer?: Pacer): Promise<R> => {
    const params = records ? { ...base, records } : base;
    return parts.read(await t.call({ method, content: 'record', action: 'export', format, params, pacer }));
  };
  return batchedExport({
    method,
    format,
    plan: batchPlan(ctx, method, options),
    requested: options.records?.map(String),
    exportBatch: send,
    join: parts.join,
    onPart: parts.onPart,
    contentsOf: async (part) => {
      const eav = options.type === 'eav';
      const idKey = eav ? 'record' : await ctx.recordIdField();
      const contents = parts.contents(part, idKey, CSV_DELIMITERS[options.csvDelimiter ?? ','] ?? ',');
      return eav ? { ...contents, mayLack: true } : contents;
    },
    readIds: async (pacer) => {
      const idField = await ctx.recordIdField();
      // Only the filters that choose records; the batches apply all of them again.
      const params: Params = {
        type: 'flat',
        fields: [idField],
        records: base.records,
        events: base.events,
        filterLogic: base.filterLogic,
        dateRangeBegin: base.dateRangeBegin,
        dateRangeEnd: base.dateRangeEnd,
      };
      // As CSV, of which only the first cells are read: nothing else is parsed, and REDCap renders it cheaply.
      const answer = await t.call({ method, content: 'record', action: 'export', format: 'csv', params, pacer });
      const cells = csvFirstCells(answer.bytes, COMMA);
      const fail = (what: string) =>
        new RedcapHttpError(
          `${method}: REDCap's export of the record id field "${idField}" ${what}; cannot split the export in batches (try batchSize: false).`,
          { status: answer.status, excerpt: '' },
          answer.context,
        );
      if ('cutShort' in cells) throw fail('was cut short');
      if (cells.header === '' && cells.records.length === 0) return [];
      if (cells.header !== idField) throw fail(`starts with "${cells.header}", not with the record id`);
      return cells.records;
    },
  });
}

export interface ImportRecordsOptions extends BatchOptions, ImportFormatOption {
  type?: 'flat' | 'eav';
  /** `normal` (default) ignores blank values; `overwrite` erases stored values with blanks. */
  overwriteBehavior?: 'normal' | 'overwrite';
  /** Let REDCap name new records (the names sent only group rows). */
  forceAutoNumber?: boolean;
  backgroundProcess?: boolean;
  /** Order of day, month and year in dates sent with slashes. */
  dateFormat?: 'YMD' | 'MDY' | 'DMY';
  csvDelimiter?: CsvDelimiter;
}

function readAutoIds(answer: Answer): AutoId[] {
  return readIdList(answer).map((item) => {
    const comma = item.indexOf(',');
    return comma < 0 ? { id: item, sentId: '' } : { id: item.slice(0, comma), sentId: item.slice(comma + 1) };
  });
}

function readImportAnswer(answer: Answer, returnContent: ReturnContent): unknown {
  switch (returnContent) {
    case 'ids':
      return readIdList(answer);
    case 'auto_ids':
      return readAutoIds(answer);
    case 'nothing':
      return undefined;
    default:
      return { count: readCount(answer) };
  }
}

function combine(results: unknown[], returnContent: ReturnContent): unknown {
  switch (returnContent) {
    case 'ids':
    case 'auto_ids':
      return (results as unknown[][]).flat();
    case 'nothing':
      return undefined;
    default:
      return { count: (results as { count: number }[]).reduce((n, r) => n + r.count, 0) };
  }
}

function rowCount(data: string | readonly object[]): number {
  if (typeof data !== 'string') return data.length;
  let lines = 0;
  for (let i = 0; i < data.length; i++) if (data.charCodeAt(i) === 10) lines++;
  return lines; // header + rows, roughly: an upper bound on rows, enough to decide
}

export async function importRecords<R extends ReturnContent = 'count'>(
  ctx: ApiContext,
  data: readonly (ImportRow | object)[] | string,
  options: ImportRecordsOptions & { returnContent?: R } = {},
): Promise<ImportRecordsResult<R>> {
  const method = 'importRecords';
  const returnContent = (options.returnContent ?? 'count') as ReturnContent;
  const isText = typeof data === 'string';
  const format: Format = isText ? (options.format ?? 'csv') : 'json';
  const type = options.type ?? 'flat';
  const params: Params = {
    type,
    overwriteBehavior: options.overwriteBehavior ?? 'normal',
    forceAutoNumber: options.forceAutoNumber,
    backgroundProcess: options.backgroundProcess,
    dateFormat: options.dateFormat,
    csvDelimiter: options.csvDelimiter,
    returnContent,
  };
  const send = async (payload: string | readonly object[]): Promise<unknown> => {
    const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
    const answer = await ctx.transport.call({
      method,
      content: 'record',
      action: 'import',
      write: true,
      format,
      params: { ...params, data: body },
    });
    return readImportAnswer(answer, returnContent);
  };

  // Imports are sent one batch at a time unless the caller asks for more.
  const plan = batchPlan(ctx, method, options, 1);
  const batchable = plan.size !== false && format !== 'xml' && !(isText && format === 'json');
  if (!batchable || rowCount(data) <= (plan.size as number)) return (await send(data)) as ImportRecordsResult<R>;

  const size = plan.size as number;
  const idField = type === 'eav' ? 'record' : await ctx.recordIdField();
  let batches: ImportBatch<string | object[]>[];
  if (isText) {
    const delimiter = CSV_DELIMITERS[options.csvDelimiter ?? ','] ?? ',';
    batches = splitCsvByRecord(data, delimiter, idField, size, method);
  } else {
    batches = splitRowsByRecord(data as readonly object[], idField, size, method);
  }
  if (batches.length <= 1) return (await send(data)) as ImportRecordsResult<R>;
  const results = await batchedImport({ method, plan, batches, send });
  return combine(results, returnContent) as ImportRecordsResult<R>;
}

export interface DeleteRecordsOptions {
  /** Arm number: delete the records from this arm only. */
  arm?: number | string;
  /** Delete only this instrument's data (with `event` in longitudinal projects). */
  instrument?: string;
  event?: string;
  repeatInstance?: number;
  /** Also delete the records' logging. */
  deleteLogging?: boolean;
}

export async function deleteRecords(
  ctx: ApiContext,
  records: readonly RecordId[],
  options: DeleteRecordsOptions = {},
): Promise<number> {
  const method = 'deleteRecords';
  // An empty list would reach REDCap as no list at all; deleting nothing needs no request.
  if (records.length === 0) return 0;
  const answer = await ctx.transport.call({
    method,
    content: 'record',
    action: 'delete',
    write: true,
    format: 'json',
    params: {
      records: records.map(String),
      arm: options.arm,
      instrument: options.instrument,
      event: options.event,
      repeat_instance: options.repeatInstance,
      delete_logging: flag(options.deleteLogging),
    },
  });
  return readCount(answer);
}

export async function renameRecord(
  ctx: ApiContext,
  record: RecordId,
  newName: RecordId,
  options: { arm?: number | string } = {},
): Promise<void> {
  const method = 'renameRecord';
  if (String(newName) === '')
    throw new RedcapUsageError(`${method}: the new name of record "${record}" is empty.`, { method });
  await ctx.transport.call({
    method,
    content: 'record',
    action: 'rename',
    write: true,
    format: 'json',
    params: { record: String(record), new_record_name: String(newName), arm: options.arm },
  });
}

export async function generateNextRecordName(ctx: ApiContext): Promise<string> {
  const answer = await ctx.transport.call({
    method: 'generateNextRecordName',
    content: 'generateNextRecordName',
    format: 'json',
  });
  const text = readText(answer);
  // JSON servers may quote it.
  return text.startsWith('"') ? String(readJson<string>(answer)) : text;
}

export interface RandomizeOptions {
  /** Also return the alternate target (`target_field_alt`). */
  returnAlt?: boolean;
}

export async function randomizeRecord(
  ctx: ApiContext,
  record: RecordId,
  randomizationId: number | string,
  options: RandomizeOptions = {},
): Promise<RandomizationResult> {
  const answer = await ctx.transport.call({
    method: 'randomizeRecord',
    content: 'record',
    action: 'randomize',
    write: true,
    format: 'json',
    params: { record: String(record), randomization_id: randomizationId, returnAlt: options.returnAlt },
  });
  return readJsonObject<RandomizationResult>(answer);
}
