/**
 * A typed frame as an Arrow table with types fixed by the frame's column
 * kinds, not by the values of one batch: a column that is all null in a
 * batch keeps its type, so every batch of a streamed export has the same
 * Arrow schema.
 */
import {
  TimeUnit,
  bool,
  columnFromValues,
  float64,
  list,
  tableFromColumns,
  timestamp,
  utf8,
  type Column,
  type DataType,
  type Table as ArrowTable,
} from '@uwdata/flechette';
import { DateColumn, NumberColumn, valueAt, type FrameColumn } from '../columns.js';
import type { FrameColumnInfo, TypedFrame } from '../typed-frame.js';

/**
 * The Arrow type of a frame column: numbers as float64, dates and
 * datetimes as UTC millisecond timestamps (the frame holds instants),
 * booleans as bool, categories and text as utf8, checkbox lists as
 * lists of utf8.
 */
export function arrowTypeOf(info: Pick<FrameColumnInfo, 'type'>): DataType {
  switch (info.type) {
    case 'number':
      return float64();
    case 'date':
      return timestamp(TimeUnit.MILLISECOND, 'UTC');
    case 'boolean':
      return bool();
    case 'list':
      return list(utf8());
    default:
      return utf8();
  }
}

/** A short text naming a column's Arrow type, to compare schemas of batches. */
export function typeSignature(columns: readonly Pick<FrameColumnInfo, 'name' | 'type'>[]): string {
  return columns.map((c) => `${c.name}:${c.type}`).join(',');
}

function numbersOrNull(values: Float64Array): (number | null)[] {
  const out = new Array<number | null>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = v === v ? v : null;
  }
  return out;
}

function columnValues(column: FrameColumn, rows: number): unknown[] {
  // Numbers and dates straight from their storage: no Date objects made.
  if (column instanceof NumberColumn || column instanceof DateColumn) return numbersOrNull(column.values);
  if (Array.isArray(column)) return column;
  const out = new Array<unknown>(rows);
  for (let i = 0; i < rows; i++) out[i] = valueAt(column, i);
  return out;
}

/** The frame as a flechette (Arrow) table, one column per frame column. */
export function frameToArrow(frame: TypedFrame): ArrowTable {
  const rows = frame.table.numRows();
  const columns: [string, Column<unknown>][] = frame.columns.map((info) => {
    const column = frame.table.column(info.name) as unknown as FrameColumn;
    return [info.name, columnFromValues(columnValues(column, rows), arrowTypeOf(info)) as Column<unknown>];
  });
  return tableFromColumns(columns);
}
