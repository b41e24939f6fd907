import { describe, expect, it } from 'vitest';
import { parseOdm } from '../../../src/server/odm/parse-odm.js';
import type { ProjectDefinition } from '../../../src/server/project-definition.js';
import { parseChoices } from '../../../src/values/choices.js';
import { fixtureXml, ODM_FIXTURES } from './fixtures.js';

const parsed = new Map<string, ProjectDefinition>();
function fixture(name: string): ProjectDefinition {
  let def = parsed.get(name);
  if (!def) parsed.set(name, (def = parseOdm(fixtureXml(name))));
  return def;
}

function recordCount(def: ProjectDefinition): number {
  return new Set(def.values.map((v) => v.record)).size;
}

function valuesOf(def: ProjectDefinition, record: string, field: string, event = '', instance = 1): string[] {
  return def.values
    .filter((v) => v.record === record && v.field === field && v.event === event && v.instance === instance)
    .map((v) => v.value);
}

/**
 * Counted by hand from the XML (and cross-checked with a separate script):
 * fields = dictionary rows (a checkbox once, no `_complete`), records =
 * SubjectData, values = non-blank ItemData other than pseudo-fields, with
 * one per ticked checkbox option and one per file.
 */
const COUNTS: Record<
  string,
  { fields: number; forms: number; events: number; arms: number; records: number; values: number; files: number }
> = {
  simple: { fields: 17, forms: 3, events: 0, arms: 0, records: 5, values: 103, files: 5 },
  longitudinal: { fields: 95, forms: 9, events: 12, arms: 2, records: 3, values: 354, files: 1 },
  'repeating-instruments': { fields: 11, forms: 2, events: 0, arms: 0, records: 2, values: 34, files: 0 },
  'vignette-repeating': { fields: 9, forms: 4, events: 0, arms: 0, records: 2, values: 50, files: 5 },
  survey: { fields: 25, forms: 4, events: 0, arms: 0, records: 2, values: 12, files: 0 },
  dag: { fields: 15, forms: 1, events: 0, arms: 0, records: 3, values: 12, files: 0 },
  'clinical-trial-1': { fields: 12, forms: 1, events: 0, arms: 0, records: 500, values: 6500, files: 0 },
  russian: { fields: 343, forms: 14, events: 0, arms: 0, records: 3, values: 69, files: 0 },
  'arm-multiple-delete': { fields: 3, forms: 1, events: 3, arms: 3, records: 20, values: 224, files: 0 },
  'single-column': { fields: 1, forms: 1, events: 0, arms: 0, records: 0, values: 0, files: 0 },
};

describe('parseOdm on every fixture', () => {
  it('finds the fixtures', () => {
    expect(ODM_FIXTURES.length).toBe(28);
  });

  for (const name of ODM_FIXTURES) {
    it(`${name}: parses into a consistent definition`, () => {
      const xml = fixtureXml(name);
      const def = fixture(name);
      expect(def.info.project_title).toBe(/<StudyName>([^<]*)<\/StudyName>/.exec(xml)![1]);
      expect(def.dictionary[0].field_name).toBe(/redcap:RecordIdField="([^"]+)"/.exec(xml)![1]);
      expect(def.instruments.length).toBe(xml.match(/<FormDef /g)!.length);
      expect(def.events.length).toBe(xml.match(/<StudyEventDef /g)?.length ?? 0);
      expect(
        def.dictionary.some((r) => r.field_name.endsWith('_complete') && r.field_name === `${r.form_name}_complete`),
      ).toBe(false);
      // Every stored value belongs to a field or a form's status, and checkbox values are option codes.
      const fields = new Map(def.dictionary.map((r) => [r.field_name, r]));
      const forms = new Set(def.instruments.map((i) => i.instrument_name));
      const events = new Set(def.events.map((e) => e.unique_event_name));
      for (const v of def.values) {
        const row = fields.get(v.field);
        if (!row) {
          expect(forms.has(v.field.replace(/_complete$/, '')), v.field).toBe(true);
          expect(['0', '1', '2']).toContain(v.value);
        } else if (row.field_type === 'checkbox') {
          expect(parseChoices(row.select_choices_or_calculations).map((c) => c.code)).toContain(v.value);
        }
        expect(v.event === '' ? events.size === 0 : events.has(v.event)).toBe(true);
        expect(v.instance).toBeGreaterThanOrEqual(1);
      }
      for (const f of def.files) {
        expect(valuesOf(def, f.record, f.field, f.event, f.instance)).toEqual([f.name]);
        expect(fields.get(f.field)?.field_type).toBe('file');
      }
    });
  }

  for (const [name, want] of Object.entries(COUNTS)) {
    it(`${name}: has the hand-counted numbers of things`, () => {
      const def = fixture(name);
      expect({
        fields: def.dictionary.length,
        forms: def.instruments.length,
        events: def.events.length,
        arms: def.arms.length,
        records: recordCount(def),
        values: def.values.length,
        files: def.files.length,
      }).toEqual(want);
    });
  }
});

describe('parseOdm: project settings, DAGs, roles, reports', () => {
  it('maps GlobalVariables to project info with numbers as numbers', () => {
    const def = fixture('simple');
    expect(def.info).toMatchObject({
      project_title: 'REDCapR: simple',
      purpose: 4,
      purpose_other: '',
      project_notes: '',
      record_autonumbering_enabled: 1,
      surveys_enabled: 0,
      scheduling_enabled: 0,
      randomization_enabled: 0,
      display_today_now_button: 1,
      custom_record_label: '',
      secondary_unique_field: '',
      missing_data_codes: '',
      is_longitudinal: 0,
      has_repeating_instruments_or_events: 0,
    });
    expect(fixture('dag').info.record_autonumbering_enabled).toBe(0);
    expect(def.settings).toMatchObject({
      SecondaryUniqueFieldDisplayValue: '1',
      ProtectedEmailModeTrigger: 'ALL',
      taskCompleteStatus: '0',
    });
  });

  it("derives DAG unique names as REDCap does and reads each record's DAG", () => {
    expect(fixture('dag').dags).toEqual([
      { data_access_group_name: 'dag-a', unique_group_name: 'daga' },
      { data_access_group_name: 'dag-b', unique_group_name: 'dagb' },
    ]);
    expect(fixture('dag').recordDags).toEqual([
      { record: '331-1', dag: 'daga' },
      { record: '331-2', dag: 'daga' },
      { record: '332-3', dag: 'dagb' },
    ]);
    // Record 4 of "simple" has no DAG.
    expect(fixture('simple').recordDags).toEqual([
      { record: '1', dag: 'dag_1' },
      { record: '2', dag: 'dag_1' },
      { record: '3', dag: 'dag_1' },
      { record: '5', dag: 'dag_2' },
    ]);
    // DAGs exist but the file holds no data.
    expect(fixture('single-column').dags.map((d) => d.unique_group_name)).toEqual(['dag_1', 'dag_2']);
    expect(fixture('single-column').recordDags).toEqual([]);
  });

  it("reads user roles with the API's right names and per-form rights", () => {
    const [role] = fixture('simple').roles;
    expect(role.role_label).toBe('api');
    expect(role.unique_role_name).toBe('U-639NX7EKW8');
    expect(role.forms).toEqual({ demographics: 1, health: 1, race_and_ethnicity: 1 });
    expect(role.forms_export).toEqual({ demographics: 1, health: 1, race_and_ethnicity: 1 });
    expect(role.rights).toMatchObject({
      logging: '1',
      user_rights: '1',
      data_access_groups: '1',
      stats_and_charts: '0',
      api_export: '1',
      api_import: '0',
      manage_survey_participants: '1',
      data_quality_create: '0',
      lock_records: '0',
      lock_records_all_forms: '0',
    });
    expect(role.rights).not.toHaveProperty('data_entry');
    const admin = fixture('file-repo').roles.find((r) => r.role_label === 'admin')!;
    expect(admin.forms).toEqual({ form_1: 3 });
    expect(admin.rights.design).toBe('1');
  });

  it('reads reports', () => {
    const reports = fixture('simple').reports;
    expect(reports.map((r) => [r.report_id, r.title, r.unique_report_name])).toEqual([
      [1, 'test-report-1', 'R-3788YK8R7X'],
      [2, 'test-report-2', 'R-2338YHPD7Y'],
    ]);
    expect(reports[0].fields).toEqual(['record_id', 'height', 'health_complete', 'address', 'ethnicity']);
    expect(reports[0].orderBy).toEqual([{ field: 'record_id', descending: false }]);
    expect(reports[0].filterLogic).toBe('');
    expect(reports[1].settings).toMatchObject({
      combine_checkbox_values: '1',
      filter_type: 'EVENT',
      user_access: 'ALL',
    });
  });

  it('reads surveys, survey settings and survey timestamps', () => {
    const def = fixture('survey');
    expect(def.info.surveys_enabled).toBe(1);
    expect(def.surveys.map((s) => [s.form, s.title])).toEqual([
      ['prescreening_survey', 'Pre-Screening Survey'],
      ['participant_info_survey', 'Follow-Up Survey'],
      ['participant_morale_questionnaire', 'Patient Morale Questionnaire'],
    ]);
    expect(def.surveys[0].settings?.instructions).toBe(
      '<p><strong>Please complete the survey below.</strong></p>\n<p>Thank you!</p>',
    );
    expect(def.settings?.SurveyAuthApplyAllSurveys).toBe('1');
    expect(def.surveyTimestamps).toEqual([
      { record: '1', event: '', form: 'prescreening_survey', instance: 1, timestamp: '2024-10-13 20:39:30' },
      { record: '1', event: '', form: 'participant_morale_questionnaire', instance: 1, timestamp: '[not completed]' },
      { record: '2', event: '', form: 'prescreening_survey', instance: 1, timestamp: '2024-10-13 20:40:51' },
    ]);
    // Survey timestamps are not data-dictionary fields and not values.
    expect(def.dictionary.some((r) => r.field_name.endsWith('_timestamp'))).toBe(false);
    expect(def.values.some((v) => v.field.endsWith('_timestamp'))).toBe(false);
  });

  it('keeps GlobalVariables groups it does not model', () => {
    const def = fixture('file-repo');
    expect(def.extensions?.map((e) => e.name)).toEqual([
      'redcap:EconsentGroup',
      'redcap:EconsentFormsGroup',
      'redcap:PdfSnapshotsGroup',
    ]);
    expect(def.extensions?.[0].children[0].attributes.consent_form_location_field).toBe('consent_01');
  });
});

describe('parseOdm: structure', () => {
  it('reads arms, events and form-event mappings of a longitudinal project', () => {
    const def = fixture('longitudinal');
    expect(def.info.is_longitudinal).toBe(1);
    expect(def.arms).toEqual([
      { arm_num: 1, name: 'Drug A' },
      { arm_num: 2, name: 'Drug B' },
    ]);
    expect(def.events.map((e) => e.event_id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(def.events[7]).toEqual({
      event_name: 'Deadline to opt out of study',
      arm_num: 2,
      unique_event_name: 'deadline_to_opt_ou_arm_2',
      custom_event_label: '',
      event_id: 8,
      days_offset: 5,
      offset_min: 0,
      offset_max: 0,
    });
    expect(def.events.find((e) => e.unique_event_name === 'first_visit_arm_2')).toMatchObject({
      days_offset: 10,
      offset_min: 2,
      offset_max: 2,
    });
    expect(def.mappings).toHaveLength(25);
    expect(def.mappings.filter((m) => m.unique_event_name === 'visit_1_arm_1').map((m) => m.form)).toEqual([
      'visit_lab_data',
      'patient_morale_questionnaire',
      'visit_blood_workup',
      'visit_observed_behavior',
    ]);
    expect(def.instruments[0]).toEqual({ instrument_name: 'demographics', instrument_label: 'Demographics' });
  });

  it('gives classic projects no arms, events or mappings, and values no event', () => {
    for (const name of ['simple', 'repeating-instruments', 'russian']) {
      const def = fixture(name);
      expect([def.arms, def.events, def.mappings]).toEqual([[], [], []]);
      expect(def.values.every((v) => v.event === '')).toBe(true);
    }
  });

  it('reads repeating instruments, with instances from FormRepeatKey', () => {
    const def = fixture('repeating-instruments');
    expect(def.repeating).toEqual([
      { event_name: 'event_1_arm_1', form_name: 'bp', custom_form_label: '[record_id]-[date_bp]' },
    ]);
    expect(def.info.has_repeating_instruments_or_events).toBe(1);
    expect([1, 2, 3].map((i) => valuesOf(def, '1', 'bp_systolic', '', i))).toEqual([['110'], ['111'], ['112']]);
    expect(valuesOf(def, '1', 'bp_complete', '', 3)).toEqual(['2']);
    expect(valuesOf(def, '1', 'demographics_complete')).toEqual(['2']);
    expect(fixture('vignette-repeating').repeating.map((r) => r.form_name)).toEqual([
      'blood_pressure',
      'laboratory',
      'image',
    ]);
  });

  it('takes the labels of forms, fields and choices with entities decoded', () => {
    const def = fixture('dag');
    expect(def.instruments).toEqual([{ instrument_name: 'demographics', instrument_label: 'Basic Demography Form' }]);
    const mood = fixture('longitudinal').dictionary.find((r) => r.field_name === 'specify_mood')!;
    expect(mood.field_label).toBe("Specify the patient's mood");
    // Where REDCap strips tags for TranslatedText, the label as entered is the formatted one.
    const q29 = fixture('russian').dictionary.find((r) => r.field_name === 'smokedaylast90d_q29')!;
    expect(q29.field_label).toContain('№28 << 0>> дней');
    expect(q29.branching_logic).toBe("[smokedaysperweek_q28] = '0'");
  });
});

describe('parseOdm: dictionary rows', () => {
  const row = (name: string, field: string) => fixture(name).dictionary.find((r) => r.field_name === field)!;

  it('maps field types, validations, ranges and choices', () => {
    expect(row('simple', 'address')).toMatchObject({ field_type: 'notes', identifier: 'y', form_name: 'demographics' });
    expect(row('simple', 'telephone')).toMatchObject({
      field_type: 'text',
      text_validation_type_or_show_slider_number: 'phone',
      field_note: 'Include Area Code',
    });
    expect(row('simple', 'height')).toMatchObject({
      text_validation_type_or_show_slider_number: 'number',
      text_validation_min: '130',
      text_validation_max: '215',
    });
    expect(row('simple', 'weight')).toMatchObject({
      text_validation_type_or_show_slider_number: 'integer',
      text_validation_min: '35',
      text_validation_max: '200',
    });
    expect(row('simple', 'bmi')).toMatchObject({
      field_type: 'calc',
      select_choices_or_calculations: 'round(([weight]*10000)/(([height])^(2)),1)',
    });
    expect(row('simple', 'sex')).toMatchObject({
      field_type: 'radio',
      select_choices_or_calculations: '0, Female | 1, Male',
    });
    expect(row('simple', 'name_first').section_header).toBe('Contact Information');
    expect(row('simple', 'interpreter_needed')).toMatchObject({
      field_type: 'truefalse',
      select_choices_or_calculations: '',
    });
    expect(row('validation-types-1', 'f_dropdown').field_type).toBe('dropdown');
    expect(row('validation-types-1', 'f_slider')).toMatchObject({
      field_type: 'slider',
      select_choices_or_calculations: '-1 | 50 | 101',
      custom_alignment: 'RH',
    });
    expect(row('validation-types-1', 'f_sql').field_type).toBe('sql');
    expect(row('validation-types-1', 'f_descriptive').field_type).toBe('descriptive');
    expect(row('file-repo', 'signature')).toMatchObject({
      field_type: 'file',
      text_validation_type_or_show_slider_number: 'signature',
    });
    expect(row('file-repo', 'date').field_annotation).toBe('@TODAY');
  });

  it('gives one row per checkbox field with its choices as REDCap stored them', () => {
    const def = fixture('simple');
    expect(def.dictionary.filter((r) => r.field_name.startsWith('race')).map((r) => r.field_name)).toEqual(['race']);
    expect(parseChoices(row('simple', 'race').select_choices_or_calculations).map((c) => c.code)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
    ]);
    expect(row('longitudinal', 'gym').select_choices_or_calculations).toBe(
      '0, Monday | 1, Tuesday | 2, Wednesday | 3, Thursday | 4, Friday',
    );
    expect(row('checkboxes-1', 'check_two').select_choices_or_calculations).toBe('a, A|b, B|c, C|d, D|e, E');
    expect(row('longitudinal', 'gym').matrix_group_name).not.toBe('');
  });

  it('keeps dictionary order form by form, record id first', () => {
    const names = fixture('simple').dictionary.map((r) => r.field_name);
    expect(names).toEqual([
      'record_id',
      'name_first',
      'name_last',
      'address',
      'telephone',
      'email',
      'dob',
      'age',
      'sex',
      'height',
      'weight',
      'bmi',
      'comments',
      'mugshot',
      'race',
      'ethnicity',
      'interpreter_needed',
    ]);
  });
});

describe('parseOdm: data', () => {
  it('stores checkboxes under the base name, one row per ticked option', () => {
    const def = fixture('simple');
    expect(valuesOf(def, '1', 'race')).toEqual(['5']);
    expect(valuesOf(def, '2', 'race')).toEqual(['3', '5']);
    expect(def.values.some((v) => v.field.includes('___'))).toBe(false);
    const boxes = fixture('checkboxes-1');
    expect(valuesOf(boxes, '1', 'check_two')).toEqual(['a', 'c']);
    expect(valuesOf(boxes, '2', 'check_two')).toEqual(['b', 'd']);
  });

  it('stores values as given: line breaks, calc results, form status', () => {
    const def = fixture('simple');
    expect(valuesOf(def, '1', 'address')).toEqual(['14 Rose Cottage St.\nKenning UK, 323232']);
    expect(valuesOf(def, '1', 'bmi')).toEqual(['204.1']);
    expect(valuesOf(def, '1', 'demographics_complete')).toEqual(['2']);
    expect(valuesOf(def, '2', 'health_complete')).toEqual(['0']);
    expect(valuesOf(def, '1', 'record_id')).toEqual(['1']);
  });

  it('decodes files and stores their names as the field value', () => {
    const def = fixture('simple');
    const file = def.files.find((f) => f.record === '1' && f.field === 'mugshot')!;
    expect(file).toMatchObject({ event: '', instance: 1, name: 'mugshot-1.jpg', mimeType: 'image/jpeg' });
    expect(file.data).toBeInstanceOf(Uint8Array);
    expect([...file.data.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect([...file.data.subarray(-2)]).toEqual([0xff, 0xd9]);
    expect(valuesOf(def, '1', 'mugshot')).toEqual(['mugshot-1.jpg']);
    const png = fixture('file-repo').files[0];
    expect(png.mimeType).toBe('image/png');
    expect(Buffer.from(png.data.subarray(1, 4)).toString('latin1')).toBe('PNG');
    // A repeating instrument's files carry their instance.
    const images = fixture('vignette-repeating').files;
    expect(images.map((f) => [f.record, f.instance, f.name])).toEqual([
      ['1', 1, 'levon-and-barry.jpg'],
      ['1', 2, 'mugshot-1.jpg'],
      ['2', 1, 'mugshot-2.jpg'],
      ['2', 2, 'mugshot-3.jpg'],
      ['2', 3, 'mugshot-4.jpg'],
    ]);
  });

  it('puts longitudinal values in their events', () => {
    const def = fixture('longitudinal');
    expect(valuesOf(def, '100', 'pmq1', 'dose_1_arm_1')).toEqual(['2']);
    expect(valuesOf(def, '100', 'study_id', 'enrollment_arm_1')).toEqual(['100']);
    const arms = fixture('arm-multiple-delete');
    expect(
      ['event_1_arm_1', 'event_1_arm_2', 'event_1_arm_3'].map((e) => valuesOf(arms, '101', 'position', e)),
    ).toEqual([['pg'], ['pg'], ['pg']]);
  });
});

describe('parseOdm: input that is not a REDCap ODM', () => {
  const cases: [string, string, RegExp][] = [
    ['plain text', 'hello, world', /Not a REDCap ODM file.*not well-formed XML/],
    ['malformed XML', '<ODM><Study></ODM>', /not well-formed XML \(line 1/],
    ['another XML document', '<?xml version="1.0"?><html><body/></html>', /root element is <html>, expected <ODM>/],
    ['an ODM without a study', '<ODM xmlns:redcap="https://projectredcap.org"/>', /<ODM> has no <Study>/],
    [
      'an ODM without metadata',
      '<ODM xmlns:redcap="https://projectredcap.org"><Study OID="x"/></ODM>',
      /no <MetaDataVersion>/,
    ],
    [
      'an ODM not made by REDCap',
      '<ODM><Study OID="S"><MetaDataVersion OID="M" Name="M"><FormDef OID="F" Name="F" Repeating="No"/></MetaDataVersion></Study></ODM>',
      /no redcap: extensions/,
    ],
    [
      'a REDCap ODM without forms',
      '<ODM xmlns:redcap="https://projectredcap.org"><Study OID="S"><MetaDataVersion OID="M" redcap:RecordIdField="id"/></Study></ODM>',
      /defines no forms/,
    ],
  ];
  for (const [what, xml, message] of cases) {
    it(`rejects ${what} with a clear error`, () => {
      expect(() => parseOdm(xml)).toThrow(message);
    });
  }

  it('names the record and item when data refer to an undefined item', () => {
    const xml = fixtureXml('dag').replace('<ItemData ItemOID="first_name"', '<ItemData ItemOID="no_such_item"');
    expect(() => parseOdm(xml)).toThrow(/Record "331-1".*item "no_such_item".*no <ItemDef>/);
  });
});
