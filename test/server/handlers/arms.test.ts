import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/formats/csv.js';
import type { RedcapServer } from '../../../src/server/redcap-server.js';
import { issueApiToken } from '../../../src/server/store/api-tokens.js';
import { call, callJson, copyFixture, fixtureFile, startServer } from '../../helpers/server.js';

type Row = Record<string, string | number>;

describe('arms', () => {
  let server: RedcapServer;
  const copy = (fixture: string) => copyFixture(server, fixture);
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('exports the arms of the fixtures as their arm.csv says, in json, csv and xml', async () => {
    for (const fixture of ['longitudinal', 'arm-multiple-delete', 'arm-single-longitudinal']) {
      const { token } = copy(fixture);
      const expected = parseCsv(fixtureFile(fixture, 'arm.csv')).rows.map((r) => ({
        arm_num: Number(r.arm_num),
        name: r.name,
      }));
      const json = await callJson<Row[]>(server.url, { token, content: 'arm' });
      expect(json).toEqual(expected);
      const csv = await call(server.url, { token, content: 'arm', format: 'csv' });
      expect(csv.contentType).toContain('text/csv');
      expect(parseCsv(csv.text).rows).toEqual(expected.map((a) => ({ arm_num: String(a.arm_num), name: a.name })));
      const xml = await call(server.url, { token, content: 'arm', format: 'xml' });
      expect(
        xml.text.startsWith('<?xml version="1.0" encoding="UTF-8" ?>\n<arms>\n<item><arm_num><![CDATA[1]]></arm_num>'),
      ).toBe(true);
      expect(xml.text.match(/<item>/g)?.length).toBe(expected.length);
    }
  });

  it('filters by arms[] and refuses arms that are not in the project', async () => {
    const { token } = copy('longitudinal');
    expect(await callJson<Row[]>(server.url, { token, content: 'arm', arms: ['2'] })).toEqual([
      { arm_num: 2, name: 'Drug B' },
    ]);
    const bad = await call(server.url, { token, content: 'arm', format: 'json', arms: ['7'] });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error).toBe(`The following values in the parameter "arms" are not valid: '7'`);
  });

  it("refuses classic projects in REDCap's words, in every format", async () => {
    const { token } = copy('simple');
    const json = await call(server.url, { token, content: 'arm', format: 'json' });
    expect(json.status).toBe(400);
    expect(JSON.parse(json.text)).toEqual({ error: 'You cannot export arms for classic projects' });
    expect((await call(server.url, { token, content: 'arm', format: 'csv' })).text).toBe(
      'ERROR: You cannot export arms for classic projects',
    );
    expect((await call(server.url, { token, content: 'arm', format: 'xml' })).text).toContain(
      '<error>You cannot export arms for classic projects</error>',
    );
    const imp = await call(server.url, {
      token,
      content: 'arm',
      action: 'import',
      format: 'json',
      data: '[{"arm_num":1,"name":"A"}]',
    });
    expect(JSON.parse(imp.text).error).toBe('You cannot import arms for classic projects');
    const del = await call(server.url, { token, content: 'arm', action: 'delete', format: 'json', arms: ['1'] });
    expect(JSON.parse(del.text).error).toBe('You cannot delete arms for classic projects');
  });

  it('imports new arms (hidden until they have events) and renames arms, answering a count', async () => {
    const { token } = copy('longitudinal');
    const r = await call(server.url, {
      token,
      content: 'arm',
      action: 'import',
      format: 'json',
      data: JSON.stringify([
        { arm_num: 2, name: 'Placebo' },
        { arm_num: 3, name: 'Drug C' },
      ]),
    });
    expect(r.status).toBe(200);
    expect(r.text).toBe('2');
    expect(await callJson<Row[]>(server.url, { token, content: 'arm' })).toEqual([
      { arm_num: 1, name: 'Drug A' },
      { arm_num: 2, name: 'Placebo' },
    ]);
    await call(server.url, {
      token,
      content: 'event',
      action: 'import',
      format: 'json',
      data: JSON.stringify([{ event_name: 'Baseline', arm_num: 3 }]),
    });
    expect((await callJson<Row[]>(server.url, { token, content: 'arm' })).map((a) => a.name)).toEqual([
      'Drug A',
      'Placebo',
      'Drug C',
    ]);
    // The same import in csv and xml.
    const csv = await call(server.url, {
      token,
      content: 'arm',
      action: 'import',
      format: 'csv',
      data: 'arm_num,name\n3,"Drug C2"\n',
    });
    expect(csv.text).toBe('1');
    const xml = await call(server.url, {
      token,
      content: 'arm',
      action: 'import',
      format: 'xml',
      data: '<?xml version="1.0" encoding="UTF-8" ?><arms><item><arm_num>1</arm_num><name>Drug A1</name></item></arms>',
    });
    expect(xml.text).toBe('<?xml version="1.0" encoding="UTF-8" ?><count>1</count>');
    expect((await callJson<Row[]>(server.url, { token, content: 'arm' })).map((a) => a.name)).toEqual([
      'Drug A1',
      'Placebo',
      'Drug C2',
    ]);
    const log = server.db.prepare("SELECT action FROM log WHERE action LIKE '%arm (API)'").pluck().all() as string[];
    expect(log).toEqual(expect.arrayContaining(['Create arm (API)', 'Edit arm (API)']));
  });

  it('override=1 deletes the arms not listed, with their events and records', async () => {
    const { token } = copy('longitudinal');
    const before = await callJson<Row[]>(server.url, { token, content: 'record', fields: ['study_id'] });
    expect(before.some((r) => String(r.redcap_event_name).endsWith('_arm_2'))).toBe(true);
    const r = await call(server.url, {
      token,
      content: 'arm',
      action: 'import',
      format: 'json',
      override: 1,
      data: JSON.stringify([{ arm_num: 1, name: 'Only' }]),
    });
    expect(r.text).toBe('1');
    expect(await callJson<Row[]>(server.url, { token, content: 'arm' })).toEqual([{ arm_num: 1, name: 'Only' }]);
    const events = await callJson<Row[]>(server.url, { token, content: 'event' });
    expect(events.every((e) => e.arm_num === 1)).toBe(true);
    const after = await callJson<Row[]>(server.url, { token, content: 'record', fields: ['study_id'] });
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((row) => String(row.redcap_event_name).endsWith('_arm_1'))).toBe(true);
    // Overriding with only a new arm would leave no event: refused, nothing changed.
    const empty = await call(server.url, {
      token,
      content: 'arm',
      action: 'import',
      format: 'json',
      override: 1,
      data: JSON.stringify([{ arm_num: 5, name: 'New' }]),
    });
    expect(empty.status).toBe(400);
    expect(JSON.parse(empty.text).error).toContain('at least one event');
    expect((await callJson<Row[]>(server.url, { token, content: 'event' })).length).toBe(events.length);
  });

  it('deletes arms with their events and data, counting them', async () => {
    const { token } = copy('arm-multiple-delete');
    const records = async () =>
      new Set(
        (await callJson<Row[]>(server.url, { token, content: 'record', fields: ['record_id'] })).map(
          (r) => r.redcap_event_name,
        ),
      );
    expect(await records()).toEqual(new Set(['event_1_arm_1', 'event_1_arm_2', 'event_1_arm_3']));
    const r = await call(server.url, { token, content: 'arm', action: 'delete', format: 'json', arms: ['2'] });
    expect(r.status).toBe(200);
    expect(r.text).toBe('1');
    // A delete answers the bare number in every format, as PyCap's suites expect.
    const xml = await call(server.url, { token, content: 'arm', action: 'delete', returnFormat: 'xml', arms: ['3'] });
    expect(xml.text).toBe('1');
    expect(await callJson<Row[]>(server.url, { token, content: 'arm' })).toEqual([{ arm_num: 1, name: 'Arm 1' }]);
    expect(await records()).toEqual(new Set(['event_1_arm_1']));
    const bad = await call(server.url, { token, content: 'arm', action: 'delete', format: 'csv', arms: ['9'] });
    expect(bad.text).toBe(`ERROR: The following values in the parameter "arms" are not valid: '9'`);
    const last = await call(server.url, { token, content: 'arm', action: 'delete', format: 'json', arms: ['1'] });
    expect(last.status).toBe(400);
    const missing = await call(server.url, { token, content: 'arm', action: 'delete', format: 'json' });
    expect(JSON.parse(missing.text).error).toBe('The parameter "arms" is missing');
    expect(
      server.db.prepare("SELECT COUNT(*) FROM log WHERE action = 'Delete arm (API)'").pluck().get(),
    ).toBeGreaterThanOrEqual(2);
  });

  it('refuses deleting and overriding arms in production', async () => {
    const held = copy('arm-multiple-delete');
    const info = JSON.parse(
      server.db.prepare('SELECT info_json FROM projects WHERE project_id = ?').pluck().get(held.projectId) as string,
    );
    server.db
      .prepare('UPDATE projects SET info_json = ?, structure_version = structure_version + 1 WHERE project_id = ?')
      .run(JSON.stringify({ ...info, in_production: 1 }), held.projectId);
    const del = await call(server.url, {
      token: held.token,
      content: 'arm',
      action: 'delete',
      format: 'json',
      arms: ['3'],
    });
    expect(del.status).toBe(400);
    expect(JSON.parse(del.text).error).toBe('Deleting arms is only allowed while the project is in development status');
    const ok = await call(server.url, {
      token: held.token,
      content: 'arm',
      action: 'import',
      format: 'json',
      data: '[{"arm_num":3,"name":"Three"}]',
    });
    expect(ok.text).toBe('1');
  });

  it('needs api_export to export and design plus api_import to change', async () => {
    const held = copy('longitudinal');
    const none = issueApiToken(server.db, held.projectId, 'nobody', { rights: {} });
    const exp = await call(server.url, { token: none, content: 'arm', format: 'json' });
    expect(exp.status).toBe(403);
    expect(JSON.parse(exp.text).error).toBe('You do not have API Export privileges');
    const importer = issueApiToken(server.db, held.projectId, 'importer', { rights: { api_export: 1, api_import: 1 } });
    for (const action of ['import', 'delete']) {
      const r = await call(server.url, {
        token: importer,
        content: 'arm',
        action,
        format: 'json',
        data: '[{"arm_num":1,"name":"X"}]',
        arms: ['1'],
      });
      expect(r.status).toBe(403);
      expect(JSON.parse(r.text).error).toBe('You do not have Project Setup/Design privileges');
    }
    const designer = issueApiToken(server.db, held.projectId, 'designer', { rights: { design: 1 } });
    const r = await call(server.url, {
      token: designer,
      content: 'arm',
      action: 'import',
      format: 'json',
      data: '[{"arm_num":1,"name":"X"}]',
    });
    expect(JSON.parse(r.text).error).toBe('You do not have API Import/Update privileges');
  });

  it('refuses badly formed arm imports', async () => {
    const { token } = copy('longitudinal');
    const cases: [string, string][] = [
      [
        '[{"arm_num":"x","name":"A"}]',
        `The value 'x' of "arm_num" on row 1 is not a valid number (a whole number of 1 or more is expected)`,
      ],
      ['[{"arm_num":1}]', 'The arm name on row 1 (arm_num 1) is missing'],
      ['[{"arm_num":1,"name":"A"},{"arm_num":1,"name":"B"}]', 'The arm_num 1 appears more than once in the data'],
      ['[]', 'No arms were provided in the "data" parameter'],
    ];
    for (const [data, message] of cases) {
      const r = await call(server.url, { token, content: 'arm', action: 'import', format: 'json', data });
      expect(r.status).toBe(400);
      expect(JSON.parse(r.text).error).toBe(message);
    }
  });
});
