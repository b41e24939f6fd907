import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/formats/csv.js';
import { parseOdm } from '../../../src/server/odm/parse-odm.js';
import type { RedcapServer } from '../../../src/server/redcap-server.js';
import { issueApiToken } from '../../../src/server/store/api-tokens.js';
import { call, callJson, copyFixture, fixtureFile, startServer } from '../../helpers/server.js';

type Row = Record<string, string | number>;

describe('form-event mappings', () => {
  let server: RedcapServer;
  const copy = (fixture: string) => copyFixture(server, fixture);
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('exports the designations of the project XML, in json, csv and xml', async () => {
    for (const fixture of ['longitudinal', 'arm-multiple-delete', 'arm-single-longitudinal']) {
      const def = parseOdm(fixtureFile(fixture, 'project.xml'));
      const { token } = copy(fixture);
      const json = await callJson<Row[]>(server.url, { token, content: 'formEventMapping' });
      const key = (m: object) => {
        const r = m as Row;
        return `${r.arm_num}/${r.unique_event_name}/${r.form}`;
      };
      expect(json.map(key).sort()).toEqual(def.mappings.map(key).sort());
      expect(json.every((m) => typeof m.arm_num === 'number')).toBe(true);
      const csv = parseCsv((await call(server.url, { token, content: 'formEventMapping', format: 'csv' })).text);
      expect(csv.header).toEqual(['arm_num', 'unique_event_name', 'form']);
      expect(csv.rows.length).toBe(json.length);
      const xml = (await call(server.url, { token, content: 'formEventMapping', format: 'xml' })).text;
      expect(xml.match(/<item><arm_num>/g)?.length).toBe(json.length);
    }
  });

  it('filters by arms[]', async () => {
    const { token } = copy('longitudinal');
    const arm2 = await callJson<Row[]>(server.url, { token, content: 'formEventMapping', arms: ['2'] });
    expect(arm2.length).toBeGreaterThan(0);
    expect(arm2.every((m) => m.arm_num === 2)).toBe(true);
  });

  it('refuses classic projects', async () => {
    const { token } = copy('simple');
    const r = await call(server.url, { token, content: 'formEventMapping', format: 'json' });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text).error).toBe('You cannot export form/event mappings for classic projects');
    const imp = await call(server.url, {
      token,
      content: 'formEventMapping',
      action: 'import',
      format: 'csv',
      data: 'arm_num,unique_event_name,form\n1,event_1_arm_1,demographics\n',
    });
    expect(imp.text).toBe('ERROR: You cannot import form/event mappings for classic projects');
  });

  it('import replaces every designation, in every arm, and answers in returnFormat', async () => {
    const { token } = copy('longitudinal');
    expect(
      (await callJson<Row[]>(server.url, { token, content: 'formEventMapping', arms: ['2'] })).length,
    ).toBeGreaterThan(0);
    const data = [
      { arm_num: 1, unique_event_name: 'enrollment_arm_1', form: 'demographics' },
      { arm_num: 1, unique_event_name: 'dose_1_arm_1', form: 'demographics' },
    ];
    const r = await call(server.url, {
      token,
      content: 'formEventMapping',
      action: 'import',
      format: 'json',
      data: JSON.stringify(data),
    });
    expect(r.text).toBe('2');
    expect(await callJson<Row[]>(server.url, { token, content: 'formEventMapping' })).toEqual(data);
    expect(await callJson<Row[]>(server.url, { token, content: 'formEventMapping', arms: ['2'] })).toEqual([]);
    // Record export follows the new designations.
    const rows = await callJson<Row[]>(server.url, {
      token,
      content: 'record',
      events: ['dose_1_arm_1'],
      fields: ['study_id', 'first_name'],
    });
    expect(rows.some((x) => x.first_name === '')).toBe(true);
    const xml = await call(server.url, {
      token,
      content: 'formEventMapping',
      action: 'import',
      format: 'xml',
      data: '<?xml version="1.0" encoding="UTF-8" ?><items><item><arm_num>1</arm_num><unique_event_name>enrollment_arm_1</unique_event_name><form>demographics</form></item></items>',
    });
    expect(xml.text).toBe('<?xml version="1.0" encoding="UTF-8" ?><count>1</count>');
    const csvAnswer = await call(server.url, {
      token,
      content: 'formEventMapping',
      format: 'json',
      returnFormat: 'csv',
      data: JSON.stringify(data),
    });
    expect(csvAnswer.text).toBe('2');
    const csv = await call(server.url, {
      token,
      content: 'formEventMapping',
      action: 'import',
      format: 'csv',
      data: 'arm_num,unique_event_name,form\n1,enrollment_arm_1,demographics\n1,enrollment_arm_1,contact_info\n',
    });
    expect(csv.text).toBe('2');
    expect(await callJson<Row[]>(server.url, { token, content: 'formEventMapping', arms: ['1'] })).toEqual([
      { arm_num: 1, unique_event_name: 'enrollment_arm_1', form: 'demographics' },
      { arm_num: 1, unique_event_name: 'enrollment_arm_1', form: 'contact_info' },
    ]);
    expect(
      server.db
        .prepare("SELECT COUNT(*) FROM log WHERE action = 'Designate instruments for events (API)'")
        .pluck()
        .get(),
    ).toBeGreaterThanOrEqual(2);
  });

  it('refuses unknown events, forms and arms that do not match', async () => {
    const { token } = copy('longitudinal');
    const cases: [unknown[], string][] = [
      [
        [{ arm_num: 1, unique_event_name: 'nope_arm_1', form: 'demographics' }],
        `The unique event name 'nope_arm_1' (row 1) is not valid`,
      ],
      [
        [{ arm_num: 1, unique_event_name: 'enrollment_arm_1', form: 'nope' }],
        `The instrument 'nope' (row 1) is not a valid unique instrument name`,
      ],
      [
        [{ arm_num: 2, unique_event_name: 'enrollment_arm_1', form: 'demographics' }],
        `The event 'enrollment_arm_1' (row 1) belongs to arm 1, not to arm 2`,
      ],
    ];
    for (const [data, message] of cases) {
      const r = await call(server.url, {
        token,
        content: 'formEventMapping',
        action: 'import',
        format: 'json',
        data: JSON.stringify(data),
      });
      expect(r.status).toBe(400);
      expect(JSON.parse(r.text).error).toBe(message);
    }
  });

  it('checks rights', async () => {
    const held = copy('longitudinal');
    const reader = issueApiToken(server.db, held.projectId, 'reader', { rights: { api_export: 1, api_import: 1 } });
    expect((await callJson<Row[]>(server.url, { token: reader, content: 'formEventMapping' })).length).toBeGreaterThan(
      0,
    );
    const r = await call(server.url, {
      token: reader,
      content: 'formEventMapping',
      action: 'import',
      format: 'json',
      data: '[]',
    });
    expect(r.status).toBe(403);
    const none = issueApiToken(server.db, held.projectId, 'none', { rights: {} });
    expect((await call(server.url, { token: none, content: 'formEventMapping', format: 'json' })).status).toBe(403);
  });
});
