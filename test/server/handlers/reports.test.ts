import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/formats/csv.js';
import type { RedcapServer } from '../../../src/server/redcap-server.js';
import { issueApiToken } from '../../../src/server/store/api-tokens.js';
import { saveReport } from '../../../src/server/store/save-report.js';
import { call, callJson, copyFixture, groupIdOf, startServer } from '../../helpers/server.js';

type Row = Record<string, string | number>;

describe('content=report', () => {
  let server: RedcapServer;
  const copy = (fixture: string) => copyFixture(server, fixture);
  const groupId = (projectId: number, name: string) => groupIdOf(server, projectId, name);

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("exports the simple fixture's reports: their fields in report order, their rows as the record export has them", async () => {
    const { token } = copy('simple');
    // redcap_reports_fields="record_id,height,health_complete,address,ethnicity"
    const report = await callJson<Row[]>(server.url, { token, content: 'report', report_id: 1 });
    expect(Object.keys(report[0])).toEqual(['record_id', 'height', 'health_complete', 'address', 'ethnicity']);
    const records = await callJson<Row[]>(server.url, {
      token,
      content: 'record',
      fields: ['record_id', 'height', 'health_complete', 'address', 'ethnicity'],
    });
    expect(report).toEqual(
      records.map((r) => ({
        record_id: r.record_id,
        height: r.height,
        health_complete: r.health_complete,
        address: r.address,
        ethnicity: r.ethnicity,
      })),
    );
    expect(report.map((r) => r.record_id)).toEqual(['1', '2', '3', '4', '5']);
    // redcap_reports_fields="record_id,race": the checkbox comes out one column per option.
    const two = await callJson<Row[]>(server.url, { token, content: 'report', report_id: 2 });
    expect(Object.keys(two[0])).toEqual([
      'record_id',
      'race___1',
      'race___2',
      'race___3',
      'race___4',
      'race___5',
      'race___6',
    ]);
  });

  it('applies rawOrLabel, rawOrLabelHeaders, exportCheckboxLabel and csvDelimiter in CSV', async () => {
    const { token } = copy('simple');
    const raw = parseCsv((await call(server.url, { token, content: 'report', report_id: 2, format: 'csv' })).text);
    const labelled = await call(server.url, {
      token,
      content: 'report',
      report_id: 2,
      format: 'csv',
      rawOrLabel: 'label',
      rawOrLabelHeaders: 'label',
      exportCheckboxLabel: true,
      csvDelimiter: ';',
    });
    const lines = labelled.text.trim().split('\n');
    expect(lines[0].split(';')[0]).toBe('"Study ID"');
    expect(lines[0]).toContain('(choice=White)');
    const body = parseCsv(labelled.text, ';');
    const whiteHeader = body.header.find((h) => h.includes('(choice=White)'))!;
    // Checked options show their label, unchecked ones are blank.
    raw.rows.forEach((r, i) => expect(body.rows[i][whiteHeader]).toBe(r.race___5 === '1' ? 'White' : ''));
  });

  it('answers in XML and converts decimals with decimalCharacter', async () => {
    const { token } = copy('simple');
    const xml = await call(server.url, { token, content: 'report', report_id: 1, format: 'xml' });
    expect(xml.text).toContain('<item><record_id><![CDATA[1]]></record_id><height><![CDATA[7]]></height>');
    const id = saveReport(
      server.db,
      (await callJson<{ project_id: number }>(server.url, { token, content: 'project' })).project_id,
      { title: 'Height', fields: ['record_id', 'height'] },
    );
    const dot = await callJson<Row[]>(server.url, { token, content: 'report', report_id: id });
    const comma = await callJson<Row[]>(server.url, { token, content: 'report', report_id: id, decimalCharacter: ',' });
    // Record 5 is 193.04 cm tall (a number field).
    expect(dot.find((r) => r.record_id === '5')!.height).toBe('193.04');
    expect(comma.find((r) => r.record_id === '5')!.height).toBe('193,04');
    expect(comma.find((r) => r.record_id === '3')!.height).toBe('180');
  });

  it('exports a saved report with its filter logic and descending order', async () => {
    const held = copy('simple');
    const id = saveReport(server.db, held.projectId, {
      title: 'Tall first',
      fields: ['record_id', 'name_first', 'height'],
      filterLogic: '[height] > 10',
      orderBy: [{ field: 'height', descending: true }],
    });
    const rows = await callJson<Row[]>(server.url, { token: held.token, content: 'report', report_id: id });
    const all = await callJson<Row[]>(server.url, {
      token: held.token,
      content: 'record',
      fields: ['record_id', 'height'],
    });
    const expected = all
      .filter((r) => Number(r.height) > 10)
      .sort((a, b) => Number(b.height) - Number(a.height))
      .map((r) => r.record_id);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(all.length);
    expect(rows.map((r) => r.record_id)).toEqual(expected);
    expect(Object.keys(rows[0])).toEqual(['record_id', 'name_first', 'height']);
  });

  it('shows the DAG column when the report asks for it, and filters by event and group', async () => {
    const dag = copy('dag');
    const withDags = saveReport(server.db, dag.projectId, {
      title: 'Sites',
      fields: ['record_id', 'first_name'],
      settings: { output_dags: '1', redcap_reports_filter_dags: 'dagb' },
    });
    const rows = await callJson<Row[]>(server.url, { token: dag.token, content: 'report', report_id: withDags });
    expect(rows).toEqual([{ record_id: '332-3', redcap_data_access_group: 'dagb', first_name: 'cc' }]);
    const long = copy('longitudinal');
    const byEvent = saveReport(server.db, long.projectId, {
      title: 'Enrolment',
      fields: ['study_id'],
      settings: { redcap_reports_filter_events: 'enrollment_arm_1' },
    });
    const events = await callJson<Row[]>(server.url, { token: long.token, content: 'report', report_id: byEvent });
    expect(events.length).toBeGreaterThan(0);
    expect(new Set(events.map((r) => r.redcap_event_name))).toEqual(new Set(['enrollment_arm_1']));
  });

  it("gives a user in a DAG only its group's rows and never the DAG column", async () => {
    const held = copy('dag');
    const id = saveReport(server.db, held.projectId, {
      title: 'All',
      fields: ['record_id', 'last_name'],
      settings: { output_dags: '1' },
    });
    const siteA = issueApiToken(server.db, held.projectId, 'site_a', {
      groupId: groupId(held.projectId, 'daga'),
      rights: { api_export: 1 },
    });
    const rows = await callJson<Row[]>(server.url, { token: siteA, content: 'report', report_id: id });
    expect(rows).toEqual([
      { record_id: '331-1', last_name: 'AA' },
      { record_id: '331-2', last_name: 'BB' },
    ]);
    const logic = saveReport(server.db, held.projectId, {
      title: 'CC',
      fields: ['record_id'],
      filterLogic: "[last_name] = 'CC'",
    });
    expect(await callJson<Row[]>(server.url, { token: siteA, content: 'report', report_id: logic })).toEqual([]);
    expect(await callJson<Row[]>(server.url, { token: held.token, content: 'report', report_id: logic })).toEqual([
      { record_id: '332-3' },
    ]);
  });

  it('refuses unknown or missing report ids, and callers without API export rights', async () => {
    const held = copy('simple');
    for (const format of ['json', 'csv', 'xml'] as const) {
      const r = await call(server.url, { token: held.token, content: 'report', report_id: 99, format });
      expect(r.status).toBe(400);
      const message =
        format === 'json'
          ? JSON.parse(r.text).error
          : format === 'csv'
            ? r.text.replace(/^ERROR: /, '')
            : /<error>(.*)<\/error>/.exec(r.text)![1];
      expect(message).toBe('The value of the parameter "report_id" is not valid');
    }
    const missing = await call(server.url, { token: held.token, content: 'report', format: 'json' });
    expect(JSON.parse(missing.text).error).toBe('The parameter "report_id" is missing');
    const noExport = issueApiToken(server.db, held.projectId, 'importer', { rights: { api_import: 1 } });
    const r = await call(server.url, { token: noExport, content: 'report', report_id: 1, format: 'json' });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.text).error).toBe('You do not have API Export privileges');
  });

  it('logs report exports and checks what saveReport is given', async () => {
    const held = copy('simple');
    await call(server.url, { token: held.token, content: 'report', report_id: 1, format: 'json' });
    const log = await callJson<{ action: string; details: string }[]>(server.url, {
      token: held.token,
      content: 'log',
      logtype: 'export',
    });
    expect(log[0].action).toBe('Data export ');
    expect(log[0].details).toBe('Export report (API): report_id = 1 ("test-report-1"), 5 rows');
    expect(() => saveReport(server.db, held.projectId, { title: 'x', fields: ['nope'] })).toThrow(
      'names fields that do not exist in the project: nope',
    );
    expect(() => saveReport(server.db, held.projectId, { title: ' ', fields: [] })).toThrow('A report needs a title');
    expect(saveReport(server.db, held.projectId, { title: 'third', fields: ['record_id'] })).toBe(3);
  });
});
