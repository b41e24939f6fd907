import { describe, expect, it } from 'vitest';
import { barSpec, cumulativeSpec, histogramSpec, monthlySpec } from '../../../src/notebook/charts/specs.js';

describe('chart specs', () => {
  it('bins numbers for a histogram, coloured by group when given', () => {
    const spec = histogramSpec([1, 2, 3], { title: 'Weight', xTitle: 'weight', maxBins: 10 }) as any;
    expect(spec.data.values).toEqual([{ value: 1 }, { value: 2 }, { value: 3 }]);
    expect(spec.encoding.x).toMatchObject({ field: 'value', bin: { maxbins: 10 }, title: 'weight' });
    expect(spec.encoding.y.aggregate).toBe('count');
    expect(spec.encoding.color).toBeUndefined();
    const grouped = histogramSpec([1, 2], { title: 'W', groups: ['a', 'b'], groupTitle: 'arm' }) as any;
    expect(grouped.data.values).toEqual([
      { value: 1, group: 'a' },
      { value: 2, group: 'b' },
    ]);
    expect(grouped.encoding.color).toMatchObject({ field: 'group', title: 'arm' });
  });

  it('counts dates per UTC month', () => {
    const spec = monthlySpec([Date.UTC(2024, 0, 5)], { title: 'Enrolment' }) as any;
    expect(spec.encoding.x.timeUnit).toBe('utcyearmonth');
    expect(spec.data.values).toEqual([{ t: Date.UTC(2024, 0, 5) }]);
  });

  it('keeps the level order, turns long or many levels sideways, and labels bars', () => {
    const rows = [
      { level: 'b', count: 2 },
      { level: 'a', count: 5 },
    ];
    const spec = barSpec(rows, { title: 'T', levelOrder: ['b', 'a'] }) as any;
    expect(spec.layer[0].encoding.x).toMatchObject({ field: 'level', sort: ['b', 'a'] });
    expect(spec.layer[1].mark.type).toBe('text');
    const long = barSpec([{ level: 'Screening and baseline', count: 1 }], { title: 'T' }) as any;
    expect(long.layer[0].encoding.y.field).toBe('level');
    const stacked = barSpec(
      [
        { level: 'a', count: 1, group: 'x' },
        { level: 'a', count: 2, group: 'y' },
      ],
      { title: 'T', groupOrder: ['y', 'x'] },
    ) as any;
    expect(stacked.layer).toHaveLength(1);
    expect(stacked.layer[0].encoding.color).toMatchObject({ field: 'group', sort: ['y', 'x'] });
    // Stacked in legend order: y first.
    expect(stacked.data.values).toEqual([
      { level: 'a', count: 1, group: 'x', stack: 1 },
      { level: 'a', count: 2, group: 'y', stack: 0 },
    ]);
    expect(stacked.layer[0].encoding.order).toEqual({ field: 'stack', type: 'quantitative' });
  });

  it('draws a cumulative step line and a dashed straight target', () => {
    const spec = cumulativeSpec([{ t: 1, count: 1, series: 'All' }], {
      title: 'Enrolment',
      target: { start: 0, end: 10, count: 50 },
    }) as any;
    expect(spec.data.values).toEqual([
      { t: 1, count: 1, series: 'All', target: false },
      { t: 0, count: 0, series: 'Target', target: true },
      { t: 10, count: 50, series: 'Target', target: true },
    ]);
    expect(spec.layer[0].mark.interpolate).toBe('step-after');
    expect(spec.layer[1].mark.strokeDash).toEqual([6, 4]);
    expect((cumulativeSpec([], { title: 'x' }) as any).layer).toHaveLength(1);
  });
});
