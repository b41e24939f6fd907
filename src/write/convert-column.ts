/**
 * One frame column converted to import text, column by column: the
 * frame's own storage is read directly (numbers and dates from their
 * Float64Array, booleans and choices from their codes, each level
 * converted once), other columns value by value. Every non-blank text is
 * then checked with `checkValue`, the server's own rule, so what passes
 * here passes there; values of fields with a min or max are also given
 * `rangeWarning`'s warning (REDCap imports them: they are sent).
 */
import { BooleanColumn, CategoryColumn, TextColumn } from '../frames/columns.js';
import type { FieldRule } from '../values/field-rule.js';
import { checkValue, rangeWarning, type ValueContext } from '../values/validate.js';
import { ByteCellsBuilder, CodedCells, RangeCellsBuilder, type Cells } from './cells.js';
import { NumberSlots } from './number-slots.js';
import { floatTexts } from './float-texts.js';
import type { ColumnData } from './source.js';
import { failed, valueText, type TextResult, type ValueTextOptions } from './value-text.js';

/** Distinct values a column may have and still be stored as codes. */
const REPEATED_LIMIT = 1 << 15;

/** A cell that could not be converted or failed validation (or, as a warning, is out of range). */
export interface CellProblem {
  /** Row as shown. */
  row: number;
  value: unknown;
  reason: string;
}

export interface ColumnInput {
  rule: FieldRule;
  column: ColumnData;
  rows: number;
  rowIndex: Uint32Array | null;
  /** Missing-data codes to put back where the frame has null (by data row). */
  restore?: ReadonlyMap<number, string>;
  /** How the frame showed this column's choices, when it was read by this package. */
  shownAs?: 'labels' | 'codes';
  options: ValueTextOptions;
  context: ValueContext;
}

export interface ConvertedColumn {
  cells: Cells;
  problems: CellProblem[];
  /** Values sent though outside the field's min/max. */
  warnings: CellProblem[];
}

/** The text of a checked-or-not result once checked by the server's rule; memoised per distinct input. */
function checked(rule: FieldRule, result: TextResult, ctx: ValueContext): TextResult {
  if (failed(result) || result === '') return result;
  const message = checkValue(rule, result, ctx);
  return message === null ? result : { reason: message };
}

/** Only fields with a min or a max can be out of range: the others skip the warning. */
function isRanged(rule: FieldRule): boolean {
  return rule.min !== '' || rule.max !== '';
}

/** The range warning of a converted text (null for failures and blanks). */
function warningOf(rule: FieldRule, result: TextResult, ctx: ValueContext): string | null {
  return typeof result === 'string' && result !== '' ? rangeWarning(rule, result, ctx) : null;
}

/** Category levels to texts, exactly by position when the frame's levels are the field's choices. */
function levelTexts(input: ColumnInput, levels: readonly string[], convert: (v: unknown) => TextResult): TextResult[] {
  const { rule, shownAs } = input;
  const exact =
    shownAs !== undefined &&
    levels.length === rule.choices.length &&
    levels.every((l, k) => l === (shownAs === 'codes' ? rule.choices[k].code : rule.choices[k].label));
  return levels.map((level, k) => (exact ? rule.choices[k].code : convert(level)));
}

/** Distinct texts in first-seen order, each with its position (the codes of coded cells). */
class TextPool {
  readonly texts: string[] = [];
  readonly #position = new Map<string, number>();

  slot(text: string): number {
    let k = this.#position.get(text);
    if (k === undefined) {
      k = this.texts.length;
      this.texts.push(text);
      this.#position.set(text, k);
    }
    return k;
  }
}

/**
 * Rows holding one of a few converted values (booleans, categories):
 * each value converted and checked once, then an index per row.
 */
function codedColumn(
  input: ColumnInput,
  results: readonly TextResult[],
  shown: readonly unknown[],
  valueAt: (data: number) => number,
): ConvertedColumn {
  const { rule, rows, rowIndex, restore, context } = input;
  const pool = new TextPool();
  const slot = (text: string) => pool.slot(text);
  const slots = results.map((r) => (typeof r === 'string' && r !== '' ? slot(r) : -1));
  const warned = isRanged(rule) ? results.map((r) => warningOf(rule, r, context)) : null;
  const index = new Int32Array(rows);
  const problems: CellProblem[] = [];
  const warnings: CellProblem[] = [];
  for (let r = 0; r < rows; r++) {
    const i = rowIndex ? rowIndex[r] : r;
    const k = valueAt(i);
    if (k < 0) {
      const code = restore?.get(i);
      index[r] = code === undefined ? -1 : slot(code);
      continue;
    }
    index[r] = slots[k];
    const result = results[k];
    if (typeof result !== 'string') problems.push({ row: r, value: shown[k], reason: result.reason });
    else if (warned?.[k]) warnings.push({ row: r, value: shown[k], reason: warned[k]! });
  }
  return { cells: new CodedCells(pool.texts, index), problems, warnings };
}

/**
 * Numbers or instants that repeat (scores, days, rounded measures) as
 * coded cells: each distinct value converted (and checked) once, an index
 * per row. Gives up (null) when values turn out mostly distinct.
 */
function repeatedValues(
  input: ColumnInput,
  values: Float64Array,
  convert: (v: number) => TextResult,
  shownAs: (v: number) => unknown,
): ConvertedColumn | null {
  const { rule, rows, rowIndex, restore, context } = input;
  const ranged = isRanged(rule);
  const pool = new TextPool();
  const textSlot = (text: string) => pool.slot(text);
  const results: TextResult[] = [];
  // Per distinct value an outcome: k >= 0 a text, -1 a blank, -2 - j the j-th failure; and its range warning.
  const slots = new NumberSlots();
  const outcomes: number[] = [];
  const outcomeWarnings: (string | null)[] = [];
  const index = new Int32Array(rows);
  const problems: CellProblem[] = [];
  const warnings: CellProblem[] = [];
  for (let r = 0; r < rows; r++) {
    const i = rowIndex ? rowIndex[r] : r;
    const v = values[i];
    if (v !== v) {
      const code = restore?.get(i);
      index[r] = code === undefined ? -1 : textSlot(code);
      continue;
    }
    let seen = slots.get(v);
    if (seen < 0) {
      const result = convert(v);
      const k = typeof result === 'string' ? (result === '' ? -1 : textSlot(result)) : -2 - results.length;
      if (typeof result !== 'string') results.push(result);
      seen = outcomes.length;
      slots.set(v, seen);
      outcomes.push(k);
      if (ranged) outcomeWarnings.push(warningOf(rule, result, context));
      // Mostly distinct values gain nothing from codes.
      if (slots.size > REPEATED_LIMIT || (r >= 4096 && slots.size * 2 > r)) return null;
    }
    const k = outcomes[seen];
    if (k < -1) {
      index[r] = -1;
      problems.push({ row: r, value: shownAs(v), reason: (results[-2 - k] as { reason: string }).reason });
    } else {
      index[r] = k;
      if (ranged && outcomeWarnings[seen] !== null)
        warnings.push({ row: r, value: shownAs(v), reason: outcomeWarnings[seen]! });
    }
  }
  return { cells: new CodedCells(pool.texts, index), problems, warnings };
}

/** Converts a field column (or one checkbox option column). */
export function convertColumn(input: ColumnInput): ConvertedColumn {
  const { rule, column, rows, rowIndex, restore, context } = input;
  const converter = valueText(rule, input.options);

  if (column instanceof BooleanColumn) {
    const data = column.values;
    const results = [checked(rule, converter.text(false), context), checked(rule, converter.text(true), context)];
    return codedColumn(input, results, [false, true], (i) => data[i] - 1);
  }
  if (column instanceof CategoryColumn) {
    const results = levelTexts(input, column.levels, (v) => converter.text(v)).map((t) => checked(rule, t, context));
    const indices = column.indices;
    return codedColumn(input, results, column.levels, (i) => indices[i]);
  }

  if (column instanceof TextColumn && typeof column.source !== 'string' && rule.kind === 'text') {
    // Text read from export bytes: the bytes are the value, kept where they are. Free text is
    // always valid; text with a validation (email, phone…) is checked as the server checks it.
    // (Text validations have no range: nothing to warn about.)
    const { source, starts, ends, extras } = column;
    const cells = new RangeCellsBuilder(source, rows);
    const problems: CellProblem[] = [];
    const bytes = rule.validation ? Buffer.from(source.buffer, source.byteOffset, source.byteLength) : null;
    const text = (r: number, value: string): void => {
      const message = rule.validation ? checkValue(rule, value, context) : null;
      if (message === null) cells.text(value);
      else {
        cells.text('');
        problems.push({ row: r, value, reason: message });
      }
    };
    for (let r = 0; r < rows; r++) {
      const i = rowIndex ? rowIndex[r] : r;
      const s = starts[i];
      if (s >= 0) {
        if (bytes) {
          const value = bytes.toString('utf8', s, ends[i]);
          const message = checkValue(rule, value, context);
          if (message !== null) {
            cells.text('');
            problems.push({ row: r, value, reason: message });
            continue;
          }
        }
        cells.range(s, ends[i]);
      } else if (s === -1) cells.text(restore?.get(i) ?? '');
      else text(r, extras[-2 - s]);
    }
    return { cells: cells.finish(), problems, warnings: [] };
  }

  const ranged = isRanged(rule);
  const floats = floatTexts(column, converter, rule, ranged, input.options.timeZone);
  if (floats) {
    const coded = repeatedValues(input, floats.data, floats.convert, floats.shown);
    if (coded) return coded;
  }

  const out = new ByteCellsBuilder(rows, 10);
  const problems: CellProblem[] = [];
  const warnings: CellProblem[] = [];
  const blank = (data: number): void => out.push(restore ? (restore.get(data) ?? '') : '');
  const put = (r: number, value: unknown, result: TextResult): void => {
    if (typeof result === 'string') {
      out.push(result);
    } else {
      out.push('');
      problems.push({ row: r, value, reason: result.reason });
    }
  };

  // Texts made from a number or an instant are in the field's form by construction (the
  // round-trip tests hold them to checkValue); only a range needs a look, for its warning,
  // so fields with a min or max leave the digit-by-digit paths. (Values that repeat were
  // coded above; these are mostly distinct, so nothing is remembered.)
  const warn = (r: number, value: unknown, result: TextResult): void => {
    const message = warningOf(rule, result, context);
    if (message !== null) warnings.push({ row: r, value, reason: message });
  };

  if (floats) {
    const { data, direct, convert, shown, plain } = floats;
    for (let r = 0; r < rows; r++) {
      const i = rowIndex ? rowIndex[r] : r;
      const v = data[i];
      if (v !== v) {
        blank(i);
        continue;
      }
      if (direct(out, v)) continue;
      const result = convert(v);
      if (ranged) warn(r, shown(v), result);
      if (typeof result !== 'string') put(r, shown(v), result);
      else if (plain) out.pushPlain(result);
      else out.push(result);
    }
  } else {
    for (let r = 0; r < rows; r++) {
      const i = rowIndex ? rowIndex[r] : r;
      const v = column.at(i);
      if (v === null || v === undefined) {
        blank(i);
        continue;
      }
      const result = checked(rule, converter.text(v), context);
      if (ranged) warn(r, v, result);
      if (result === '' && restore) blank(i);
      else put(r, v, result);
    }
  }
  return { cells: out.finish(), problems, warnings };
}
