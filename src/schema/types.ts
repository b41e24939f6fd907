/**
 * The shapes REDCap's API uses for project structure, keyed exactly as its
 * JSON exports are. The client returns them, the embedded server produces
 * them, and the schema is built from them.
 */

/** One row of the data dictionary (`content=metadata`). All values are text. */
export interface DictionaryRow {
  field_name: string;
  form_name: string;
  section_header: string;
  field_type: string;
  field_label: string;
  select_choices_or_calculations: string;
  field_note: string;
  text_validation_type_or_show_slider_number: string;
  text_validation_min: string;
  text_validation_max: string;
  identifier: string;
  branching_logic: string;
  required_field: string;
  custom_alignment: string;
  question_number: string;
  matrix_group_name: string;
  matrix_ranking: string;
  field_annotation: string;
}

/** Dictionary columns in REDCap's order. */
export const DICTIONARY_COLUMNS: readonly (keyof DictionaryRow)[] = Object.freeze([
  'field_name',
  'form_name',
  'section_header',
  'field_type',
  'field_label',
  'select_choices_or_calculations',
  'field_note',
  'text_validation_type_or_show_slider_number',
  'text_validation_min',
  'text_validation_max',
  'identifier',
  'branching_logic',
  'required_field',
  'custom_alignment',
  'question_number',
  'matrix_group_name',
  'matrix_ranking',
  'field_annotation',
]);

/** A dictionary row with every column present (blank where not given). */
export function dictionaryRow(
  values: Partial<DictionaryRow> & Pick<DictionaryRow, 'field_name' | 'form_name' | 'field_type'>,
): DictionaryRow {
  const row = {} as DictionaryRow;
  for (const key of DICTIONARY_COLUMNS) row[key] = values[key] ?? '';
  return row;
}

export interface Instrument {
  instrument_name: string;
  instrument_label: string;
}

export interface Arm {
  arm_num: number;
  name: string;
}

export interface EventDef {
  event_name: string;
  arm_num: number;
  unique_event_name: string;
  custom_event_label: string;
  event_id: number;
  days_offset: number;
  offset_min: number;
  offset_max: number;
}

export interface FormEventMapping {
  arm_num: number;
  unique_event_name: string;
  form: string;
}

/** A repeating instrument (form_name set) or a whole repeating event (form_name blank). */
export interface RepeatingFormEvent {
  event_name: string;
  form_name: string;
  custom_form_label: string;
}

export interface ExportFieldName {
  original_field_name: string;
  choice_value: string;
  export_field_name: string;
}

/** `content=project` export: one object. */
export interface ProjectInfo {
  project_id: number;
  project_title: string;
  creation_time: string;
  production_time: string;
  in_production: number;
  project_language: string;
  purpose: number;
  purpose_other: string;
  project_notes: string;
  custom_record_label: string;
  secondary_unique_field: string;
  is_longitudinal: number;
  has_repeating_instruments_or_events: number;
  surveys_enabled: number;
  scheduling_enabled: number;
  record_autonumbering_enabled: number;
  randomization_enabled: number;
  ddp_enabled: number;
  project_irb_number: string;
  project_grant_number: string;
  project_pi_firstname: string;
  project_pi_lastname: string;
  display_today_now_button: number;
  missing_data_codes: string;
  external_modules: string;
  bypass_branching_erase_field_prompt: number;
}
