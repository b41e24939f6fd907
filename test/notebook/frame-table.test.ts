import { table } from 'arquero';
import { describe, expect, it } from 'vitest';
import { frameToHtml, frameToText } from '../../src/notebook/frame-table.js';
import { htmlLabelFrame, htmlLabelSchema } from './fixtures.js';

describe('frameToHtml', () => {
  const frame = htmlLabelFrame();

  it('heads each column with its name, type and field label (escaped)', () => {
    const html = frameToHtml(frame);
    expect(html).toContain(
      '<span class="rf-name">weight</span><span class="rf-type">number</span><span class="rf-label">Weight &lt;b&gt;(kg)&lt;/b&gt;</span>',
    );
    expect(html).toContain('<span class="rf-name">seen</span><span class="rf-type">date</span>');
    expect(html).toContain('<span class="rf-name">colour</span><span class="rf-type">category</span>');
    expect(html).toContain(
      '<span class="rf-name">pets___c</span><span class="rf-type">boolean</span><span class="rf-label">Pets: Cat</span>',
    );
    expect(html).not.toContain('<b>(kg)</b>');
  });

  it('escapes values and shows nulls (blank, missing code, invalid) as marked cells', () => {
    const html = frameToHtml(frame);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('Green &amp; blue');
    expect(html).toContain('&lt;i&gt;Other&lt;/i&gt;');
    // Row 2 has no weight, row 3 a missing code, row 4 an out-of-range weight: three nulls in the column.
    const weights = [...html.matchAll(/<tr>(<td>.*?<\/td>)<td>(.*?)<\/td>/g)].map((m) => m[2]);
    expect(weights.filter((w) => w.includes('rf-null'))).toHaveLength(3);
    expect(html).toContain('5 rows × 8 columns');
  });

  it('limits rows and columns and says how many were left out', () => {
    const html = frameToHtml(frame, { limit: 2, maxColumns: 3 });
    expect(html.match(/<tr>/g)!.length).toBe(1 + 2);
    expect(html).toContain('… 3 more rows');
    expect(html).toContain('… 5 more columns');
    const chosen = frameToHtml(frame, { columns: ['notes', 'record_id'] });
    expect(chosen.indexOf('>notes<')).toBeLessThan(chosen.indexOf('>record_id<'));
    expect(() => frameToHtml(frame, { columns: ['nope'] })).toThrow('The table has no column "nope".');
  });

  it('types plain Arquero tables from their values and labels them from a schema', () => {
    const t = table({
      weight: [1.5, null],
      when: [new Date('2024-01-01T00:00:00Z'), null],
      flag: [null, true],
      tags: [['a'], null],
      other: [null, null],
    });
    const html = frameToHtml(t, { schema: htmlLabelSchema() });
    expect(html).toContain(
      '<span class="rf-name">weight</span><span class="rf-type">number</span><span class="rf-label">Weight &lt;b&gt;(kg)&lt;/b&gt;</span>',
    );
    expect(html).toContain('<span class="rf-name">when</span><span class="rf-type">date</span>');
    expect(html).toContain('<span class="rf-name">flag</span><span class="rf-type">boolean</span>');
    expect(html).toContain('<span class="rf-name">tags</span><span class="rf-type">list</span>');
    expect(html).toContain('<span class="rf-name">other</span><span class="rf-type">empty</span>');
    expect(html).toContain('2024-01-01');
  });

  it('follows a derived table’s filter and order', () => {
    const t = frame.table.filter((d: { weight: number | null }) => d.weight !== null).orderby('record_id');
    const text = frameToText(t, { columns: ['record_id', 'weight'] });
    expect(text.split('\n').slice(2)).toEqual(['1                 70.5', '5                 82']);
  });
});

describe('frameToText', () => {
  it('prints the shape, typed header and rows', () => {
    const text = frameToText(htmlLabelFrame(), { limit: 2, columns: ['record_id', 'seen', 'pets___d'] });
    expect(text.split('\n')).toEqual([
      '5 rows × 8 columns',
      'record_id <text>  seen <date>  pets___d <boolean>',
      '1                 2024-01-02   false',
      '2                 2024-02-10   true',
      '… 3 more rows',
    ]);
  });
});
