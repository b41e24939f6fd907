import { describe, expect, it } from 'vitest';
import { compileField } from '../../src/values/field-rule.js';
import { CodedCells, byteCellsOf, type Cells } from '../../src/write/cells.js';
import { ImportColumn, ImportRows } from '../../src/write/import-rows.js';
import { putBackNumberTexts } from '../../src/write/number-texts.js';
import { field } from './projects.js';

const rule = compileField(
  field('w', 'form', 'text', { text_validation_type_or_show_slider_number: 'number_comma_decimal' }),
);
const values = [7.4, 12, null, 0.5, 3.25, 9];
const column = { at: (i: number) => values[i] };
const written = ['7,4', '12', '', '0,5', '3,25', '9'];
// Stored texts by data row: 0 and 3 unchanged values; 4's value changed since (3.25 is not 3,20); 2 is blank now.
const stored = new Map([
  [0, '7,40'],
  [2, '1,0'],
  [3, '0.5'],
  [4, '3,20'],
]);

function texts(cells: Cells): string[] {
  return Array.from({ length: cells.length }, (_, r) => cells.text(r));
}

function csv(cells: Cells): string {
  return new ImportRows([new ImportColumn('w', 'field', cells, rule)], cells.length, {
    record: [],
    event: [],
    instrument: [],
    instance: [],
  }).toCsv();
}

describe('putBackNumberTexts', () => {
  for (const [kind, make] of [
    ['byte cells', () => byteCellsOf(written)],
    ['coded cells', () => new CodedCells(['7,4', '12', '0,5', '3,25', '9'], Int32Array.from([0, 1, -1, 2, 3, 4]))],
  ] as const) {
    it(`puts the stored text back where the value is unchanged and the server takes it (${kind})`, () => {
      const cells = make();
      expect(texts(cells)).toEqual(written);
      const out = putBackNumberTexts(cells, column, null, stored, rule, {});
      // '0.5' is not a number REDCap's comma-decimal validation takes: the field's form is sent.
      expect(texts(out)).toEqual(['7,40', '12', '', '0,5', '3,25', '9']);
      expect(csv(out)).toBe('w\n"7,40"\n12\n\n"0,5"\n"3,25"\n9\n');
      // Shown rows in another order (a sorted table): texts follow their data rows.
      const order = Uint32Array.from([4, 3, 2, 1, 0, 5]);
      const shown = putBackNumberTexts(
        byteCellsOf(Array.from(order, (i) => written[i])),
        column,
        order,
        stored,
        rule,
        {},
      );
      expect(texts(shown)).toEqual(['3,25', '0,5', '', '12', '7,40', '9']);
      // Nothing to put back: the same cells.
      expect(putBackNumberTexts(cells, column, null, new Map([[2, '5']]), rule, {})).toBe(cells);
    });
  }
});
