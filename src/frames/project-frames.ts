import { isRedcapApiError } from '../api/errors.js';
import type { ExportRecordsOptions } from '../api/methods/records.js';
import type { Project } from '../api/project.js';
import { Schema } from '../schema/schema.js';
import type { Arm, EventDef, FormEventMapping, RepeatingFormEvent } from '../schema/types.js';
import { toDanfo, type DanfoDataFrame } from './danfo.js';
import type { FrameOptions } from './options.js';
import { readRecords, type TypedFrame } from './typed-frame.js';

/**
 * Reads a project's structure once: dictionary, instruments, project
 * info (missing-data codes), and for longitudinal projects the arms,
 * events and form–event mappings, plus the repeating setup.
 */
export async function loadSchema(project: Project): Promise<Schema> {
  const [dictionary, instruments, info, dags] = await Promise.all([
    project.exportMetadata(),
    project.exportInstruments(),
    project.exportProjectInfo(),
    // DAG labels are a nicety: a user whose rights do not cover DAGs still gets a frame.
    project.exportDags().catch((e: unknown) => {
      if (isRedcapApiError(e)) return [];
      throw e;
    }),
  ]);
  let arms: Arm[] = [];
  let events: EventDef[] = [];
  let mappings: FormEventMapping[] = [];
  if (info.is_longitudinal === 1) {
    [arms, events, mappings] = await Promise.all([
      project.exportArms(),
      project.exportEvents(),
      project.exportInstrumentEventMappings(),
    ]);
  }
  let repeating: RepeatingFormEvent[] = [];
  if (info.has_repeating_instruments_or_events === 1) repeating = await project.exportRepeatingFormsEvents();
  return new Schema({ dictionary, instruments, info, arms, events, mappings, repeating, dags });
}

/** What to export (REDCap's record-export options) and how to type it. */
export type ExportTableOptions = Omit<ExportRecordsOptions, 'type' | 'rawOrLabel' | 'rawOrLabelHeaders' | 'exportCheckboxLabel' | 'csvDelimiter' | 'decimalCharacter'>
  & Omit<FrameOptions, 'format' | 'delimiter'>
  & {
    /** A schema loaded earlier with {@link loadSchema}, to save the structure calls. */
    schema?: Schema;
  };

function splitOptions(options: ExportTableOptions): { exportOptions: ExportRecordsOptions; frameOptions: FrameOptions; schema?: Schema } {
  const { schema, timeZone, choices, checkboxes, completeAs, eventLabels, reader, casts, ...exportOptions } = options;
  return { schema, exportOptions, frameOptions: { timeZone, choices, checkboxes, completeAs, eventLabels, reader, casts } };
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
 * CSV is exported (batched by record when the project is large) and read
 * in one pass; labels, booleans and dates come from the schema, so the
 * server's label or decimal settings never change the result.
 */
export async function exportTable(project: Project, options: ExportTableOptions = {}): Promise<TypedFrame> {
  const { schema, exportOptions, frameOptions } = splitOptions(options);
  const idField = schema?.recordIdField ?? await project.recordIdField();
  const [resolved, csv] = await Promise.all([
    schema ? Promise.resolve(schema) : loadSchema(project),
    project.exportRecords({ ...withRecordId(exportOptions, idField), format: 'csv', type: 'flat', rawOrLabel: 'raw', rawOrLabelHeaders: 'raw' }),
  ]);
  return readRecords(csv, resolved, { ...frameOptions, format: 'csv' });
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
