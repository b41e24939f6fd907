import { describe, expect, it } from 'vitest';
import {
  csvCell,
  csvLine,
  csvQuoteTable,
  parseCsv,
  parseCsvRows,
  quotedCsvCell,
  writeCsv,
} from '../../src/formats/csv.js';

describe('csv', () => {
  it('quotes like fputcsv and reads back what it wrote', () => {
    expect(csvLine(['1', 'a b', 'x,y', 'say "hi"', 'line\nbreak', ''])).toBe(
      '1,"a b","x,y","say ""hi""","line\nbreak",\n',
    );
    const text = writeCsv(
      ['id', 'note'],
      [
        { id: '001', note: 'a, "b"\nc' },
        { id: '002', note: null },
      ],
    );
    expect(parseCsv(text).rows).toEqual([
      { id: '001', note: 'a, "b"\nc' },
      { id: '002', note: '' },
    ]);
  });

  it("has one rule per destination: REDCap's (fputcsv), minimal (import bodies, files), always quoted (error lines)", () => {
    const values = ['a b', 'tab\there', 'back\\slash', '2024-03-05 14:07', 'x;y', 'x,y', 'say "hi"', 'cr\rlf', 'é ü'];
    expect(values.map((v) => csvCell(v))).toEqual([
      '"a b"',
      '"tab\there"',
      '"back\\slash"',
      '"2024-03-05 14:07"',
      'x;y',
      '"x,y"',
      '"say ""hi"""',
      '"cr\rlf"',
      '"é ü"',
    ]);
    expect(values.map((v) => csvCell(v, ',', 'minimal'))).toEqual([
      'a b',
      'tab\there',
      'back\\slash',
      '2024-03-05 14:07',
      'x;y',
      '"x,y"',
      '"say ""hi"""',
      '"cr\rlf"',
      'é ü',
    ]);
    expect(csvCell('x;y', ';')).toBe('"x;y"');
    expect(csvLine(['a b', 'c'], ';', 'minimal')).toBe('a b;c\n');
    expect(['1', 'say "hi"', ''].map(quotedCsvCell).join(',')).toBe('"1","say ""hi""",""');
    // Every rule reads back to the same values.
    for (const quoting of ['redcap', 'minimal'] as const) {
      expect(parseCsvRows(csvLine(values, ',', quoting))).toEqual([values]);
    }
    // The byte table agrees with the text rule, and never flags UTF-8 lead or continuation bytes.
    const table = csvQuoteTable('minimal');
    expect(
      [...table.keys()]
        .filter((c) => table[c] === 1)
        .map((c) => String.fromCharCode(c))
        .sort(),
    ).toEqual(['\n', '\r', '"', ','].sort());
  });

  it('handles CRLF, a BOM, other delimiters and trailing empty cells', () => {
    expect(parseCsvRows('\ufeffa;b\r\n1;\r\n', ';')).toEqual([
      ['a', 'b'],
      ['1', ''],
    ]);
    expect(parseCsvRows('a\tb\n"x\ty"\tz', '\t')).toEqual([
      ['a', 'b'],
      ['x\ty', 'z'],
    ]);
    expect(parseCsvRows('')).toEqual([]);
  });
});
