import { dictionaryRow, type DictionaryRow } from '../../schema/types.js';
import { emptyDefinition, type ProjectDefinition, type RecordValue } from '../project-definition.js';

/**
 * The project of the classic "Intro to the REDCap API" tutorial (Scott
 * Burns, 2013, the post that introduced PyCap), so that a newcomer can
 * follow it line by line. Evidence, from the tutorial's printed output:
 * "This project has 11 fields", each as `field_name (type) ---> field_label`
 * (study_id (text) ---> Study ID … image_path (text) ---> image_path);
 * "This project has 3 records"; record 1 as printed (Billy Bob, blah blah,
 * 2000-01-01, sex 1, …, foo_score 100, bar_score 2, every form status 2);
 * and `export_file('1', 'file')` printing "Just some data, you know." and
 * the name data.txt. Choices and validations are not shown there: they are
 * chosen so that every value above is valid, and the scores have no range,
 * since the tutorial imports `foo_score = '100'`. The forms are not shown
 * either, only their `_complete` fields: a form's fields are contiguous in
 * REDCap's dictionary, so with the tutorial's field order `file` makes up
 * imaging and `image_path` follows the scores on testing.
 */
export function tutorialProject(): ProjectDefinition {
  const def = emptyDefinition('redcap-frames demo: API tutorial');
  def.info = {
    ...def.info,
    purpose: 0, // practice / just for fun
    project_notes: 'The project of the classic REDCap API tutorial, served by redcap-frames for practice.',
    creation_time: '2024-01-02 09:00:00',
    record_autonumbering_enabled: 1,
  };
  def.instruments = [
    { instrument_name: 'demographics', instrument_label: 'Demographics' },
    { instrument_name: 'imaging', instrument_label: 'Imaging' },
    { instrument_name: 'testing', instrument_label: 'Testing' },
  ];
  def.dictionary = tutorialDictionary();

  const records: Record<string, string>[] = [
    {
      study_id: '1',
      first_name: 'Billy Bob',
      last_name: 'blah blah',
      dob: '2000-01-01',
      sex: '1',
      address: '123 Main Street, Anytown USA 23456',
      phone_number: '(615) 555-1234',
      demographics_complete: '2',
      file: DATA_FILE.name,
      image_path: '/path/to/image',
      imaging_complete: '2',
      foo_score: '100',
      bar_score: '2',
      testing_complete: '2',
    },
    {
      study_id: '2',
      first_name: 'Rosa',
      last_name: 'Delgado',
      dob: '1978-03-14',
      sex: '0',
      address: '12 Orchard Lane, Nashville, TN 37203',
      phone_number: '(615) 555-0134',
      demographics_complete: '2',
      image_path: '/images/scan_002.png',
      imaging_complete: '1',
      foo_score: '87',
      bar_score: '5',
      testing_complete: '2',
    },
    {
      study_id: '3',
      first_name: 'Tomas',
      last_name: 'Okafor',
      dob: '1991-11-02',
      sex: '1',
      address: '408 Elm Street, Franklin, TN 37064',
      phone_number: '(629) 555-0178',
      demographics_complete: '1',
      foo_score: '64',
      testing_complete: '0',
    },
  ];
  // Export order: each form's fields, then its status.
  const order = def.instruments.flatMap((i) => [
    ...def.dictionary.filter((r) => r.form_name === i.instrument_name).map((r) => r.field_name),
    `${i.instrument_name}_complete`,
  ]);
  const values: RecordValue[] = [];
  for (const rec of records) {
    for (const field of order) {
      const value = rec[field];
      if (value !== undefined) values.push({ record: rec.study_id, event: '', field, instance: 1, value });
    }
  }
  def.values = values;
  def.files = [
    {
      record: '1',
      event: '',
      field: 'file',
      instance: 1,
      name: DATA_FILE.name,
      mimeType: 'text/plain',
      data: new TextEncoder().encode(DATA_FILE.contents),
    },
  ];
  return def;
}

/** The file stored in record 1, as the tutorial's `export_file` prints it. */
export const DATA_FILE = { name: 'data.txt', contents: 'Just some data, you know.' } as const;

function tutorialDictionary(): DictionaryRow[] {
  const demo = 'demographics';
  return [
    dictionaryRow({ field_name: 'study_id', form_name: demo, field_type: 'text', field_label: 'Study ID' }),
    dictionaryRow({
      field_name: 'first_name',
      form_name: demo,
      field_type: 'text',
      field_label: 'First Name',
      identifier: 'y',
    }),
    dictionaryRow({
      field_name: 'last_name',
      form_name: demo,
      field_type: 'text',
      field_label: 'Last Name',
      identifier: 'y',
    }),
    dictionaryRow({
      field_name: 'dob',
      form_name: demo,
      field_type: 'text',
      field_label: 'Date of Birth',
      text_validation_type_or_show_slider_number: 'date_ymd',
      identifier: 'y',
    }),
    dictionaryRow({
      field_name: 'sex',
      form_name: demo,
      field_type: 'dropdown',
      field_label: 'Gender',
      select_choices_or_calculations: '0, Female | 1, Male',
    }),
    dictionaryRow({
      field_name: 'address',
      form_name: demo,
      field_type: 'notes',
      field_label: 'Street, City, State, ZIP',
      identifier: 'y',
    }),
    dictionaryRow({
      field_name: 'phone_number',
      form_name: demo,
      field_type: 'text',
      field_label: 'Phone number',
      text_validation_type_or_show_slider_number: 'phone',
      identifier: 'y',
    }),
    dictionaryRow({ field_name: 'file', form_name: 'imaging', field_type: 'file', field_label: 'File' }),
    dictionaryRow({
      field_name: 'foo_score',
      form_name: 'testing',
      field_type: 'text',
      field_label: 'Test score for Foo test',
      text_validation_type_or_show_slider_number: 'integer',
    }),
    dictionaryRow({
      field_name: 'bar_score',
      form_name: 'testing',
      field_type: 'text',
      field_label: 'Test score for Bar test',
      text_validation_type_or_show_slider_number: 'integer',
    }),
    dictionaryRow({ field_name: 'image_path', form_name: 'testing', field_type: 'text', field_label: 'image_path' }),
  ];
}
