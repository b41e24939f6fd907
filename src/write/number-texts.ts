/**
 * Numbers put back as REDCap stored them. REDCap keeps a number as it was
 * entered (`.34`, `007`, `1.50`); a typed frame holds the number, and its
 * `numberTexts` report the stored text. Where the frame's value is still
 * the stored one, the write-back sends the stored text, so a frame
 * written back unchanged leaves the project's data unchanged; a changed
 * value is written in the field's own form.
 */
import type { FieldRule } from '../values/field-rule.js';
import { parseNumber } from '../values/numbers.js';
import { checkValue, type ValueContext } from '../values/validate.js';
import { byteCellsOf, type Cells } from './cells.js';
import type { ColumnData } from './source.js';

/**
 * The column's cells with the stored texts put back (by data row) where
 * the value is unchanged and the text passes the server's check; the
 * cells as they are when no text applies.
 */
export function putBackNumberTexts(
  cells: Cells, column: ColumnData, rowIndex: Uint32Array | null, texts: ReadonlyMap<number, string>, rule: FieldRule, ctx: ValueContext,
): Cells {
  let out: string[] | null = null;
  for (let r = 0; r < cells.length; r++) {
    const text = texts.get(rowIndex ? rowIndex[r] : r);
    if (text === undefined || cells.isBlank(r)) continue;
    const value = column.at(rowIndex ? rowIndex[r] : r);
    if (typeof value !== 'number' || parseNumber(text) !== value || checkValue(rule, text, ctx) !== null) continue;
    if (!out) {
      out = new Array<string>(cells.length);
      for (let k = 0; k < cells.length; k++) out[k] = cells.text(k);
    }
    out[r] = text;
  }
  return out ? byteCellsOf(out) : cells;
}
