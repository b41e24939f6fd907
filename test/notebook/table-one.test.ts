import { table } from 'arquero';
import { describe, expect, it } from 'vitest';
import { describeBy } from '../../src/notebook/table-one.js';
import { htmlLabelFrame } from './fixtures.js';

describe('describeBy', () => {
  const t = table({
    arm: ['A', 'A', 'B', 'B', 'B'],
    age: [30, 40, 50, null, 70],
    sex: ['F', 'M', 'F', 'F', null],
    smoker: [true, false, false, null, true],
    pets: [['Cat'], ['Cat', 'Dog'], [], null, ['Dog']],
  });

  it('gives n, mean (SD) of numbers and n (%) of levels per group and in all', () => {
    const d = describeBy(t, { columns: ['age', 'sex', 'smoker', 'pets'], by: 'arm' });
    expect(d.groups).toEqual(['A', 'B', 'All']);
    const row = (variable: string, level: string) =>
      d.rows.find((r) => r.variable === variable && r.level === level)!.cells;
    expect(row('n', '')).toEqual({ A: '2', B: '3', All: '5' });
    expect(row('age', 'mean (SD)')).toEqual({ A: '35.0 (7.1)', B: '60.0 (14.1)', All: '47.5 (17.1)' });
    expect(row('age', 'missing')).toEqual({ A: '0', B: '1', All: '1' });
    expect(row('sex', 'F')).toEqual({ A: '1 (50.0%)', B: '2 (100.0%)', All: '3 (75.0%)' });
    expect(row('smoker', 'yes')).toEqual({ A: '1 (50.0%)', B: '1 (50.0%)', All: '2 (50.0%)' });
    // Lists: percent of rows with a list (an empty list counts, null does not).
    expect(row('pets', 'Dog')).toEqual({ A: '1 (50.0%)', B: '1 (50.0%)', All: '2 (50.0%)' });
  });

  it('uses field labels and choice order of typed frames, and escapes them in HTML', () => {
    const d = describeBy(htmlLabelFrame(), { columns: ['weight', 'colour'] });
    expect(d.groups).toEqual(['All']);
    expect(d.rows.filter((r) => r.variable === 'Favourite colour' && r.level).map((r) => r.level)).toEqual([
      'Red',
      'Green & blue',
      '<i>Other</i>',
      'missing',
    ]);
    const html = d.toHTML();
    expect(html).toContain('<b>Weight &lt;b&gt;(kg)&lt;/b&gt;</b>, mean (SD)');
    expect(html).toContain('&lt;i&gt;Other&lt;/i&gt;');
    expect(d.toString()).toMatch(/Weight <b>\(kg\)<\/b>, mean \(SD\)\s+76\.3 \(8\.1\)/);
  });

  it('describes a checkbox field kept as option columns by its field name', () => {
    const d = describeBy(htmlLabelFrame(), { columns: ['pets'] });
    expect(d.rows.filter((r) => r.variable === 'Pets').map((r) => [r.level, r.cells.All])).toEqual([
      ['', ''],
      ['Cat', '2 (40.0%)'],
      ['Dog', '2 (40.0%)'],
    ]);
  });

  it('orders groups as asked and refuses unknown columns', () => {
    expect(describeBy(t, { columns: ['age'], by: 'arm', groupOrder: ['B', 'A'] }).groups).toEqual(['B', 'A', 'All']);
    expect(() => describeBy(t, { columns: ['nope'] })).toThrow('The table has no column "nope".');
  });
});
