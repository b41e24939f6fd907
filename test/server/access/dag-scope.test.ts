import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/formats/csv.js';
import { parseOdm } from '../../../src/server/odm/parse-odm.js';
import type { HeldProject, RedcapServer } from '../../../src/server/redcap-server.js';
import { issueApiToken } from '../../../src/server/store/api-tokens.js';
import { call, callJson, fixtureFile, startServer } from '../../helpers/server.js';

type Row = Record<string, string | number>;

const SITE_RIGHTS = { api_export: 1, api_import: 1, record_create: 1, record_delete: 1, record_rename: 1, logging: 1 };

/**
 * A user in a DAG sees and touches only its group's records, through
 * every record method. The dag fixture: 331-1 and 331-2 in daga, 332-3
 * in dagb.
 */
describe('a user in a DAG, through every record method', () => {
  let server: RedcapServer;
  let copies = 0;
  const copy = () => server.addProject(parseOdm(fixtureFile('dag', 'project.xml')), `dag-scope:${copies++}`);
  const groupId = (held: HeldProject, name: string) =>
    (
      server.db
        .prepare('SELECT group_id FROM dags WHERE project_id = ? AND unique_name = ?')
        .get(held.projectId, name) as { group_id: number }
    ).group_id;
  const siteA = (held: HeldProject) =>
    issueApiToken(server.db, held.projectId, 'site_a', { groupId: groupId(held, 'daga'), rights: SITE_RIGHTS });
  const ids = async (token: string, params: Record<string, string | string[]> = {}) =>
    (await callJson<Row[]>(server.url, { token, content: 'record', fields: ['record_id'], ...params })).map(
      (r) => r.record_id,
    );

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('loads the dag fixture with its groups: the DAG column matches data.csv in every format', async () => {
    const held = copy();
    const expected = parseCsv(fixtureFile('dag', 'data.csv')).rows.map((r) => [
      r.record_id,
      r.redcap_data_access_group,
      r.first_name,
    ]);
    const csv = parseCsv(
      (await call(server.url, { token: held.token, content: 'record', format: 'csv', exportDataAccessGroups: 'true' }))
        .text,
    );
    expect(csv.header.slice(0, 2)).toEqual(['record_id', 'redcap_data_access_group']);
    expect(csv.rows.map((r) => [r.record_id, r.redcap_data_access_group, r.first_name])).toEqual(expected);
    const json = await callJson<Row[]>(server.url, {
      token: held.token,
      content: 'record',
      exportDataAccessGroups: 'true',
    });
    expect(json.map((r) => [r.record_id, r.redcap_data_access_group, r.first_name])).toEqual(expected);
    const xml = new XMLParser({ parseTagValue: false }).parse(
      (await call(server.url, { token: held.token, content: 'record', format: 'xml', exportDataAccessGroups: 'true' }))
        .text,
    );
    expect(xml.records.item.map((r: Row) => [r.record_id, r.redcap_data_access_group, r.first_name])).toEqual(expected);
  });

  it("exports only its group's records, in flat and EAV form, and never the DAG column", async () => {
    const held = copy();
    const token = siteA(held);
    expect(await ids(token)).toEqual(['331-1', '331-2']);
    expect(await ids(token, { records: ['331-1', '332-3'] })).toEqual(['331-1']);
    const withDag = await callJson<Row[]>(server.url, { token, content: 'record', exportDataAccessGroups: 'true' });
    expect(withDag.some((r) => 'redcap_data_access_group' in r)).toBe(false);
    const eav = await callJson<Row[]>(server.url, { token, content: 'record', type: 'eav' });
    expect(new Set(eav.map((r) => r.record))).toEqual(new Set(['331-1', '331-2']));
    for (const format of ['csv', 'xml'] as const) {
      const r = await call(server.url, { token, content: 'record', format });
      expect(r.text).toContain('331-2');
      expect(r.text).not.toContain('332-3');
    }
  });

  it("cannot reach another group's records through filterLogic", async () => {
    const held = copy();
    const token = siteA(held);
    expect(await ids(held.token, { filterLogic: "[last_name] = 'CC'" })).toEqual(['332-3']);
    expect(await ids(token, { filterLogic: "[last_name] = 'CC'" })).toEqual([]);
    expect(await ids(token, { filterLogic: "[last_name] <> ''" })).toEqual(['331-1', '331-2']);
    const xml = await call(server.url, { token, content: 'project_xml', filterLogic: "[last_name] <> ''" });
    expect(xml.text).toContain('SubjectKey="331-1"');
    expect(xml.text).not.toContain('332-3');
  });

  it("cannot import into, delete or rename another group's records, nor assign records to another group", async () => {
    const held = copy();
    const token = siteA(held);
    const imp = await call(server.url, {
      token,
      content: 'record',
      action: 'import',
      format: 'json',
      data: '[{"record_id":"332-3","first_name":"hijack"}]',
    });
    expect(imp.status).toBe(400);
    expect(JSON.parse(imp.text).error).toBe(
      '"332-3","record_id","332-3","This record belongs to a data access group you cannot access"',
    );
    const assign = await call(server.url, {
      token,
      content: 'record',
      action: 'import',
      format: 'csv',
      data: 'record_id,redcap_data_access_group\n331-1,dagb\n',
    });
    expect(assign.status).toBe(400);
    expect(assign.text).toContain('You are in a data access group and cannot assign records to another group');
    const del = await call(server.url, {
      token,
      content: 'record',
      action: 'delete',
      format: 'json',
      records: ['332-3'],
    });
    expect(JSON.parse(del.text).error).toBe(
      'One or more of the records provided cannot be deleted because they do not exist in the project. The following records do not exist: 332-3',
    );
    const ren = await call(server.url, {
      token,
      content: 'record',
      action: 'rename',
      format: 'xml',
      record: '332-3',
      new_record_name: 'mine',
    });
    expect(ren.status).toBe(400);
    expect(ren.text).toContain('The record "332-3" does not exist');
    const admin = await callJson<Row[]>(server.url, {
      token: held.token,
      content: 'record',
      records: ['332-3'],
      exportDataAccessGroups: 'true',
    });
    expect(admin).toEqual([
      expect.objectContaining({ record_id: '332-3', first_name: 'cc', redcap_data_access_group: 'dagb' }),
    ]);
    // Its own records it may change.
    expect(
      (
        await call(server.url, {
          token,
          content: 'record',
          action: 'rename',
          record: '331-2',
          new_record_name: '331-9',
        })
      ).text,
    ).toBe('1');
    expect(
      (await call(server.url, { token, content: 'record', action: 'delete', format: 'json', records: ['331-9'] })).text,
    ).toBe('1');
  });

  it('creates records in its own group with DAG-prefixed names, as REDCap numbers them', async () => {
    const held = copy();
    const token = siteA(held);
    const g = groupId(held, 'daga');
    const next = await call(server.url, { token, content: 'generateNextRecordName' });
    expect(next.text).toBe(`${g}-1`);
    const auto = await call(server.url, {
      token,
      content: 'record',
      action: 'import',
      format: 'json',
      forceAutoNumber: 'true',
      returnContent: 'auto_ids',
      data: '[{"record_id":"new","first_name":"n1"},{"record_id":"new2","first_name":"n2"}]',
    });
    expect(JSON.parse(auto.text)).toEqual([`${g}-1,new`, `${g}-2,new2`]);
    expect((await call(server.url, { token, content: 'generateNextRecordName' })).text).toBe(`${g}-3`);
    const plain = await call(server.url, {
      token,
      content: 'record',
      action: 'import',
      format: 'json',
      data: '[{"record_id":"site-made","first_name":"p"}]',
    });
    expect(plain.text).toBe('{"count":1}');
    const admin = await callJson<Row[]>(server.url, {
      token: held.token,
      content: 'record',
      fields: ['record_id'],
      exportDataAccessGroups: 'true',
    });
    const groupOf = Object.fromEntries(admin.map((r) => [r.record_id, r.redcap_data_access_group]));
    expect([groupOf[`${g}-1`], groupOf[`${g}-2`], groupOf['site-made']]).toEqual(['daga', 'daga', 'daga']);
    // A user in no group gets the next plain number.
    expect((await call(server.url, { token: held.token, content: 'generateNextRecordName' })).text).toBe('1');
  });

  it("exports project XML with only its group's records and no group assignments", async () => {
    const held = copy();
    const token = siteA(held);
    const xml = (await call(server.url, { token, content: 'project_xml', exportDataAccessGroups: 'true' })).text;
    expect(xml.match(/<SubjectData /g)?.length).toBe(2);
    expect(xml).not.toContain('332-3');
    expect(xml).not.toContain('<ItemData ItemOID="redcap_data_access_group"');
    const adminXml = (
      await call(server.url, { token: held.token, content: 'project_xml', exportDataAccessGroups: 'true' })
    ).text;
    expect(adminXml.match(/<SubjectData /g)?.length).toBe(3);
    expect(adminXml).toContain('<ItemData ItemOID="redcap_data_access_group" Value="daga"/>');
  });
});
