/**
 * One frame column converted to import text, column by column: the
 * frame's own storage is read directly (numbers and dates from their
 * Float64Array, booleans and choices from their codes, each level
 * converted once), other columns value by value. Every non-blank text is
 * then checked with `checkValue`, the server's own rule, so what passes
 * here passes there.
 */
import { BooleanColumn, CategoryColumn, DateColumn, NumberColumn } from '../frames/columns.js';
import type { FieldRule } from '../values/field-rule.js';
import { checkValue, type ValueContext } from '../values/validate.js';
import { ChoiceCodes, type ChoicePreference } from './choice-codes.js';
import type { ColumnData } from './source.js';
import { failed, valueText, type TextResult, type ValueTextOptions } from './value-text.js';

/** A cell that could not be converted or failed validation. */
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
  values: string[];
  problems: CellProblem[];
}

/** The text of a checked-or-not result once checked by the server's rule; memoised per distinct input. */
function checked(rule: FieldRule, result: TextResult, ctx: ValueContext): TextResult {
  if (failed(result) || result === '') return result;
  const message = checkValue(rule, result, ctx);
  return message === null ? result : { reason: message };
}

/** Category levels to texts, exactly by position when the frame's levels are the field's choices. */
function levelTexts(input: ColumnInput, levels: readonly string[], convert: (v: unknown) => TextResult): TextResult[] {
  const { rule, shownAs } = input;
  const exact = shownAs !== undefined && levels.length === rule.choices.length
    && levels.every((l, k) => l === (shownAs === 'codes' ? rule.choices[k].code : rule.choices[k].label));
  return levels.map((level, k) => (exact ? rule.choices[k].code : convert(level)));
}

/** Converts a field column (or one checkbox option column). */
export function convertColumn(input: ColumnInput): ConvertedColumn {
  const { rule, column, rows, rowIndex, restore, context } = input;
  const converter = valueText(rule, input.options);
  const values = new Array<string>(rows);
  const problems: CellProblem[] = [];
  const blank = (data: number): string => (restore ? restore.get(data) ?? '' : '');
  const put = (r: number, value: unknown, result: TextResult): void => {
    if (typeof result === 'string') {
      values[r] = result;
    } else {
      values[r] = '';
      problems.push({ row: r, value, reason: result.reason });
    }
  };

  if (column instanceof NumberColumn && converter.number) {
    const data = column.values;
    for (let r = 0; r < rows; r++) {
      const i = rowIndex ? rowIndex[r] : r;
      const v = data[i];
      if (v !== v) {
        values[r] = blank(i);
        continue;
      }
      const result = checked(rule, converter.number(v), context);
      if (typeof result === 'string') values[r] = result;
      else put(r, v, result);
    }
  } else if (column instanceof DateColumn && converter.epoch) {
    const data = column.values;
    for (let r = 0; r < rows; r++) {
      const i = rowIndex ? rowIndex[r] : r;
      const v = data[i];
      if (v !== v) {
        values[r] = blank(i);
        continue;
      }
      const result = checked(rule, converter.epoch(v), context);
      // The Date is made only for a problem's report.
      if (typeof result === 'string') values[r] = result;
      else put(r, new Date(v), result);
    }
  } else if (column instanceof BooleanColumn) {
    const data = column.values;
    const no = checked(rule, converter.text(false), context);
    const yes = checked(rule, converter.text(true), context);
    for (let r = 0; r < rows; r++) {
      const i = rowIndex ? rowIndex[r] : r;
      const v = data[i];
      if (v === 0) values[r] = blank(i);
      else if (v === 2) put(r, true, yes);
      else put(r, false, no);
    }
  } else if (column instanceof CategoryColumn) {
    const texts = levelTexts(input, column.levels, (v) => converter.text(v)).map((t) => checked(rule, t, context));
    const indices = column.indices;
    for (let r = 0; r < rows; r++) {
      const i = rowIndex ? rowIndex[r] : r;
      const k = indices[i];
      if (k < 0) values[r] = blank(i);
      else put(r, column.levels[k], texts[k]);
    }
  } else {
    for (let r = 0; r < rows; r++) {
      const i = rowIndex ? rowIndex[r] : r;
      const v = column.at(i);
      if (v === null || v === undefined) {
        values[r] = blank(i);
        continue;
      }
      const result = checked(rule, converter.text(v), context);
      if (result === '' && restore) values[r] = blank(i);
      else put(r, v, result);
    }
  }
  return { values, problems };
}

/** A list value: an array, an Arrow list, or text with `|` between options. */
function listItems(value: unknown, codes: ChoiceCodes): string[] | null {
  if (Array.isArray(value)) return value.map((v) => String(v));
  if (typeof value === 'object' && value !== null && typeof (value as ArrayLike<unknown>).length === 'number') {
    return Array.from(value as ArrayLike<unknown>, (v) => String(v));
  }
  if (typeof value === 'string') {
    const s = value.trim();
    if (s === '') return null;
    if (s.includes('|')) return s.split('|').map((x) => x.trim()).filter((x) => x !== '');
    if ('code' in codes.match(s)) return [s];
    // Danfo writes lists as comma-joined text: read it so when every part is an option.
    const parts = s.split(',').map((x) => x.trim());
    return parts.every((p) => 'code' in codes.match(p)) ? parts : [s];
  }
  return [String(value)];
}

/**
 * A column of checked options (labels or codes) of one checkbox field,
 * as that field's option columns: `1` for the options in the list, `0`
 * for the others; a null list leaves every option blank.
 */
export function convertCheckboxList(input: Omit<ColumnInput, 'restore' | 'shownAs'> & { prefer: ChoicePreference }): { columns: string[][]; problems: CellProblem[] } {
  const { rule, column, rows, rowIndex } = input;
  const options = rule.checkboxColumns;
  const position = new Map(options.map((o, k) => [o.code, k]));
  const columns = options.map(() => new Array<string>(rows));
  const problems: CellProblem[] = [];
  const codes = new ChoiceCodes(rule, input.prefer);
  for (let r = 0; r < rows; r++) {
    const i = rowIndex ? rowIndex[r] : r;
    const value = column.at(i);
    const items = value === null || value === undefined ? null : listItems(value, codes);
    if (items === null) {
      for (const c of columns) c[r] = '';
      continue;
    }
    for (const c of columns) c[r] = '0';
    const bad: string[] = [];
    for (const item of items) {
      const m = codes.match(item);
      if ('code' in m) columns[position.get(m.code)!][r] = '1';
      else bad.push(m.reason);
    }
    if (bad.length) {
      for (const c of columns) c[r] = '';
      problems.push({ row: r, value, reason: bad.join('; ') });
    }
  }
  return { columns, problems };
}
