/**
 * The structure files REDCap's web interface downloads, read into the
 * shapes the API exports. The data dictionary CSV (Project Setup ›
 * Data Dictionary › Download) has label headers — `Variable / Field Name`,
 * `Form Name`, …, `Field Annotation`, as in the REDCapR fixtures'
 * dictionary.csv — where the API's metadata CSV has `field_name`…; the
 * instrument designations CSV (Designate Instruments for My Events ›
 * Download) is `arm_num,unique_event_name,form`; the events CSV (Define My
 * Events) `event_name,arm_num,unique_event_name,custom_event_label,event_id`;
 * the arms CSV `arm_num,name`.
 */
import { parseCsv } from '../formats/csv.js';
import {
  DICTIONARY_COLUMNS,
  dictionaryRow,
  type Arm,
  type DictionaryRow,
  type EventDef,
  type FormEventMapping,
} from './types.js';

/** The web interface's dictionary headers, in its order (the same order as the API's columns). */
export const DICTIONARY_HEADERS: readonly string[] = Object.freeze([
  'Variable / Field Name',
  'Form Name',
  'Section Header',
  'Field Type',
  'Field Label',
  'Choices, Calculations, OR Slider Labels',
  'Field Note',
  'Text Validation Type OR Show Slider Number',
  'Text Validation Min',
  'Text Validation Max',
  'Identifier?',
  'Branching Logic (Show field only if...)',
  'Required Field?',
  'Custom Alignment',
  'Question Number (surveys only)',
  'Matrix Group Name',
  'Matrix Ranking?',
  'Field Annotation',
]);

const KEY_OF_HEADER = new Map<string, keyof DictionaryRow>([
  ...DICTIONARY_HEADERS.map((h, k) => [h.toLowerCase(), DICTIONARY_COLUMNS[k]] as const),
  ...DICTIONARY_COLUMNS.map((c) => [c, c] as const),
]);

function required(header: readonly string[], names: readonly string[], file: string): void {
  const missing = names.filter((n) => !header.includes(n));
  if (missing.length)
    throw new Error(
      `The ${file} CSV lacks the column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} (it has: ${header.join(', ')}).`,
    );
}

/** A data dictionary CSV as the web interface (or the API) writes it. */
export function readDictionaryCsv(text: string): DictionaryRow[] {
  const { header, rows } = parseCsv(text);
  const keys = header.map((h) => KEY_OF_HEADER.get(h.trim().toLowerCase()) ?? KEY_OF_HEADER.get(h.trim()));
  const unknown = header.filter((_, k) => keys[k] === undefined);
  if (unknown.length)
    throw new Error(
      `The data dictionary CSV has columns REDCap does not write: ${unknown.map((u) => `"${u}"`).join(', ')}.`,
    );
  if (!keys.includes('field_name') || !keys.includes('form_name') || !keys.includes('field_type')) {
    throw new Error(
      `The data dictionary CSV needs "${DICTIONARY_HEADERS[0]}", "${DICTIONARY_HEADERS[1]}" and "${DICTIONARY_HEADERS[3]}" columns.`,
    );
  }
  return rows
    .filter((r) => (r[header[keys.indexOf('field_name')]] ?? '') !== '')
    .map((r) => {
      const values: Partial<DictionaryRow> = {};
      header.forEach((h, k) => (values[keys[k]!] = r[h] ?? ''));
      return dictionaryRow(values as DictionaryRow);
    });
}

/** The instrument designations CSV: `arm_num,unique_event_name,form`. */
export function readMappingsCsv(text: string): FormEventMapping[] {
  const { header, rows } = parseCsv(text);
  required(header, ['arm_num', 'unique_event_name', 'form'], 'instrument designations');
  return rows.map((r) => ({ arm_num: Number(r.arm_num), unique_event_name: r.unique_event_name, form: r.form }));
}

/** The events CSV of Define My Events. */
export function readEventsCsv(text: string): EventDef[] {
  const { header, rows } = parseCsv(text);
  required(header, ['event_name', 'arm_num', 'unique_event_name'], 'events');
  return rows.map((r) => ({
    event_name: r.event_name,
    arm_num: Number(r.arm_num),
    unique_event_name: r.unique_event_name,
    custom_event_label: r.custom_event_label ?? '',
    event_id: Number(r.event_id ?? 0) || 0,
    days_offset: Number(r.days_offset ?? 0) || 0,
    offset_min: Number(r.offset_min ?? 0) || 0,
    offset_max: Number(r.offset_max ?? 0) || 0,
  }));
}

/** The arms CSV: `arm_num,name`. */
export function readArmsCsv(text: string): Arm[] {
  const { header, rows } = parseCsv(text);
  required(header, ['arm_num', 'name'], 'arms');
  return rows.map((r) => ({ arm_num: Number(r.arm_num), name: r.name }));
}

/**
 * Events named only by the designations (no events CSV): unique names and
 * arms in order of appearance, the unique name standing for the label.
 */
export function eventsFromMappings(mappings: readonly FormEventMapping[]): EventDef[] {
  const seen = new Map<string, EventDef>();
  for (const m of mappings) {
    if (!seen.has(m.unique_event_name)) {
      seen.set(m.unique_event_name, {
        event_name: m.unique_event_name,
        arm_num: m.arm_num,
        unique_event_name: m.unique_event_name,
        custom_event_label: '',
        event_id: seen.size + 1,
        days_offset: 0,
        offset_min: 0,
        offset_max: 0,
      });
    }
  }
  return [...seen.values()];
}
