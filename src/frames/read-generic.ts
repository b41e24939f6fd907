import type { Schema } from '../schema/schema.js';
import { parseCsvRows } from '../formats/csv.js';
import { planColumns } from './column-plan.js';
import type { ResolvedFrameOptions } from './options.js';
import { startRead, type ColumnsRead } from './read-state.js';

/**
 * The reference reader: CSV rows from `parseCsvRows`, then every cell
 * typed by the value rules one call at a time. Simple and slow; the fast
 * reader is tested against it.
 */
export function readCsvGeneric(text: string, schema: Schema, opts: ResolvedFrameOptions): ColumnsRead {
  const all = parseCsvRows(text, opts.delimiter);
  const header = all[0] ?? [];
  const specs = planColumns(header, schema, opts);
  const rows = Math.max(0, all.length - 1);
  const state = startRead(specs, schema, rows);
  for (let r = 0; r < rows; r++) {
    const cells = all[r + 1];
    for (let c = 0; c < specs.length; c++) state.builders[c].put(r, cells[c] ?? '');
  }
  return state.finish(rows);
}
