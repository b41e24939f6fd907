import { describe, expect, it } from 'vitest';
import { tutorialProject } from '../../../src/server/demo/tutorial-project.js';
import { createProject } from '../../../src/server/store/create-project.js';
import { openDatabase } from '../../../src/server/store/database.js';
import { projectState } from '../../../src/server/store/project-state.js';
import { readDefinition } from '../../../src/server/store/read-definition.js';
import { RedcapServer } from '../../../src/server/redcap-server.js';
import { definitionProblems, recordsOf } from './definition-checks.js';

describe('tutorialProject', () => {
  const def = tutorialProject();

  it('has the eleven fields of the API tutorial, as it prints them, on three forms, classic', () => {
    // The tutorial's output: "field_name (type) ---> field_label" for each field.
    expect(def.dictionary.map((r) => `${r.field_name} (${r.field_type}) ---> ${r.field_label}`)).toEqual([
      'study_id (text) ---> Study ID',
      'first_name (text) ---> First Name',
      'last_name (text) ---> Last Name',
      'dob (text) ---> Date of Birth',
      'sex (dropdown) ---> Gender',
      'address (notes) ---> Street, City, State, ZIP',
      'phone_number (text) ---> Phone number',
      'file (file) ---> File',
      'foo_score (text) ---> Test score for Foo test',
      'bar_score (text) ---> Test score for Bar test',
      'image_path (text) ---> image_path',
    ]);
    expect(def.instruments.map((i) => i.instrument_name)).toEqual(['demographics', 'imaging', 'testing']);
    // Each form's fields are contiguous, in the instruments' order.
    const forms = def.dictionary.map((r) => r.form_name).filter((f, i, all) => f !== all[i - 1]);
    expect(forms).toEqual(['demographics', 'imaging', 'testing']);
    const row = (name: string) => def.dictionary.find((r) => r.field_name === name)!;
    expect(row('dob').text_validation_type_or_show_slider_number).toBe('date_ymd');
    expect(row('sex').select_choices_or_calculations).toBe('0, Female | 1, Male');
    // The tutorial imports foo_score '100': no range may make it questionable.
    for (const score of ['foo_score', 'bar_score']) {
      expect(row(score)).toMatchObject({
        text_validation_type_or_show_slider_number: 'integer',
        text_validation_min: '',
        text_validation_max: '',
      });
    }
    expect(def.events).toEqual([]);
    expect(def.arms).toEqual([]);
    expect(def.info.project_title).toBe('redcap-frames demo: API tutorial');
  });

  it("holds the tutorial's 3 records, record 1 as the tutorial prints it, every value valid", () => {
    expect(recordsOf(def)).toEqual(['1', '2', '3']);
    expect(definitionProblems(def)).toEqual([]);
    const record1 = Object.fromEntries(def.values.filter((v) => v.record === '1').map((v) => [v.field, v.value]));
    expect(record1).toEqual({
      study_id: '1',
      first_name: 'Billy Bob',
      last_name: 'blah blah',
      dob: '2000-01-01',
      sex: '1',
      address: '123 Main Street, Anytown USA 23456',
      phone_number: '(615) 555-1234',
      demographics_complete: '2',
      file: 'data.txt',
      imaging_complete: '2',
      foo_score: '100',
      bar_score: '2',
      image_path: '/path/to/image',
      testing_complete: '2',
    });
    for (const r of recordsOf(def)) {
      expect(def.values.find((v) => v.record === r && v.field === 'study_id')?.value).toBe(r);
    }
  });

  it('stores the tutorial\'s file in record 1\'s field "file"', () => {
    expect(def.files).toHaveLength(1);
    const f = def.files[0];
    expect(f).toMatchObject({
      record: '1',
      event: '',
      field: 'file',
      instance: 1,
      name: 'data.txt',
      mimeType: 'text/plain',
    });
    expect(new TextDecoder().decode(f.data)).toBe('Just some data, you know.');
  });

  it('is the same every time it is built', () => {
    expect(tutorialProject()).toEqual(def);
  });

  it('loads into a fresh store and reads back unchanged', () => {
    const db = openDatabase(':memory:');
    const { projectId, token } = createProject(db, def, { source: 'demo:tutorial' });
    expect(token).toMatch(/^[0-9A-F]{32}$/);
    const back = readDefinition(db, projectState(db, projectId)!);
    const key = (v: { record: string; event: string; field: string; instance: number; value: string }) =>
      `${v.record}|${v.event}|${v.field}|${v.instance}|${v.value}`;
    expect(back.values.map(key).sort()).toEqual(def.values.map(key).sort());
    expect(back.files).toHaveLength(1);
    expect(Buffer.from(back.files[0].data).equals(Buffer.from(def.files[0].data))).toBe(true);
    expect(back.files[0]).toMatchObject({ name: 'data.txt', mimeType: 'text/plain' });
    db.close();
  });

  it("exports, over the API, dictionary rows with the tutorial's 16 keys and REDCap 14's two more", async () => {
    const server = await RedcapServer.start({ db: ':memory:', port: 0 });
    try {
      const { token } = server.addProject(def, 'demo:tutorial');
      const res = await fetch(server.url, {
        method: 'POST',
        body: new URLSearchParams({ token, content: 'metadata', format: 'json' }),
      });
      const rows = (await res.json()) as Record<string, string>[];
      expect(rows).toHaveLength(11);
      // "Every field has these keys:" as the tutorial prints them.
      const classic =
        'branching_logic, custom_alignment, field_label, field_name, field_note, field_type, form_name, identifier, matrix_group_name, question_number, required_field, section_header, select_choices_or_calculations, text_validation_max, text_validation_min, text_validation_type_or_show_slider_number'.split(
          ', ',
        );
      for (const row of rows)
        expect(Object.keys(row).sort()).toEqual([...classic, 'field_annotation', 'matrix_ranking'].sort());
    } finally {
      await server.close();
    }
  });
});
