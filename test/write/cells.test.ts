import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteCellsBuilder, CodedCells, RangeCellsBuilder, byteCellsOf, csvCellText } from '../../src/write/cells.js';

describe('import cells', () => {
  it('encode any text as UTF-8, quoted only where CSV needs it', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 12 })), (texts) => {
        const cells = byteCellsOf(texts);
        texts.forEach((t, k) => {
          const expected = Buffer.from(csvCellText(t), 'utf8');
          expect(Buffer.from(cells.data.subarray(cells.offsets[k], cells.offsets[k + 1]))).toEqual(expected);
          // Lone surrogates come back as U+FFFD, as Buffer writes them.
          expect(cells.text(k)).toBe(Buffer.from(t, 'utf8').toString('utf8'));
          expect(cells.isBlank(k)).toBe(t === '');
        });
      }),
    );
    expect(csvCellText('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCellText('plain text')).toBe('plain text');
  });

  it('write whole numbers digit by digit', () => {
    const b = new ByteCellsBuilder(5, 1);
    for (const n of [0, -7, 1234567890123, 100, -999999999999999]) b.pushInteger(n);
    const cells = b.finish();
    expect([0, 1, 2, 3, 4].map((r) => cells.text(r))).toEqual(['0', '-7', '1234567890123', '100', '-999999999999999']);
  });

  it('keep ranges of bytes, quoting the cells that need it', () => {
    const data = Buffer.from('abc,de"fxyz', 'utf8');
    const b = new RangeCellsBuilder(data, 5);
    b.range(0, 3);
    b.range(2, 5);
    b.text('');
    b.range(5, 7);
    b.text('new, text');
    const cells = b.finish();
    expect([0, 1, 2, 3, 4].map((r) => cells.text(r))).toEqual(['abc', 'c,d', '', 'e"', 'new, text']);
    expect([0, 1, 2, 3, 4].map((r) => cells.byteLength(r))).toEqual([3, 5, 0, 5, 11]);
    expect(cells.isBlank(2)).toBe(true);
  });

  it('code a few texts with an index per row', () => {
    const cells = new CodedCells(['1', '-99', 'a,b'], Int32Array.from([0, -1, 1, 2]));
    expect([0, 1, 2, 3].map((r) => cells.text(r))).toEqual(['1', '', '-99', 'a,b']);
    expect(Array.from(cells.single)).toEqual([49, -1, -1]);
    expect(Buffer.from(cells.pool).toString()).toBe('1-99"a,b"');
    expect([0, 1, 2, 3].map((r) => cells.byteLength(r))).toEqual([1, 0, 3, 5]);
  });
});
