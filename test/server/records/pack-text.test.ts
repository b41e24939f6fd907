import { describe, expect, it } from 'vitest';
import type { PackLayout } from '../../../src/server/records/pack-layout.js';
import { type EncodedRow, packText, unpackText } from '../../../src/server/records/pack-text.js';

const layout = { names: ['a', 'b', 'c'], index: new Map(), checkbox: [false, true, false] } as unknown as PackLayout;

describe('pack text', () => {
  it('round-trips rows, blanks, checked codes and values under other names', () => {
    const rows: EncodedRow[] = [
      [12, '', -1, ['x, "quoted"\nline', '1\u001d3', '']],
      [12, 'visits', 2, ['', '', 'ü €'], [['gone', 'kept']]],
    ];
    const text = packText(rows);
    expect(text.startsWith('[')).toBe(false);
    expect(unpackText(text, layout)).toEqual(rows);
    expect(unpackText(packText([]), layout)).toEqual([]);
  });

  it('falls back to JSON when a stored value holds a separator, and reads it back the same', () => {
    const rows: EncodedRow[] = [[1, '', -1, ['a\u001fb', '', 'c\u001ed']]];
    const text = packText(rows);
    expect(text.startsWith('[')).toBe(true);
    expect(unpackText(text, layout)).toEqual(rows);
  });
});
