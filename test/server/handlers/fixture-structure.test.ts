import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from '../../../src/formats/csv.js';
import { parseOdm } from '../../../src/server/odm/parse-odm.js';
import type { RedcapServer } from '../../../src/server/redcap-server.js';
import { FIXTURES, call, callJson, fixtureFile, loadFixture, startServer } from '../../helpers/server.js';

type Row = Record<string, string | number>;
const FIXTURE_NAMES = [
  'longitudinal',
  'repeating-instruments',
  'vignette-repeating',
  'file-repo',
  'arm-multiple-delete',
  'arm-single-longitudinal',
];

describe('fixture projects export their structure', () => {
  let server: RedcapServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  for (const name of FIXTURE_NAMES) {
    it(name, async () => {
      const { token } = loadFixture(server, name);
      const def = parseOdm(fixtureFile(name, 'project.xml'));
      const longitudinal = def.events.length > 0;
      const info = await callJson<Row>(server.url, { token, content: 'project' });
      expect(info.is_longitudinal).toBe(longitudinal ? 1 : 0);
      expect(info.has_repeating_instruments_or_events).toBe(def.repeating.length > 0 ? 1 : 0);

      if (longitudinal) {
        const arms = await callJson<Row[]>(server.url, { token, content: 'arm' });
        const events = await callJson<Row[]>(server.url, { token, content: 'event' });
        if (existsSync(join(FIXTURES, name, 'arm.csv'))) {
          expect(arms).toEqual(
            parseCsv(fixtureFile(name, 'arm.csv')).rows.map((r) => ({ arm_num: Number(r.arm_num), name: r.name })),
          );
        }
        if (existsSync(join(FIXTURES, name, 'event.csv'))) {
          const expected = parseCsv(fixtureFile(name, 'event.csv')).rows;
          expect(events.map((e) => [e.event_name, e.arm_num, e.unique_event_name, e.custom_event_label])).toEqual(
            expected.map((e) => [e.event_name, Number(e.arm_num), e.unique_event_name, e.custom_event_label]),
          );
        }
        expect(events.map((e) => e.unique_event_name)).toEqual(def.events.map((e) => e.unique_event_name));
        expect(events.map((e) => e.days_offset)).toEqual(def.events.map((e) => e.days_offset));
        const mappings = await callJson<Row[]>(server.url, { token, content: 'formEventMapping' });
        expect(mappings.length).toBe(def.mappings.length);
      } else {
        for (const [content, what] of [
          ['arm', 'arms'],
          ['event', 'events'],
          ['formEventMapping', 'form/event mappings'],
        ]) {
          const r = await call(server.url, { token, content, format: 'json' });
          expect(r.status).toBe(400);
          expect(JSON.parse(r.text).error).toBe(`You cannot export ${what} for classic projects`);
        }
      }
      const repeating = await callJson<Row[]>(server.url, { token, content: 'repeatingFormsEvents' });
      expect(repeating).toEqual(
        def.repeating.map((r) =>
          longitudinal
            ? { event_name: r.event_name, form_name: r.form_name, custom_form_label: r.custom_form_label }
            : { form_name: r.form_name, custom_form_label: r.custom_form_label },
        ),
      );
      // Every stored file exports with its bytes.
      for (const f of def.files) {
        const r = await call(server.url, {
          token,
          content: 'file',
          action: 'export',
          record: f.record,
          field: f.field,
          event: longitudinal ? f.event : undefined,
          repeat_instance: String(f.instance),
        });
        expect(r.status).toBe(200);
        expect(r.contentType).toBe(`${f.mimeType}; name="${f.name}"`);
        expect(Buffer.from(r.bytes).equals(Buffer.from(f.data))).toBe(true);
      }
    });
  }
});
