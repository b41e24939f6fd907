import { describe, expect, it } from 'vitest';
import { codebook, codebookEntries } from '../../src/frames/codebook.js';
import { fixtureSchema } from './fixtures.js';

describe('codebook', () => {
  it('lists every field with its form, type, validation, choices, label and note', () => {
    const schema = fixtureSchema('validation-types-1');
    const entries = codebookEntries(schema);
    const byField = new Map(entries.map((e) => [e.field, e]));
    expect(byField.get('f_checkbox')).toMatchObject({
      form: 'form_1',
      type: 'checkbox',
      frame_type: 'boolean',
      choices: '0, Zero | 1, One | 2, Two',
      columns: 'f_checkbox___0, f_checkbox___1, f_checkbox___2',
      label: 'Checkboxes',
    });
    expect(byField.get('v_date_dmy')).toMatchObject({ type: 'text', validation: 'date_dmy', frame_type: 'date' });
    expect(byField.get('v_number_2dp_comma_decimal')).toMatchObject({ frame_type: 'number' });
    expect(byField.get('f_calculated')).toMatchObject({ type: 'calc', calculation: '3+4', frame_type: 'number' });
    expect(byField.get('f_descriptive')).toMatchObject({ frame_type: 'none', columns: '' });
    expect(byField.get('form_1_complete')).toMatchObject({
      type: 'complete',
      choices: '0, Incomplete | 1, Unverified | 2, Complete',
    });
    expect(byField.get('f_slider')).toMatchObject({ min: '-1', max: '101' });
    const notes = fixtureSchema('decimal-comma');
    expect(codebookEntries(notes).find((e) => e.field === 'height')!.note).toBe(
      'This field is the comma separated "Number (comma as decimal)" validated field',
    );
  });

  it('is an Arquero table in dictionary order, form status after each form', () => {
    const table = codebook(fixtureSchema('checkboxes-1'));
    expect(table.array('field')).toEqual([
      'record_id',
      'form_1_complete',
      'check_one',
      'check_two',
      'desired_result',
      'form_2_complete',
    ]);
    expect(table.columnNames()).toEqual([
      'field',
      'form',
      'type',
      'validation',
      'frame_type',
      'choices',
      'calculation',
      'label',
      'note',
      'min',
      'max',
      'columns',
    ]);
  });
});
