import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOdm } from '../../../src/server/odm/parse-odm.js';
import type { RedcapServer } from '../../../src/server/redcap-server.js';
import { issueApiToken } from '../../../src/server/store/api-tokens.js';
import { call, callJson, copyFixture, fixtureFile, startServer } from '../../helpers/server.js';

type Row = Record<string, string | number>;

describe('record delete, rename, next name', () => {
  let server: RedcapServer;
  const copy = (fixture: string) => copyFixture(server, fixture);
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('deletes whole records and counts them; a missing record refuses the whole call', async () => {
    const { token } = copy('simple');
    const missing = await call(server.url, {
      token,
      content: 'record',
      action: 'delete',
      format: 'json',
      records: ['1', '99'],
    });
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.text).error).toBe(
      'One or more of the records provided cannot be deleted because they do not exist in the project. The following records do not exist: 99',
    );
    const r = await call(server.url, {
      token,
      content: 'record',
      action: 'delete',
      format: 'json',
      records: ['1', '2'],
    });
    expect(r.text).toBe('2');
    const ids = (await callJson<Row[]>(server.url, { token, content: 'record', fields: ['record_id'] })).map(
      (x) => x.record_id,
    );
    expect(ids).toEqual(['3', '4', '5']);
  });

  it('deletes one instrument of one instance in one event', async () => {
    const { token } = copy('repeating-instruments');
    const before = await callJson<Row[]>(server.url, { token, content: 'record', records: ['1'] });
    const r = await call(server.url, {
      token,
      content: 'record',
      action: 'delete',
      format: 'json',
      records: ['1'],
      instrument: 'bp',
      repeat_instance: '2',
    });
    expect(r.text).toBe('1');
    const after = await callJson<Row[]>(server.url, { token, content: 'record', records: ['1'] });
    expect(after.length).toBe(before.length - 1);
    expect(after.some((x) => x.redcap_repeat_instrument === 'bp' && x.redcap_repeat_instance === 2)).toBe(false);
    expect(after.find((x) => x.redcap_repeat_instance === '')!.first_name).toBe('aaa');
  });

  it('deletes one event of a longitudinal record', async () => {
    const { token } = copy('longitudinal');
    const before = await callJson<Row[]>(server.url, {
      token,
      content: 'record',
      records: ['100'],
      fields: ['study_id'],
    });
    await call(server.url, {
      token,
      content: 'record',
      action: 'delete',
      format: 'json',
      records: ['100'],
      event: before[1].redcap_event_name as string,
      instrument: 'patient_morale_questionnaire',
    });
    const after = await callJson<Row[]>(server.url, {
      token,
      content: 'record',
      records: ['100'],
      fields: ['study_id'],
    });
    expect(after.map((x) => x.redcap_event_name)).not.toContain(before[1].redcap_event_name);
  });

  it('requires the delete right', async () => {
    const held = copy('simple');
    const noDelete = issueApiToken(server.db, held.projectId, 'editor', { rights: { api_export: 1, api_import: 1 } });
    const r = await call(server.url, {
      token: noDelete,
      content: 'record',
      action: 'delete',
      format: 'json',
      records: ['1'],
    });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.text).error).toBe('You do not have Delete Record privileges');
  });

  it('renames a record with its data', async () => {
    const { token } = copy('simple');
    const r = await call(server.url, {
      token,
      content: 'record',
      action: 'rename',
      record: '1',
      new_record_name: 'A-1',
    });
    expect(r.text).toBe('1');
    const rows = await callJson<Row[]>(server.url, { token, content: 'record', records: ['A-1'] });
    expect(rows[0].name_first).toBe('Nutmeg');
    expect(rows[0].record_id).toBe('A-1');
    const gone = await call(server.url, {
      token,
      content: 'record',
      action: 'rename',
      format: 'json',
      record: '1',
      new_record_name: 'B',
    });
    expect(JSON.parse(gone.text).error).toBe('The record "1" does not exist');
  });

  it('gives DAG users their own records and DAG-prefixed new names', async () => {
    const held = copy('dag');
    const groupId = (
      server.db
        .prepare("SELECT group_id FROM dags WHERE project_id = ? AND unique_name = 'daga'")
        .get(held.projectId) as { group_id: number }
    ).group_id;
    const siteUser = issueApiToken(server.db, held.projectId, 'site_a', {
      groupId,
      rights: { api_export: 1, api_import: 1, record_create: 1, record_delete: 1, record_rename: 1 },
    });
    const rows = await callJson<Row[]>(server.url, { token: siteUser, content: 'record', fields: ['record_id'] });
    const all = await callJson<Row[]>(server.url, {
      token: held.token,
      content: 'record',
      fields: ['record_id'],
      exportDataAccessGroups: true,
    });
    expect(rows.map((r) => r.record_id)).toEqual(
      all.filter((r) => r.redcap_data_access_group === 'daga').map((r) => r.record_id),
    );
    expect(rows.length).toBeLessThan(all.length);
    const next = await call(server.url, { token: siteUser, content: 'generateNextRecordName' });
    expect(next.text).toBe(`${groupId}-1`);
    const other = all.find((r) => r.redcap_data_access_group !== 'daga')!.record_id as string;
    const del = await call(server.url, {
      token: siteUser,
      content: 'record',
      action: 'delete',
      format: 'json',
      records: [other],
    });
    expect(del.status).toBe(400);
    const write = await call(server.url, {
      token: siteUser,
      content: 'record',
      action: 'import',
      format: 'json',
      data: JSON.stringify([{ record_id: other, first_name: 'x' }]),
    });
    expect(JSON.parse(write.text).error).toContain('belongs to a data access group you cannot access');
  });
});

describe('metadata, field names, instruments, project', () => {
  let server: RedcapServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('exports the dictionary, filtered by field or form', async () => {
    const held = server.addProject(parseOdm(fixtureFile('simple', 'project.xml')), 'm1');
    const all = await callJson<Row[]>(server.url, { token: held.token, content: 'metadata' });
    expect(all[0].field_name).toBe('record_id');
    expect(Object.keys(all[0])).toHaveLength(18);
    const some = await callJson<Row[]>(server.url, {
      token: held.token,
      content: 'metadata',
      fields: ['sex'],
      forms: ['health'],
    });
    expect(some.map((r) => r.field_name)).toEqual(['sex', 'height', 'weight', 'bmi', 'comments', 'mugshot']);
  });

  it('imports a dictionary, refusing a bad one with every problem listed', async () => {
    const held = server.addProject(parseOdm(fixtureFile('simple', 'project.xml')), 'm2');
    const bad = [
      { field_name: 'record_id', form_name: 'a', field_type: 'text' },
      { field_name: 'x', form_name: '', field_type: 'text' },
      { field_name: 'y', form_name: 'b', field_type: 'bogus' },
      { field_name: 'y', form_name: 'a', field_type: 'radio' },
    ];
    const r = await call(server.url, {
      token: held.token,
      content: 'metadata',
      action: 'import',
      format: 'json',
      data: JSON.stringify(bad),
    });
    expect(r.status).toBe(400);
    const msg = JSON.parse(r.text).error as string;
    expect(msg).toContain('The following variable/field names were duplicated: y');
    expect(msg).toContain('Each row MUST have a form name');
    expect(msg).toContain('Form names must be sequential');
    expect(msg).toContain('The only valid field types are');
    const good = [
      { field_name: 'record_id', form_name: 'intake', field_type: 'text', field_label: 'ID' },
      {
        field_name: 'score',
        form_name: 'intake',
        field_type: 'text',
        text_validation_type_or_show_slider_number: 'integer',
        field_label: 'Score',
      },
      {
        field_name: 'mood',
        form_name: 'follow_up',
        field_type: 'radio',
        select_choices_or_calculations: '1, Good | 2, Bad',
        field_label: 'Mood',
      },
    ];
    const ok = await call(server.url, {
      token: held.token,
      content: 'metadata',
      action: 'import',
      format: 'json',
      data: JSON.stringify(good),
    });
    expect(ok.text).toBe('3');
    const instruments = await callJson<Row[]>(server.url, { token: held.token, content: 'instrument' });
    expect(instruments).toEqual([
      { instrument_name: 'intake', instrument_label: 'Intake' },
      { instrument_name: 'follow_up', instrument_label: 'Follow Up' },
    ]);
    const imp = await call(server.url, {
      token: held.token,
      content: 'record',
      action: 'import',
      format: 'json',
      data: JSON.stringify([{ record_id: '100', score: '3', mood: '2' }]),
    });
    expect(imp.text).toBe('{"count":1}');
  });

  it('lists export field names with checkbox options and form status', async () => {
    const held = server.addProject(parseOdm(fixtureFile('simple', 'project.xml')), 'm3');
    const rows = await callJson<Row[]>(server.url, { token: held.token, content: 'exportFieldNames' });
    expect(rows).toContainEqual({ original_field_name: 'race', choice_value: '1', export_field_name: 'race___1' });
    expect(rows).toContainEqual({
      original_field_name: 'demographics_complete',
      choice_value: '',
      export_field_name: 'demographics_complete',
    });
    const one = await callJson<Row[]>(server.url, { token: held.token, content: 'exportFieldNames', field: 'sex' });
    expect(one).toEqual([{ original_field_name: 'sex', choice_value: '', export_field_name: 'sex' }]);
  });

  it('exports project info as one object and changes settings', async () => {
    const held = server.addProject(parseOdm(fixtureFile('longitudinal', 'project.xml')), 'm4');
    const info = await callJson<Record<string, unknown>>(server.url, { token: held.token, content: 'project' });
    expect(info.project_title).toBe('REDCapR: longitudinal');
    expect(info.is_longitudinal).toBe(1);
    expect(info.project_id).toBe(held.projectId);
    const xml = await call(server.url, { token: held.token, content: 'project' });
    expect(xml.text).toContain('<project><project_id>');
    const r = await call(server.url, {
      token: held.token,
      content: 'project_settings',
      action: 'import',
      format: 'json',
      data: JSON.stringify({ project_notes: 'hello', missing_data_codes: 'NA, Not applicable' }),
    });
    expect(r.text).toBe('2');
    const after = await callJson<Record<string, unknown>>(server.url, { token: held.token, content: 'project' });
    expect(after.project_notes).toBe('hello');
    expect(after.missing_data_codes).toBe('NA, Not applicable');
  });
});
