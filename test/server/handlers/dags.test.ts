import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedcapServer } from '../../../src/server/redcap-server.js';
import { issueApiToken } from '../../../src/server/store/api-tokens.js';
import { assignUserDags } from '../../../src/server/store/dag-assignments.js';
import { call, callJson, copyFixture, groupIdOf, startServer } from '../../helpers/server.js';

type Dag = { data_access_group_name: string; unique_group_name: string; data_access_group_id: number };
type Row = Record<string, string | number>;

describe('content=dag, content=userDagMapping, DAG switch', () => {
  let server: RedcapServer;
  const copy = (fixture: string) => copyFixture(server, fixture);
  const dags = (token: string) => callJson<Dag[]>(server.url, { token, content: 'dag' });
  const groupId = (projectId: number, name: string) => groupIdOf(server, projectId, name);

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("exports the dag fixture's groups in JSON, CSV and XML", async () => {
    const held = copy('dag');
    const a = groupId(held.projectId, 'daga');
    const b = groupId(held.projectId, 'dagb');
    // <redcap:DataAccessGroups group_name="dag-a"/>: REDCap's export of the records names it daga.
    expect(await dags(held.token)).toEqual([
      { data_access_group_name: 'dag-a', unique_group_name: 'daga', data_access_group_id: a },
      { data_access_group_name: 'dag-b', unique_group_name: 'dagb', data_access_group_id: b },
    ]);
    const csv = await call(server.url, { token: held.token, content: 'dag', format: 'csv' });
    expect(csv.text).toBe(
      `data_access_group_name,unique_group_name,data_access_group_id\ndag-a,daga,${a}\ndag-b,dagb,${b}\n`,
    );
    const xml = await call(server.url, { token: held.token, content: 'dag', format: 'xml' });
    expect(xml.text).toContain(
      `<item><data_access_group_name><![CDATA[dag-a]]></data_access_group_name><unique_group_name><![CDATA[daga]]></unique_group_name><data_access_group_id><![CDATA[${a}]]></data_access_group_id></item>`,
    );
  });

  it("creates groups with REDCap's unique names and renames them, in every format", async () => {
    const held = copy('dag');
    const json = await call(server.url, {
      token: held.token,
      content: 'dag',
      action: 'import',
      format: 'json',
      data: '[{"data_access_group_name":"New DAG","unique_group_name":""}]',
    });
    expect(json.text).toBe('1');
    const csv = await call(server.url, {
      token: held.token,
      content: 'dag',
      action: 'import',
      format: 'csv',
      data: 'data_access_group_name,unique_group_name\n"New DAG",\nSite #3 (North),\n',
    });
    expect(csv.text).toBe('2');
    const xml = await call(server.url, {
      token: held.token,
      content: 'dag',
      action: 'import',
      format: 'xml',
      data: '<?xml version="1.0" encoding="UTF-8" ?><records><item><data_access_group_name>Site A</data_access_group_name><unique_group_name>daga</unique_group_name></item></records>',
    });
    expect(xml.text).toContain('<count>1</count>');
    const list = await dags(held.token);
    expect(list.map((d) => [d.data_access_group_name, d.unique_group_name])).toEqual([
      ['Site A', 'daga'],
      ['dag-b', 'dagb'],
      ['New DAG', 'new_dag'],
      ['New DAG', 'new_dag_2'],
      ['Site #3 (North)', 'site_3_north'],
    ]);
    // The renamed group keeps its records.
    const rows = await callJson<Row[]>(server.url, {
      token: held.token,
      content: 'record',
      exportDataAccessGroups: true,
      fields: ['record_id'],
    });
    expect(rows.filter((r) => r.redcap_data_access_group === 'daga').length).toBe(2);
  });

  it('refuses blank labels and unknown unique names', async () => {
    const held = copy('dag');
    const blank = await call(server.url, {
      token: held.token,
      content: 'dag',
      action: 'import',
      format: 'json',
      data: '[{"data_access_group_name":" "}]',
    });
    expect(JSON.parse(blank.text).error).toBe('The data_access_group_name is missing in item 1 of the data');
    const unknown = await call(server.url, {
      token: held.token,
      content: 'dag',
      action: 'import',
      format: 'json',
      data: '[{"data_access_group_name":"X","unique_group_name":"dagz"}]',
    });
    expect(JSON.parse(unknown.text).error).toBe('The data access group "dagz" does not exist in this project');
  });

  it('deletes empty groups only', async () => {
    const held = copy('dag');
    await call(server.url, {
      token: held.token,
      content: 'dag',
      action: 'import',
      format: 'json',
      data: '[{"data_access_group_name":"Empty"}]',
    });
    const withRecords = await call(server.url, {
      token: held.token,
      content: 'dag',
      action: 'delete',
      format: 'json',
      dags: ['daga'],
    });
    expect(withRecords.status).toBe(400);
    expect(JSON.parse(withRecords.text).error).toBe(
      'The data access group "daga" cannot be deleted because 2 records are assigned to it',
    );
    const r = await call(server.url, {
      token: held.token,
      content: 'dag',
      action: 'delete',
      format: 'csv',
      dags: ['empty'],
    });
    expect(r.text).toBe('1');
    expect((await dags(held.token)).map((d) => d.unique_group_name)).toEqual(['daga', 'dagb']);
    const again = await call(server.url, {
      token: held.token,
      content: 'dag',
      action: 'delete',
      format: 'xml',
      dags: ['empty'],
    });
    expect(again.status).toBe(400);
    expect(again.text).toContain('<error>The data access group "empty" does not exist in this project</error>');
  });

  it('maps users to groups and exports the mapping in every format', async () => {
    const held = copy('dag');
    issueApiToken(server.db, held.projectId, 'site_user', { rights: { api_export: 1 } });
    const r = await call(server.url, {
      token: held.token,
      content: 'userDagMapping',
      action: 'import',
      format: 'csv',
      data: 'username,redcap_data_access_group\nsite_user,dagb\n',
    });
    expect(r.text).toBe('1');
    expect(await callJson<Row[]>(server.url, { token: held.token, content: 'userDagMapping' })).toEqual([
      // Users in a group first, as REDCap lists them.
      { username: 'site_user', redcap_data_access_group: 'dagb' },
      { username: 'admin', redcap_data_access_group: '' },
    ]);
    expect((await call(server.url, { token: held.token, content: 'userDagMapping', format: 'csv' })).text).toBe(
      'username,redcap_data_access_group\nsite_user,dagb\nadmin,\n',
    );
    expect((await call(server.url, { token: held.token, content: 'userDagMapping', format: 'xml' })).text).toContain(
      '<item><username><![CDATA[site_user]]></username><redcap_data_access_group><![CDATA[dagb]]></redcap_data_access_group></item>',
    );
    const xmlImport = await call(server.url, {
      token: held.token,
      content: 'userDagMapping',
      action: 'import',
      format: 'xml',
      data: '<records><item><username>site_user</username><redcap_data_access_group></redcap_data_access_group></item></records>',
    });
    expect(xmlImport.text).toContain('<count>1</count>');
    expect(
      (await callJson<Row[]>(server.url, { token: held.token, content: 'userDagMapping' }))[1].redcap_data_access_group,
    ).toBe('');
    const bad = await call(server.url, {
      token: held.token,
      content: 'userDagMapping',
      action: 'import',
      format: 'json',
      data: '[{"username":"site_user","redcap_data_access_group":"dagq"}]',
    });
    expect(JSON.parse(bad.text).error).toBe('The data access group "dagq" does not exist in this project');
  });

  it('switches the caller among the groups it was assigned to, and its records follow', async () => {
    const held = copy('dag');
    const token = issueApiToken(server.db, held.projectId, 'traveller', { rights: { api_export: 1 } });
    const ids = async () =>
      (await callJson<Row[]>(server.url, { token, content: 'record', fields: ['record_id'] })).map((r) => r.record_id);
    const refused = await call(server.url, { token, content: 'dag', action: 'switch', format: 'json', dag: 'daga' });
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text).error).toBe(
      'You are not assigned to the data access group "daga", so you cannot switch to it',
    );
    for (const dag of ['daga', 'dagb']) {
      await call(server.url, {
        token: held.token,
        content: 'userDagMapping',
        action: 'import',
        format: 'json',
        data: JSON.stringify([{ username: 'traveller', redcap_data_access_group: dag }]),
      });
    }
    expect(await ids()).toEqual(['332-3']);
    const r = await call(server.url, { token, content: 'dag', action: 'switch', format: 'json', dag: 'daga' });
    expect(r.status).toBe(200);
    expect(r.text).toBe('1');
    expect(await ids()).toEqual(['331-1', '331-2']);
    const unknown = await call(server.url, { token, content: 'dag', action: 'switch', format: 'csv', dag: 'nope' });
    expect(unknown.text).toBe('ERROR: The data access group "nope" does not exist in this project');
    const missing = await call(server.url, { token, content: 'dag', action: 'switch', format: 'xml' });
    expect(missing.text).toContain('The parameter "dag" is missing');
  });

  it('assigns several groups at once for switching (assignUserDags)', async () => {
    const held = copy('dag');
    const token = issueApiToken(server.db, held.projectId, 'multi', { rights: { api_export: 1 } });
    assignUserDags(server.db, held.projectId, 'multi', ['dagb', 'daga']);
    const ids = async () =>
      (await callJson<Row[]>(server.url, { token, content: 'record', fields: ['record_id'] })).map((r) => r.record_id);
    expect(await ids()).toEqual(['332-3']);
    expect((await call(server.url, { token, content: 'dag', action: 'switch', dag: 'daga' })).text).toBe('1');
    expect(await ids()).toEqual(['331-1', '331-2']);
    expect(() => assignUserDags(server.db, held.projectId, 'multi', ['nope'])).toThrow(
      'Unknown data access group "nope"',
    );
  });

  it('needs Data Access Groups privileges, and is closed to users in a group', async () => {
    const held = copy('dag');
    const plain = issueApiToken(server.db, held.projectId, 'plain', { rights: { api_export: 1, api_import: 1 } });
    const member = issueApiToken(server.db, held.projectId, 'member', {
      groupId: groupId(held.projectId, 'daga'),
      rights: { api_export: 1, api_import: 1, data_access_groups: 1 },
    });
    const attempts = [
      { content: 'dag' },
      { content: 'dag', action: 'import', data: '[{"data_access_group_name":"x"}]' },
      { content: 'dag', action: 'delete', dags: ['dagb'] },
      { content: 'userDagMapping' },
      { content: 'userDagMapping', action: 'import', data: '[{"username":"plain","redcap_data_access_group":""}]' },
    ];
    for (const a of attempts) {
      const r = await call(server.url, { token: plain, format: 'json', ...a });
      expect(r.status).toBe(403);
      expect(JSON.parse(r.text).error).toBe('You do not have Data Access Groups privileges');
      const m = await call(server.url, { token: member, format: 'json', ...a });
      expect(m.status).toBe(403);
      expect(JSON.parse(m.text).error).toContain('You are in a data access group');
    }
    expect((await dags(held.token)).length).toBe(2);
  });

  it('logs group changes', async () => {
    const held = copy('dag');
    await call(server.url, {
      token: held.token,
      content: 'dag',
      action: 'import',
      format: 'json',
      data: '[{"data_access_group_name":"Logged"}]',
    });
    await call(server.url, { token: held.token, content: 'dag', action: 'delete', format: 'json', dags: ['logged'] });
    const log = await callJson<{ action: string; details: string }[]>(server.url, {
      token: held.token,
      content: 'log',
      logtype: 'manage',
    });
    // REDCap's shape: the kind of event in action, what was done in details.
    expect(log.slice(0, 2).map((l) => l.action)).toEqual(['Manage/Design ', 'Manage/Design ']);
    expect(log.slice(0, 2).map((l) => l.details)).toEqual([
      "Delete data access group (API): 'Logged' (logged)",
      "Create data access group (API): 'Logged' (logged)",
    ]);
  });
});
