import { dictionaryRow, type DictionaryRow } from '../../schema/types.js';
import { emptyDefinition, type ProjectDefinition, type RecordValue } from '../project-definition.js';
import { scanThumbnailPng } from './tiny-png.js';

/**
 * The small classic project of REDCap's API tutorial: 11 fields on three
 * forms, four records, and one uploaded file. Small enough to read whole
 * in a notebook, and it exercises every kind of export a beginner tries.
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
      study_id: '1', first_name: 'Rosa', last_name: 'Delgado', dob: '1978-03-14', sex: '0',
      address: '12 Orchard Lane\nNashville, TN 37203', phone_number: '(615) 555-0134', demographics_complete: '2',
      file_upload: SCAN_NAME, image_path: '/images/scan_001.png', imaging_complete: '2',
      foo_score: '14', bar_score: '27', testing_complete: '2',
    },
    {
      study_id: '2', first_name: 'Tomas', last_name: 'Okafor', dob: '1991-11-02', sex: '1',
      address: '408 Elm Street, Apt 3\nFranklin, TN 37064', phone_number: '615-555-0178', demographics_complete: '2',
      image_path: '/images/scan_002.png', imaging_complete: '0',
      foo_score: '9', bar_score: '31', testing_complete: '1',
    },
    {
      study_id: '3', first_name: 'Mei', last_name: 'Chen', dob: '1985-07-23', sex: '0',
      address: '77 Riverside Drive\nMurfreesboro, TN 37130', phone_number: '(629) 555-0102', demographics_complete: '2',
      foo_score: '21', bar_score: '18', testing_complete: '2',
    },
    {
      study_id: '4', first_name: 'Samuel', last_name: 'Brooks', dob: '1963-01-30', sex: '1',
      phone_number: '(931) 555-0165', demographics_complete: '1',
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
  def.files = [{
    record: '1', event: '', field: 'file_upload', instance: 1,
    name: SCAN_NAME, mimeType: 'image/png', data: scanThumbnailPng(),
  }];
  return def;
}

const SCAN_NAME = 'scan_001.png';

function tutorialDictionary(): DictionaryRow[] {
  const demo = 'demographics';
  return [
    dictionaryRow({ field_name: 'study_id', form_name: demo, field_type: 'text', field_label: 'Study ID' }),
    dictionaryRow({ field_name: 'first_name', form_name: demo, field_type: 'text', field_label: 'First name', identifier: 'y', section_header: 'Contact information' }),
    dictionaryRow({ field_name: 'last_name', form_name: demo, field_type: 'text', field_label: 'Last name', identifier: 'y' }),
    dictionaryRow({ field_name: 'dob', form_name: demo, field_type: 'text', field_label: 'Date of birth', text_validation_type_or_show_slider_number: 'date_ymd', identifier: 'y' }),
    dictionaryRow({ field_name: 'sex', form_name: demo, field_type: 'dropdown', field_label: 'Sex', select_choices_or_calculations: '0, Female | 1, Male' }),
    dictionaryRow({ field_name: 'address', form_name: demo, field_type: 'notes', field_label: 'Street, city, state, ZIP', identifier: 'y' }),
    dictionaryRow({ field_name: 'phone_number', form_name: demo, field_type: 'text', field_label: 'Phone number', field_note: 'Include the area code', text_validation_type_or_show_slider_number: 'phone', identifier: 'y' }),
    dictionaryRow({ field_name: 'file_upload', form_name: 'imaging', field_type: 'file', field_label: 'Scan image' }),
    dictionaryRow({ field_name: 'image_path', form_name: 'imaging', field_type: 'text', field_label: 'Path of the image on the imaging server' }),
    dictionaryRow({ field_name: 'foo_score', form_name: 'testing', field_type: 'text', field_label: 'Foo score', text_validation_type_or_show_slider_number: 'integer', text_validation_min: '0', text_validation_max: '50' }),
    dictionaryRow({ field_name: 'bar_score', form_name: 'testing', field_type: 'text', field_label: 'Bar score', text_validation_type_or_show_slider_number: 'integer', text_validation_min: '0', text_validation_max: '50' }),
  ];
}
