import { BooleanColumn, CategoryColumn, DateColumn, NumberColumn, TextColumn, type FrameColumn } from './columns.js';

/** The given rows of a frame column, in the same storage (typed arrays stay typed). */
export function takeRows(column: FrameColumn, rows: Int32Array): FrameColumn {
  const n = rows.length;
  if (column instanceof NumberColumn || column instanceof DateColumn) {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = column.values[rows[i]];
    return column instanceof NumberColumn ? new NumberColumn(out) : new DateColumn(out);
  }
  if (column instanceof BooleanColumn) {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = column.values[rows[i]];
    return new BooleanColumn(out);
  }
  if (column instanceof CategoryColumn) {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = column.indices[rows[i]];
    return new CategoryColumn(out, column.levels);
  }
  if (column instanceof TextColumn) {
    const starts = new Int32Array(n);
    const ends = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      starts[i] = column.starts[rows[i]];
      ends[i] = column.ends[rows[i]];
    }
    return new TextColumn(column.source, starts, ends, column.extras);
  }
  const values = column as unknown[];
  const out = new Array(n);
  for (let i = 0; i < n; i++) out[i] = values[rows[i]];
  return out as FrameColumn;
}
