import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedcapServer } from '../../../src/server/redcap-server.js';
import { SUPER_TOKEN, call, fixtureNames, loadFixture, startServer } from '../../helpers/server.js';

/**
 * For every fixture: the project's `content=project_xml` export creates a
 * new project (`content=project` with `odm`) that answers every structure
 * and record export exactly as the original does, except calc values,
 * which a project created through the API does not keep (REDCap computes
 * them when forms are saved; see withoutCalcValues).
 */
describe('project XML loads back to the same project', () => {
  let server: RedcapServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  const exports: Record<string, string | boolean>[] = [
    { content: 'metadata' },
    { content: 'instrument' },
    { content: 'repeatingFormsEvents' },
    { content: 'dag' },
    { content: 'record', exportDataAccessGroups: true, exportSurveyFields: true },
    { content: 'record', type: 'eav' },
  ];

  for (const name of fixtureNames()) {
    it(name, async () => {
      const original = loadFixture(server, name).token;
      const xml = await call(server.url, {
        token: original,
        content: 'project_xml',
        exportFiles: true,
        exportDataAccessGroups: true,
        exportSurveyFields: true,
      });
      expect(xml.status).toBe(200);
      const created = await call(server.url, {
        token: SUPER_TOKEN,
        content: 'project',
        format: 'json',
        odm: xml.text,
        data: JSON.stringify([{ project_title: `copy of ${name}`, purpose: 4 }]),
      });
      expect(created.text).toMatch(/^[0-9A-F]{32}$/);
      const info = JSON.parse((await call(server.url, { token: original, content: 'project', format: 'json' })).text);
      const dictionary = JSON.parse(
        (await call(server.url, { token: original, content: 'metadata', format: 'json' })).text,
      ) as { field_name: string; field_type: string; form_name: string }[];
      const calcs = dictionary.filter((f) => f.field_type === 'calc').map((f) => f.field_name);
      const forms = [...new Set(dictionary.map((f) => f.form_name))];
      const kept = [
        ...dictionary.filter((f) => f.field_type !== 'calc' && f.field_type !== 'descriptive').map((f) => f.field_name),
        ...forms.map((f) => `${f}_complete`),
      ];
      const list = (
        info.is_longitudinal
          ? [...exports, { content: 'arm' }, { content: 'event' }, { content: 'formEventMapping' }]
          : exports
      ).map((p) => (p.content === 'record' && calcs.length > 0 ? { ...p, fields: kept.join(',') } : p));
      if (calcs.length > 0) {
        const eav = JSON.parse(
          (await call(server.url, { token: created.text, content: 'record', type: 'eav', format: 'json' })).text,
        ) as { field_name: string }[];
        expect(eav.filter((v) => calcs.includes(v.field_name))).toEqual([]);
      }
      for (const params of list) {
        const a = await call(server.url, { token: original, format: 'csv', ...params });
        const b = await call(server.url, { token: created.text, format: 'csv', ...params });
        expect([params.content, b.status]).toEqual([params.content, a.status]);
        // Event and DAG ids are the server's own; everything else must match.
        const strip = (t: string) =>
          params.content === 'event'
            ? t.replace(/,\d+,(-?[\d.]+),(-?[\d.]+),(-?[\d.]+)\n/g, ',ID,$1,$2,$3\n')
            : params.content === 'dag'
              ? t.replace(/,\d+\n/g, ',ID\n')
              : t;
        expect(strip(b.text)).toBe(strip(a.text));
      }
    });
  }
});
