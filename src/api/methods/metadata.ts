/**
 * The data dictionary, export field names, instruments, instrument PDFs
 * and the instrument/event mapping.
 */
import type { ApiContext } from '../context.js';
import { readFile } from '../response.js';
import type { Format, FormatOption, Formatted, ImportData, ImportFormatOption, RecordId } from '../types/common.js';
import type { FileDownload } from '../types/files.js';
import type { DictionaryRow, ExportFieldName, FormEventMapping, Instrument } from '../../schema/types.js';
import { exportRows, importRows } from './common.js';

export interface ExportMetadataOptions {
  fields?: readonly string[];
  forms?: readonly string[];
}

export function exportMetadata<F extends Format = 'json'>(
  ctx: ApiContext,
  options: ExportMetadataOptions & FormatOption<F> = {},
): Promise<Formatted<F, DictionaryRow[]>> {
  return exportRows<DictionaryRow, F>(ctx, { method: 'exportMetadata', content: 'metadata' }, options.format, {
    fields: options.fields,
    forms: options.forms,
  });
}

/** Replaces the whole dictionary; answers the number of fields. */
export async function importMetadata(
  ctx: ApiContext,
  data: ImportData<DictionaryRow>,
  options: ImportFormatOption = {},
): Promise<number> {
  try {
    return await importRows(ctx, { method: 'importMetadata', content: 'metadata' }, data, options.format);
  } finally {
    ctx.forgetStructure();
  }
}

export interface ExportFieldNamesOptions {
  /** One field only. */
  field?: string;
}

export function exportFieldNames<F extends Format = 'json'>(
  ctx: ApiContext,
  options: ExportFieldNamesOptions & FormatOption<F> = {},
): Promise<Formatted<F, ExportFieldName[]>> {
  return exportRows<ExportFieldName, F>(
    ctx,
    { method: 'exportFieldNames', content: 'exportFieldNames', action: null },
    options.format,
    { field: options.field },
  );
}

export function exportInstruments<F extends Format = 'json'>(
  ctx: ApiContext,
  options: FormatOption<F> = {},
): Promise<Formatted<F, Instrument[]>> {
  return exportRows<Instrument, F>(
    ctx,
    { method: 'exportInstruments', content: 'instrument', action: null },
    options.format,
  );
}

export interface ExportPdfOptions {
  /** One record's forms (blank forms when not given). */
  record?: RecordId;
  event?: string;
  /** One instrument (all when not given). */
  instrument?: string;
  repeatInstance?: number;
  /** Every record's forms in one PDF. */
  allRecords?: boolean;
  compactDisplay?: boolean;
}

export async function exportPdf(ctx: ApiContext, options: ExportPdfOptions = {}): Promise<FileDownload> {
  const answer = await ctx.transport.call({
    method: 'exportPdf',
    content: 'pdf',
    format: 'json',
    expectFile: true,
    params: {
      record: options.record === undefined ? undefined : String(options.record),
      event: options.event,
      instrument: options.instrument,
      repeat_instance: options.repeatInstance,
      // REDCap looks only at whether allRecords is present.
      allRecords: options.allRecords ? true : undefined,
      compactDisplay: options.compactDisplay,
    },
  });
  return readFile(answer);
}

export interface ExportMappingsOptions {
  arms?: readonly (number | string)[];
}

export function exportInstrumentEventMappings<F extends Format = 'json'>(
  ctx: ApiContext,
  options: ExportMappingsOptions & FormatOption<F> = {},
): Promise<Formatted<F, FormEventMapping[]>> {
  return exportRows<FormEventMapping, F>(
    ctx,
    { method: 'exportInstrumentEventMappings', content: 'formEventMapping' },
    options.format,
    {
      arms: options.arms?.map(String),
    },
  );
}

/** Replaces all the mappings. */
export function importInstrumentEventMappings(
  ctx: ApiContext,
  data: ImportData<FormEventMapping>,
  options: ImportFormatOption = {},
): Promise<number> {
  return importRows(
    ctx,
    { method: 'importInstrumentEventMappings', content: 'formEventMapping' },
    data,
    options.format,
  );
}
