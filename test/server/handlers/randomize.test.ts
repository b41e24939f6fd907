import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedcapServer } from '../../../src/server/redcap-server.js';
import { issueApiToken } from '../../../src/server/store/api-tokens.js';
import { defineRandomization } from '../../../src/server/store/randomization.js';
import { call, callJson, copyFixture, startServer } from '../../helpers/server.js';

type Row = Record<string, string | number>;

describe('content=record, action=randomize', () => {
  let server: RedcapServer;
  const copy = (fixture: string) => copyFixture(server, fixture);
  const randomize = (token: string, record: string, id: number | string, extra: Record<string, string> = {}) =>
    call(server.url, {
      token,
      content: 'record',
      action: 'randomize',
      format: 'json',
      record,
      randomization_id: id,
      ...extra,
    });
  const errorOf = async (r: Promise<{ status: number; text: string }>) => {
    const reply = await r;
    expect(reply.status).not.toBe(200);
    return JSON.parse(reply.text).error as string;
  };

  /** The simple project with three new records and ethnicity randomized, stratified by sex. */
  async function trial() {
    const held = copy('simple');
    await call(server.url, {
      token: held.token,
      content: 'record',
      action: 'import',
      format: 'json',
      data: JSON.stringify([
        { record_id: '10', sex: '0' },
        { record_id: '11', sex: '1' },
        { record_id: '12', sex: '1' },
        { record_id: '13' },
      ]),
    });
    const id = defineRandomization(server.db, held.projectId, {
      targetField: 'ethnicity',
      strata: [{ field: 'sex' }],
      allocations: [
        { target: '1', alt: 'KIT-A1', strata: { sex: '0' } },
        { target: '2', alt: 'KIT-A2', strata: { sex: '0' } },
        { target: '2', alt: 'KIT-B1', strata: { sex: '1' } },
      ],
    });
    return { ...held, id };
  }

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('refuses a project without randomization', async () => {
    const { token } = copy('simple');
    expect(await errorOf(randomize(token, '1', 1))).toBe(
      'Randomization is not set up in this project: it has no allocation table',
    );
  });

  it("allocates the first unused row of the record's stratum and writes the target field", async () => {
    const t = await trial();
    const r = await randomize(t.token, '10', t.id);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toEqual({ randomization_id: t.id, record: '10', target_field: '1' });
    const alt = await randomize(t.token, '11', t.id, { returnAlt: 'true' });
    expect(JSON.parse(alt.text)).toEqual({
      randomization_id: t.id,
      record: '11',
      target_field: '2',
      target_field_alt: 'KIT-B1',
    });
    const rows = await callJson<Row[]>(server.url, {
      token: t.token,
      content: 'record',
      records: ['10', '11'],
      fields: ['record_id', 'ethnicity', 'race_and_ethnicity_complete'],
    });
    expect(rows).toEqual([
      { record_id: '10', ethnicity: '1', race_and_ethnicity_complete: '0' },
      { record_id: '11', ethnicity: '2', race_and_ethnicity_complete: '0' },
    ]);
    const info = await callJson<{ randomization_enabled: number }>(server.url, { token: t.token, content: 'project' });
    expect(info.randomization_enabled).toBe(1);
    const log = await callJson<{ action: string; record: string; details: string }[]>(server.url, {
      token: t.token,
      content: 'log',
      logtype: 'record_edit',
    });
    expect(log[0]).toMatchObject({
      action: 'Update record 11',
      record: '11',
      details: `randomization_id = ${t.id}, ethnicity = '2'`,
    });
  });

  it('answers in CSV and XML too', async () => {
    const t = await trial();
    const csv = await call(server.url, {
      token: t.token,
      content: 'record',
      action: 'randomize',
      format: 'csv',
      record: '10',
      randomization_id: t.id,
      returnAlt: 'true',
    });
    expect(csv.text).toBe(`randomization_id,record,target_field,target_field_alt\n${t.id},10,1,KIT-A1\n`);
    const xml = await call(server.url, {
      token: t.token,
      content: 'record',
      action: 'randomize',
      format: 'xml',
      record: '11',
      randomization_id: t.id,
    });
    expect(xml.text).toContain(
      `<item><randomization_id><![CDATA[${t.id}]]></randomization_id><record><![CDATA[11]]></record><target_field><![CDATA[2]]></target_field></item>`,
    );
  });

  it('refuses a record randomized before, a stratum with nothing left, a blank stratum, unknown ids and records', async () => {
    const t = await trial();
    await randomize(t.token, '11', t.id);
    expect(await errorOf(randomize(t.token, '11', t.id))).toBe(
      `The record "11" has already been randomized (randomization_id ${t.id})`,
    );
    expect(await errorOf(randomize(t.token, '12', t.id))).toBe(
      `The record "12" cannot be randomized: the allocation table of randomization ${t.id} has no unused allocation left for sex = 1`,
    );
    expect(await errorOf(randomize(t.token, '13', t.id))).toBe(
      'The record "13" cannot be randomized: its stratification field "sex" has no value',
    );
    expect(await errorOf(randomize(t.token, '404', t.id))).toBe('The record "404" does not exist');
    expect(await errorOf(randomize(t.token, '10', 999))).toBe(
      `The randomization_id "999" is not a randomization of this project (it has: ${t.id})`,
    );
    expect(await errorOf(randomize(t.token, '10', ''))).toBe('The parameter "randomization_id" is missing');
    expect(await errorOf(randomize(t.token, '', t.id))).toBe('The parameter "record" is missing');
    // Nothing was written for the refused records.
    const rows = await callJson<Row[]>(server.url, {
      token: t.token,
      content: 'record',
      records: ['12', '13'],
      fields: ['record_id', 'ethnicity'],
    });
    expect(rows.map((r) => r.ethnicity)).toEqual(['', '']);
  });

  it('needs Randomize and API Import privileges', async () => {
    const t = await trial();
    const noRandom = issueApiToken(server.db, t.projectId, 'no_random', { rights: { api_export: 1, api_import: 1 } });
    const noImport = issueApiToken(server.db, t.projectId, 'no_import', {
      rights: { api_export: 1, random_perform: 1 },
    });
    for (const format of ['json', 'csv', 'xml'] as const) {
      const r = await call(server.url, {
        token: noRandom,
        content: 'record',
        action: 'randomize',
        format,
        record: '10',
        randomization_id: t.id,
      });
      expect(r.status).toBe(403);
      expect(r.text).toContain('You do not have Randomize privileges');
    }
    expect(await errorOf(randomize(noImport, '10', t.id))).toBe('You do not have API Import/Update privileges');
  });

  it("stratifies by DAG and keeps a DAG user to its group's records", async () => {
    const held = copy('dag');
    const id = defineRandomization(server.db, held.projectId, {
      targetField: 'race',
      byGroup: true,
      allocations: [
        { target: '4', group: 'daga' },
        { target: '1', group: 'dagb' },
      ],
    });
    const a = (
      server.db
        .prepare("SELECT group_id FROM dags WHERE project_id = ? AND unique_name = 'daga'")
        .get(held.projectId) as { group_id: number }
    ).group_id;
    const siteA = issueApiToken(server.db, held.projectId, 'site_a', {
      groupId: a,
      rights: { api_export: 1, api_import: 1, random_perform: 1 },
    });
    expect(await errorOf(randomize(siteA, '332-3', id))).toBe('The record "332-3" does not exist');
    expect(JSON.parse((await randomize(siteA, '331-1', id)).text).target_field).toBe('4');
    expect(await errorOf(randomize(siteA, '331-2', id))).toBe(
      `The record "331-2" cannot be randomized: the allocation table of randomization ${id} has no unused allocation left for data access group = daga`,
    );
    expect(JSON.parse((await randomize(held.token, '332-3', id)).text).target_field).toBe('1');
  });

  it('checks the allocation table against the project', async () => {
    const held = copy('simple');
    expect(() =>
      defineRandomization(server.db, held.projectId, { targetField: 'name_first', allocations: [{ target: 'x' }] }),
    ).toThrow('The randomization target "name_first" must be a radio or dropdown field of the project');
    expect(() =>
      defineRandomization(server.db, held.projectId, { targetField: 'sex', allocations: [{ target: '7' }] }),
    ).toThrow('allocation row 1: "7" is not a code of the target field "sex"');
    expect(() =>
      defineRandomization(server.db, held.projectId, {
        targetField: 'sex',
        strata: [{ field: 'race' }],
        allocations: [{ target: '1' }],
      }),
    ).toThrow('The stratification field "race" must be a single-choice field');
    expect(() => defineRandomization(server.db, held.projectId, { targetField: 'sex', allocations: [] })).toThrow(
      'The allocation table is empty',
    );
    const long = copy('longitudinal');
    expect(() =>
      defineRandomization(server.db, long.projectId, { targetField: 'sex', allocations: [{ target: '1' }] }),
    ).toThrow('The target field needs an event in a longitudinal project');
  });

  it('writes the target field into its event in a longitudinal project', async () => {
    const long = copy('longitudinal');
    const id = defineRandomization(server.db, long.projectId, {
      targetField: 'sex',
      targetEvent: 'enrollment_arm_1',
      allocations: [{ target: '0' }],
    });
    const before = await callJson<Row[]>(server.url, {
      token: long.token,
      content: 'record',
      records: ['100'],
      fields: ['study_id', 'sex'],
    });
    const r = await randomize(long.token, '100', id);
    expect(JSON.parse(r.text).target_field).toBe('0');
    const after = await callJson<Row[]>(server.url, {
      token: long.token,
      content: 'record',
      records: ['100'],
      fields: ['study_id', 'sex'],
    });
    expect(after.find((x) => x.redcap_event_name === 'enrollment_arm_1')!.sex).toBe('0');
    expect(after.filter((x) => x.redcap_event_name !== 'enrollment_arm_1')).toEqual(
      before.filter((x) => x.redcap_event_name !== 'enrollment_arm_1'),
    );
  });
});
