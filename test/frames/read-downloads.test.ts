import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../src/api/project.js';
import { exportTable } from '../../src/frames/project-frames.js';
import { readDownloads } from '../../src/frames/read-downloads.js';
import { DICTIONARY_HEADERS, readDictionaryCsv } from '../../src/schema/web-downloads.js';
import type { RedcapServer } from '../../src/server/redcap-server.js';
import { fixtureFile, loadFixture, startServer } from '../helpers/server.js';

describe("readDownloads: the web interface's CSV downloads, offline", () => {
  let server: RedcapServer;
  const projects: Project[] = [];
  const open = (fixture: string) => {
    const p = new Project(server.url, loadFixture(server, fixture).token);
    projects.push(p);
    return p;
  };
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await Promise.all(projects.map((p) => p.close()));
    await server.close();
  });

  it("reads the dictionary CSV with the web interface's headers", () => {
    const text = fixtureFile('longitudinal', 'dictionary.csv');
    expect(text.split('\n')[0].replace(/"/g, '')).toBe(DICTIONARY_HEADERS.join(','));
    const rows = readDictionaryCsv(text);
    expect(rows[0]).toMatchObject({
      field_name: 'study_id',
      form_name: 'demographics',
      field_type: 'text',
      field_label: 'Study ID',
    });
    expect(rows.find((r) => r.field_name === 'given_birth')!.branching_logic).toBe('[sex] = "0"');
    expect(() => readDictionaryCsv('"Variable / Field Name","Form","Field Type"\na,b,text\n')).toThrow(/"Form"/);
  });

  it('gives the same typed table as the API for the longitudinal fixture', async () => {
    const project = open('longitudinal');
    const api = await exportTable(project, { eventLabels: true });
    // The designations download has the API's CSV shape (arm_num,unique_event_name,form).
    const mappings = await project.exportInstrumentEventMappings({ format: 'csv' });
    expect(mappings.split('\n')[0].trim()).toBe('arm_num,unique_event_name,form');
    const offline = readDownloads(
      {
        dictionary: fixtureFile('longitudinal', 'dictionary.csv'),
        records: fixtureFile('longitudinal', 'data.csv'),
        mappings,
        events: fixtureFile('longitudinal', 'event.csv'),
        arms: fixtureFile('longitudinal', 'arm.csv'),
      },
      { eventLabels: true },
    );
    expect(offline.table.columnNames()).toEqual(api.table.columnNames());
    expect(offline.columns.map((c) => [c.name, c.type, c.label])).toEqual(
      api.columns.map((c) => [c.name, c.type, c.label]),
    );
    // REDCapR wrote the fixture's data.csv with the line breaks of notes fields as spaces: compare those by words.
    const notes = new Set(api.schema.fields.filter((f) => f.type === 'notes').map((f) => f.name));
    expect(notes.size).toBeGreaterThan(0);
    const words = (rows: object[]) =>
      rows.map((row) =>
        Object.fromEntries(
          Object.entries(row).map(([k, v]) => [k, notes.has(k) && typeof v === 'string' ? v.replace(/\s+/g, ' ') : v]),
        ),
      );
    expect(words(offline.table.objects())).toEqual(words(api.table.objects()));
    expect(offline.invalid.rows).toEqual(api.invalid.rows);
    expect(offline.schema.longitudinal).toBe(true);
  });

  it('gives the same typed table as the API for the repeating-instruments fixture, given its repeating setup', async () => {
    const project = open('repeating-instruments');
    const api = await exportTable(project);
    const offline = readDownloads({
      dictionary: fixtureFile('repeating-instruments', 'dictionary.csv'),
      records: fixtureFile('repeating-instruments', 'data.csv'),
      repeating: await project.exportRepeatingFormsEvents(),
    });
    expect(offline.table.objects()).toEqual(api.table.objects());
    expect(offline.columns.map((c) => [c.name, c.type])).toEqual(api.columns.map((c) => [c.name, c.type]));
  });
});
