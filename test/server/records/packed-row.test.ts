import { describe, expect, it } from 'vitest';
import type { PackLayout } from '../../../src/server/records/pack-layout.js';
import { CODE_SEPARATOR, PackedRow } from '../../../src/server/records/packed-row.js';

describe('PackedRow.isChecked', () => {
  it('finds a code only as a whole code among the checked ones', () => {
    const slots = ['1', ['11', '-1', '2'].join(CODE_SEPARATOR), '', ['a', 'ab'].join(CODE_SEPARATOR)];
    const row = new PackedRow('r', 1, '', '', null, slots, {} as PackLayout);
    expect(row.isChecked(0, '1')).toBe(true);
    expect(row.isChecked(0, '11')).toBe(false);
    expect(row.isChecked(1, '1')).toBe(false);
    expect(row.isChecked(1, '11')).toBe(true);
    expect(row.isChecked(1, '-1')).toBe(true);
    expect(row.isChecked(1, '2')).toBe(true);
    expect(row.isChecked(1, '-')).toBe(false);
    expect(row.isChecked(2, '1')).toBe(false);
    expect(row.isChecked(3, 'b')).toBe(false);
    expect(row.isChecked(3, 'ab')).toBe(true);
    expect(row.isChecked(3, 'a')).toBe(true);
    expect(row.isChecked(9, '1')).toBe(false);
  });
});
