import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/formats/csv.js';
import type { RedcapServer } from '../../../src/server/redcap-server.js';
import { issueApiToken } from '../../../src/server/store/api-tokens.js';
import { call, callJson, copyFixture, groupIdOf, startServer } from '../../helpers/server.js';

type Entry = { timestamp: string; username: string; action: string; details: string; record: string };

describe('content=log', () => {
  let server: RedcapServer;
  const copy = (fixture: string) => copyFixture(server, fixture);
  const log = (token: string, params: Record<string, string> = {}) =>
    callJson<Entry[]>(server.url, { token, content: 'log', ...params });
  const groupId = (projectId: number, name: string) => groupIdOf(server, projectId, name);

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("records every change made through the API, newest first, in REDCap's row shape", async () => {
    const { token } = copy('simple');
    const steps: [Record<string, unknown>, string, string][] = [
      // REDCap's shape: the kind of event and the record in action (REDCapR's recorded log export).
      [
        { content: 'record', action: 'import', data: '[{"record_id":"6","name_first":"Six"}]' },
        'Create record 6',
        'record_add',
      ],
      [
        { content: 'record', action: 'import', data: '[{"record_id":"6","name_last":"Last"}]' },
        'Update record 6',
        'record_edit',
      ],
      [{ content: 'record', action: 'rename', record: '6', new_record_name: '7' }, 'Update record 7', 'record_edit'],
      [{ content: 'record', action: 'delete', records: ['7'] }, 'Delete record 7', 'record_delete'],
      [{ content: 'record' }, 'Data export ', 'export'],
      [{ content: 'project_settings', action: 'import', data: '{"project_notes":"n"}' }, 'Manage/Design ', 'manage'],
      [{ content: 'dag', action: 'import', data: '[{"data_access_group_name":"G"}]' }, 'Manage/Design ', 'manage'],
      [{ content: 'user', action: 'import', data: '[{"username":"u1"}]' }, 'Manage/Design ', 'user'],
      [{ content: 'userRole', action: 'import', data: '[{"role_label":"R"}]' }, 'Manage/Design ', 'user'],
    ];
    for (const [params, action, logtype] of steps) {
      const r = await call(server.url, { token, format: 'json', ...params } as Record<string, string>);
      expect(r.status, JSON.stringify(params)).toBe(200);
      const latest = (await log(token, { logtype }))[0];
      expect(latest.action, JSON.stringify(params)).toBe(action);
    }
    const all = await log(token);
    expect(Object.keys(all[0])).toEqual(['timestamp', 'username', 'action', 'details', 'record']);
    expect(all.every((e) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(e.timestamp))).toBe(true);
    expect(all.every((e) => e.username === 'admin')).toBe(true);
    expect(all.map((e) => e.action).slice(0, steps.length)).toEqual(steps.map((s) => s[1]).reverse());
    // The project's creation, and before it what it was made of.
    expect(all.at(-2)!).toMatchObject({
      action: 'Manage/Design ',
      details: expect.stringMatching(/^Create project \(API\)/),
    });
    expect(all.at(-1)!.details).toMatch(/^Upload data dictionary/);
    const created = all.find((e) => e.action === 'Create record 6')!;
    expect(created.record).toBe('6');
    expect(created.details).toContain("name_first = 'Six'");
    expect(all.find((e) => e.details.includes('renamed'))!.details).toBe('Record renamed from "6" to "7"');
  });

  it('filters by logtype (record covers adds, edits and deletes), user, record and time', async () => {
    const held = copy('simple');
    const other = issueApiToken(server.db, held.projectId, 'other', {
      rights: { api_export: 1, api_import: 1, record_create: 1, logging: 1 },
    });
    await call(server.url, {
      token: held.token,
      content: 'record',
      action: 'import',
      format: 'json',
      data: '[{"record_id":"1","name_first":"A"}]',
    });
    await call(server.url, {
      token: other,
      content: 'record',
      action: 'import',
      format: 'json',
      data: '[{"record_id":"2","name_first":"B"},{"record_id":"9","name_first":"C"}]',
    });
    await call(server.url, { token: other, content: 'record', format: 'json' });
    const record = await log(held.token, { logtype: 'record' });
    expect(record.map((e) => e.record).sort()).toEqual(['1', '2', '9']);
    expect(await log(held.token, { logtype: 'record_add' })).toHaveLength(1);
    expect(await log(held.token, { logtype: 'record_edit' })).toHaveLength(2);
    expect(await log(held.token, { logtype: 'record_delete' })).toEqual([]);
    expect(await log(held.token, { logtype: 'lock_record' })).toEqual([]);
    expect(await log(held.token, { logtype: 'page_view' })).toEqual([]);
    expect((await log(held.token, { user: 'other' })).map((e) => [e.action, e.record])).toEqual([
      ['Data export ', ''],
      ['Create record 9', '9'],
      ['Update record 2', '2'],
    ]);
    expect((await log(held.token, { record: '9' })).map((e) => e.username)).toEqual(['other']);
    // Place two entries at known times to test the time window.
    server.db
      .prepare("UPDATE log SET ts = '2020-01-01 10:00:00' WHERE project_id = ? AND record = '1'")
      .run(held.projectId);
    server.db
      .prepare("UPDATE log SET ts = '2020-01-02 12:30:00' WHERE project_id = ? AND record = '9'")
      .run(held.projectId);
    expect(
      (await log(held.token, { beginTime: '2020-01-01 00:00', endTime: '2020-01-01 23:59' })).map((e) => e.record),
    ).toEqual(['1']);
    expect(
      (await log(held.token, { beginTime: '2020-01-02 12:30', endTime: '2020-01-02 12:30' })).map((e) => e.timestamp),
    ).toEqual(['2020-01-02 12:30']);
    expect((await log(held.token, { endTime: '2020-01-03 00:00' })).map((e) => e.record)).toEqual(['9', '1']);
    expect((await log(held.token, { beginTime: '2020-01-03 00:00', logtype: 'record' })).map((e) => e.record)).toEqual([
      '2',
    ]);
  });

  it('answers in CSV and XML', async () => {
    const { token } = copy('simple');
    const csv = await call(server.url, { token, content: 'log', format: 'csv' });
    const parsed = parseCsv(csv.text);
    expect(parsed.header).toEqual(['timestamp', 'username', 'action', 'details', 'record']);
    expect(parsed.rows[0].details).toMatch(/^Create project \(API\)/);
    const xml = await call(server.url, { token, content: 'log', format: 'xml' });
    expect(xml.text).toMatch(
      /<item><timestamp><!\[CDATA\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}\]\]><\/timestamp><username><!\[CDATA\[admin\]\]><\/username><action><!\[CDATA\[Manage\/Design \]\]><\/action><details><!\[CDATA\[Create project \(API\)/,
    );
    const empty = await call(server.url, { token, content: 'log', format: 'csv', logtype: 'lock_record' });
    expect(empty.text).toBe('timestamp,username,action,details,record\n');
  });

  it('refuses unknown log types, malformed times and unknown groups', async () => {
    const { token } = copy('simple');
    const type = await call(server.url, { token, content: 'log', format: 'json', logtype: 'everything' });
    expect(type.status).toBe(400);
    expect(JSON.parse(type.text).error).toContain('The value of the parameter "logtype" is not valid');
    const time = await call(server.url, { token, content: 'log', format: 'csv', beginTime: '01/02/2020' });
    expect(time.text).toBe(
      'ERROR: The value of the parameter "beginTime" is not valid. It must be in the format YYYY-MM-DD HH:MM',
    );
    const dag = await call(server.url, { token, content: 'log', format: 'xml', dag: 'nowhere' });
    expect(dag.status).toBe(400);
  });

  it("shows a user in a DAG only its group's entries, and filters by DAG", async () => {
    const held = copy('dag');
    const a = groupId(held.projectId, 'daga');
    const siteA = issueApiToken(server.db, held.projectId, 'site_a', {
      groupId: a,
      rights: { api_export: 1, api_import: 1, logging: 1 },
    });
    // The administrator edits one record of each group; site A exports its records.
    await call(server.url, {
      token: held.token,
      content: 'record',
      action: 'import',
      format: 'json',
      data: '[{"record_id":"331-1","first_name":"x"},{"record_id":"332-3","first_name":"y"}]',
    });
    await call(server.url, { token: siteA, content: 'record', format: 'json' });
    const seen = await log(siteA);
    expect(seen.map((e) => [e.username, e.action, e.record])).toEqual([
      ['site_a', 'Data export ', ''],
      ['admin', 'Update record 331-1', '331-1'],
    ]);
    const byDag = await log(held.token, { dag: 'dagb' });
    expect(byDag.map((e) => e.record)).toEqual(['332-3']);
    // Asking for another group gives a DAG user nothing.
    expect(await log(siteA, { dag: 'dagb' })).toEqual([]);
    expect(await log(siteA, { record: '332-3' })).toEqual([]);
  });

  it('needs Logging privileges', async () => {
    const held = copy('simple');
    const token = issueApiToken(server.db, held.projectId, 'nolog', { rights: { api_export: 1 } });
    for (const format of ['json', 'csv', 'xml'] as const) {
      const r = await call(server.url, { token, content: 'log', format });
      expect(r.status).toBe(403);
      expect(r.text).toContain('You do not have Logging privileges');
    }
  });
});
