import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedcapServer } from '../../../src/server/redcap-server.js';
import { SUPER_TOKEN, call, callJson, copyFixture, fixtureFile, startServer } from '../../helpers/server.js';

/**
 * What real clients expect of a REDCap server, found by running PyCap's
 * live-server suites against this one (`npm run conformance`), checked
 * here without PyCap. Each behaviour's evidence is in the code comment
 * next to it.
 */
describe('answers as real clients expect them', () => {
  let server: RedcapServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });
  type Row = Record<string, string>;

  it('imports when data is sent without an action, and exports otherwise', async () => {
    const { token } = copyFixture(server, 'simple');
    const imported = await call(server.url, {
      token,
      content: 'record',
      format: 'json',
      data: '[{"record_id":"77","name_first":"Sent"}]',
    });
    expect(JSON.parse(imported.text)).toEqual({ count: 1 });
    const rows = await callJson<Row[]>(server.url, {
      token,
      content: 'record',
      records: ['77'],
      fields: ['record_id', 'name_first'],
    });
    expect(rows).toEqual([{ record_id: '77', name_first: 'Sent' }]);
    const users = await call(server.url, {
      token,
      content: 'user',
      format: 'json',
      returnFormat: 'csv',
      data: '[{"username":"sent_user"}]',
    });
    expect(users.text).toBe('1');
  });

  it('answers imports in returnFormat and deletes with a bare number', async () => {
    const { token } = copyFixture(server, 'simple');
    const csvBody = 'record_id\n91\n92\n93\n';
    const csv = await call(server.url, { token, content: 'record', format: 'csv', returnFormat: 'csv', data: csvBody });
    expect(csv.text).toBe('3');
    const xml = await call(server.url, { token, content: 'record', format: 'csv', returnFormat: 'xml', data: csvBody });
    expect(xml.text).toBe('<?xml version="1.0" encoding="UTF-8" ?><count>3</count>');
    for (const returnFormat of ['json', 'csv', 'xml']) {
      await call(server.url, { token, content: 'record', format: 'csv', data: csvBody });
      const deleted = await call(server.url, {
        token,
        content: 'record',
        action: 'delete',
        returnFormat,
        records: ['91', '92', '93'],
      });
      expect([returnFormat, deleted.text]).toEqual([returnFormat, '3']);
    }
  });

  it('creates a project from XML attributes held by a lone <item>', async () => {
    const created = await call(server.url, {
      token: SUPER_TOKEN,
      content: 'project',
      format: 'xml',
      odm: fixtureFile('simple', 'project.xml'),
      data: '<?xml version="1.0" encoding="UTF-8" ?><item><project_title>Lone item</project_title><purpose>0</purpose></item>',
    });
    expect(created.text).toMatch(/^[0-9A-F]{32}$/);
    const info = await callJson<{ project_title: string }>(server.url, { token: created.text, content: 'project' });
    expect(info.project_title).toBe('Lone item');
  });

  it('refuses CSV with an unterminated quote or a ragged row as a whole', async () => {
    const { token } = copyFixture(server, 'simple');
    const before = (await call(server.url, { token, content: 'record', format: 'csv' })).text;
    for (const data of ['record_id,name_first\n"907,5', 'record_id,name_first\n908,a\n909,b,c\n']) {
      const r = await call(server.url, { token, content: 'record', format: 'csv', data });
      expect(r.status).toBe(400);
      expect(
        JSON.parse(
          (await call(server.url, { token, content: 'record', format: 'csv', returnFormat: 'json', data })).text,
        ).error,
      ).toMatch(/^The data being imported is not formatted correctly/);
    }
    expect((await call(server.url, { token, content: 'record', format: 'csv' })).text).toBe(before);
  });

  it('puts rows without redcap_event_name in the first event, and keeps other events when one is deleted', async () => {
    const { token } = copyFixture(server, 'longitudinal');
    const events = await callJson<{ unique_event_name: string }[]>(server.url, { token, content: 'event' });
    const [first, second] = events.map((e) => e.unique_event_name);
    expect(
      JSON.parse(
        (await call(server.url, { token, content: 'record', format: 'json', data: '[{"study_id":"500"}]' })).text,
      ),
    ).toEqual({ count: 1 });
    const keys = JSON.stringify([
      { study_id: '500', redcap_event_name: first },
      { study_id: '500', redcap_event_name: second },
    ]);
    await call(server.url, { token, content: 'record', format: 'json', data: keys });
    const rows = async () =>
      (await callJson<Row[]>(server.url, { token, content: 'record', records: ['500'], fields: ['study_id'] })).map(
        (r) => r.redcap_event_name,
      );
    expect(await rows()).toEqual([first, second]);
    expect(
      (await call(server.url, { token, content: 'record', action: 'delete', records: ['500'], event: second })).text,
    ).toBe('1');
    expect(await rows()).toEqual([first]);
  });

  it('labels events without their arm in a one-arm project', async () => {
    const { token } = copyFixture(server, 'arm-single-longitudinal');
    const events = await callJson<{ event_name: string }[]>(server.url, { token, content: 'event' });
    const labels = new Set(
      (await callJson<Row[]>(server.url, { token, content: 'record', rawOrLabel: 'label' })).map(
        (r) => r.redcap_event_name,
      ),
    );
    expect([...labels].every((l) => events.some((e) => e.event_name === l))).toBe(true);
    const two = copyFixture(server, 'longitudinal').token;
    const twoArms = (await callJson<Row[]>(server.url, { token: two, content: 'record', rawOrLabel: 'label' })).map(
      (r) => r.redcap_event_name,
    );
    expect(twoArms[0]).toMatch(/ \(Arm \d+: .+\)$/);
  });

  it('names the charset of text files and leaves file fields out of exportFieldNames', async () => {
    const { token } = copyFixture(server, 'simple');
    const names = await callJson<Row[]>(server.url, { token, content: 'exportFieldNames' });
    expect(names.some((n) => n.original_field_name === 'mugshot')).toBe(false);
    expect(names.some((n) => n.original_field_name === 'bmi')).toBe(true);
    const upload = new FormData();
    for (const [k, v] of Object.entries({ token, content: 'file', action: 'import', record: '1', field: 'mugshot' }))
      upload.append(k, v);
    upload.append('file', new Blob(['hello'], { type: 'text/plain' }), 'note.txt');
    expect((await fetch(server.url, { method: 'POST', body: upload })).status).toBe(200);
    const file = await fetch(server.url, {
      method: 'POST',
      body: new URLSearchParams({ token, content: 'file', action: 'export', record: '1', field: 'mugshot' }),
    });
    expect(file.headers.get('content-type')).toBe('text/plain; name="note.txt"; charset=UTF-8');
  });

  it("logs in REDCap's shape, newest first, the creation after what the project was made of", async () => {
    const { token } = copyFixture(server, 'simple');
    await call(server.url, {
      token,
      content: 'record',
      format: 'json',
      data: '[{"record_id":"1","name_first":"Changed"}]',
    });
    const log = await callJson<{ action: string; details: string; record: string }[]>(server.url, {
      token,
      content: 'log',
    });
    expect(log[0]).toMatchObject({ action: 'Update record 1', record: '1' });
    expect(log[0].details).toContain("name_first = 'Changed'");
    expect(log.slice(-2).map((e) => e.action)).toEqual(['Manage/Design ', 'Manage/Design ']);
    expect(log.at(-2)!.details).toMatch(/^Create project \(API\)/);
    const manage = await callJson<{ action: string }[]>(server.url, { token, content: 'log', logtype: 'manage' });
    expect(manage.at(-1)!.action.toLowerCase()).toContain('manage/design');
  });
});
