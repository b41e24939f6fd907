import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../src/api/project.js';
import { DateColumn, NumberColumn } from '../../src/frames/columns.js';
import { exportTable } from '../../src/frames/project-frames.js';
import { splitByInstrument } from '../../src/frames/split.js';
import type { RedcapServer } from '../../src/server/redcap-server.js';
import { alteredFixture } from '../helpers/altered-fixture.js';
import { loadFixture, startServer } from '../helpers/server.js';

type Row = Record<string, unknown>;

describe('splitByInstrument overview', () => {
  let server: RedcapServer;
  const projects: Project[] = [];
  const open = (token: string) => {
    const p = new Project(server.url, token);
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

  it('gives each instrument its structure, rows, columns and share missing (repeating-instruments fixture)', async () => {
    const frame = await exportTable(open(loadFixture(server, 'repeating-instruments').token));
    const tables = splitByInstrument(frame);
    expect(tables.overview.map((o) => [o.instrument, o.structure])).toEqual([
      ['demographics', 'non-repeating'],
      ['bp', 'repeating'],
    ]);
    expect(tables.overview.map((o) => o.label)).toEqual(frame.schema.forms.map((f) => f.label));
    for (const o of tables.overview) {
      expect(o.rows).toBe(tables.get(o.instrument)!.numRows());
      expect(o.columns).toBe(tables.get(o.instrument)!.numCols());
      expect(o.share_missing === null || (o.share_missing >= 0 && o.share_missing <= 1)).toBe(true);
    }
    const bp = tables.get('bp')!.objects() as Row[];
    const cells = bp.flatMap((r) => [r.date_bp, r.bp_systolic, r.bp_diastolic]);
    expect(tables.overview[1].share_missing).toBeCloseTo(cells.filter((v) => v === null).length / cells.length, 10);
    const html = tables.toHTML();
    expect(html).toContain('repeating');
    expect(tables.overviewTable().array('instrument')).toEqual(['demographics', 'bp']);
  });

  it('gives an empty repeating instrument an empty table with its typed columns', async () => {
    const held = alteredFixture(server, 'repeating-instruments', (def) => {
      def.values = def.values.filter(
        (v) => !['date_bp', 'bp_systolic', 'bp_diastolic', 'bp_complete'].includes(v.field),
      );
    });
    const tables = splitByInstrument(await exportTable(open(held.token)));
    const bp = tables.get('bp')!;
    expect(bp.numRows()).toBe(0);
    expect(bp.columnNames()).toEqual([
      'record_id',
      'redcap_repeat_instance',
      'date_bp',
      'bp_systolic',
      'bp_diastolic',
      'bp_complete',
    ]);
    expect(bp.column('bp_systolic')).toBeInstanceOf(NumberColumn);
    expect(bp.column('date_bp')).toBeInstanceOf(DateColumn);
    expect(tables.columnsOf('bp').map((c) => [c.name, c.type])).toEqual([
      ['record_id', 'text'],
      ['redcap_repeat_instance', 'number'],
      ['date_bp', 'date'],
      ['bp_systolic', 'number'],
      ['bp_diastolic', 'number'],
      ['bp_complete', 'category'],
    ]);
    expect(tables.overview.find((o) => o.instrument === 'bp')).toMatchObject({
      rows: 0,
      structure: 'repeating',
      share_missing: null,
    });
  });

  it('keeps every row of a form that repeats in one event and not in another', async () => {
    const held = alteredFixture(server, 'longitudinal', (def) => {
      def.repeating.push({ event_name: 'visit_1_arm_1', form_name: 'visit_lab_data', custom_form_label: '' });
    });
    const frame = await exportTable(open(held.token));
    const rows = frame.table.objects() as Row[];
    const lab = rows.filter(
      (r) =>
        (r.redcap_event_name === 'visit_1_arm_1' && r.redcap_repeat_instrument === 'visit_lab_data') ||
        (r.redcap_event_name === 'visit_2_arm_1' && r.redcap_repeat_instrument === null),
    );
    expect(lab.some((r) => r.redcap_repeat_instance === 1)).toBe(true);
    const tables = splitByInstrument(frame);
    const table = tables.get('visit_lab_data')!.objects() as Row[];
    expect(table.length).toBe(
      lab.filter(
        (r) => [1, 2, 3, 4, 5].some((k) => r[`vld${k}`] !== null) || r.visit_lab_data_complete !== 'Incomplete',
      ).length,
    );
    expect(new Set(table.map((r) => r.redcap_event_name))).toEqual(new Set(['visit_1_arm_1', 'visit_2_arm_1']));
    expect(
      table.filter((r) => r.redcap_event_name === 'visit_2_arm_1').every((r) => r.redcap_repeat_instance === null),
    ).toBe(true);
    expect(tables.overview.find((o) => o.instrument === 'visit_lab_data')!.structure).toBe('mixed');
    expect(tables.overview.find((o) => o.instrument === 'demographics')!.structure).toBe('non-repeating');
  });
});
