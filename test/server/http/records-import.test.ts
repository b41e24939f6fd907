import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RedcapServer } from '../../../src/server/redcap-server.js';
import { issueApiToken } from '../../../src/server/store/api-tokens.js';
import { parseOdm } from '../../../src/server/odm/parse-odm.js';
import type { ProjectDefinition } from '../../../src/server/project-definition.js';
import { call, callJson, fixtureFile, startServer } from '../../helpers/server.js';

type Row = Record<string, string | number>;

describe('record import', () => {
  let server: RedcapServer;
  let token: string;
  const exportAll = () => callJson<Row[]>(server.url, { token, content: 'record' });
  const importJson = (rows: unknown, extra: Record<string, string> = {}) =>
    call(server.url, {
      token,
      content: 'record',
      action: 'import',
      format: 'json',
      data: JSON.stringify(rows),
      ...extra,
    });

  let def: ProjectDefinition;
  let copies = 0;
  beforeAll(async () => {
    server = await startServer();
    def = parseOdm(fixtureFile('validation-types-1', 'project.xml'));
  });
  // Each test works on its own copy of the project.
  beforeEach(() => {
    token = server.addProject(structuredClone(def), `copy:${copies++}`).token;
  });
  afterAll(async () => {
    await server.close();
  });

  it('imports valid values of every type and counts records', async () => {
    const row = {
      record_id: '2',
      f_checkbox___0: '1',
      f_dropdown: '2',
      f_notes: 'line 1\nline 2',
      f_radio: '0',
      f_slider: '50',
      f_text: 'x',
      f_true_false: '0',
      f_yes_no: '1',
      v_alpha_only: 'abc',
      v_date_dmy: '2024-02-29',
      v_datetime_seconds_ymd: '2024-01-01 10:11:12',
      v_email: 'a@b.org',
      v_integer: '42',
      v_number: '4.5',
      v_number_2dp_comma_decimal: '3,14',
      v_time_mm_ss: '59:00',
      v_zipcode: '12345',
    };
    const r = await importJson([row, { record_id: '3', v_integer: '1' }]);
    expect(r.text).toBe('{"count":2}');
    const stored = (await exportAll()).find((x) => x.record_id === '2')!;
    for (const [k, v] of Object.entries(row)) expect(stored[k]).toBe(v);
    // The form received data, so its status became Incomplete (0).
    expect(stored.form_1_complete).toBe('0');
  });

  it('reports every bad value at once and writes nothing', async () => {
    const before = await exportAll();
    const r = await importJson([
      { record_id: '9', v_integer: '4.5', v_date_ymd: '2024-13-01' },
      { record_id: '10', f_radio: '7', f_checkbox___1: '2', v_email: 'nope' },
    ]);
    expect(r.status).toBe(400);
    const lines = (JSON.parse(r.text).error as string).split('\n');
    expect(lines).toEqual([
      '"9","v_integer","4.5","The value you provided could not be validated because it does not follow the expected format. Please try again."',
      '"9","v_date_ymd","2024-13-01","The value you provided could not be validated because it does not follow the expected format. Please try again."',
      '"10","f_radio","7","The value is not a valid category for f_radio"',
      '"10","f_checkbox___1","2","Checkbox values must be 0 (unchecked) or 1 (checked)"',
      '"10","v_email","nope","The value you provided could not be validated because it does not follow the expected format. Please try again."',
    ]);
    expect(await exportAll()).toEqual(before);
  });

  it('refuses unknown fields, file values and labels; accepts calc values and recomputes them', async () => {
    const unknown = await importJson([{ record_id: '1', nope: 'x' }]);
    expect(JSON.parse(unknown.text).error).toBe(
      'The following fields were not found in the project as real data fields: nope',
    );
    const calc = await importJson([{ record_id: '1', f_calculated: '8', f_file_upload: 'a.txt', f_yes_no: 'Yes' }]);
    const msg = JSON.parse(calc.text).error as string;
    expect(msg).not.toContain('f_calculated');
    expect(msg).toContain('"f_file_upload","a.txt","This is a file upload field');
    expect(msg).toContain('"f_yes_no","Yes","The value is not a valid category for f_yes_no"');
    // The calc value alone lands and is replaced by the formula's (3+4).
    const ok = await importJson([{ record_id: '1', f_calculated: '8' }]);
    expect(JSON.parse(ok.text)).toEqual({ count: 1 });
    expect((await exportAll()).find((x) => x.record_id === '1')!.f_calculated).toBe('7');
  });

  it('leaves blanks alone normally and erases with overwriteBehavior=overwrite', async () => {
    await importJson([{ record_id: '1', f_text: 'keep', v_integer: '5', f_checkbox___2: '1' }]);
    await importJson([{ record_id: '1', f_text: '', v_integer: '6' }]);
    let row = (await exportAll()).find((x) => x.record_id === '1')!;
    expect(row.f_text).toBe('keep');
    expect(row.v_integer).toBe('6');
    await importJson([{ record_id: '1', f_text: '', f_checkbox___2: '' }], { overwriteBehavior: 'overwrite' });
    row = (await exportAll()).find((x) => x.record_id === '1')!;
    expect(row.f_text).toBe('');
    expect(row.f_checkbox___2).toBe('0');
    expect(row.v_integer).toBe('6');
  });

  it('reads MDY and DMY dates', async () => {
    await importJson([{ record_id: '4', v_date_mdy: '12/31/2020', v_datetime_mdy: '1/2/2021 9:05' }], {
      dateFormat: 'MDY',
    });
    await importJson([{ record_id: '5', v_date_dmy: '31/12/2020' }], { dateFormat: 'DMY' });
    const rows = await exportAll();
    expect(rows.find((x) => x.record_id === '4')!.v_date_mdy).toBe('2020-12-31');
    expect(rows.find((x) => x.record_id === '4')!.v_datetime_mdy).toBe('2021-01-02 09:05');
    expect(rows.find((x) => x.record_id === '5')!.v_date_dmy).toBe('2020-12-31');
  });

  it('auto-numbers records and returns ids', async () => {
    const r = await importJson(
      [
        { record_id: 'a', f_text: 'A' },
        { record_id: 'b', f_text: 'B' },
        { record_id: 'a', v_integer: '1' },
      ],
      { forceAutoNumber: 'true', returnContent: 'auto_ids' },
    );
    // Two rows for the same record and event are refused, auto-numbered or not.
    expect(r.status).toBe(400);
    const ok = await importJson(
      [
        { record_id: 'a', f_text: 'A' },
        { record_id: 'b', f_text: 'B' },
      ],
      { forceAutoNumber: 'true', returnContent: 'auto_ids' },
    );
    expect(JSON.parse(ok.text)).toEqual(['2,a', '3,b']);
    const ids = await importJson([{ record_id: '7', f_text: 'x' }], { returnContent: 'ids' });
    expect(JSON.parse(ids.text)).toEqual(['7']);
    const next = await call(server.url, { token, content: 'generateNextRecordName' });
    expect(next.text).toBe('8');
  });

  it('imports CSV and XML, and a single JSON object imports nothing', async () => {
    const csv = await call(server.url, {
      token,
      content: 'record',
      action: 'import',
      format: 'csv',
      data: 'record_id,f_text\n11,"a, b"\n',
    });
    expect(csv.text).toBe('1');
    const xml = await call(server.url, {
      token,
      content: 'record',
      action: 'import',
      format: 'xml',
      data: '<?xml version="1.0" encoding="UTF-8" ?><records><item><record_id>12</record_id><f_text><![CDATA[<b>]]></f_text></item></records>',
    });
    expect(xml.text).toBe('<?xml version="1.0" encoding="UTF-8" ?><count>1</count>');
    const single = await importJson({ record_id: '13', f_text: 'x' });
    expect(JSON.parse(single.text)).toEqual({ count: 0 });
    const rows = await exportAll();
    expect(rows.find((x) => x.record_id === '11')!.f_text).toBe('a, b');
    expect(rows.find((x) => x.record_id === '12')!.f_text).toBe('<b>');
    expect(rows.find((x) => x.record_id === '13')).toBeUndefined();
  });

  it('imports EAV rows', async () => {
    const r = await call(server.url, {
      token,
      content: 'record',
      action: 'import',
      format: 'json',
      type: 'eav',
      data: JSON.stringify([
        { record: '20', field_name: 'f_text', value: 'eav' },
        { record: '20', field_name: 'f_checkbox', value: '2' },
      ]),
    });
    expect(JSON.parse(r.text)).toEqual({ count: 1 });
    const row = (await exportAll()).find((x) => x.record_id === '20')!;
    expect(row.f_text).toBe('eav');
    expect(row.f_checkbox___2).toBe('1');
  });

  it('refuses imports without the right, and logs every change', async () => {
    const projectId = (
      server.db.prepare('SELECT project_id FROM users WHERE token = ?').get(token) as { project_id: number }
    ).project_id;
    const reader = issueApiToken(server.db, projectId, 'reader', { rights: { api_export: 1 } });
    const r = await call(server.url, {
      token: reader,
      content: 'record',
      action: 'import',
      format: 'json',
      data: '[{"record_id":"1"}]',
    });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.text).error).toBe('You do not have API Import/Update privileges');
    await importJson([{ record_id: '30', f_text: 'logged' }]);
    const log = server.db
      .prepare("SELECT action, details, record FROM log WHERE project_id = ? AND record = '30'")
      .all(projectId) as { action: string; details: string }[];
    expect(log).toEqual([{ action: 'Create record (API)', details: "f_text = 'logged'", record: '30' }]);
  });
});
