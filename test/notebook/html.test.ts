import { describe, expect, it } from 'vitest';
import {
  cellHtml,
  escapeHtml,
  formatDate,
  formatNumber,
  formatValue,
  rowsToHtml,
  rowsToText,
} from '../../src/notebook/html.js';

describe('escapeHtml', () => {
  it('escapes markup and quotes', () => {
    expect(escapeHtml('<b class="x">Tom & Jerry\'s</b>')).toBe(
      '&lt;b class=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/b&gt;',
    );
    expect(escapeHtml(null)).toBe('');
  });
});

describe('value formatting', () => {
  it('writes dates as days, with the time when not midnight (UTC)', () => {
    expect(formatDate(new Date('2024-03-05T00:00:00Z'))).toBe('2024-03-05');
    expect(formatDate(new Date('2024-03-05T14:07:00Z'))).toBe('2024-03-05 14:07');
    expect(formatDate(new Date('2024-03-05T14:07:09Z'))).toBe('2024-03-05 14:07:09');
  });

  it('rounds numbers to four decimals without trailing zeros', () => {
    expect(formatNumber(1 / 3)).toBe('0.3333');
    expect(formatNumber(2.5)).toBe('2.5');
    expect(formatNumber(42)).toBe('42');
    expect(formatValue(['Cat', 'Dog'])).toBe('Cat, Dog');
    expect(formatValue(null)).toBe('null');
  });

  it('marks nulls and empty text differently from values', () => {
    expect(cellHtml(null)).toContain('rf-null');
    expect(cellHtml(undefined)).toContain('rf-null');
    expect(cellHtml('')).toContain('rf-empty');
    expect(cellHtml('<i>')).toBe('&lt;i&gt;');
    expect(cellHtml(3)).toContain('>3<');
  });
});

describe('rowsToHtml', () => {
  const rows = Array.from({ length: 7 }, (_, i) => ({
    id: i,
    name: i === 2 ? '<b>x</b>' : `n${i}`,
    v: i === 3 ? null : i * 1.5,
  }));

  it('renders a header, escaped cells, nulls and the rows left out', () => {
    const html = rowsToHtml(rows, { limit: 5, title: 'Rows & more' });
    expect(html).toContain('<th>id</th><th>name</th><th>v</th>');
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(html).not.toContain('<b>x</b>');
    expect(html.match(/<tr>/g)!.length).toBe(1 + 5);
    expect(html).toContain('… 2 more rows');
    expect(html).toContain('Rows &amp; more');
    expect(html).toContain('rf-null');
  });

  it('says so when there are no rows', () => {
    expect(rowsToHtml([])).toContain('(no rows)');
  });

  it('also renders aligned text', () => {
    const text = rowsToText(rows, { columns: ['id', 'v'], limit: 3 });
    expect(text.split('\n')).toEqual(['id  v', '--  ---', '0   0', '1   1.5', '2   3', '… 4 more rows']);
  });
});
