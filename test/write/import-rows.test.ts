import { table } from 'arquero';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsvRows } from '../../src/formats/csv.js';
import { tableToImportRows } from '../../src/write/table-to-import.js';
import { mixedSchema } from './projects.js';

const schema = mixedSchema();

describe('ImportRows', () => {
  it('writes CSV that reads back to the same cells, for any rows chosen, in any order', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'é', ',', '"', '\n', ' ', '1'), maxLength: 8 });
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            name: text,
            age: fc.option(fc.integer({ min: 0, max: 120 })),
            sex: fc.option(fc.constantFrom('Female', 'Male', '3')),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        fc.array(fc.nat(), { maxLength: 10 }),
        (rows, picks) => {
          const t = table({
            record_id: rows.map((_, k) => `r${k}`),
            name: rows.map((r) => (r.name === '' ? null : r.name)),
            age: rows.map((r) => r.age),
            sex: rows.map((r) => r.sex),
          });
          const { rows: out, problems } = tableToImportRows(t, schema);
          expect(problems).toEqual([]);
          const chosen = picks.map((p) => p % rows.length);
          for (const subset of [undefined, chosen]) {
            const csv = out.toCsv(subset);
            expect(out.toCsvBytes(subset).toString('utf8')).toBe(csv);
            const parsed = parseCsvRows(csv);
            expect(parsed[0]).toEqual(['record_id', 'name', 'age', 'sex']);
            expect(parsed.slice(1)).toEqual(out.toObjects(subset).map((o) => [o.record_id, o.name, o.age, o.sex]));
          }
          expect(out.toObjects()[0].sex).toBe(
            rows[0].sex === null ? '' : rows[0].sex === 'Female' ? '1' : rows[0].sex === 'Male' ? '2' : '3',
          );
        },
      ),
    );
  });

  it('groups rows by record in order of first appearance, with their keys', () => {
    const { rows } = tableToImportRows(
      table({ record_id: ['b', 'a', 'b', 'c'], name: ['x', 'y', null, 'z'] }),
      mixedSchema({
        repeating: [{ event_name: 'event_1_arm_1', form_name: 'enrolment', custom_form_label: '' }],
      }),
      {},
    );
    expect([...rows.rowsByRecord()]).toEqual([
      ['b', [0, 2]],
      ['a', [1]],
      ['c', [3]],
    ]);
    expect(rows.keysOf(1)).toEqual({ record: 'a', event: '', instrument: '', instance: '' });
    expect(rows.column('name')!.values).toEqual(['x', 'y', '', 'z']);
    expect(rows.column('nope')).toBeUndefined();
  });
});
