import { table } from 'arquero';
import { describe, expect, it } from 'vitest';
import {
  countRows,
  countsChart,
  cumulativeChart,
  cumulativePoints,
  distributionChart,
  MISSING_LEVEL,
} from '../../../src/notebook/charts/frame-charts.js';
import { htmlLabelFrame } from '../fixtures.js';

const bars = (svg: string) =>
  [
    ...svg.matchAll(
      /aria-roledescription="bar" [^>]*|aria-label="([^"]*)" role="graphics-symbol" aria-roledescription="bar"/g,
    ),
  ]
    .map((m) => m[1])
    .filter(Boolean);

describe('countRows', () => {
  it('counts levels, nulls as missing, booleans as yes/no, and splits by a second column', () => {
    const frame = htmlLabelFrame();
    expect(countRows(frame, 'colour')).toEqual([
      { level: 'Red', count: 2 },
      { level: 'Green & blue', count: 1 },
      { level: '<i>Other</i>', count: 1 },
      { level: MISSING_LEVEL, count: 1 },
    ]);
    expect(countRows(frame, 'pets___c', { by: 'visit_complete' })).toContainEqual({
      level: 'yes',
      count: 1,
      group: 'Complete',
    });
    expect(() => countRows(frame, 'nope')).toThrow('The table has no column "nope".');
  });

  it('counts each item of list columns', () => {
    const frame = htmlLabelFrame({ checkboxes: 'list' });
    expect(countRows(frame, 'pets')).toEqual([
      { level: 'Cat', count: 2 },
      { level: 'Dog', count: 2 },
      { level: '(none)', count: 2 },
    ]);
  });
});

describe('frame charts', () => {
  it('draws choices as bars in choice order, with the missing bar last', async () => {
    const chart = await distributionChart(htmlLabelFrame(), 'colour');
    expect(chart.title).toBe('Favourite colour');
    expect(bars(chart.svg)).toEqual([
      'level: Red; count: 2',
      'level: Green &amp; blue; count: 1',
      'level: &lt;i&gt;Other&lt;/i&gt;; count: 1',
      `level: ${MISSING_LEVEL}; count: 1`,
    ]);
  });

  it('draws numbers as a histogram that counts only values, and says how many are missing', async () => {
    const chart = await distributionChart(htmlLabelFrame(), 'weight', { maxBins: 5 });
    expect(chart.svg).toContain('n = 2, 3 missing');
    const counts = bars(chart.svg).map((l) =>
      Number(/Count of Records: (\d+)|count: (\d+)/.exec(l)?.slice(1).find(Boolean)),
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('draws dates by month', async () => {
    const chart = await distributionChart(htmlLabelFrame(), 'seen');
    expect(chart.svg).toContain('n = 4, 1 missing');
    expect(bars(chart.svg)).toHaveLength(3);
  });

  it('counts rows per level and stacks a second column', async () => {
    const chart = await countsChart(htmlLabelFrame(), 'visit_complete', { by: 'colour', title: 'Status' });
    expect(chart.title).toBe('Status');
    // (Complete, Red) twice, then one row each: (Unverified, Green & blue), (Incomplete, <i>Other</i>), (Complete, missing).
    expect(bars(chart.svg)).toHaveLength(4);
    expect(bars(chart.svg).filter((l) => l.includes('count: 2'))).toHaveLength(1);
  });

  it('collapses rare levels beyond maxLevels into one bar', async () => {
    const t = table({ x: ['a', 'a', 'a', 'b', 'b', 'c', 'd'] });
    const chart = await countsChart(t, 'x', { maxLevels: 2 });
    // The long "other" label turns the bars sideways (count first in their labels).
    expect(bars(chart.svg)).toEqual(['count: 3; level: a', 'count: 2; level: b', 'count: 2; level: other (2 levels)']);
  });
});

describe('cumulative counts', () => {
  it('steps once per distinct time', () => {
    expect(cumulativePoints([3, 1, 3, NaN, 2], 'All')).toEqual([
      { t: 1, count: 1, series: 'All' },
      { t: 2, count: 2, series: 'All' },
      { t: 3, count: 4, series: 'All' },
    ]);
  });

  it('draws the total, each group and the target line', async () => {
    const chart = await cumulativeChart(htmlLabelFrame(), 'seen', {
      by: 'colour',
      target: { count: 10, end: '2024-06-30' },
      title: 'Seen',
    });
    expect(chart.svg).toContain('4 so far, target 10');
    for (const series of ['All', 'Red', 'Green &amp; blue', 'Target']) expect(chart.svg).toContain(`>${series}</text>`);
    await expect(cumulativeChart(htmlLabelFrame(), 'seen', { target: { count: 1, end: 'soon' } })).rejects.toThrow(
      'The target needs valid start and end dates.',
    );
  });
});
