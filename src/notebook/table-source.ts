/**
 * What the display helpers and charts accept as a table: a typed frame
 * (its Arquero table plus column types and the project schema) or any
 * Arquero table, e.g. one derived from a frame with verbs. Column types
 * and labels come from the frame when it knows them, from the schema when
 * given, and otherwise from the values.
 */
import type { ColumnTable } from 'arquero';
import type { Schema } from '../schema/schema.js';
import { BooleanColumn, CategoryColumn, DateColumn, NumberColumn } from '../frames/columns.js';
import type { TypedFrame } from '../frames/typed-frame.js';

/** What a displayed column holds (the frame types, or a guess for plain columns). */
export type ColumnKind = 'text' | 'number' | 'date' | 'boolean' | 'category' | 'list' | 'empty';

export interface ColumnView {
  name: string;
  kind: ColumnKind;
  /** The REDCap field label (checkbox options add the option's label). */
  label?: string;
  /** Possible values in order, for category columns of a typed frame. */
  levels?: readonly string[];
}

/** A typed frame or an Arquero table. */
export type TableSource = TypedFrame | ColumnTable;

export function isTypedFrame(x: unknown): x is TypedFrame {
  const f = x as TypedFrame | null;
  return (
    typeof f === 'object' &&
    f !== null &&
    Array.isArray(f.columns) &&
    typeof f.table?.numRows === 'function' &&
    typeof f.schema === 'object'
  );
}

export function isTable(x: unknown): x is ColumnTable {
  const t = x as ColumnTable | null;
  return (
    typeof t === 'object' &&
    t !== null &&
    typeof t.numRows === 'function' &&
    typeof t.columnNames === 'function' &&
    typeof t.array === 'function'
  );
}

export function tableOf(source: TableSource): ColumnTable {
  return isTypedFrame(source) ? source.table : source;
}

/** The kind of a plain column, from its first non-null value. */
export function guessKind(values: ArrayLike<unknown>): ColumnKind {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    if (typeof v === 'number' || typeof v === 'bigint') return 'number';
    if (v instanceof Date) return 'date';
    if (typeof v === 'boolean') return 'boolean';
    if (Array.isArray(v)) return 'list';
    return 'text';
  }
  return 'empty';
}

function kindOfColumn(column: unknown): ColumnKind | undefined {
  if (column instanceof NumberColumn) return 'number';
  if (column instanceof DateColumn) return 'date';
  if (column instanceof BooleanColumn) return 'boolean';
  if (column instanceof CategoryColumn) return 'category';
  return undefined;
}

/** The field label of an export column, from the schema (checkbox options: "label: option"). */
export function labelFromSchema(schema: Schema | undefined, name: string): string | undefined {
  const column = schema?.column(name);
  if (column) {
    const label = column.rule.label;
    if (column.code !== undefined) return `${label}: ${column.rule.byCode.get(column.code)?.label ?? column.code}`;
    return label || undefined;
  }
  // A checkbox field shown as one list column, or a field whose column was renamed away.
  return schema?.field(name)?.label || undefined;
}

/** The columns of a source with their kinds and labels. */
export function columnViews(source: TableSource, schema?: Schema): ColumnView[] {
  const table = tableOf(source);
  const typed = isTypedFrame(source) ? new Map(source.columns.map((c) => [c.name, c])) : undefined;
  const sch = schema ?? (isTypedFrame(source) ? source.schema : undefined);
  return table.columnNames().map((name) => {
    const info = typed?.get(name);
    // Tables derived from a frame (splitByInstrument, select…) keep the frame's column classes.
    const stored = table.column(name) as unknown;
    const view: ColumnView = {
      name,
      kind: info ? info.type : (kindOfColumn(stored) ?? guessKind(table.array(name) as ArrayLike<unknown>)),
    };
    const label = labelFromSchema(sch, name);
    if (label) view.label = label;
    const levels = info?.levels ?? (stored instanceof CategoryColumn ? stored.levels : undefined);
    if (levels) view.levels = levels;
    return view;
  });
}
