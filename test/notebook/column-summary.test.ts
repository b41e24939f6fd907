import { table } from 'arquero';
import { describe, expect, it } from 'vitest';
import { summarize, summarizeValues } from '../../src/notebook/column-summary.js';
import { htmlLabelFrame } from './fixtures.js';

describe('summarizeValues', () => {
  it('counts values and nulls, and gives min, max, mean, median and sd of numbers', () => {
    const s = summarizeValues('x', 'number', [4, null, 2, 6, NaN, 8]);
    expect(s).toMatchObject({ count: 4, missing: 2, distinct: 4, min: 2, max: 8, mean: 5, median: 5 });
    expect(s.sd).toBeCloseTo(Math.sqrt(20 / 3), 10);
  });

  it('gives the range of dates as dates', () => {
    const s = summarizeValues('d', 'date', [new Date('2024-05-01T00:00:00Z'), new Date('2024-01-02T00:00:00Z'), null]);
    expect(s.min).toEqual(new Date('2024-01-02T00:00:00Z'));
    expect(s.max).toEqual(new Date('2024-05-01T00:00:00Z'));
    expect(s.mean).toBeUndefined();
  });

  it('ranks the most frequent levels, and counts list items one by one', () => {
    expect(summarizeValues('c', 'category', ['a', 'b', 'a', null, 'c', 'a', 'b']).top).toEqual([
      { value: 'a', count: 3 },
      { value: 'b', count: 2 },
      { value: 'c', count: 1 },
    ]);
    const list = summarizeValues('l', 'list', [['Cat'], ['Cat', 'Dog'], [], null, ['Cat']], 2);
    expect(list).toMatchObject({
      count: 4,
      missing: 1,
      distinct: 3,
      top: [
        { value: 'Cat', count: 3 },
        { value: 'Dog', count: 1 },
      ],
    });
  });
});

describe('summarize', () => {
  it('summarises every column of a typed frame, with its missing codes and invalid values', () => {
    const summary = summarize(htmlLabelFrame());
    const weight = summary.rows.find((r) => r.column === 'weight')!;
    expect(weight).toMatchObject({
      kind: 'number',
      count: 2,
      missing: 3,
      missingCodes: 1,
      invalid: 1,
      min: 70.5,
      max: 82,
      label: 'Weight <b>(kg)</b>',
    });
    expect(summary.rows.find((r) => r.column === 'colour')!.top![0]).toEqual({ value: 'Red', count: 2 });
    expect(summary.totalRows).toBe(5);
  });

  it('renders HTML with escaped labels and text with one line per column', () => {
    const summary = summarize(htmlLabelFrame(), { columns: ['weight', 'colour'] });
    const html = summary.toHTML();
    expect(html).toContain('Weight &lt;b&gt;(kg)&lt;/b&gt;');
    expect(html).toContain('1 coded, 1 invalid');
    expect(html).toContain('min 70.5 · max 82 · mean 76.25');
    expect(html).toContain('data-rf="summary"');
    const lines = summary.toString().split('\n');
    expect(lines[0]).toBe('Column summary: 5 rows');
    expect(lines).toHaveLength(5);
    expect(lines[4]).toMatch(/^colour\s+category\s+4\s+1\s+3\s+Red \(2\), Green & blue \(1\), <i>Oth/);
  });

  it('works on plain tables', () => {
    const summary = summarize(table({ a: [1, 2, null], b: ['x', 'x', 'y'] }));
    expect(summary.rows.map((r) => [r.column, r.kind, r.count, r.missing])).toEqual([
      ['a', 'number', 2, 1],
      ['b', 'text', 3, 0],
    ]);
  });
});
