/**
 * A column of checked options of one checkbox field (a list per row:
 * an array, an Arrow list, or text with `|` between options) converted to
 * the field's option columns of import text.
 */
import { ChoiceCodes, type ChoicePreference } from './choice-codes.js';
import { CodedCells } from './cells.js';
import type { CellProblem, ColumnInput } from './convert-column.js';

/** A list value: an array, an Arrow list, or text with `|` between options. */
function listItems(value: unknown, codes: ChoiceCodes): string[] | null {
  if (Array.isArray(value)) return value.map((v) => String(v));
  if (typeof value === 'object' && value !== null && typeof (value as ArrayLike<unknown>).length === 'number') {
    return Array.from(value as ArrayLike<unknown>, (v) => String(v));
  }
  if (typeof value === 'string') {
    const s = value.trim();
    if (s === '') return null;
    if (s.includes('|'))
      return s
        .split('|')
        .map((x) => x.trim())
        .filter((x) => x !== '');
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
export function convertCheckboxList(input: Omit<ColumnInput, 'restore' | 'shownAs'> & { prefer: ChoicePreference }): {
  columns: CodedCells[];
  problems: CellProblem[];
} {
  const { rule, column, rows, rowIndex } = input;
  const options = rule.checkboxColumns;
  const position = new Map(options.map((o, k) => [o.code, k]));
  // Per option: -1 blank, 0 unchecked ('0'), 1 checked ('1').
  const indices = options.map(() => new Int32Array(rows));
  const problems: CellProblem[] = [];
  const codes = new ChoiceCodes(rule, input.prefer);
  const setRow = (r: number, k: number) => {
    for (const index of indices) index[r] = k;
  };
  for (let r = 0; r < rows; r++) {
    const i = rowIndex ? rowIndex[r] : r;
    const value = column.at(i);
    const items = value === null || value === undefined ? null : listItems(value, codes);
    if (items === null) {
      setRow(r, -1);
      continue;
    }
    setRow(r, 0);
    const bad: string[] = [];
    for (const item of items) {
      const m = codes.match(item);
      if ('code' in m) indices[position.get(m.code)!][r] = 1;
      else bad.push(m.reason);
    }
    if (bad.length) {
      setRow(r, -1);
      problems.push({ row: r, value, reason: bad.join('; ') });
    }
  }
  return { columns: indices.map((index) => new CodedCells(['0', '1'], index)), problems };
}
