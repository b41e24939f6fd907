import { describe, expect, it } from 'vitest';
import { csvBatchContents, csvFirstCells, joinCsvBytes } from '../../src/api/csv-batches.js';

const bytes = (s: string) => new Uint8Array(Buffer.from(s));
const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');

describe('csv batches as bytes', () => {
  it('finds the first cell of every row, past quoted delimiters, line breaks and quotes', () => {
    const csv = '\uFEFFrecord_id,notes\n"1,a","x\ny"\n2,"say ""hi"""\r\n"3 ""q""",z\n"4"\n5\r\n';
    expect(csvFirstCells(bytes(csv), 44)).toEqual({ header: 'record_id', records: ['1,a', '2', '3 "q"', '4', '5'] });
    expect(csvFirstCells(bytes('id;a\nä;1\n'), 59)).toEqual({ header: 'id', records: ['ä'] });
  });

  it('says an answer was cut when it ends inside a row or inside quotes', () => {
    expect(csvFirstCells(bytes('id,a\n1,x'), 44)).toEqual({ cutShort: true });
    expect(csvFirstCells(bytes('id,a\n1,"x\n'), 44)).toEqual({ cutShort: true });
    expect(csvBatchContents(bytes(' \n'), 'id', ',')).toEqual({ records: [] });
    expect(csvBatchContents(bytes('other,a\n1,x\n'), 'id', ',')).toEqual({});
    expect(csvBatchContents(bytes('id,a\n1,x\n2,y\n'), 'id', ',')).toEqual({ records: ['1', '2'] });
  });

  it('reads the same first cells as a byte-by-byte scan, on random CSV', () => {
    // The plain scan the jumping one must agree with: each quote toggles, a row ends at a line break outside quotes.
    const reference = (b: Uint8Array, delimiter: number) => {
      const cells: string[] = [];
      let quoted = false;
      let rowStart = b[0] === 0xef ? 3 : 0;
      let cellEnd = -1;
      for (let i = rowStart; i < b.length; i++) {
        if (b[i] === 34) quoted = !quoted;
        else if (quoted) continue;
        else if (b[i] === delimiter && cellEnd < 0) cellEnd = i;
        else if (b[i] === 10) {
          let end = cellEnd < 0 ? i : cellEnd;
          if (cellEnd < 0 && end > rowStart && b[end - 1] === 13) end--;
          if (end > rowStart || cellEnd >= 0) {
            const t = Buffer.from(b.subarray(rowStart, end)).toString('utf8');
            cells.push(t.length > 1 && t[0] === '"' ? t.slice(1, -1).replace(/""/g, '"') : t);
          }
          rowStart = i + 1;
          cellEnd = -1;
        }
      }
      if (quoted || rowStart !== b.length) return { cutShort: true };
      return { header: cells[0] ?? '', records: cells.slice(1) };
    };
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pieces = ['a', 'bb', ',', ';', '"', '""', '\n', '\r\n', 'ä', ' '];
    for (let round = 0; round < 2000; round++) {
      const length = Math.floor(random() * 40);
      let csv = random() < 0.1 ? '\uFEFF' : '';
      for (let i = 0; i < length; i++) csv += pieces[Math.floor(random() * pieces.length)];
      if (random() < 0.7) csv += '\n';
      for (const delimiter of [44, 59])
        expect(csvFirstCells(bytes(csv), delimiter)).toEqual(reference(bytes(csv), delimiter));
    }
  });

  it('joins batches under one header, dropping later headers and byte-order marks', () => {
    const joined = joinCsvBytes([
      bytes('\uFEFFid,a\n1,x\n'),
      bytes(''),
      bytes('\uFEFFid,a\r\n2,"y\nz"\r\n'),
      bytes('id,a\n3,w'),
      bytes('id,a\n4,v\n'),
    ]);
    expect(text(joined)).toBe('\uFEFFid,a\n1,x\n2,"y\nz"\r\n3,w\n4,v\n');
    expect(() => joinCsvBytes([bytes('id,a\n1\n'), bytes('id,b\n2\n')])).toThrow(/headers differ \("id,a" vs "id,b"\)/);
    const one = bytes('id\n1\n');
    expect(joinCsvBytes([one, bytes('\n')])).toBe(one);
  });
});
