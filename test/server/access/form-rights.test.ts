import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/formats/csv.js';
import { parseOdm } from '../../../src/server/odm/parse-odm.js';
import type { HeldProject, RedcapServer } from '../../../src/server/redcap-server.js';
import { issueApiToken } from '../../../src/server/store/api-tokens.js';
import { saveReport } from '../../../src/server/store/save-report.js';
import { call, callJson, fixtureFile, startServer } from '../../helpers/server.js';

type Row = Record<string, string | number>;
const FULL = { api_export: 1, api_import: 1, record_create: 1 };

/**
 * Per-form rights over HTTP, on the simple project: demographics (record_id,
 * name_first, name_last, address (notes), telephone, email, dob, age, sex),
 * health (height, weight, bmi, comments, mugshot), race_and_ethnicity.
 */
describe('per-form export and data entry rights', () => {
  let server: RedcapServer;
  let held: HeldProject;
  let n = 0;
  const user = (rights: Record<string, unknown>) =>
    issueApiToken(server.db, held.projectId, `user_${n++}`, { rights: { ...FULL, ...rights } });
  const columns = async (token: string, params: Record<string, string> = {}) =>
    parseCsv((await call(server.url, { token, content: 'record', format: 'csv', ...params })).text).header;

  beforeAll(async () => {
    server = await startServer();
    held = server.addProject(parseOdm(fixtureFile('simple', 'project.xml')), 'form-rights');
  });
  afterAll(async () => {
    await server.close();
  });

  it('leaves out the forms a user may not export, in every format and in EAV', async () => {
    const token = user({ forms_export: { demographics: 1, health: 0, race_and_ethnicity: 1 } });
    const cols = await columns(token);
    expect(cols).toContain('name_first');
    expect(cols).toContain('race___1');
    expect(cols.filter((c) => ['height', 'weight', 'bmi', 'comments', 'health_complete'].includes(c))).toEqual([]);
    const json = await callJson<Row[]>(server.url, { token, content: 'record' });
    expect(Object.keys(json[0])).toEqual(cols);
    const xml = await call(server.url, { token, content: 'record', format: 'xml' });
    expect(xml.text).not.toContain('<height>');
    const eav = await callJson<Row[]>(server.url, { token, content: 'record', type: 'eav' });
    expect(eav.some((r) => r.field_name === 'height')).toBe(false);
    expect(eav.some((r) => r.field_name === 'name_first')).toBe(true);
    // Asking for a hidden field by name gives nothing of it.
    expect(await columns(token, { 'fields[0]': 'record_id', 'fields[1]': 'height' })).toEqual(['record_id']);
  });

  it('removes identifiers (3), and also free text, notes and dates (2, de-identified)', async () => {
    const identifiers = state()
      .filter((r) => r.identifier === 'y')
      .map((r) => r.field_name);
    expect(identifiers.length).toBeGreaterThan(0);
    const noIds = await columns(user({ forms_export: { demographics: 3, health: 1, race_and_ethnicity: 1 } }));
    expect(noIds.filter((c) => identifiers.includes(c))).toEqual([]);
    expect(noIds[0]).toBe('record_id');
    const deid = await columns(user({ forms_export: { demographics: 2, health: 2, race_and_ethnicity: 2 } }));
    expect(deid).toContain('record_id');
    expect(deid).toContain('sex');
    expect(deid).toContain('height');
    for (const gone of ['address', 'comments', 'dob', 'name_first']) expect(deid).not.toContain(gone);
  });

  it('applies export rights to reports and project XML', async () => {
    const token = user({ forms_export: { demographics: 1, health: 0, race_and_ethnicity: 1 } });
    const report = await callJson<Row[]>(server.url, { token, content: 'report', report_id: 1 });
    expect(Object.keys(report[0])).toEqual(['record_id', 'address', 'ethnicity']);
    const xml = (await call(server.url, { token, content: 'project_xml' })).text;
    expect(xml).toContain('ItemOID="name_first"');
    expect(xml).not.toMatch(/<ItemData ItemOID="height"/);
    const admin = (await call(server.url, { token: held.token, content: 'project_xml' })).text;
    expect(admin).toMatch(/<ItemData ItemOID="height"/);
    const saved = saveReport(server.db, held.projectId, { title: 'health only', fields: ['record_id', 'weight'] });
    expect(Object.keys((await callJson<Row[]>(server.url, { token, content: 'report', report_id: saved }))[0])).toEqual(
      ['record_id'],
    );
  });

  it('refuses imports into forms the user cannot edit (no access or read only)', async () => {
    const token = user({ forms: { demographics: 1, health: 2, race_and_ethnicity: 0 } });
    const ok = await call(server.url, {
      token,
      content: 'record',
      action: 'import',
      format: 'json',
      data: '[{"record_id":"1","name_first":"Ok"}]',
    });
    expect(ok.text).toBe('{"count":1}');
    const readOnly = await call(server.url, {
      token,
      content: 'record',
      action: 'import',
      format: 'csv',
      data: 'record_id,height,ethnicity\n1,150,1\n',
    });
    expect(readOnly.status).toBe(403);
    expect(readOnly.text).toBe(
      'ERROR: You do not have rights to edit data on these instruments: health (height); race_and_ethnicity (ethnicity)',
    );
    // A blank value writes nothing in normal mode, but erases in overwrite mode.
    const blank = await call(server.url, {
      token,
      content: 'record',
      action: 'import',
      format: 'csv',
      data: 'record_id,name_last,height\n1,Nut,\n',
    });
    expect(blank.text).toBe('1');
    const overwrite = await call(server.url, {
      token,
      content: 'record',
      action: 'import',
      format: 'xml',
      overwriteBehavior: 'overwrite',
      data: '<records><item><record_id>1</record_id><height></height></item></records>',
    });
    expect(overwrite.status).toBe(403);
    const rows = await callJson<Row[]>(server.url, {
      token: held.token,
      content: 'record',
      records: ['1'],
      fields: ['name_first', 'name_last', 'height'],
    });
    expect(rows[0]).toMatchObject({ name_first: 'Ok', name_last: 'Nut', height: '7' });
  });
});

function state() {
  // The fixture's dictionary, to know which fields are flagged as identifiers.
  return parseCsv(fixtureFile('simple', 'dictionary.csv')).rows.map((r) => ({
    field_name: r['Variable / Field Name'],
    identifier: r['Identifier?'],
  }));
}
