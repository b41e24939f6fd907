import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../src/api/project.js';
import { exportDanfo, exportTable, loadSchema } from '../../src/frames/project-frames.js';
import type { RedcapServer } from '../../src/server/redcap-server.js';
import { loadFixture, startServer } from '../helpers/server.js';

describe('exportTable / exportDanfo against the embedded server', () => {
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

  it('types a longitudinal export from the dictionary', async () => {
    const project = open('longitudinal');
    const frame = await exportTable(project);
    const t = frame.table;
    expect(t.numRows()).toBe(18);
    expect(typeof t.get('study_id', 0)).toBe('string');
    expect(t.get('redcap_event_name', 0)).toBe('enrollment_arm_1');
    expect(t.get('dob', 0)).toBeInstanceOf(Date);
    expect(typeof t.get('height', 0)).toBe('number');
    expect(['Female', 'Male']).toContain(t.get('sex', 0));
    expect(typeof t.get('gym___0', 0)).toBe('boolean');
    expect(t.get('demographics_complete', 0)).toBe('Complete');
    // A form not designated for the event is null there, not false.
    expect(t.get('gym___0', 1)).toBeNull();
  });

  it('gives the same table batched and in one request, and reuses a schema', async () => {
    const project = open('clinical-trial-1');
    const schema = await loadSchema(project);
    const events: number[] = [];
    const one = await exportTable(project, { schema, batchSize: false });
    const batched = await exportTable(project, {
      schema,
      batchSize: 37,
      concurrency: 3,
      onProgress: (e) => events.push(e.done ?? 0),
    });
    expect(batched.table.numRows()).toBe(one.table.numRows());
    expect(batched.table.objects()).toEqual(one.table.objects());
    expect(events.length).toBeGreaterThan(5);
  });

  it('passes export options through and keeps codes on request', async () => {
    const project = open('simple');
    const frame = await exportTable(project, {
      records: ['2'],
      fields: ['record_id', 'sex', 'race'],
      choices: 'codes',
    });
    expect(frame.table.objects()).toEqual([
      {
        record_id: '2',
        sex: '1',
        race___1: false,
        race___2: false,
        race___3: true,
        race___4: false,
        race___5: true,
        race___6: false,
      },
    ]);
  });

  it('gives Danfo the same values as Arquero', async () => {
    const project = open('validation-types-1');
    const { frame, typed } = await exportDanfo(project);
    expect(frame.shape).toEqual([typed.table.numRows(), typed.table.numCols()]);
    expect(frame.columns).toEqual(typed.table.columnNames());
  });
});
