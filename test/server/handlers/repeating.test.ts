import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/formats/csv.js';
import { parseOdm } from '../../../src/server/odm/parse-odm.js';
import type { RedcapServer } from '../../../src/server/redcap-server.js';
import { issueApiToken } from '../../../src/server/store/api-tokens.js';
import { call, callJson, copyFixture, fixtureFile, startServer } from '../../helpers/server.js';

type Row = Record<string, string | number>;

describe('repeating instruments and events', () => {
  let server: RedcapServer;
  const copy = (fixture: string) => copyFixture(server, fixture);
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('exports the setup of the classic fixtures without the hidden event, in json, csv and xml', async () => {
    const { token } = copy('vignette-repeating');
    const json = await callJson<Row[]>(server.url, { token, content: 'repeatingFormsEvents' });
    const def = parseOdm(fixtureFile('vignette-repeating', 'project.xml'));
    expect(json).toEqual(
      def.repeating.map((r) => ({ form_name: r.form_name, custom_form_label: r.custom_form_label })),
    );
    expect(json.map((r) => r.form_name)).toEqual(['blood_pressure', 'laboratory', 'image']);
    expect(json[1].custom_form_label).toBe('[lab] @ [conc]');
    const csv = parseCsv((await call(server.url, { token, content: 'repeatingFormsEvents', format: 'csv' })).text);
    expect(csv.header).toEqual(['form_name', 'custom_form_label']);
    expect(csv.rows).toEqual(json);
    const xml = (await call(server.url, { token, content: 'repeatingFormsEvents', format: 'xml' })).text;
    expect(xml).toContain(
      '<item><form_name><![CDATA[laboratory]]></form_name><custom_form_label><![CDATA[[lab] @ [conc]]]></custom_form_label></item>',
    );
    const other = copy('repeating-instruments');
    expect(await callJson<Row[]>(server.url, { token: other.token, content: 'repeatingFormsEvents' })).toEqual([
      { form_name: 'bp', custom_form_label: '[record_id]-[date_bp]' },
    ]);
    const none = copy('simple');
    expect(await callJson<Row[]>(server.url, { token: none.token, content: 'repeatingFormsEvents' })).toEqual([]);
  });

  it('replaces the setup of a classic project', async () => {
    const { token } = copy('vignette-repeating');
    const r = await call(server.url, {
      token,
      content: 'repeatingFormsEvents',
      action: 'import',
      format: 'csv',
      data: 'form_name,custom_form_label\nlaboratory,"[lab]"\n',
    });
    expect(r.text).toBe('1');
    expect(await callJson<Row[]>(server.url, { token, content: 'repeatingFormsEvents' })).toEqual([
      { form_name: 'laboratory', custom_form_label: '[lab]' },
    ]);
    const info = await callJson<Row>(server.url, { token, content: 'project' });
    expect(info.has_repeating_instruments_or_events).toBe(1);
    const cleared = await call(server.url, {
      token,
      content: 'repeatingFormsEvents',
      action: 'import',
      format: 'json',
      data: '[]',
    });
    expect(cleared.text).toBe('0');
    expect((await callJson<Row>(server.url, { token, content: 'project' })).has_repeating_instruments_or_events).toBe(
      0,
    );
    const xml = await call(server.url, {
      token,
      content: 'repeatingFormsEvents',
      action: 'import',
      format: 'xml',
      data: '<?xml version="1.0" encoding="UTF-8" ?><items><item><form_name>image</form_name><custom_form_label></custom_form_label></item></items>',
    });
    expect(xml.text).toContain('<count>1</count>');
    expect(
      server.db
        .prepare("SELECT COUNT(*) FROM log WHERE action = 'Set up repeating instruments and events (API)'")
        .pluck()
        .get(),
    ).toBeGreaterThanOrEqual(3);
    const badEvent = await call(server.url, {
      token,
      content: 'repeatingFormsEvents',
      action: 'import',
      format: 'json',
      data: '[{"form_name":""}]',
    });
    expect(JSON.parse(badEvent.text).error).toBe(
      'The form_name on row 1 is missing; classic projects cannot have repeating events',
    );
  });

  it('sets up repeating instruments and repeating events in a longitudinal project', async () => {
    const { token } = copy('longitudinal');
    const data = [
      { event_name: 'visit_1_arm_1', form_name: '', custom_form_label: '' },
      { event_name: 'enrollment_arm_2', form_name: 'demographics', custom_form_label: '[first_name]' },
    ];
    const r = await call(server.url, {
      token,
      content: 'repeatingFormsEvents',
      action: 'import',
      format: 'json',
      data: JSON.stringify(data),
    });
    expect(r.text).toBe('2');
    const json = await callJson<Row[]>(server.url, { token, content: 'repeatingFormsEvents' });
    expect(json).toEqual(data);
    expect(
      parseCsv((await call(server.url, { token, content: 'repeatingFormsEvents', format: 'csv' })).text).header,
    ).toEqual(['event_name', 'form_name', 'custom_form_label']);
    // Record export now has the repeat columns.
    const rows = await callJson<Row[]>(server.url, { token, content: 'record', fields: ['study_id'] });
    expect(Object.keys(rows[0])).toContain('redcap_repeat_instance');
    const cases: [unknown[], string][] = [
      [
        [{ form_name: 'demographics' }],
        'The event_name on row 1 is missing; longitudinal projects need the unique event name',
      ],
      [
        [{ event_name: 'nope_arm_1', form_name: 'demographics' }],
        `The event_name 'nope_arm_1' (row 1) is not a valid unique event name`,
      ],
      [
        [{ event_name: 'visit_1_arm_1', form_name: 'nope' }],
        `The form_name 'nope' (row 1) is not a valid unique instrument name`,
      ],
      [
        [{ event_name: 'dose_1_arm_1', form_name: 'demographics' }],
        `The instrument 'demographics' (row 1) is not designated for the event 'dose_1_arm_1'`,
      ],
      [
        [
          { event_name: 'visit_1_arm_1', form_name: '' },
          { event_name: 'visit_1_arm_1', form_name: 'patient_morale_questionnaire' },
        ],
        `The event 'visit_1_arm_1' cannot be a repeating event and also hold repeating instruments`,
      ],
    ];
    for (const [bad, message] of cases) {
      const res = await call(server.url, {
        token,
        content: 'repeatingFormsEvents',
        action: 'import',
        format: 'json',
        data: JSON.stringify(bad),
      });
      expect(res.status).toBe(400);
      expect(JSON.parse(res.text).error).toBe(message);
    }
    expect(await callJson<Row[]>(server.url, { token, content: 'repeatingFormsEvents' })).toEqual(data);
  });

  it('checks rights', async () => {
    const held = copy('repeating-instruments');
    const reader = issueApiToken(server.db, held.projectId, 'reader', { rights: { api_export: 1, api_import: 1 } });
    expect((await callJson<Row[]>(server.url, { token: reader, content: 'repeatingFormsEvents' })).length).toBe(1);
    const r = await call(server.url, {
      token: reader,
      content: 'repeatingFormsEvents',
      action: 'import',
      format: 'json',
      data: '[]',
    });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.text).error).toBe('You do not have Project Setup/Design privileges');
    const none = issueApiToken(server.db, held.projectId, 'none', { rights: { design: 1 } });
    expect((await call(server.url, { token: none, content: 'repeatingFormsEvents', format: 'json' })).status).toBe(403);
  });
});
