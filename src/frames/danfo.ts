import { createRequire } from 'node:module';
import type { ColumnTable } from 'arquero';
import { BooleanColumn, NumberColumn } from './columns.js';
import type { TypedFrame } from './typed-frame.js';

/** What this module uses of a Danfo.js DataFrame (Danfo is an optional peer). */
export interface DanfoDataFrame {
  columns: string[];
  dtypes: string[];
  shape: number[];
  values: unknown[];
  column(name: string): { values: unknown[] };
}

interface DanfoModule {
  DataFrame: new (
    data: Record<string, unknown[]>,
    options?: { columns?: string[]; dtypes?: string[] },
  ) => DanfoDataFrame;
}

let danfo: DanfoModule | undefined;

/**
 * Loads `danfojs-node` when installed, else `danfojs`, once. Both are
 * optional peers: a clear error says what to install when neither is.
 * (`candidates` is for tests.)
 */
export function loadDanfo(candidates: readonly string[] = ['danfojs-node', 'danfojs']): DanfoModule {
  if (danfo && candidates.length === 2) return danfo;
  const require = createRequire(import.meta.url);
  for (const name of candidates) {
    let resolved: string;
    try {
      resolved = require.resolve(name);
    } catch {
      continue;
    }
    const loaded = require(resolved) as DanfoModule;
    if (candidates.length === 2) danfo = loaded;
    return loaded;
  }
  throw new Error(
    `toDanfo needs Danfo.js, an optional peer dependency: install danfojs-node (or danfojs), e.g. \`npm install danfojs-node\` (looked for ${candidates.join(', ')})`,
  );
}

type DanfoType = 'float32' | 'boolean' | 'string';

/** Danfo's dtype for an Arquero column: our typed columns say it; plain arrays by their first value. */
function danfoType(column: unknown, rows: number, get: (r: number) => unknown): DanfoType {
  if (column instanceof NumberColumn || column instanceof Float64Array || column instanceof Int32Array)
    return 'float32';
  if (column instanceof BooleanColumn) return 'boolean';
  for (let r = 0; r < rows; r++) {
    const v = get(r);
    if (v === null || v === undefined) continue;
    return typeof v === 'number' ? 'float32' : typeof v === 'boolean' ? 'boolean' : 'string';
  }
  return 'string';
}

/**
 * A typed frame (or any Arquero table, such as one of
 * {@link splitByInstrument}'s) as a Danfo.js DataFrame with the same
 * values. Danfo marks missing numbers with NaN, its own missing value;
 * other columns keep null. Numbers are `float32` in Danfo's dtype names
 * (values stay JavaScript numbers), booleans `boolean`, everything else
 * (text, choices, Dates, checkbox lists) `string`, which Danfo's `dt` and
 * `str` accessors read.
 */
export function toDanfo(source: TypedFrame | ColumnTable): DanfoDataFrame {
  const { DataFrame } = loadDanfo();
  const table = 'table' in source && 'schema' in source ? source.table : (source as ColumnTable);
  const rows = table.numRows();
  const names = table.columnNames();
  const data: Record<string, unknown[]> = {};
  const dtypes: string[] = [];
  for (const name of names) {
    const column = table.column(name)!;
    const get = (r: number): unknown => column.at(r);
    const type = danfoType(column, rows, get);
    const values = new Array<unknown>(rows);
    for (let r = 0; r < rows; r++) {
      const v = get(r);
      values[r] = type === 'float32' && (v === null || v === undefined) ? NaN : v;
    }
    data[name] = values;
    dtypes.push(type);
  }
  return new DataFrame(data, { columns: names, dtypes });
}
