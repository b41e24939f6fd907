import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOdm } from '../../../src/server/odm/parse-odm.js';
import type { RedcapServer } from '../../../src/server/redcap-server.js';
import { SUPER_TOKEN, call, callJson, fixtureFile, startServer } from '../../helpers/server.js';

type Row = Record<string, string | number>;

describe('project creation and project XML', () => {
  let server: RedcapServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('creates an empty project with a super token (no action, as REDCap documents)', async () => {
    const r = await call(server.url, {
      token: SUPER_TOKEN,
      content: 'project',
      format: 'json',
      data: JSON.stringify([{ project_title: 'Made by API', purpose: 0 }]),
    });
    expect(r.status).toBe(200);
    expect(r.text).toMatch(/^[0-9A-F]{32}$/);
    const info = await callJson<Row>(server.url, { token: r.text, content: 'project' });
    expect(info.project_title).toBe('Made by API');
    const dict = await callJson<Row[]>(server.url, { token: r.text, content: 'metadata' });
    expect(dict.map((d) => d.field_name)).toEqual(['record_id']);
  });

  it('refuses creation without a super token or without a title', async () => {
    const project = await call(server.url, {
      token: SUPER_TOKEN,
      content: 'project',
      format: 'json',
      data: JSON.stringify([{ project_title: 'x', purpose: 0 }]),
    });
    const withProjectToken = await call(server.url, {
      token: project.text,
      content: 'project',
      action: 'import',
      format: 'json',
      data: JSON.stringify([{ project_title: 'y', purpose: 0 }]),
    });
    expect(withProjectToken.status).toBe(400);
    const noTitle = await call(server.url, {
      token: SUPER_TOKEN,
      content: 'project',
      format: 'json',
      data: JSON.stringify([{ purpose: 0 }]),
    });
    expect(noTitle.status).toBe(400);
    expect(JSON.parse(noTitle.text).error).toContain('project_title');
  });

  it('creates a project from ODM whose project XML export loads back to the same project', async () => {
    const odm = fixtureFile('longitudinal', 'project.xml');
    const created = await call(server.url, {
      token: SUPER_TOKEN,
      content: 'project',
      action: 'import',
      format: 'json',
      odm,
      data: JSON.stringify([{ project_title: 'Longitudinal copy', purpose: 4 }]),
    });
    const token = created.text;
    const xml = await call(server.url, {
      token,
      content: 'project_xml',
      exportFiles: true,
      exportDataAccessGroups: true,
      exportSurveyFields: true,
    });
    expect(xml.status).toBe(200);
    const original = parseOdm(odm);
    const roundTrip = parseOdm(xml.text);
    expect(roundTrip.info.project_title).toBe('Longitudinal copy');
    expect(roundTrip.dictionary).toEqual(original.dictionary);
    expect(roundTrip.events).toEqual(original.events);
    expect(roundTrip.mappings).toEqual(original.mappings);
    expect(roundTrip.repeating).toEqual(original.repeating);
    // Calc values are not kept by a project created through the API (see withoutCalcValues).
    const calcs = new Set(original.dictionary.filter((f) => f.field_type === 'calc').map((f) => f.field_name));
    expect(calcs.size).toBeGreaterThan(0);
    expect(roundTrip.values).toEqual(original.values.filter((v) => !calcs.has(v.field)));
    expect(roundTrip.files.map((f) => [f.record, f.field, f.name, f.data.length])).toEqual(
      original.files.map((f) => [f.record, f.field, f.name, f.data.length]),
    );
    // And the exported XML creates a project whose records export the same.
    const again = await call(server.url, {
      token: SUPER_TOKEN,
      content: 'project',
      action: 'import',
      format: 'json',
      odm: xml.text,
      data: JSON.stringify([{ project_title: 'Copy of copy', purpose: 4 }]),
    });
    const a = await call(server.url, { token, content: 'record', format: 'csv' });
    const b = await call(server.url, { token: again.text, content: 'record', format: 'csv' });
    expect(b.text).toBe(a.text);
  });

  it('exports metadata only, and only the records and fields asked for', async () => {
    const held = server.addProject(parseOdm(fixtureFile('simple', 'project.xml')), 'xml-filter');
    const meta = await call(server.url, { token: held.token, content: 'project_xml', returnMetadataOnly: true });
    expect(meta.text).not.toContain('<ClinicalData');
    expect(parseOdm(meta.text).dictionary.length).toBeGreaterThan(10);
    const some = parseOdm(
      (
        await call(server.url, {
          token: held.token,
          content: 'project_xml',
          records: ['2'],
          fields: ['record_id', 'sex'],
        })
      ).text,
    );
    expect(new Set(some.values.map((v) => v.record))).toEqual(new Set(['2']));
    expect(new Set(some.values.map((v) => v.field))).toEqual(new Set(['record_id', 'sex']));
    const filtered = parseOdm(
      (await call(server.url, { token: held.token, content: 'project_xml', filterLogic: '[sex] = "0"' })).text,
    );
    expect(new Set(filtered.values.map((v) => v.record))).toEqual(new Set(['1', '4']));
  });
});
