import type { ColumnsRead } from '../../src/frames/read-state.js';
import { valueAt } from '../../src/frames/columns.js';
import type { TypedFrame } from '../../src/frames/typed-frame.js';

/** Column values of a read as plain arrays (Dates as ISO text), for comparisons. */
export function plainColumns(read: ColumnsRead): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  read.specs.forEach((spec, k) => {
    const values: unknown[] = [];
    for (let r = 0; r < read.rows; r++) {
      const v = valueAt(read.columns[k], r);
      values.push(v instanceof Date ? v.toISOString() : v);
    }
    out[spec.name] = values;
  });
  return out;
}

/** The reports of a read as plain rows. */
export function plainProblems(read: ColumnsRead): { invalid: unknown[]; missing: unknown[]; texts: unknown[] } {
  return {
    invalid: read.invalid.map((p) => [p.row, p.spec.name, p.value, p.reason]),
    missing: read.missing.map((p) => [p.row, p.spec.name, p.value, p.code]),
    texts: read.texts.map((p) => [p.row, p.spec.name, p.value]),
  };
}

/** A frame's table as plain rows (Dates as ISO text). */
export function plainRows(frame: TypedFrame): Record<string, unknown>[] {
  return frame.table.objects().map((o) => {
    const row: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o as Record<string, unknown>)) row[k] = v instanceof Date ? v.toISOString() : v;
    return row;
  });
}
