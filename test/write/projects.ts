/**
 * Small projects for write-back tests: a dictionary helper, a schema with
 * every kind of field, and projects held by the embedded server.
 */
import { Project } from '../../src/api/project.js';
import { Schema, type SchemaInput } from '../../src/schema/schema.js';
import type { DictionaryRow, EventDef, FormEventMapping, RepeatingFormEvent } from '../../src/schema/types.js';
import { emptyDefinition, type ProjectDefinition } from '../../src/server/project-definition.js';
import type { RedcapServer } from '../../src/server/redcap-server.js';

export function field(
  field_name: string,
  form_name: string,
  field_type: string,
  extra: Partial<DictionaryRow> = {},
): DictionaryRow {
  return {
    field_name,
    form_name,
    section_header: '',
    field_type,
    field_label: field_name,
    select_choices_or_calculations: '',
    field_note: '',
    text_validation_type_or_show_slider_number: '',
    text_validation_min: '',
    text_validation_max: '',
    identifier: '',
    branching_logic: '',
    required_field: '',
    custom_alignment: '',
    question_number: '',
    matrix_group_name: '',
    matrix_ranking: '',
    field_annotation: '',
    ...extra,
  };
}

const v = (validation: string, min = '', max = '') => ({
  text_validation_type_or_show_slider_number: validation,
  text_validation_min: min,
  text_validation_max: max,
});

/** One field of each kind over two forms; `visits` repeats in the repeating variant. */
export const MIXED_DICTIONARY: DictionaryRow[] = [
  field('record_id', 'enrolment', 'text'),
  field('name', 'enrolment', 'text'),
  field('email', 'enrolment', 'text', v('email')),
  field('dob', 'enrolment', 'text', v('date_dmy', '1900-01-01', 'today')),
  field('seen_at', 'enrolment', 'text', v('datetime_ymd')),
  field('seen_at_s', 'enrolment', 'text', v('datetime_seconds_mdy')),
  field('wake', 'enrolment', 'text', v('time')),
  field('lap', 'enrolment', 'text', v('time_mm_ss')),
  field('age', 'enrolment', 'text', v('integer', '0', '120')),
  field('weight', 'enrolment', 'text', v('number')),
  field('height', 'enrolment', 'text', v('number_1dp')),
  field('temp', 'enrolment', 'text', v('number_2dp_comma_decimal')),
  field('ratio', 'enrolment', 'text', v('number_comma_decimal')),
  field('sex', 'enrolment', 'radio', { select_choices_or_calculations: '1, Female | 2, Male | 3, Other' }),
  field('arm', 'enrolment', 'dropdown', { select_choices_or_calculations: 'A, Control | B, Treatment' }),
  field('consent', 'enrolment', 'yesno'),
  field('eligible', 'enrolment', 'truefalse'),
  field('race', 'enrolment', 'checkbox', {
    select_choices_or_calculations: '1, Asian | 2, Black | 3, White | -99, Prefer not to say',
  }),
  field('pain', 'enrolment', 'slider'),
  field('bmi', 'enrolment', 'calc', { select_choices_or_calculations: '[weight] / 2' }),
  field('scan', 'enrolment', 'file'),
  field('note', 'enrolment', 'notes'),
  field('intro', 'enrolment', 'descriptive'),
  field('visit_date', 'visits', 'text', v('date_ymd')),
  field('score', 'visits', 'text', v('integer')),
  field('symptoms', 'visits', 'checkbox', { select_choices_or_calculations: '1, Cough | 2, Fever' }),
];

export const MISSING_CODES = 'NA, Not applicable | UNK, Unknown';

export function mixedSchema(extra: Omit<SchemaInput, 'dictionary'> = {}): Schema {
  return new Schema({ dictionary: MIXED_DICTIONARY, info: { missing_data_codes: MISSING_CODES }, ...extra });
}

export const LONGITUDINAL: { events: EventDef[]; mappings: FormEventMapping[] } = {
  events: [
    {
      event_name: 'Baseline',
      arm_num: 1,
      unique_event_name: 'baseline_arm_1',
      custom_event_label: '',
      event_id: 1,
      days_offset: 0,
      offset_min: 0,
      offset_max: 0,
    },
    {
      event_name: 'Follow up',
      arm_num: 1,
      unique_event_name: 'follow_up_arm_1',
      custom_event_label: '',
      event_id: 2,
      days_offset: 30,
      offset_min: 0,
      offset_max: 0,
    },
  ] as EventDef[],
  mappings: [
    { arm_num: 1, unique_event_name: 'baseline_arm_1', form: 'enrolment' },
    { arm_num: 1, unique_event_name: 'baseline_arm_1', form: 'visits' },
    { arm_num: 1, unique_event_name: 'follow_up_arm_1', form: 'visits' },
  ],
};

/** Classic projects name REDCap's hidden event. */
export const REPEATING_VISITS: RepeatingFormEvent[] = [
  { event_name: 'event_1_arm_1', form_name: 'visits', custom_form_label: '' },
];

export interface ProjectShape {
  dictionary?: DictionaryRow[];
  missingCodes?: string;
  longitudinal?: boolean;
  repeating?: RepeatingFormEvent[];
  dags?: string[];
}

/** A project definition with the given structure and no records. */
export function definition(title: string, shape: ProjectShape = {}): ProjectDefinition {
  const def = emptyDefinition(title);
  def.dictionary = shape.dictionary ?? MIXED_DICTIONARY;
  const forms = [...new Set(def.dictionary.map((f) => f.form_name))];
  def.instruments = forms.map((f) => ({ instrument_name: f, instrument_label: f }));
  def.info = { project_title: title, missing_data_codes: shape.missingCodes ?? MISSING_CODES };
  if (shape.longitudinal) {
    def.info.is_longitudinal = 1;
    def.arms = [{ arm_num: 1, name: 'Arm 1' }];
    def.events = LONGITUDINAL.events;
    def.mappings = LONGITUDINAL.mappings;
  }
  if (shape.repeating) def.repeating = shape.repeating;
  def.dags = (shape.dags ?? []).map((d) => ({ data_access_group_name: d, unique_group_name: d }));
  return def;
}

let count = 0;

/** A new empty project on the server, and a client for it. */
export function newProject(server: RedcapServer, shape: ProjectShape = {}): Project {
  const held = server.addProject(definition(`write test ${++count}`, shape));
  return new Project(server.url, held.token);
}
