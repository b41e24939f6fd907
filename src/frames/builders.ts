import { parseDatetimeAt, parseTimeSecondsAt, parseYmdAt, type TimeKind } from '../values/dates.js';
import { formatNumber, mayBeOtherForm, parseNumberAt, type NumberForm, type NumberShape } from '../values/numbers.js';
import type { TypedValue } from '../values/typed.js';
import { typeCell } from './cell.js';
import type { ColumnSpec } from './column-plan.js';
import {
  BOOLEAN_FALSE,
  BOOLEAN_NULL,
  BOOLEAN_TRUE,
  BooleanColumn,
  CategoryColumn,
  DateColumn,
  NumberColumn,
  TextColumn,
  type FrameColumn,
} from './columns.js';
import type { CodeMatcher } from './code-matcher.js';

/** A cell set aside while reading: row index, column, raw value, and why. */
export interface Problem {
  row: number;
  spec: ColumnSpec;
  value: string;
  /** Set for an invalid value. */
  reason?: string;
  /** Set for a missing-data code. */
  code?: string;
}

/** The form numbers of a field are written back in, for fields whose stored texts are kept; null for others. */
function numberFormOf(spec: ColumnSpec): NumberForm | null {
  const rule = spec.rule;
  // Calculated values are computed by the server, never written back.
  if (spec.role !== 'field' || !rule || rule.type === 'calc' || (rule.kind !== 'integer' && rule.kind !== 'number'))
    return null;
  return {
    integer: rule.kind === 'integer',
    decimals: rule.validation?.decimals,
    decimalChar: rule.validation?.decimalChar ?? '.',
  };
}

/**
 * What builders share during one read: where set-aside cells go, and the
 * text being read. The fast CSV reader hands builders ranges of a chunk
 * (`src`, a Latin-1 view of the export bytes at `base`, so that offsets
 * are byte offsets); `cell` gives the real (UTF-8 decoded) text of a range.
 */
export interface ReadContext {
  invalid: Problem[];
  missing: Problem[];
  /** Numbers stored in another form than the one they are written back in (`.34` for 0.34): `value` is the stored text. */
  texts: Problem[];
  missingCodes: ReadonlySet<string>;
  /** Matches missing codes in place, for the fast reader's shortcuts. */
  missingMatcher: CodeMatcher;
  /** Where text ranges point: the export bytes or text. */
  source: Uint8Array | string;
  /** Offset of the current chunk in `source`. */
  base: number;
  /**
   * Added to a text range when it is kept: where the bytes being read will
   * sit in the final source (batches of one export read one after another
   * into the same columns, then joined); 0 when they are the source.
   */
  shift: number;
  /** The value of `src.slice(start, end)` as text. */
  cell(src: string, start: number, end: number): string;
  /** A matcher for codes, in the form the chunks show them. */
  matcher(codes: readonly string[]): CodeMatcher;
}

/**
 * Builds one frame column. `put` types a cell by the reference rule
 * ({@link typeCell}); `read` is the fast reader's entry, which takes a
 * cell in place (`src.slice(start, end)` without making it) and falls back
 * to `put` for anything that is not a plain valid value.
 */
export abstract class ColumnBuilder {
  /** The missing-code matcher when the project has codes (checked before the shortcuts). */
  protected readonly missing: CodeMatcher | null;

  constructor(
    readonly spec: ColumnSpec,
    protected readonly context: ReadContext,
  ) {
    this.missing = context.missingCodes.size > 0 ? context.missingMatcher : null;
  }

  /** Types a cell by the reference rule and stores it (or reports it). */
  put(row: number, raw: string): void {
    const out = typeCell(this.spec, raw, this.context.missingCodes);
    if (out.kind === 'value') {
      this.set(row, out.value);
      // REDCap's extra checkbox column for a missing code: checked means "missing".
      if (out.value === true && this.spec.role === 'checkbox-missing') {
        this.context.missing.push({ row, spec: this.spec, value: raw, code: this.spec.code });
      }
      return;
    }
    this.set(row, null);
    if (out.kind === 'missing') this.context.missing.push({ row, spec: this.spec, value: raw, code: out.code });
    else this.context.invalid.push({ row, spec: this.spec, value: raw, reason: out.reason });
  }

  /** The fast reader's entry. */
  read(src: string, start: number, end: number, row: number): void {
    this.put(row, this.context.cell(src, start, end));
  }

  /** True when the cell is a missing code (then it must go through `put`). */
  protected isMissingAt(src: string, start: number, end: number): boolean {
    return this.missing !== null && this.missing.indexAt(src, start, end) >= 0;
  }

  /**
   * Cells of one ASCII character that store a known value straight away
   * (`'1'` of a yes/no, a one-character choice code): a table from the
   * character to the stored value (-1: not known, go through `read`) and
   * the array it is stored in. The fast reader uses it to skip the call.
   */
  singleChar(): SingleCharLane | null {
    return null;
  }

  abstract set(row: number, value: TypedValue): void;
  /** Makes room for `capacity` rows (new rows null). */
  abstract grow(capacity: number): void;
  abstract finish(rows: number): FrameColumn;
}

function grown<T extends Float64Array | Uint8Array | Int32Array>(values: T, capacity: number, fill: number): T {
  const next = new (values.constructor as new (n: number) => T)(capacity);
  next.fill(fill);
  next.set(values);
  return next;
}

/** See {@link ColumnBuilder.singleChar}. */
export interface SingleCharLane {
  table: Int32Array;
  values: Uint8Array | Int32Array;
}

/** Typed arrays sized for an estimate of the rows, cut to the rows read. */
function cut<T extends Float64Array | Uint8Array | Int32Array>(values: T, rows: number): T {
  if (values.length === rows) return values;
  // A view keeps the spare room; copy only when the estimate was far off.
  return (rows < values.length * 0.8 ? values.slice(0, rows) : values.subarray(0, rows)) as T;
}

/** Text as ranges of the export; strings only for unescaped or set values. */
export class TextBuilder extends ColumnBuilder {
  private starts: Int32Array;
  private ends: Int32Array;
  private readonly extras: string[] = [];
  private readonly validation: RegExp | undefined;
  private readonly checksMissing: boolean;

  constructor(spec: ColumnSpec, context: ReadContext, capacity: number) {
    super(spec, context);
    this.starts = new Int32Array(capacity).fill(-1);
    this.ends = new Int32Array(capacity);
    const field = spec.role === 'field';
    this.validation = field ? spec.rule?.validation?.pattern : undefined;
    this.checksMissing = field && context.missingCodes.size > 0;
  }

  override read(src: string, start: number, end: number, row: number): void {
    if (start === end) {
      this.starts[row] = -1;
      return;
    }
    if (this.checksMissing && this.isMissingAt(src, start, end)) {
      return this.put(row, this.context.cell(src, start, end));
    }
    if (this.validation && !this.validation.test(this.context.cell(src, start, end))) {
      return this.put(row, this.context.cell(src, start, end));
    }
    if (src === this.context.source || typeof this.context.source !== 'string') {
      const at = this.context.base + this.context.shift;
      this.starts[row] = at + start;
      this.ends[row] = at + end;
    } else {
      this.set(row, src.slice(start, end));
    }
  }

  set(row: number, value: TypedValue): void {
    if (value === null) {
      this.starts[row] = -1;
    } else {
      this.starts[row] = -2 - this.extras.length;
      this.extras.push(String(value));
    }
  }

  grow(capacity: number): void {
    this.starts = grown(this.starts, capacity, -1);
    this.ends = grown(this.ends, capacity, 0);
  }

  finish(rows: number): TextColumn {
    return new TextColumn(this.context.source, cut(this.starts, rows), cut(this.ends, rows), this.extras);
  }
}

export class NumberBuilder extends ColumnBuilder {
  protected values: Float64Array;
  private readonly form: NumberForm | null;
  private readonly shape: NumberShape = { plain: false, decimals: -1, separator: 0 };
  private readonly integer: boolean;
  private readonly time: TimeKind | undefined;
  /** Smallest value the shortcut takes (instances start at 1). */
  private readonly least: number;

  constructor(spec: ColumnSpec, context: ReadContext, capacity: number) {
    super(spec, context);
    this.values = new Float64Array(capacity).fill(NaN);
    this.integer = spec.role === 'repeat-instance' || spec.rule?.kind === 'integer';
    this.time = spec.rule?.kind === 'time' ? (spec.rule.validation!.kind as TimeKind) : undefined;
    this.least = spec.role === 'repeat-instance' ? 1 : -Infinity;
    this.form = this.time ? null : numberFormOf(spec);
  }

  override read(src: string, start: number, end: number, row: number): void {
    if (start === end) return; // already NaN
    if (this.isMissingAt(src, start, end)) return this.put(row, this.context.cell(src, start, end));
    const n = this.time ? parseTimeSecondsAt(src, start, end, this.time) : parseNumberAt(src, start, end, this.shape);
    if (n !== n || (this.integer && !Number.isInteger(n)) || n < this.least) {
      this.put(row, this.context.cell(src, start, end));
    } else {
      this.values[row] = n;
      if (this.form && mayBeOtherForm(src, start, end, this.shape, this.form))
        this.keepText(row, n, this.context.cell(src, start, end));
    }
  }

  override put(row: number, raw: string): void {
    super.put(row, raw);
    const n = this.values[row];
    if (this.form && n === n) this.keepText(row, n, raw);
  }

  /** Keeps the stored text of a number written in another form than its write-back's. */
  private keepText(row: number, n: number, raw: string): void {
    if (formatNumber(n, this.form!) !== raw) this.context.texts.push({ row, spec: this.spec, value: raw });
  }

  set(row: number, value: TypedValue): void {
    this.values[row] = value === null ? NaN : (value as number);
  }

  grow(capacity: number): void {
    this.values = grown(this.values, capacity, NaN);
  }

  finish(rows: number): NumberColumn {
    return new NumberColumn(cut(this.values, rows));
  }
}

export class DateBuilder extends ColumnBuilder {
  private values: Float64Array;
  private readonly dateOnly: boolean;
  private readonly timeZone: string;

  constructor(spec: ColumnSpec, context: ReadContext, capacity: number) {
    super(spec, context);
    this.values = new Float64Array(capacity).fill(NaN);
    this.dateOnly = spec.rule?.kind === 'date';
    this.timeZone = spec.typed.timeZone ?? 'UTC';
  }

  override read(src: string, start: number, end: number, row: number): void {
    if (start === end) return;
    if (this.isMissingAt(src, start, end)) return this.put(row, this.context.cell(src, start, end));
    const ms = this.dateOnly ? parseYmdAt(src, start, end) : parseDatetimeAt(src, start, end, this.timeZone);
    if (ms !== ms) this.put(row, this.context.cell(src, start, end));
    else this.values[row] = ms;
  }

  set(row: number, value: TypedValue): void {
    this.values[row] = value === null ? NaN : (value as Date).getTime();
  }

  grow(capacity: number): void {
    this.values = grown(this.values, capacity, NaN);
  }

  finish(rows: number): DateColumn {
    return new DateColumn(cut(this.values, rows));
  }
}

export class BooleanBuilder extends ColumnBuilder {
  private values: Uint8Array;
  /** A checked missing-code column is also reported: no shortcut there. */
  private readonly shortcut: boolean;

  constructor(spec: ColumnSpec, context: ReadContext, capacity: number) {
    super(spec, context);
    this.values = new Uint8Array(capacity);
    this.shortcut = spec.role !== 'checkbox-missing';
  }

  override read(src: string, start: number, end: number, row: number): void {
    if (start === end) return;
    // '1' and '0' are the codes of yes/no, true/false and checkbox options alike.
    if (end - start === 1 && this.shortcut) {
      const c = src.charCodeAt(start);
      if (c === 49) return void (this.values[row] = BOOLEAN_TRUE);
      if (c === 48) return void (this.values[row] = BOOLEAN_FALSE);
    }
    this.put(row, this.context.cell(src, start, end));
  }

  override singleChar(): SingleCharLane | null {
    if (!this.shortcut) return null;
    const table = new Int32Array(128).fill(-1);
    table[49] = BOOLEAN_TRUE;
    table[48] = BOOLEAN_FALSE;
    return { table, values: this.values };
  }

  set(row: number, value: TypedValue): void {
    this.values[row] = value === null ? BOOLEAN_NULL : value ? BOOLEAN_TRUE : BOOLEAN_FALSE;
  }

  grow(capacity: number): void {
    this.values = grown(this.values, capacity, BOOLEAN_NULL);
  }

  finish(rows: number): BooleanColumn {
    return new BooleanColumn(cut(this.values, rows));
  }
}

/**
 * Choices, form status, and the key columns whose values come from a known
 * list (events, repeat instruments, DAGs). Open categories add values they
 * have not seen; closed ones leave them to the value rules (invalid).
 */
export class CategoryBuilder extends ColumnBuilder {
  private values: Int32Array;
  private readonly codes: string[];
  private readonly levels: string[];
  private readonly matcher: CodeMatcher;
  private readonly levelIndex = new Map<string, number>();

  constructor(spec: ColumnSpec, context: ReadContext, capacity: number) {
    super(spec, context);
    this.values = new Int32Array(capacity).fill(-1);
    this.codes = [...(spec.codes ?? [])];
    this.levels = [...(spec.levels ?? this.codes)];
    this.matcher = context.matcher(this.codes);
    this.levels.forEach((l, k) => {
      if (!this.levelIndex.has(l)) this.levelIndex.set(l, k);
    });
  }

  override read(src: string, start: number, end: number, row: number): void {
    if (start === end) return;
    const k = this.matcher.indexAt(src, start, end);
    if (k >= 0) this.values[row] = k;
    else this.put(row, this.context.cell(src, start, end));
  }

  override singleChar(): SingleCharLane | null {
    return { table: this.matcher.singleCharTable(), values: this.values };
  }

  set(row: number, value: TypedValue): void {
    if (value === null) {
      this.values[row] = -1;
      return;
    }
    const text = String(value);
    let k = this.levelIndex.get(text);
    if (k === undefined) {
      // Only open categories get here with a new value (closed ones reject it first).
      k = this.levels.length;
      this.codes.push(text);
      this.levels.push(text);
      this.levelIndex.set(text, k);
      this.matcher.add(text);
    }
    this.values[row] = k;
  }

  grow(capacity: number): void {
    this.values = grown(this.values, capacity, -1);
  }

  finish(rows: number): CategoryColumn {
    return new CategoryColumn(cut(this.values, rows), this.levels);
  }
}

/** The builder for a planned column. */
export function columnBuilder(spec: ColumnSpec, context: ReadContext, capacity: number): ColumnBuilder {
  switch (spec.type) {
    case 'number':
      return new NumberBuilder(spec, context, capacity);
    case 'date':
      return new DateBuilder(spec, context, capacity);
    case 'boolean':
      return new BooleanBuilder(spec, context, capacity);
    case 'category':
      return new CategoryBuilder(spec, context, capacity);
    default:
      return new TextBuilder(spec, context, capacity);
  }
}
