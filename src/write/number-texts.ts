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
import { ByteCells, CodedCells, byteCellsOf, csvCellText, type Cells } from './cells.js';
import type { ColumnData } from './source.js';

/**
 * The column's cells with the stored texts put back (by data row) where
 * the value is unchanged and the text passes the server's check; the
 * cells as they are when no text applies.
 */
export function putBackNumberTexts(
  cells: Cells,
  column: ColumnData,
  rowIndex: Uint32Array | null,
  texts: ReadonlyMap<number, string>,
  rule: FieldRule,
  ctx: ValueContext,
): Cells {
  const put = new Map<number, string>();
  const consider = (r: number, data: number, text: string): void => {
    if (cells.isBlank(r)) return;
    const value = column.at(data);
    if (typeof value === 'number' && parseNumber(text) === value && checkValue(rule, text, ctx) === null)
      put.set(r, text);
  };
  // Shown rows are data rows unless the table was filtered or ordered.
  if (rowIndex === null) {
    for (const [data, text] of texts) if (data < cells.length) consider(data, data, text);
  } else {
    for (let r = 0; r < cells.length; r++) {
      const text = texts.get(rowIndex[r]);
      if (text !== undefined) consider(r, rowIndex[r], text);
    }
  }
  return put.size ? withTexts(cells, put) : cells;
}

/** The cells with some rows' texts replaced, copied as bytes (numbers are coded or byte cells). */
function withTexts(cells: Cells, put: ReadonlyMap<number, string>): Cells {
  if (cells instanceof CodedCells) {
    const texts = [...cells.texts];
    const index = cells.index.slice();
    const slot = new Map<string, number>();
    for (const [r, text] of put) {
      let k = slot.get(text);
      if (k === undefined) slot.set(text, (k = texts.push(text) - 1));
      index[r] = k;
    }
    return new CodedCells(texts, index);
  }
  if (cells instanceof ByteCells) {
    // The bytes between replaced rows are copied in stretches; offsets shift by the replaced lengths.
    const rows = [...put.keys()].sort((a, b) => a - b);
    const bytes = rows.map((r) => Buffer.from(csvCellText(put.get(r)!), 'utf8'));
    const from = cells.offsets;
    const n = cells.length;
    const offsets = new Int32Array(n + 1);
    let shift = 0;
    for (let r = 0, j = 0; r < n; r++) {
      offsets[r] = from[r] + shift;
      if (rows[j] === r) shift += bytes[j++].length - (from[r + 1] - from[r]);
    }
    offsets[n] = from[n] + shift;
    const data = Buffer.allocUnsafe(offsets[n]);
    let next = 0;
    rows.forEach((r, j) => {
      cells.data.copy(data, offsets[next], from[next], from[r]);
      bytes[j].copy(data, offsets[r]);
      next = r + 1;
    });
    cells.data.copy(data, offsets[next], from[next], from[n]);
    return new ByteCells(data, offsets);
  }
  const out = new Array<string>(cells.length);
  for (let r = 0; r < cells.length; r++) out[r] = put.get(r) ?? cells.text(r);
  return byteCellsOf(out);
}
