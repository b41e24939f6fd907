/**
 * A frame converted for import: REDCap text, column by column, with the
 * record id first. It writes itself as CSV bytes (the whole import or a
 * batch of rows) or as row objects, and knows the keys of each row
 * (record, event, repeat instrument and instance) for batches and diffs.
 */
import type { FieldRule } from '../values/field-rule.js';
import { ByteCells, type CodedCells, RangeCells, csvCellText, type Cells } from './cells.js';

/** Rows written per block of the CSV body (about half a megabyte of output). */
const CSV_BLOCK = 512;

/** Cells longer than this are copied natively (a call costs about as much as copying this many bytes in a loop). */
const LONG_CELL = 32;

function copyBytes(from: Buffer, start: number, end: number, out: Buffer, at: number): number {
  if (end - start > LONG_CELL) return at + from.copy(out, at, start, end);
  for (let j = start; j < end; j++) out[at++] = from[j];
  return at;
}

/** Where one column's cells go: the output, each row's write position, the rows written, and whether a comma comes first. */
interface ColumnOut {
  out: Buffer;
  at: Int32Array;
  rows: ArrayLike<number> | undefined;
  comma: boolean;
}

function writeRanges(cells: RangeCells, to: ColumnOut, from: number, until: number): void {
  const { starts, ends, data, extras } = cells;
  const { out, at, rows, comma } = to;
  for (let k = from; k < until; k++) {
    const r = rows ? rows[k] : k;
    let p = at[k];
    if (comma) out[p++] = 44;
    const s = starts[r];
    if (s >= 0) p = copyBytes(data, s, ends[r], out, p);
    else if (s < -1) {
      const b = extras[-2 - s];
      p = copyBytes(b, 0, b.length, out, p);
    }
    at[k] = p;
  }
}

function writeBytes(cells: ByteCells, to: ColumnOut, from: number, until: number): void {
  const { offsets, data } = cells;
  const { out, at, rows, comma } = to;
  for (let k = from; k < until; k++) {
    const r = rows ? rows[k] : k;
    let p = at[k];
    if (comma) out[p++] = 44;
    at[k] = copyBytes(data, offsets[r], offsets[r + 1], out, p);
  }
}

function writeCodes(cells: CodedCells, to: ColumnOut, from: number, until: number): void {
  const { index, single, pool, starts } = cells;
  const { out, at, rows, comma } = to;
  for (let k = from; k < until; k++) {
    const r = rows ? rows[k] : k;
    let p = at[k];
    if (comma) out[p++] = 44;
    const i = index[r];
    if (i >= 0) {
      const one = single[i];
      if (one >= 0) out[p++] = one;
      else {
        const end = starts[i + 1];
        for (let j = starts[i]; j < end; j++) out[p++] = pool[j];
      }
    }
    at[k] = p;
  }
}

export type ImportColumnRole =
  | 'record'
  | 'event'
  | 'repeat-instrument'
  | 'repeat-instance'
  | 'dag'
  | 'field'
  | 'checkbox'
  | 'checkbox-missing';

/** One import column. */
export class ImportColumn {
  constructor(
    /** The REDCap column (`field`, `field___code`, `form_complete`, or a key column). */
    readonly name: string,
    readonly role: ImportColumnRole,
    readonly cells: Cells,
    readonly rule?: FieldRule,
    readonly form?: string,
    readonly code?: string,
  ) {}

  /** The text of a row ('' for a blank). */
  text(row: number): string {
    return this.cells.text(row);
  }

  isBlank(row: number): boolean {
    return this.cells.isBlank(row);
  }

  /** Every row's text (made on request: large imports keep bytes, not strings). */
  get values(): string[] {
    const out = new Array<string>(this.cells.length);
    for (let r = 0; r < out.length; r++) out[r] = this.cells.text(r);
    return out;
  }
}

/** The keys of each row, as import text ('' where none). */
export interface ImportKeys {
  record: readonly string[];
  event: readonly string[];
  instrument: readonly string[];
  instance: readonly string[];
}

export class ImportRows {
  readonly header: readonly string[];
  private readonly index: Map<string, number>;
  private readonly headerBytes: Buffer;

  constructor(
    readonly columns: readonly ImportColumn[],
    readonly length: number,
    readonly keys: ImportKeys,
  ) {
    this.header = columns.map((c) => c.name);
    this.index = new Map(this.header.map((h, k) => [h, k]));
    this.headerBytes = Buffer.from(this.header.map(csvCellText).join(',') + '\n', 'utf8');
  }

  column(name: string): ImportColumn | undefined {
    const k = this.index.get(name);
    return k === undefined ? undefined : this.columns[k];
  }

  /** The record of each row. */
  get records(): readonly string[] {
    return this.keys.record;
  }

  /** Row keys: record, unique event name, repeat instrument and instance ('' where none). */
  keysOf(row: number): { record: string; event: string; instrument: string; instance: string } {
    return {
      record: this.keys.record[row],
      event: this.keys.event[row],
      instrument: this.keys.instrument[row],
      instance: this.keys.instance[row],
    };
  }

  /** Rows by record, records in order of first appearance. */
  rowsByRecord(): Map<string, number[]> {
    const groups = new Map<string, number[]>();
    const records = this.keys.record;
    for (let r = 0; r < this.length; r++) {
      const id = records[r];
      let g = groups.get(id);
      if (!g) groups.set(id, (g = []));
      g.push(r);
    }
    return groups;
  }

  /**
   * The CSV body of the given rows (default all), header first, as UTF-8
   * bytes. Written a block of rows at a time, column by column inside the
   * block: each loop reads one column's arrays (no call or type test per
   * cell) and writes into a stretch of output small enough to stay cached.
   */
  toCsvBytes(rows?: ArrayLike<number>): Buffer {
    const count = rows ? rows.length : this.length;
    const rowOf = (k: number) => (rows ? rows[k] : k);
    // Where each row starts: its cells, a comma between them, a line break.
    const start = new Int32Array(count + 1);
    const n = this.columns.length;
    for (const column of this.columns) {
      const cells = column.cells;
      if (cells instanceof ByteCells) {
        const o = cells.offsets;
        for (let k = 0; k < count; k++) {
          const r = rowOf(k);
          start[k + 1] += o[r + 1] - o[r];
        }
      } else if (cells instanceof RangeCells) {
        for (let k = 0; k < count; k++) start[k + 1] += cells.byteLength(rowOf(k));
      } else {
        const lengths = Int32Array.from(cells.bytes, (b) => b.length);
        const index = cells.index;
        for (let k = 0; k < count; k++) {
          const i = index[rowOf(k)];
          if (i >= 0) start[k + 1] += lengths[i];
        }
      }
    }
    start[0] = this.headerBytes.length;
    for (let k = 0; k < count; k++) start[k + 1] += start[k] + n;
    const out = Buffer.allocUnsafe(start[count]);
    this.headerBytes.copy(out, 0);
    const at = start.subarray(0, count);
    // One writer per column, its buffers prepared once.
    const writers = this.columns.map((column, c): ((from: number, to: number) => void) => {
      const cells = column.cells;
      const target: ColumnOut = { out, at, rows, comma: c > 0 };
      if (cells instanceof ByteCells) return (from, to) => writeBytes(cells, target, from, to);
      if (cells instanceof RangeCells) return (from, to) => writeRanges(cells, target, from, to);
      return (from, to) => writeCodes(cells, target, from, to);
    });
    for (let from = 0; from < count; from += CSV_BLOCK) {
      const to = Math.min(count, from + CSV_BLOCK);
      for (const write of writers) write(from, to);
      for (let k = from; k < to; k++) out[at[k]] = 10;
    }
    return out;
  }

  /** The CSV body as text. */
  toCsv(rows?: ArrayLike<number>): string {
    return this.toCsvBytes(rows).toString('utf8');
  }

  /** Row objects of REDCap text (what a JSON import sends). */
  toObjects(rows?: ArrayLike<number>): Record<string, string>[] {
    const count = rows ? rows.length : this.length;
    const out = new Array<Record<string, string>>(count);
    for (let k = 0; k < count; k++) {
      const r = rows ? rows[k] : k;
      const o: Record<string, string> = {};
      for (const c of this.columns) o[c.name] = c.text(r);
      out[k] = o;
    }
    return out;
  }
}
