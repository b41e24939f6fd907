/**
 * Column storage for typed frames. Each class keeps its values in a typed
 * array (8 bytes per number or date, 1 per boolean, 4 per choice) and
 * answers Arquero's column interface (`length`, `at`, iteration), handing
 * out `null` for missing values, a `Date` for dates and a label (or code)
 * for choices. Text columns are plain arrays of `string | null`.
 */

/** What a frame column holds, as documented for users. */
export type FrameColumnType = 'text' | 'number' | 'date' | 'boolean' | 'category' | 'list';

/** Arquero's column interface (length, `at`, iteration, optional `toArray`). */
export interface ColumnLike<T> {
  readonly length: number;
  at(row: number): T;
  [Symbol.iterator](): Iterator<T>;
  toArray?(): ArrayLike<T>;
}

abstract class TypedColumn<T> implements ColumnLike<T> {
  abstract readonly length: number;
  abstract at(row: number): T;

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }

  /** The values as a plain array (nulls included). */
  toArray(): T[] {
    const out = new Array<T>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.at(i);
    return out;
  }
}

/** Numbers (integers, decimals, times in seconds); NaN in storage is null. */
export class NumberColumn extends TypedColumn<number | null> {
  constructor(readonly values: Float64Array) {
    super();
  }

  get length(): number {
    return this.values.length;
  }

  at(row: number): number | null {
    const v = this.values[row];
    return v === v ? v : null;
  }
}

/** Dates and datetimes as epoch milliseconds (NaN is null), handed out as `Date`. */
export class DateColumn extends TypedColumn<Date | null> {
  constructor(readonly values: Float64Array) {
    super();
  }

  get length(): number {
    return this.values.length;
  }

  at(row: number): Date | null {
    const v = this.values[row];
    return v === v ? new Date(v) : null;
  }
}

/** Stored codes of a boolean column. */
export const BOOLEAN_NULL = 0;
export const BOOLEAN_FALSE = 1;
export const BOOLEAN_TRUE = 2;

/** Booleans stored one byte each: 0 null, 1 false, 2 true. */
export class BooleanColumn extends TypedColumn<boolean | null> {
  constructor(readonly values: Uint8Array) {
    super();
  }

  get length(): number {
    return this.values.length;
  }

  at(row: number): boolean | null {
    const v = this.values[row];
    return v === BOOLEAN_NULL ? null : v === BOOLEAN_TRUE;
  }
}

/**
 * Values out of a known, ordered set (choice labels or codes, events…):
 * an index per row (-1 for null) into `levels`, which keeps the order of
 * the choices in the dictionary.
 */
export class CategoryColumn extends TypedColumn<string | null> {
  constructor(
    readonly indices: Int32Array,
    readonly levels: readonly string[],
  ) {
    super();
  }

  get length(): number {
    return this.indices.length;
  }

  at(row: number): string | null {
    const k = this.indices[row];
    return k < 0 ? null : this.levels[k];
  }
}

/**
 * Text kept where it was read: a range of the export (bytes, decoded as
 * UTF-8 on access, or text) per row, so reading makes no string at all.
 * Values that had to be unescaped or came as strings sit in `extras`.
 * `starts[row]` is -1 for null and -2 - k for `extras[k]`.
 */
export class TextColumn extends TypedColumn<string | null> {
  private readonly bytes: Buffer | null;

  constructor(
    readonly source: Uint8Array | string,
    readonly starts: Int32Array,
    readonly ends: Int32Array,
    readonly extras: readonly string[],
  ) {
    super();
    this.bytes = typeof source === 'string' ? null : Buffer.from(source.buffer, source.byteOffset, source.byteLength);
  }

  get length(): number {
    return this.starts.length;
  }

  at(row: number): string | null {
    const s = this.starts[row];
    if (s === -1) return null;
    if (s < -1) return this.extras[-2 - s];
    return this.bytes
      ? this.bytes.toString('utf8', s, this.ends[row])
      : (this.source as string).slice(s, this.ends[row]);
  }
}

/** Any frame column. */
export type FrameColumn =
  | TextColumn
  | NumberColumn
  | DateColumn
  | BooleanColumn
  | CategoryColumn
  | (string | null)[]
  | (readonly string[] | null)[];

/** The value at a row of any frame column (what Arquero would return). */
export function valueAt(column: FrameColumn, row: number): unknown {
  return Array.isArray(column) ? column[row] : column.at(row);
}
