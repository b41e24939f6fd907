import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/formats/csv.js';
import type { RedcapServer } from '../../../src/server/redcap-server.js';
import { call, callJson, loadFixture, startServer } from '../../helpers/server.js';

type Row = Record<string, string | number>;

describe('record export', () => {
  let server: RedcapServer;
  let simple: string;
  let longitudinal: string;
  let repeating: string;
  beforeAll(async () => {
    server = await startServer();
    simple = loadFixture(server, 'simple').token;
    longitudinal = loadFixture(server, 'longitudinal').token;
    repeating = loadFixture(server, 'repeating-instruments').token;
  });
  afterAll(async () => {
    await server.close();
  });

  it('gives the same rows in json, csv and xml', async () => {
    const json = await callJson<Row[]>(server.url, { token: simple, content: 'record' });
    const csv = parseCsv((await call(server.url, { token: simple, content: 'record', format: 'csv' })).text).rows;
    const xml = (await call(server.url, { token: simple, content: 'record', format: 'xml' })).text;
    expect(json).toEqual(csv);
    expect(json.length).toBe(5);
    expect(
      xml.startsWith('<?xml version="1.0" encoding="UTF-8" ?>\n<records>\n<item><record_id><![CDATA[1]]></record_id>'),
    ).toBe(true);
    expect(xml.match(/<item>/g)?.length).toBe(5);
    // The XML default applies when no format is given.
    expect((await call(server.url, { token: simple, content: 'record' })).text).toBe(xml);
  });

  it('types redcap_repeat_instance as a number in JSON', async () => {
    const rows = await callJson<Row[]>(server.url, { token: repeating, content: 'record' });
    const instances = rows.map((r) => r.redcap_repeat_instance);
    expect(instances).toContain('');
    expect(instances.filter((i) => typeof i === 'number').length).toBeGreaterThan(0);
  });

  it('filters by records, fields, forms and events, in dictionary order', async () => {
    const rows = await callJson<Row[]>(server.url, {
      token: simple,
      content: 'record',
      records: ['3', '1'],
      fields: ['sex', 'record_id'],
    });
    expect(rows).toEqual([
      { record_id: '1', sex: '0' },
      { record_id: '3', sex: '1' },
    ]);
    const noId = await callJson<Row[]>(server.url, { token: simple, content: 'record', fields: ['sex'] });
    expect(Object.keys(noId[0])).toEqual(['sex']);
    const form = await callJson<Row[]>(server.url, {
      token: simple,
      content: 'record',
      forms: ['race_and_ethnicity'],
      records: ['1'],
    });
    expect(Object.keys(form[0])).toEqual([
      'race___1',
      'race___2',
      'race___3',
      'race___4',
      'race___5',
      'race___6',
      'ethnicity',
      'interpreter_needed',
      'race_and_ethnicity_complete',
    ]);
    const events = await callJson<Row[]>(server.url, {
      token: longitudinal,
      content: 'record',
      events: ['enrollment_arm_1'],
      fields: ['study_id'],
    });
    expect(new Set(events.map((r) => r.redcap_event_name))).toEqual(new Set(['enrollment_arm_1']));
  });

  it('refuses unknown fields, forms and events', async () => {
    for (const [param, value] of [
      ['fields', 'nope'],
      ['forms', 'nope'],
      ['events', 'nope_arm_1'],
    ] as const) {
      const r = await call(server.url, { token: longitudinal, content: 'record', format: 'json', [param]: [value] });
      expect(r.status).toBe(400);
      expect(JSON.parse(r.text).error).toBe(
        `The following values in the parameter "${param}" are not valid: '${value}'`,
      );
    }
  });

  it('exports labels, checkbox labels and label headers', async () => {
    const [raw] = await callJson<Row[]>(server.url, { token: simple, content: 'record', records: ['1'] });
    const [label] = await callJson<Row[]>(server.url, {
      token: simple,
      content: 'record',
      records: ['1'],
      rawOrLabel: 'label',
    });
    expect(raw.sex).toBe('0');
    expect(label.sex).toBe('Female');
    expect(raw.race___5).toBe('1');
    expect(label.race___5).toBe('Checked');
    expect(label.race___1).toBe('Unchecked');
    expect(label.demographics_complete).toBe('Complete');
    const [cb] = await callJson<Row[]>(server.url, {
      token: simple,
      content: 'record',
      records: ['1'],
      rawOrLabel: 'label',
      exportCheckboxLabel: true,
    });
    expect(cb.race___5).toBe('White');
    expect(cb.race___1).toBe('');
    const csv = await call(server.url, {
      token: simple,
      content: 'record',
      format: 'csv',
      records: ['1'],
      rawOrLabelHeaders: 'label',
      fields: ['record_id', 'race', 'sex'],
    });
    expect(csv.text.split('\n')[0]).toBe(
      '"Study ID",Gender,"Race (Select all that apply) (choice=American Indian/Alaska Native)","Race (Select all that apply) (choice=Asian)","Race (Select all that apply) (choice=Native Hawaiian or Other Pacific Islander)","Race (Select all that apply) (choice=Black or African American)","Race (Select all that apply) (choice=White)","Race (Select all that apply) (choice=Unknown / Not Reported)"',
    );
    const [ev] = await callJson<Row[]>(server.url, {
      token: longitudinal,
      content: 'record',
      rawOrLabel: 'label',
      fields: ['study_id'],
    });
    expect(ev.redcap_event_name).toBe('Enrollment (Arm 1: Drug A)');
  });

  it('honours csvDelimiter and decimalCharacter', async () => {
    const r = await call(server.url, {
      token: simple,
      content: 'record',
      format: 'csv',
      csvDelimiter: 'tab',
      fields: ['record_id', 'height'],
      records: ['1'],
      decimalCharacter: ',',
    });
    expect(r.text).toBe('record_id\theight\n1\t7\n');
    const comma = await call(server.url, {
      token: simple,
      content: 'record',
      format: 'csv',
      fields: ['record_id', 'bmi'],
      records: ['1'],
      decimalCharacter: ',',
    });
    // calc fields keep the dot
    expect(comma.text).toBe('record_id,bmi\n1,204.1\n');
  });

  it('filters with filterLogic and reports its syntax errors', async () => {
    const rows = await callJson<Row[]>(server.url, {
      token: simple,
      content: 'record',
      fields: ['record_id'],
      filterLogic: '[sex] = "1" and [race(3)] = "1"',
    });
    expect(rows.map((r) => r.record_id)).toEqual(['2']);
    const lon = await callJson<Row[]>(server.url, {
      token: longitudinal,
      content: 'record',
      fields: ['study_id'],
      filterLogic: '[enrollment_arm_1][sex] = "0"',
    });
    expect(lon.length).toBeGreaterThan(0);
    const bad = await call(server.url, {
      token: simple,
      content: 'record',
      format: 'json',
      filterLogic: '[sex] = = 1',
    });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error).toMatch(/filterLogic.*character \d+/);
    const unknown = await call(server.url, {
      token: simple,
      content: 'record',
      format: 'json',
      filterLogic: '[nope] = 1',
    });
    expect(JSON.parse(unknown.text).error).toContain('[nope]');
  });

  it('exports EAV rows, checkboxes under their base name', async () => {
    const rows = await callJson<Row[]>(server.url, { token: simple, content: 'record', type: 'eav', records: ['1'] });
    expect(rows).toContainEqual({ record: '1', field_name: 'race', value: '5' });
    expect(rows).toContainEqual({ record: '1', field_name: 'name_first', value: 'Nutmeg' });
    expect(rows.every((r) => r.value !== '')).toBe(true);
  });

  it('exports the DAG column when asked and blanks for gray form status', async () => {
    const dag = loadFixture(server, 'dag').token;
    const rows = await callJson<Row[]>(server.url, {
      token: dag,
      content: 'record',
      exportDataAccessGroups: true,
      fields: ['record_id'],
    });
    expect(rows[0]).toEqual({ record_id: '331-1', redcap_data_access_group: 'daga' });
    const noDag = await callJson<Row[]>(server.url, { token: dag, content: 'record', fields: ['record_id'] });
    expect(Object.keys(noDag[0])).toEqual(['record_id']);
  });
});
