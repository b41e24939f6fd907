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
