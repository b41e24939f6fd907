import { describe, expect, it } from 'vitest';
import { tutorialProject } from '../../../src/server/demo/tutorial-project.js';
import { createProject } from '../../../src/server/store/create-project.js';
import { openDatabase } from '../../../src/server/store/database.js';
import { projectState } from '../../../src/server/store/project-state.js';
import { readDefinition } from '../../../src/server/store/read-definition.js';
import { definitionProblems, recordsOf } from './definition-checks.js';

describe('tutorialProject', () => {
  const def = tutorialProject();

  it('has the eleven fields of the API tutorial on three forms, classic', () => {
    expect(def.dictionary.map((r) => r.field_name)).toEqual([
      'study_id', 'first_name', 'last_name', 'dob', 'sex', 'address', 'phone_number',
      'file_upload', 'image_path', 'foo_score', 'bar_score',
    ]);
    expect(def.instruments.map((i) => i.instrument_name)).toEqual(['demographics', 'imaging', 'testing']);
    const formOf = Object.fromEntries(def.dictionary.map((r) => [r.field_name, r.form_name]));
    expect(formOf).toMatchObject({ phone_number: 'demographics', file_upload: 'imaging', image_path: 'imaging', foo_score: 'testing', bar_score: 'testing' });
    const row = (name: string) => def.dictionary.find((r) => r.field_name === name)!;
    expect(row('dob').text_validation_type_or_show_slider_number).toBe('date_ymd');
    expect(row('sex')).toMatchObject({ field_type: 'dropdown', select_choices_or_calculations: '0, Female | 1, Male' });
    expect(row('address').field_type).toBe('notes');
    expect(row('phone_number').text_validation_type_or_show_slider_number).toBe('phone');
    expect(row('file_upload').field_type).toBe('file');
    expect(row('foo_score').text_validation_type_or_show_slider_number).toBe('integer');
    expect(def.events).toEqual([]);
    expect(def.arms).toEqual([]);
    expect(def.info.project_title).toBe('redcap-frames demo: API tutorial');
  });

  it('holds 3 to 5 records whose every value passes the project rules', () => {
    const records = recordsOf(def);
    expect(records.length).toBeGreaterThanOrEqual(3);
    expect(records.length).toBeLessThanOrEqual(5);
    expect(definitionProblems(def)).toEqual([]);
    // Every record has its record id and a demographics status.
    for (const r of records) {
      expect(def.values.find((v) => v.record === r && v.field === 'study_id')?.value).toBe(r);
      expect(['0', '1', '2']).toContain(def.values.find((v) => v.record === r && v.field === 'demographics_complete')?.value);
    }
    // Not every form is saved for every record.
    const imagingSaved = def.values.filter((v) => v.field === 'imaging_complete').length;
    expect(imagingSaved).toBeGreaterThan(0);
    expect(imagingSaved).toBeLessThan(records.length);
  });

  it('stores one PNG in record 1, named by the field value', () => {
    expect(def.files).toHaveLength(1);
    const f = def.files[0];
    expect(f).toMatchObject({ record: '1', event: '', field: 'file_upload', instance: 1, mimeType: 'image/png' });
    expect(f.name).toMatch(/\.png$/);
    expect([...f.data.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    expect(def.values.find((v) => v.record === '1' && v.field === 'file_upload')?.value).toBe(f.name);
  });

  it('is the same every time it is built', () => {
    expect(tutorialProject()).toEqual(def);
  });

  it('loads into a fresh store and reads back unchanged', () => {
    const db = openDatabase(':memory:');
    const { projectId, token } = createProject(db, def, { source: 'demo:tutorial' });
    expect(token).toMatch(/^[0-9A-F]{32}$/);
    const back = readDefinition(db, projectState(db, projectId)!);
    const key = (v: { record: string; event: string; field: string; instance: number; value: string }) => `${v.record}|${v.event}|${v.field}|${v.instance}|${v.value}`;
    expect(back.values.map(key).sort()).toEqual(def.values.map(key).sort());
    expect(back.files).toHaveLength(1);
    expect(Buffer.from(back.files[0].data).equals(Buffer.from(def.files[0].data))).toBe(true);
    expect(back.files[0]).toMatchObject({ name: def.files[0].name, mimeType: 'image/png' });
    db.close();
  });
});
