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

describe('PackedRow lookups by name', () => {
  it('answer as the value and checked maps do, values set later included', () => {
    const layout = {
      names: ['age', 'pets', 'note', 'form_complete'],
      index: new Map([
        ['age', 0],
        ['pets', 1],
        ['note', 2],
        ['form_complete', 3],
      ]),
      checkbox: [false, true, false, false],
    } as unknown as PackLayout;
    const slots = ['41', ['1', '3'].join(CODE_SEPARATOR), '', '0'];
    // A value under a name the layout lacks, and one under a checkbox's name stored as a plain value.
    const others: [string, string][] = [
      ['old_field', 'x'],
      ['pets', 'stray'],
    ];
    const row = new PackedRow('r', 1, '', '', null, slots, layout, others);
    const fresh = () => new PackedRow('r', 1, '', '', null, slots, layout, others);
    const names = ['age', 'pets', 'note', 'form_complete', 'old_field', 'missing'];
    const same = (r: PackedRow) => {
      for (const name of names) {
        expect(r.valueOf(name), name).toBe(r.values.get(name));
        expect(r.holds(name), name).toBe(r.values.has(name) || r.checked.has(name));
        for (const code of ['1', '2', '3'])
          expect(r.hasChecked(name, code)).toBe(r.checked.get(name)?.has(code) ?? false);
      }
    };
    same(row);
    // Set before the maps are made, and after.
    const early = fresh();
    early.setValue('note', '');
    early.setValue('calc', '7');
    expect(early.valueOf('note')).toBe('');
    expect(early.holds('note')).toBe(true);
    same(early);
    expect(early.values.get('calc')).toBe('7');
    row.setValue('age', '42');
    expect(row.valueOf('age')).toBe('42');
    expect(row.values.get('age')).toBe('42');
  });
});
