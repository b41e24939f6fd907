/**
 * A frame converted for import: REDCap text, column by column, with the
 * record id first. It writes itself as CSV (the whole import or a batch
 * of rows) or as JSON-ready row objects, and knows the keys of each row
 * (record, event, repeat instrument and instance) for batches and diffs.
 */
import type { FieldRule } from '../values/field-rule.js';

/** One import column. */
export interface ImportColumn {
  /** The REDCap column (`field`, `field___code`, `form_complete`, or a key column). */
  name: string;
  role: 'record' | 'event' | 'repeat-instrument' | 'repeat-instance' | 'dag' | 'field' | 'checkbox' | 'checkbox-missing';
  rule?: FieldRule;
  form?: string;
  code?: string;
  /** True when no value of the column can hold a comma, quote or line break (CSV needs no quoting check). */
  plain: boolean;
  /** One text per row; '' is a blank. */
  values: readonly string[];
}

const NEEDS_QUOTES = /[",\r\n]/;

function csvText(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export class ImportRows {
  readonly length: number;
  readonly header: readonly string[];
  private readonly index: Map<string, number>;

  constructor(readonly columns: readonly ImportColumn[], length: number) {
    this.length = length;
    this.header = columns.map((c) => c.name);
    this.index = new Map(this.header.map((h, k) => [h, k]));
  }

  column(name: string): ImportColumn | undefined {
    const k = this.index.get(name);
    return k === undefined ? undefined : this.columns[k];
  }

  private keyValues(role: ImportColumn['role']): readonly string[] | undefined {
    return this.columns.find((c) => c.role === role)?.values;
  }

  /** The record of each row. */
  get records(): readonly string[] {
    return this.keyValues('record') ?? [];
  }

  /** Row keys: record, unique event name, repeat instrument and instance ('' where none). */
  keysOf(row: number): { record: string; event: string; instrument: string; instance: string } {
    return {
      record: this.keyValues('record')?.[row] ?? '',
      event: this.keyValues('event')?.[row] ?? '',
      instrument: this.keyValues('repeat-instrument')?.[row] ?? '',
      instance: this.keyValues('repeat-instance')?.[row] ?? '',
    };
  }

  /** Rows by record, records in order of first appearance. */
  rowsByRecord(): Map<string, number[]> {
    const groups = new Map<string, number[]>();
    const records = this.records;
    for (let r = 0; r < this.length; r++) {
      const id = records[r];
      let g = groups.get(id);
      if (!g) groups.set(id, (g = []));
      g.push(r);
    }
    return groups;
  }

  /** CSV text of the given rows (default all), header first. */
  toCsv(rows?: ArrayLike<number>): string {
    const cols = this.columns;
    const n = cols.length;
    const values = cols.map((c) => c.values);
    const plain = cols.map((c) => c.plain);
    const count = rows ? rows.length : this.length;
    const lines = new Array<string>(count + 1);
    lines[0] = this.header.map(csvText).join(',');
    for (let k = 0; k < count; k++) {
      const r = rows ? rows[k] : k;
      let line = plain[0] ? values[0][r] : csvText(values[0][r]);
      for (let c = 1; c < n; c++) {
        const v = values[c][r];
        line += v === '' ? ',' : plain[c] ? `,${v}` : `,${csvText(v)}`;
      }
      lines[k + 1] = line;
    }
    return lines.join('\n') + '\n';
  }

  /** Row objects of REDCap text (what a JSON import sends). */
  toObjects(rows?: ArrayLike<number>): Record<string, string>[] {
    const count = rows ? rows.length : this.length;
    const out = new Array<Record<string, string>>(count);
    for (let k = 0; k < count; k++) {
      const r = rows ? rows[k] : k;
      const o: Record<string, string> = {};
      for (const c of this.columns) o[c.name] = c.values[r];
      out[k] = o;
    }
    return out;
  }
}
