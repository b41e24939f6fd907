/**
 * What a write-back reads from: a typed frame, any Arquero table, or a
 * Danfo.js DataFrame (duck-typed, so Danfo stays an optional peer). All
 * three are seen as named columns with a value per row.
 */
import type { ColumnTable } from 'arquero';
import { RedcapUsageError } from '../api/errors.js';
import type { DanfoDataFrame } from '../frames/danfo.js';
import type { TypedFrame } from '../frames/typed-frame.js';

/** A table to write back: a typed frame, an Arquero table or a Danfo DataFrame. */
export type ImportSource = TypedFrame | ColumnTable | DanfoDataFrame;

/** A source column: at(i) answers the value of data row i (see `rowIndex`). */
export interface ColumnData {
  readonly length?: number;
  at(index: number): unknown;
}

export interface WriteSource {
  names: string[];
  /** Rows as shown (after a filter). */
  rows: number;
  /** The data row of each shown row, or null when they are the same. */
  rowIndex: Uint32Array | null;
  column(name: string): ColumnData;
  /** The typed frame the table came from, when given one. */
  frame?: TypedFrame;
  /** Danfo marks a missing number with NaN: there NaN is a blank, elsewhere a problem. */
  nanIsBlank: boolean;
}

const isObject = (x: unknown): x is object => typeof x === 'object' && x !== null;

function isTypedFrame(input: unknown): input is TypedFrame {
  const f = input as TypedFrame;
  return isObject(f) && typeof f.table?.columnNames === 'function' && Array.isArray(f.columns) && isObject(f.schema);
}

function isArqueroTable(input: unknown): input is ColumnTable {
  const t = input as ColumnTable;
  return isObject(t) && [t.columnNames, t.numRows, t.column].every((m) => typeof m === 'function');
}

function isDanfo(input: unknown): input is DanfoDataFrame {
  const d = input as DanfoDataFrame;
  return isObject(d) && Array.isArray(d.columns) && Array.isArray(d.shape) && typeof d.column === 'function';
}

function fromArquero(table: ColumnTable, frame?: TypedFrame): WriteSource {
  // A filtered or ordered table shows some data rows, in some order.
  const rowIndex = table.isFiltered() || table.isOrdered() ? table.indices(true) : null;
  return {
    names: table.columnNames(),
    rows: table.numRows(),
    rowIndex,
    column: (name) => table.column(name) as unknown as ColumnData,
    frame,
    nanIsBlank: false,
  };
}

function fromDanfo(df: DanfoDataFrame): WriteSource {
  const cache = new Map<string, unknown[]>();
  return {
    names: [...df.columns],
    rows: df.shape[0] ?? 0,
    rowIndex: null,
    column: (name) => {
      let values = cache.get(name);
      if (!values) cache.set(name, (values = df.column(name).values));
      return values as unknown as ColumnData;
    },
    nanIsBlank: true,
  };
}

/** Reads any supported table; a clear error for anything else. */
export function readSource(input: ImportSource): WriteSource {
  if (isTypedFrame(input)) return fromArquero(input.table, input);
  if (isArqueroTable(input)) return fromArquero(input);
  if (isDanfo(input)) return fromDanfo(input);
  throw new RedcapUsageError(
    'Expected a typed frame (exportTable), an Arquero table or a Danfo.js DataFrame to import.',
  );
}
