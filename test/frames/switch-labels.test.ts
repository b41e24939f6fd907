import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../src/api/project.js';
import { exportTable } from '../../src/frames/project-frames.js';
import { toCodes, toLabels } from '../../src/frames/switch-labels.js';
import type { RedcapServer } from '../../src/server/redcap-server.js';
import { loadFixture, startServer } from '../helpers/server.js';

describe('labels kept with the data', () => {
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

  it('gives every column its label, and choice columns their codes and labels', async () => {
    const frame = await exportTable(open('dag'), { exportDataAccessGroups: true });
    const info = (name: string) => frame.columns.find((c) => c.name === name)!;
    expect(info('record_id').label).toBe('Study ID');
    expect(info('dob').label).toBe('Date of birth');
    expect(info('ethnicity')).toMatchObject({
      codes: ['0', '1', '2'],
      labels: ['Hispanic or Latino', 'NOT Hispanic or Latino', 'Unknown / Not Reported'],
      shows: 'labels',
    });
    expect(info('demographics_complete')).toMatchObject({
      codes: ['0', '1', '2'],
      labels: ['Incomplete', 'Unverified', 'Complete'],
    });
    const dag = info('redcap_data_access_group');
    expect(dag.label).toBe('Data Access Group');
    expect([...dag.codes!].sort()).toEqual(['daga', 'dagb']);
    expect(dag.codes!.map((c, k) => [c, dag.labels![k]]).sort()).toEqual([
      ['daga', 'dag-a'],
      ['dagb', 'dag-b'],
    ]);
  });

  it('switches between codes and labels after the export, the keys only when named', async () => {
    const frame = await exportTable(open('dag'), { exportDataAccessGroups: true });
    const codes = toCodes(frame);
    const rows = frame.table.objects() as Record<string, unknown>[];
    const coded = codes.table.objects() as Record<string, unknown>[];
    const ethnicity = frame.columns.find((c) => c.name === 'ethnicity')!;
    rows.forEach((row, k) => {
      const label = row.ethnicity as string | null;
      expect(coded[k].ethnicity).toBe(label === null ? null : ethnicity.codes![ethnicity.labels!.indexOf(label)]);
      // DAGs keep their unique names unless named.
      expect(coded[k].redcap_data_access_group).toBe(row.redcap_data_access_group);
    });
    expect(codes.columns.find((c) => c.name === 'ethnicity')!.shows).toBe('codes');
    expect(toLabels(codes).table.objects()).toEqual(rows);
    const named = toLabels(frame, ['redcap_data_access_group']);
    expect(new Set(named.table.array('redcap_data_access_group') as string[])).toEqual(new Set(['dag-a', 'dag-b']));
    expect(named.table.array('ethnicity')).toEqual(frame.table.array('ethnicity'));
    expect(() => toLabels(frame, ['nope'])).toThrow(/"nope"/);
  });

  it('switches checkbox lists and event names of a longitudinal export', async () => {
    const frame = await exportTable(open('longitudinal'), {
      forms: ['demographics'],
      checkboxes: 'list',
      choices: 'codes',
    });
    const gym = frame.columns.find((c) => c.name === 'gym')!;
    expect(gym).toMatchObject({ role: 'checkbox-list', label: 'Gym (Weight Training)', shows: 'codes' });
    const labelled = toLabels(frame, ['gym', 'redcap_event_name']);
    const before = frame.table.array('gym') as (string[] | null)[];
    const after = labelled.table.array('gym') as (string[] | null)[];
    before.forEach((list, k) => expect(after[k]).toEqual(list?.map((c) => gym.labels![gym.codes!.indexOf(c)]) ?? null));
    expect(after.some((l) => l && l.length > 0)).toBe(true);
    expect(new Set(labelled.table.array('redcap_event_name') as string[])).toContain('Enrollment');
  });
});
