import { afterEach, describe, expect, it, vi } from 'vitest';
import { inNotebook } from '../../src/notebook/kernel.js';
import { htmlOf, show, showHtml, showImage, textOf } from '../../src/notebook/show.js';
import { summarize } from '../../src/notebook/column-summary.js';
import { chartFromSpec } from '../../src/notebook/charts/chart.js';
import { barSpec } from '../../src/notebook/charts/specs.js';
import { htmlLabelFrame, htmlLabelSchema } from './fixtures.js';

describe('outside a notebook', () => {
  afterEach(() => vi.restoreAllMocks());

  it('knows it is not in tslab', () => {
    expect(inNotebook()).toBe(false);
  });

  it('show prints text to stdout and returns nothing', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const frame = htmlLabelFrame();
    expect(show(frame, { limit: 1, columns: ['record_id'] })).toBeUndefined();
    expect(log).toHaveBeenCalledWith('5 rows × 8 columns\nrecord_id <text>\n1\n… 4 more rows');
    show([{ a: 1 }, { a: null }]);
    expect(log).toHaveBeenLastCalledWith('a\n----\n1\nnull');
    show('plain');
    expect(log).toHaveBeenLastCalledWith('plain');
    showHtml('<b>x</b>');
    expect(log).toHaveBeenLastCalledWith('<b>x</b>');
    showImage(new Uint8Array(3));
    expect(log).toHaveBeenLastCalledWith('[image/png image, 3 bytes]');
  });
});

describe('htmlOf and textOf', () => {
  it('pick the renderer by what they are given', async () => {
    const frame = htmlLabelFrame();
    expect(htmlOf(frame)).toContain('data-rf="frame"');
    expect(htmlOf(frame.table)).toContain('data-rf="frame"');
    expect(htmlOf(htmlLabelSchema())).toContain('data-rf="codebook"');
    expect(htmlOf(frame.invalid)).toContain('data-rf="value-report"');
    expect(htmlOf(summarize(frame))).toContain('data-rf="summary"');
    expect(htmlOf([{ x: '<i>' }])).toContain('&lt;i&gt;');
    const chart = await chartFromSpec(barSpec([{ level: 'a', count: 1 }], { title: 'One' }));
    expect(htmlOf(chart)).toContain('<svg');
    const danfo = htmlOf(
      {
        columns: ['a', 'b'],
        dtypes: ['float32', 'string'],
        shape: [3, 2],
        values: [
          [1.5, '<x>'],
          [NaN, null],
          [2, 'y'],
        ],
      },
      { limit: 2 },
    );
    expect(danfo).toContain('a<span class="rf-type">float32</span>');
    expect(danfo).toContain('&lt;x&gt;');
    expect(danfo!.match(/class="rf-null"/g)).toHaveLength(2); // NaN and null
    expect(danfo).toContain('… 1 more row<');
    expect(htmlOf({ toHTML: () => '<table><tr><td>x</td></tr></table>' })).toMatch(
      /^<div class="rf-block"><style>[\s\S]*<\/style><div class="rf-foreign"><table>/,
    );
    expect(htmlOf(42)).toBeUndefined();
    expect(htmlOf([1, 2])).toBeUndefined();
    expect(textOf(chart)).toMatch(/^Chart "One"/);
    expect(textOf(summarize(frame)).split('\n')[0]).toBe('Column summary: 5 rows');
    expect(textOf({ a: [1] })).toBe('{ a: [ 1 ] }');
  });
});
