import type { ExportRecordsOptions } from '../api/methods/records.js';
import type { Project } from '../api/project.js';
import type { Schema } from '../schema/schema.js';
import { toDanfo, type DanfoDataFrame } from './danfo.js';
import type { FrameOptions } from './options.js';
import { BatchReader } from './batch-reader.js';
import { resolveOptions } from './options.js';
import { readRecords, type TypedFrame } from './typed-frame.js';

export { loadSchema } from '../schema/load-schema.js';

/** What to export (REDCap's record-export options) and how to type it. */
export type ExportTableOptions = Omit<
  ExportRecordsOptions,
  'type' | 'rawOrLabel' | 'rawOrLabelHeaders' | 'exportCheckboxLabel' | 'csvDelimiter' | 'decimalCharacter'
> &
  Omit<FrameOptions, 'format' | 'delimiter'> & {
    /** A schema loaded earlier with `loadSchema`; by default the project's own (loaded once, see `Project.connect`). */
    schema?: Schema;
  };

function splitOptions(options: ExportTableOptions): {
  exportOptions: ExportRecordsOptions;
  frameOptions: FrameOptions;
  schema?: Schema;
} {
  const { schema, timeZone, choices, checkboxes, completeAs, eventLabels, reader, casts, ...exportOptions } = options;
  return {
    schema,
    exportOptions,
    frameOptions: { timeZone, choices, checkboxes, completeAs, eventLabels, reader, casts },
  };
}

/**
 * The export options with the record id among the fields whenever fields
 * or forms are chosen. REDCap leaves the record id out of a raw export
 * that names only other fields or forms (PyCap issue #246: "exporting by
 * forms does not include the record id"; PyCap adds `def_field` back), and
 * with the record id it adds `redcap_event_name`, the repeat columns and,
 * when asked, `redcap_data_access_group` itself: so every row keeps its keys.
 */
export function withRecordId(options: ExportRecordsOptions, idField: string): ExportRecordsOptions {
  if (!options.fields?.length && !options.forms?.length) return options;
  if (options.fields?.includes(idField)) return options;
  return { ...options, fields: [idField, ...(options.fields ?? [])] };
}

/**
 * Exports records and types every column from the data dictionary: an
 * Arquero table with the invalid-value and missing-code reports. Raw
 * CSV is exported (batched by record when the project is large), each
 * batch typed as it comes while the next are on their way; labels,
 * booleans and dates come from the schema, so the server's label or
 * decimal settings never change the result. The schema is the project's
 * cached one: its structure is read once, not per call.
 */
export async function exportTable(project: Project, options: ExportTableOptions = {}): Promise<TypedFrame> {
  const { schema, exportOptions, frameOptions } = splitOptions(options);
  const idField = schema?.recordIdField ?? (await project.loadRecordIdField());
  const request: Omit<ExportRecordsOptions, 'format'> = {
    ...withRecordId(exportOptions, idField),
    type: 'flat',
    rawOrLabel: 'raw',
    rawOrLabelHeaders: 'raw',
  };
  const loading = schema ? Promise.resolve(schema) : project.loadedSchema();
  const opts = resolveOptions({ ...frameOptions, format: 'csv' });
  const { type, validation, field } = opts.casts;
  if (type || validation || field || opts.reader !== 'fast') {
    // Casts read the export's text again, and the generic reader reads text: the answers are joined first.
    const [resolved, csv] = await Promise.all([loading, project.exportRecordsCsvBytes(request)]);
    return readRecords(csv, resolved, { ...frameOptions, format: 'csv' });
  }
  // As bytes: the typed reader reads them where they are, nothing is decoded to text.
  const reader = new BatchReader(opts);
  await Promise.all([
    loading.then((s) => reader.start(s)),
    project.exportRecordsCsvParts(request, (part, count) => reader.add(part, count)),
  ]);
  return reader.finish();
}

/** A typed export as a Danfo.js DataFrame, with the same reports as {@link exportTable}. */
export interface DanfoExport {
  frame: DanfoDataFrame;
  typed: TypedFrame;
}

/** {@link exportTable}, then the same values as a Danfo.js DataFrame (`danfojs-node` if installed, else `danfojs`). */
export async function exportDanfo(project: Project, options: ExportTableOptions = {}): Promise<DanfoExport> {
  const typed = await exportTable(project, options);
  return { frame: toDanfo(typed), typed };
}
