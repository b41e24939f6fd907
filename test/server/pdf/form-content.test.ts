import { describe, expect, it } from 'vitest';
import { dictionaryRow } from '../../../src/schema/types.js';
import { formPage, type PdfItem } from '../../../src/server/pdf/form-content.js';
import { emptyDefinition } from '../../../src/server/project-definition.js';
import { createProject } from '../../../src/server/store/create-project.js';
import { openDatabase } from '../../../src/server/store/database.js';
import { projectState } from '../../../src/server/store/project-state.js';

function testProject() {
  const def = emptyDefinition('Form content');
  def.info.missing_data_codes = 'UNK, Unknown | NA, Not applicable';
  def.instruments = [{ instrument_name: 'visit', instrument_label: 'Visit <b>form</b>' }];
  def.dictionary = [
    dictionaryRow({ field_name: 'record_id', form_name: 'visit', field_type: 'text', field_label: 'Record ID' }),
    dictionaryRow({
      field_name: 'seen',
      form_name: 'visit',
      field_type: 'text',
      field_label: 'Seen on',
      text_validation_type_or_show_slider_number: 'date_dmy',
      section_header: '<h3>Visit</h3>',
    }),
    dictionaryRow({
      field_name: 'secret',
      form_name: 'visit',
      field_type: 'text',
      field_label: 'Secret',
      field_annotation: '@HIDDEN',
    }),
    dictionaryRow({
      field_name: 'pdf_only_hidden',
      form_name: 'visit',
      field_type: 'text',
      field_label: 'Not on paper',
      field_annotation: '@HIDDEN-PDF',
    }),
    dictionaryRow({
      field_name: 'survey_hidden',
      form_name: 'visit',
      field_type: 'text',
      field_label: 'Hidden on surveys only',
      field_annotation: '@HIDDEN-SURVEY',
    }),
    dictionaryRow({
      field_name: 'symptoms',
      form_name: 'visit',
      field_type: 'checkbox',
      field_label: 'Symptoms of [record_id]',
      select_choices_or_calculations: '1, Cough | 2, Fever | 3, <i>Rash</i>',
      required_field: 'y',
    }),
    dictionaryRow({
      field_name: 'severity',
      form_name: 'visit',
      field_type: 'radio',
      field_label: 'Severity',
      select_choices_or_calculations: '1, Mild | 2, Severe',
      field_note: 'Pick one',
    }),
    dictionaryRow({
      field_name: 'info',
      form_name: 'visit',
      field_type: 'descriptive',
      field_label: '<p>Thanks&nbsp;[record_id]!</p>',
      section_header: 'Closing',
    }),
    dictionaryRow({ field_name: 'comments', form_name: 'visit', field_type: 'notes', field_label: 'Comments' }),
  ];
  const db = openDatabase(':memory:');
  const { projectId } = createProject(db, def);
  return projectState(db, projectId)!;
}

const labels = (items: PdfItem[]) => items.map((i) => (i.kind === 'field' ? i.label : `${i.kind}:${i.text}`));

describe('form content for print', () => {
  const state = testProject();

  it('lays out a blank form: sections, labels, all options unchosen, lines to write on, no hidden fields', () => {
    const page = formPage({ state, form: 'visit', context: [], compact: false });
    expect(page.formLabel).toBe('Visit form');
    expect(labels(page.items)).toEqual([
      'Record ID',
      'section:Visit',
      'Seen on',
      'Hidden on surveys only',
      'Symptoms of ______',
      'Severity',
      'section:Closing',
      'descriptive:Thanks ______!',
      'Comments',
      'section:Form Status',
      'Complete?',
    ]);
    const symptoms = page.items.find((i) => i.kind === 'field' && i.label.startsWith('Symptoms'))!;
    expect(symptoms.kind === 'field' && symptoms.note).toBe('* must provide value');
    expect(symptoms.kind === 'field' && symptoms.answer).toEqual({
      kind: 'choices',
      multiple: true,
      options: [
        { label: 'Cough', checked: false },
        { label: 'Fever', checked: false },
        { label: 'Rash', checked: false },
      ],
    });
    const comments = page.items.find((i) => i.kind === 'field' && i.label === 'Comments')!;
    expect(comments.kind === 'field' && comments.answer).toEqual({ kind: 'text', value: '', lines: 3 });
  });

  it("shows a record's values: dates in the field's order, checked options, missing-data codes, piping", () => {
    const values = new Map<string, string[]>([
      ['record_id', ['R-1']],
      ['seen', ['2024-03-09']],
      ['symptoms', ['1', '3']],
      ['severity', ['UNK']],
      ['visit_complete', ['1']],
    ]);
    const page = formPage({ state, form: 'visit', values, context: ['Record ID R-1'], compact: false });
    const field = (name: string) =>
      page.items.find((i) => i.kind === 'field' && i.label.startsWith(name)) as PdfItem & { kind: 'field' };
    expect(field('Seen on').answer).toEqual({ kind: 'text', value: '09-03-2024', lines: 1 });
    expect(field('Symptoms of R-1').answer).toMatchObject({
      options: [{ checked: true }, { checked: false }, { label: 'Rash', checked: true }],
    });
    expect(field('Severity').answer).toEqual({ kind: 'text', value: 'Unknown (UNK)', lines: 1 });
    expect(field('Complete?').answer).toMatchObject({
      options: [
        { label: 'Incomplete', checked: false },
        { label: 'Unverified', checked: true },
        { label: 'Complete', checked: false },
      ],
    });
    expect(labels(page.items)).toContain('descriptive:Thanks R-1!');
  });

  it('compact display keeps only answered fields, chosen options, and sections that still head something', () => {
    const values = new Map<string, string[]>([
      ['record_id', ['R-1']],
      ['symptoms', ['2']],
    ]);
    const page = formPage({ state, form: 'visit', values, context: [], compact: true });
    expect(labels(page.items)).toEqual(['Record ID', 'section:Visit', 'Symptoms of R-1']);
    const symptoms = page.items[2] as PdfItem & { kind: 'field' };
    expect(symptoms.answer).toEqual({ kind: 'choices', multiple: true, options: [{ label: 'Fever', checked: true }] });
  });
});
