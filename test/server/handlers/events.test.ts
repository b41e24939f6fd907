import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/formats/csv.js';
import type { RedcapServer } from '../../../src/server/redcap-server.js';
import { issueApiToken } from '../../../src/server/store/api-tokens.js';
import { call, callJson, copyFixture, fixtureFile, startServer } from '../../helpers/server.js';

type Row = Record<string, string | number>;
const COLUMNS = [
  'event_name',
  'arm_num',
  'unique_event_name',
  'custom_event_label',
  'event_id',
  'days_offset',
  'offset_min',
  'offset_max',
];

describe('events', () => {
  let server: RedcapServer;
  const copy = (fixture: string) => copyFixture(server, fixture);
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("exports the events of the fixtures as their event.csv says (event ids are this server's own)", async () => {
    for (const fixture of ['longitudinal', 'arm-multiple-delete', 'arm-single-longitudinal']) {
      const { token } = copy(fixture);
      const expected = parseCsv(fixtureFile(fixture, 'event.csv')).rows;
      const json = await callJson<Row[]>(server.url, { token, content: 'event' });
      expect(json.map((e) => Object.keys(e))).toEqual(json.map(() => COLUMNS));
      expect(json.map((e) => [e.event_name, e.arm_num, e.unique_event_name, e.custom_event_label])).toEqual(
        expected.map((e) => [e.event_name, Number(e.arm_num), e.unique_event_name, e.custom_event_label]),
      );
      expect(json.every((e) => Number.isInteger(e.event_id) && typeof e.days_offset === 'number')).toBe(true);
      expect(new Set(json.map((e) => e.event_id)).size).toBe(json.length);
      const csv = parseCsv((await call(server.url, { token, content: 'event', format: 'csv' })).text);
      expect(csv.header).toEqual(COLUMNS);
      expect(csv.rows.map((e) => e.unique_event_name)).toEqual(expected.map((e) => e.unique_event_name));
      const xml = (await call(server.url, { token, content: 'event', format: 'xml' })).text;
      expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8" ?>\n<events>\n<item><event_name>')).toBe(true);
      expect(xml.match(/<unique_event_name><!\[CDATA\[([^\]]+)\]\]>/g)?.length).toBe(expected.length);
    }
  });

  it('keeps day offsets and filters by arms[]', async () => {
    const { token } = copy('longitudinal');
    const arm2 = await callJson<Row[]>(server.url, { token, content: 'event', arms: ['2'] });
    expect(arm2.map((e) => e.unique_event_name)).toEqual([
      'enrollment_arm_2',
      'deadline_to_opt_ou_arm_2',
      'first_dose_arm_2',
      'first_visit_arm_2',
      'final_visit_arm_2',
      'deadline_to_return_arm_2',
    ]);
    const visit = arm2.find((e) => e.unique_event_name === 'first_visit_arm_2')!;
    expect([visit.days_offset, visit.offset_min, visit.offset_max]).toEqual([10, 2, 2]);
  });

  it('refuses classic projects for export, import and delete', async () => {
    const { token } = copy('simple');
    const messages = [];
    for (const action of ['export', 'import', 'delete']) {
      const r = await call(server.url, {
        token,
        content: 'event',
        action,
        format: 'json',
        data: '[{"event_name":"A","arm_num":1}]',
        events: ['event_1_arm_1'],
      });
      expect(r.status).toBe(400);
      messages.push(JSON.parse(r.text).error);
    }
    expect(messages).toEqual([
      'You cannot export events for classic projects',
      'You cannot import events for classic projects',
      'You cannot delete events for classic projects',
    ]);
  });

  it("creates events with REDCap's unique names and updates an event named by unique_event_name", async () => {
    const { token } = copy('longitudinal');
    const created = await call(server.url, {
      token,
      content: 'event',
      action: 'import',
      format: 'json',
      data: JSON.stringify([
        { event_name: 'Follow-up visit at 6 months', arm_num: 1, days_offset: 180 },
        { event_name: 'Enrollment', arm_num: 1 },
        {
          event_name: 'Dose 1',
          arm_num: 1,
          custom_event_label: '[visit_date]',
          unique_event_name: 'dose_1_arm_1',
          days_offset: 2,
        },
      ]),
    });
    expect(created.text).toBe('3');
    const events = await callJson<Row[]>(server.url, { token, content: 'event', arms: ['1'] });
    const names = events.map((e) => e.unique_event_name);
    expect(names).toContain('follow_up_visit_at_arm_1');
    // The label is taken: a letter suffix, as REDCap does.
    expect(names).toContain('enrollment_arm_1b');
    // Day-offset order: a new event without an offset goes after the arm's last (180 days).
    expect(names.slice(-2)).toEqual(['follow_up_visit_at_arm_1', 'enrollment_arm_1b']);
    const dose = events.find((e) => e.unique_event_name === 'dose_1_arm_1')!;
    expect([dose.custom_event_label, dose.days_offset]).toEqual(['[visit_date]', 2]);
    // Other columns of the updated event kept; data of the event kept.
    const data = await callJson<Row[]>(server.url, { token, content: 'record', events: ['dose_1_arm_1'] });
    expect(data.length).toBeGreaterThan(0);
    // csv and xml imports.
    const csv = await call(server.url, {
      token,
      content: 'event',
      action: 'import',
      format: 'csv',
      data: 'event_name,arm_num\n"Week 2",2\n',
    });
    expect(csv.text).toBe('1');
    const xml = await call(server.url, {
      token,
      content: 'event',
      action: 'import',
      format: 'xml',
      data: '<?xml version="1.0" encoding="UTF-8" ?><events><item><event_name>Week 3</event_name><arm_num>2</arm_num><days_offset>21</days_offset></item></events>',
    });
    expect(xml.text).toContain('<count>1</count>');
    const arm2 = await callJson<Row[]>(server.url, { token, content: 'event', arms: ['2'] });
    expect(arm2.map((e) => e.unique_event_name)).toEqual(expect.arrayContaining(['week_2_arm_2', 'week_3_arm_2']));
    expect(
      server.db
        .prepare("SELECT COUNT(*) FROM log WHERE action IN ('Create event (API)', 'Edit event (API)')")
        .pluck()
        .get(),
    ).toBeGreaterThanOrEqual(5);
  });

  it('override=1 replaces every event not named, deleting its data', async () => {
    const { token } = copy('longitudinal');
    const r = await call(server.url, {
      token,
      content: 'event',
      action: 'import',
      format: 'json',
      override: 1,
      data: JSON.stringify([
        { event_name: 'Enrollment', arm_num: 1, unique_event_name: 'enrollment_arm_1' },
        { event_name: 'Exit', arm_num: 1 },
      ]),
    });
    expect(r.text).toBe('2');
    const events = await callJson<Row[]>(server.url, { token, content: 'event' });
    expect(events.map((e) => e.unique_event_name)).toEqual(['enrollment_arm_1', 'exit_arm_1']);
    expect(await callJson<Row[]>(server.url, { token, content: 'arm' })).toEqual([{ arm_num: 1, name: 'Drug A' }]);
    const rows = await callJson<Row[]>(server.url, { token, content: 'record', fields: ['study_id'] });
    expect(new Set(rows.map((x) => x.redcap_event_name))).toEqual(new Set(['enrollment_arm_1']));
  });

  it('deletes events with their data and files', async () => {
    const { token, projectId } = copy('arm-single-longitudinal');
    const filesBefore = server.db
      .prepare('SELECT COUNT(*) FROM record_files WHERE project_id = ?')
      .pluck()
      .get(projectId) as number;
    expect(filesBefore).toBeGreaterThan(0);
    const eventOfFiles = server.db
      .prepare(`SELECT e.unique_event_name FROM record_files rf JOIN events e ON e.event_id = rf.event_id
      WHERE rf.project_id = ? LIMIT 1`)
      .pluck()
      .get(projectId) as string;
    const r = await call(server.url, {
      token,
      content: 'event',
      action: 'delete',
      format: 'csv',
      events: [eventOfFiles],
    });
    expect(r.text).toBe('1');
    expect(
      (await callJson<Row[]>(server.url, { token, content: 'event' })).map((e) => e.unique_event_name),
    ).not.toContain(eventOfFiles);
    expect(
      server.db.prepare('SELECT COUNT(*) FROM record_files WHERE project_id = ?').pluck().get(projectId),
    ).toBeLessThan(filesBefore);
    const rows = await callJson<Row[]>(server.url, { token, content: 'record' });
    expect(rows.some((x) => x.redcap_event_name === eventOfFiles)).toBe(false);
    const bad = await call(server.url, {
      token,
      content: 'event',
      action: 'delete',
      format: 'xml',
      events: ['nope_arm_1'],
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain(`The following values in the parameter "events" are not valid: 'nope_arm_1'`);
    expect(
      server.db
        .prepare("SELECT details FROM log WHERE action = 'Delete event (API)' AND project_id = ?")
        .pluck()
        .get(projectId),
    ).toContain(eventOfFiles);
  });

  it('refuses bad event imports with messages naming the row', async () => {
    const { token } = copy('longitudinal');
    const cases: [unknown[], string][] = [
      [[{ arm_num: 1 }], 'The event_name on row 1 is missing'],
      [[{ event_name: 'A', arm_num: 9 }], 'Arm 9 (row 1) does not exist in the project; import the arm first'],
      [
        [{ event_name: 'A', arm_num: 1, unique_event_name: 'zzz_arm_1' }],
        `The unique event name 'zzz_arm_1' (row 1) does not exist in the project`,
      ],
      [
        [{ event_name: 'A', arm_num: 2, unique_event_name: 'enrollment_arm_1' }],
        `The event 'enrollment_arm_1' (row 1) belongs to arm 1 and cannot be moved to arm 2`,
      ],
      [
        [{ event_name: 'A', arm_num: 1, days_offset: 'soon' }],
        `The value 'soon' of "days_offset" on row 1 is not a number`,
      ],
    ];
    for (const [data, message] of cases) {
      const r = await call(server.url, {
        token,
        content: 'event',
        action: 'import',
        format: 'json',
        data: JSON.stringify(data),
      });
      expect(r.status).toBe(400);
      expect(JSON.parse(r.text).error).toBe(message);
    }
  });

  it('checks rights: api_export to export, design and api_import to change', async () => {
    const held = copy('longitudinal');
    const reader = issueApiToken(server.db, held.projectId, 'reader', { rights: { api_export: 1 } });
    expect((await callJson<Row[]>(server.url, { token: reader, content: 'event' })).length).toBe(12);
    const imp = await call(server.url, {
      token: reader,
      content: 'event',
      action: 'import',
      format: 'json',
      data: '[{"event_name":"A","arm_num":1}]',
    });
    expect(imp.status).toBe(403);
    const del = await call(server.url, {
      token: reader,
      content: 'event',
      action: 'delete',
      format: 'json',
      events: ['enrollment_arm_1'],
    });
    expect(JSON.parse(del.text).error).toBe('You do not have Project Setup/Design privileges');
    const none = issueApiToken(server.db, held.projectId, 'none', { rights: { design: 1, api_import: 1 } });
    expect((await call(server.url, { token: none, content: 'event', format: 'json' })).status).toBe(403);
  });
});
