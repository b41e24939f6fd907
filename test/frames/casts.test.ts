import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../src/api/project.js';
import { codebook } from '../../src/frames/codebook.js';
import { exportTable } from '../../src/frames/project-frames.js';
import type { RedcapServer } from '../../src/server/redcap-server.js';
import { alteredFixture, setValue } from '../helpers/altered-fixture.js';
import { startServer } from '../helpers/server.js';

type Row = Record<string, unknown>;

describe('user casts', () => {
  let server: RedcapServer;
  let project: Project;
  beforeAll(async () => {
    server = await startServer();
    const held = alteredFixture(server, 'longitudinal', (def) => {
      def.info.missing_data_codes = 'UNK, Unknown';
      setValue(def, '220', 'enrollment_arm_1', 'weight', 'UNK');
    });
    project = new Project(server.url, held.token);
  });
  afterAll(async () => {
    await project.close();
    await server.close();
  });

  it('overrides the default typing per type, validation and field, the most specific first', async () => {
    const plain = await exportTable(project, { forms: ['demographics'] });
    const calls: string[] = [];
    const cast = await exportTable(project, {
      forms: ['demographics'],
      casts: {
        type: { radio: (v) => Number(v), text: (v) => v.toUpperCase() },
        validation: { date_ymd: (v) => Number(v.slice(0, 4)) },
        field: {
          weight: (v, field) => {
            calls.push(`${field.name}=${v}`);
            if (Number(v) > 85) throw new Error(`${v} kg is implausible`);
            return Number(v) * 1000;
          },
        },
      },
    });
    const before = plain.table.objects() as Row[];
    const after = cast.table.objects() as Row[];
    expect(after.length).toBe(before.length);
    const sex = plain.columns.find((c) => c.name === 'sex')!;
    after.forEach((row, k) => {
      const b = before[k];
      // radio by type: the code as a number.
      expect(row.sex).toBe(b.sex === null ? null : Number(sex.codes![sex.labels!.indexOf(b.sex as string)]));
      // date_ymd by validation wins over text by type.
      expect(row.dob).toBe(b.dob === null ? null : (b.dob as Date).getUTCFullYear());
      // text without a validation by type.
      expect(row.first_name).toBe(b.first_name === null ? null : (b.first_name as string).toUpperCase());
      // integer weight by field.
      if (b.weight !== null && (b.weight as number) <= 85) expect(row.weight).toBe((b.weight as number) * 1000);
      // A number validation has no cast of its own: text by type applies (a string).
      expect(row.height).toBe(b.height === null ? null : String(b.height));
      // Untouched: a yes/no field and the form status.
      expect(row.given_birth).toEqual(b.given_birth);
      expect(row.demographics_complete).toEqual(b.demographics_complete);
    });
    const info = (name: string) => cast.columns.find((c) => c.name === name)!;
    expect([info('sex').type, info('sex').cast]).toEqual(['number', 'type radio']);
    expect([info('dob').type, info('dob').cast]).toEqual(['number', 'validation date_ymd']);
    expect(info('weight').cast).toBe('field weight');
    expect(info('height').cast).toBe('type text');
    expect(info('given_birth').cast).toBeUndefined();
    // The missing-data code never reaches the cast and stays reported.
    expect(calls).not.toContain('weight=UNK');
    expect(cast.missing.rows.map((m) => [m.record, m.field, m.code])).toEqual([['220', 'weight', 'UNK']]);
    // A cast that throws sets the value aside, with its reason.
    const heavy = before.filter((b) => (b.weight as number) > 85);
    expect(heavy.length).toBeGreaterThan(0);
    expect(cast.invalid.rows.map((r) => [r.record, r.field, r.reason])).toEqual(
      heavy.map((b) => [b.study_id, 'weight', `cast failed: ${b.weight} kg is implausible`]),
    );
  });

  it('lists the overrides in the codebook of the frame', async () => {
    const frame = await exportTable(project, {
      forms: ['demographics'],
      casts: { type: { radio: Number }, field: { weight: Number } },
    });
    const book = codebook(frame).objects() as Row[];
    const castOf = (field: string) => book.find((r) => r.field === field)!.cast;
    expect(castOf('sex')).toBe('type radio');
    expect(castOf('ethnicity')).toBe('type radio');
    expect(castOf('weight')).toBe('field weight');
    expect(castOf('height')).toBe('');
    expect(codebook(frame.schema).columnNames()).not.toContain('cast');
  });
});
