import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../src/api/project.js';
import { exportTable, withRecordId } from '../../src/frames/project-frames.js';
import type { RedcapServer } from '../../src/server/redcap-server.js';
import { loadFixture, startServer } from '../helpers/server.js';

describe('exportTable keeps the keys when fields or forms are chosen', () => {
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

  it('adds the record id and event to a longitudinal export of one form (the raw export has no record id)', async () => {
    const project = open('longitudinal');
    const raw = await project.exportRecords({ forms: ['baseline_data'], format: 'csv' });
    expect(raw.split('\n')[0].split(',').slice(0, 2)).toEqual(['redcap_event_name', 'height2']);
    const frame = await exportTable(project, { forms: ['baseline_data'] });
    expect(frame.table.columnNames().slice(0, 3)).toEqual(['study_id', 'redcap_event_name', 'height2']);
    expect(frame.columns[0].role).toBe('record');
    const ids = frame.table.array('study_id') as string[];
    expect(ids.every((id) => typeof id === 'string' && id !== '')).toBe(true);
    expect(frame.table.numRows()).toBe(raw.trim().split('\n').length - 1);
  });

  it('adds the record id and the repeat columns when only fields of a repeating instrument are named', async () => {
    const project = open('repeating-instruments');
    const frame = await exportTable(project, { fields: ['bp_systolic'] });
    expect(frame.table.columnNames()).toEqual([
      'record_id',
      'redcap_repeat_instrument',
      'redcap_repeat_instance',
      'bp_systolic',
    ]);
    const bp = frame.table.filter(
      (d: { redcap_repeat_instrument: string | null }) => d.redcap_repeat_instrument === 'bp',
    );
    expect(bp.numRows()).toBeGreaterThan(0);
    expect((bp.array('redcap_repeat_instance') as number[]).every((n) => n >= 1)).toBe(true);
  });

  it('adds the DAG when asked, and the record id before it', async () => {
    const project = open('dag');
    const frame = await exportTable(project, {
      forms: ['demographics'],
      fields: ['age'],
      exportDataAccessGroups: true,
    });
    expect(frame.table.columnNames().slice(0, 2)).toEqual(['record_id', 'redcap_data_access_group']);
    expect(new Set(frame.table.array('redcap_data_access_group') as string[]).size).toBeGreaterThan(1);
  });

  it('leaves a whole-project export and a request that names the record id alone', () => {
    expect(withRecordId({}, 'id')).toEqual({});
    expect(withRecordId({ fields: ['age', 'id'] }, 'id')).toEqual({ fields: ['age', 'id'] });
    expect(withRecordId({ forms: ['f'] }, 'id')).toEqual({ forms: ['f'], fields: ['id'] });
  });
});
