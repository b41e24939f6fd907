import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../src/api/project.js';
import { exportTable } from '../../src/frames/project-frames.js';
import { exportReportTable } from '../../src/frames/report-frames.js';
import type { RedcapServer } from '../../src/server/redcap-server.js';
import { alteredFixture, setValue } from '../helpers/altered-fixture.js';
import { startServer } from '../helpers/server.js';

describe('exportReportTable', () => {
  let server: RedcapServer;
  let project: Project;
  beforeAll(async () => {
    server = await startServer();
    const held = alteredFixture(server, 'longitudinal', (def) => {
      def.info.missing_data_codes = 'UNK, Unknown | NA, Not applicable';
      setValue(def, '220', 'enrollment_arm_1', 'height', 'UNK');
      // Entered before the field got its integer validation.
      setValue(def, '304', 'enrollment_arm_2', 'weight', '7O');
      def.reports.push({
        report_id: 7,
        title: 'Women',
        fields: ['study_id', 'sex', 'height', 'weight', 'dob', 'gym'],
        filterLogic: "[sex] = '0'",
        orderBy: [],
      });
    });
    project = new Project(server.url, held.token);
  });
  afterAll(async () => {
    await project.close();
    await server.close();
  });

  it('types a report as exportTable types the same rows, with the invalid and missing reports', async () => {
    const report = await exportReportTable(project, 7);
    const t = report.table;
    expect(t.columnNames()).toEqual([
      'study_id',
      'redcap_event_name',
      'sex',
      'height',
      'weight',
      'dob',
      'gym___0',
      'gym___1',
      'gym___2',
      'gym___3',
      'gym___4',
    ]);
    expect(new Set(t.array('sex') as string[])).toEqual(new Set(['Female']));
    expect(t.get('dob', 0)).toBeInstanceOf(Date);
    expect(typeof t.get('gym___0', 0)).toBe('boolean');

    const women = report.table.array('study_id') as string[];
    const full = await exportTable(project, {
      records: [...new Set(women)],
      fields: ['study_id', 'sex', 'height', 'weight', 'dob', 'gym'],
    });
    const keep = full.table.filter((d: { sex: string | null }) => d.sex === 'Female');
    expect(t.objects()).toEqual(keep.select(t.columnNames()).objects());

    expect(report.missing.rows.map((r) => [r.record, r.event, r.field, r.code, r.label])).toEqual([
      ['220', 'enrollment_arm_1', 'height', 'UNK', 'Unknown'],
    ]);
    expect(report.invalid.rows.map((r) => [r.record, r.field, r.value])).toEqual([['304', 'weight', '7O']]);
    expect(report.invalid.rows[0].reason).toMatch(/expected format/);
    expect(t.get('height', report.missing.rows[0].row)).toBeNull();
  });

  it('names the report id in the error for a report that does not exist', async () => {
    await expect(exportReportTable(project, 99)).rejects.toThrow(/report_id/);
  });
});
