import { op } from 'arquero';
import { describe, expect, it } from 'vitest';
import { readRecords } from '../../src/frames/typed-frame.js';
import { buildSchema } from '../../src/schema/schema.js';
import { dictionaryRow } from '../../src/schema/types.js';

const schema = buildSchema({
  dictionary: [
    dictionaryRow({ field_name: 'id', form_name: 'f', field_type: 'text' }),
    dictionaryRow({
      field_name: 'visit',
      form_name: 'f',
      field_type: 'text',
      text_validation_type_or_show_slider_number: 'date_ymd',
    }),
    dictionaryRow({
      field_name: 'w',
      form_name: 'f',
      field_type: 'text',
      text_validation_type_or_show_slider_number: 'number',
    }),
    dictionaryRow({
      field_name: 'arm',
      form_name: 'f',
      field_type: 'radio',
      select_choices_or_calculations: '1, Drug | 2, Placebo',
    }),
    dictionaryRow({ field_name: 'ok', form_name: 'f', field_type: 'yesno' }),
  ],
});
const csv =
  'id,visit,w,arm,ok,f_complete\n001,2024-01-02,70.5,1,1,2\n002,2024-01-02,,2,0,2\n003,2024-03-04,80,1,,0\n004,,90,,1,1\n';
const bytes = new TextEncoder().encode(csv);

describe('typed columns in Arquero verbs', () => {
  it('filter, derive, orderby, groupby/rollup and objects see the typed values', () => {
    const { table } = readRecords(bytes, schema);
    expect(table.filter((d: Record<string, unknown>) => d.ok === true).array('id')).toEqual(['001', '004']);
    expect(table.derive({ kg2: (d: { w: number | null }) => (d.w === null ? null : d.w * 2) }).array('kg2')).toEqual([
      141,
      null,
      160,
      180,
    ]);
    expect(table.orderby('w').array('id')).toEqual(['002', '001', '003', '004']);
    const byArm = table
      .groupby('arm')
      .rollup({ n: op.count(), mean: op.mean('w') })
      .objects();
    expect(byArm).toEqual([
      { arm: 'Drug', n: 2, mean: 75.25 },
      { arm: 'Placebo', n: 1, mean: undefined },
      { arm: null, n: 1, mean: 90 },
    ]);
    const byVisit = table.groupby('visit').count().objects() as { visit: Date | null; count: number }[];
    expect(byVisit.map((r) => [r.visit?.toISOString() ?? null, r.count])).toEqual([
      ['2024-01-02T00:00:00.000Z', 2],
      ['2024-03-04T00:00:00.000Z', 1],
      [null, 1],
    ]);
    expect(table.rollup({ valid: op.valid('w'), total: op.sum('w') }).objects()).toEqual([{ valid: 3, total: 240.5 }]);
    expect(
      table
        .derive({ month: (d: { visit: Date | null }) => (d.visit === null ? null : op.month(d.visit)) })
        .array('month'),
    ).toEqual([0, 0, 2, null]);
  });

  it('writes CSV and JSON back out with the typed values', () => {
    const { table } = readRecords(bytes, schema);
    const out = table.toCSV();
    expect(out.split('\n')[1]).toBe('001,2024-01-02,70.5,Drug,true,Complete');
    const rows = JSON.parse(table.toJSON()) as Record<string, unknown>[];
    expect(rows.map((r) => r.w)).toEqual([70.5, null, 80, 90]);
    expect(rows.map((r) => r.id)).toEqual(['001', '002', '003', '004']);
    expect(rows[0].visit).toBe('2024-01-02');
  });
});
