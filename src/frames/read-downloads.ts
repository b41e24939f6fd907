import { Schema } from '../schema/schema.js';
import type { Instrument, ProjectInfo, RepeatingFormEvent } from '../schema/types.js';
import {
  eventsFromMappings,
  readArmsCsv,
  readDictionaryCsv,
  readEventsCsv,
  readMappingsCsv,
} from '../schema/web-downloads.js';
import type { FrameOptions } from './options.js';
import { readRecords, type ExportData, type TypedFrame } from './typed-frame.js';

/** Files downloaded from REDCap's web interface (CSV text), and what no download holds. */
export interface WebDownloads {
  /** The data dictionary CSV (Project Setup › Data Dictionary). */
  dictionary: string;
  /** The records as "CSV (raw data)" from Data Exports (codes and field names, not labels). */
  records: ExportData;
  /** Longitudinal projects: the instrument designations CSV (`arm_num,unique_event_name,form`). */
  mappings?: string;
  /** The events CSV of Define My Events (event labels, arms); without it events come from the designations. */
  events?: string;
  arms?: string;
  /** The repeating setup (Project Setup › Repeating instruments and events): no download holds it. */
  repeating?: readonly RepeatingFormEvent[];
  /** Project settings, e.g. `missing_data_codes` as on the Additional Customizations page. */
  info?: Partial<ProjectInfo>;
  /** Instrument labels (the dictionary holds only form names). */
  instruments?: readonly Instrument[];
}

/** The schema the downloads describe. */
export function schemaFromDownloads(files: Omit<WebDownloads, 'records'>): Schema {
  const mappings = files.mappings ? readMappingsCsv(files.mappings) : [];
  const events = files.events ? readEventsCsv(files.events) : eventsFromMappings(mappings);
  const arms = files.arms
    ? readArmsCsv(files.arms)
    : [...new Set(events.map((e) => e.arm_num))].map((n) => ({ arm_num: n, name: `Arm ${n}` }));
  return new Schema({
    dictionary: readDictionaryCsv(files.dictionary),
    instruments: files.instruments,
    info: files.info,
    arms,
    events,
    mappings,
    repeating: files.repeating,
  });
}

/**
 * Reads REDCap's web-interface downloads offline into the same typed
 * frame {@link exportTable} gives through the API: same columns, types,
 * labels and `invalid`/`missing` reports.
 */
export function readDownloads(files: WebDownloads, options: Omit<FrameOptions, 'format'> = {}): TypedFrame {
  return readRecords(files.records, schemaFromDownloads(files), { ...options, format: 'csv' });
}
