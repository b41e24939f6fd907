import { describe, expect, it } from 'vitest';
import { csvLine, parseCsv, parseCsvRows, writeCsv } from '../../src/formats/csv.js';

describe('csv', () => {
  it('quotes like fputcsv and reads back what it wrote', () => {
    expect(csvLine(['1', 'a b', 'x,y', 'say "hi"', 'line\nbreak', ''])).toBe('1,"a b","x,y","say ""hi""","line\nbreak",\n');
    const text = writeCsv(['id', 'note'], [{ id: '001', note: 'a, "b"\nc' }, { id: '002', note: null }]);
    expect(parseCsv(text).rows).toEqual([{ id: '001', note: 'a, "b"\nc' }, { id: '002', note: '' }]);
  });

  it('handles CRLF, a BOM, other delimiters and trailing empty cells', () => {
    expect(parseCsvRows('\ufeffa;b\r\n1;\r\n', ';')).toEqual([['a', 'b'], ['1', '']]);
    expect(parseCsvRows('a\tb\n"x\ty"\tz', '\t')).toEqual([['a', 'b'], ['x\ty', 'z']]);
    expect(parseCsvRows('')).toEqual([]);
  });
});
