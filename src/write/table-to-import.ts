/**
 * A frame to import rows, without a server: every column converted to
 * REDCap text by its field, every value checked with the server's own
 * rule, the keys and the designation of forms checked as REDCap checks
 * them, and every problem collected (nothing stops at the first).
 */
import type { MissingValue, NumberText } from '../frames/reports.js';
import type { Schema } from '../schema/schema.js';
import type { ValueContext } from '../values/validate.js';
import type { ChoicePreference } from './choice-codes.js';
import { planImportColumns, type ImportTarget, type LeftOutColumn, type PlanOptions } from './column-targets.js';
import { convertCheckboxList } from './convert-checkbox-list.js';
import { convertColumn, type CellProblem } from './convert-column.js';
import { byteCellsOf, type Cells } from './cells.js';
import { putBackNumberTexts } from './number-texts.js';
import { ImportColumn, ImportRows, type ImportColumnRole } from './import-rows.js';
import { shownValue, type ImportProblem } from './problems.js';
import { readRowKeys, type KeyColumns, type RowKeys } from './row-keys.js';
import { readSource, type ImportSource, type WriteSource } from './source.js';
import type { ValueTextOptions } from './value-text.js';

export interface ConversionOptions extends PlanOptions {
  /** Time zone whose wall clock datetimes are written in (default: the typed frame's, else UTC). */
  timeZone?: string;
  /**
   * Choice values read as `labels`, `codes`, or `auto` (default): either,
   * and a value that is one option's code and another's label is a problem.
   * Category columns of a typed frame are read as the frame shows them.
   */
  choices?: ChoicePreference;
  /**
   * Missing-data codes to put back where the table has null (default: a
   * typed frame's own `missing` report; pass it when importing a table
   * derived from a frame, e.g. `toDanfo(frame)`). Each is found by its
   * row's keys (record, event, repeat instrument and instance).
   */
  missing?: Iterable<MissingValue>;
  /**
   * Numbers REDCap stores in another form (`.34`), put back where the
   * table's value is unchanged (default: a typed frame's own `numberTexts`).
   */
  numberTexts?: Iterable<NumberText>;
  /** The clock for `today`/`now` range bounds (default: now). */
  now?: Date;
}

export interface ConversionResult {
  /** The import: REDCap text by column (complete only when `problems` is empty). */
  rows: ImportRows;
  /** Every problem found, the whole columns' first, then by row. */
  problems: ImportProblem[];
  /**
   * Values that are sent but deserve a look first, by row: values outside
   * their field's min/max (REDCap imports them; its range checks are warnings).
   */
  warnings: ImportProblem[];
  /** Frame columns left out: read-only columns (see `leftOut`), and unknown ones with `dropUnknown`. */
  dropped: string[];
  /** Read-only columns left out, each with its kind (calculated, file upload…); `leftOutNotice` says them in one line. */
  leftOut: LeftOutColumn[];
}

/** A row's keys as one string: the record alone for most rows (ids hold no NUL). */
function rowKey(record: string, event: string, instrument: string, instance: string): string {
  return event === '' && instrument === '' && instance === ''
    ? record
    : `${record}\u0000${event}\u0000${instrument}\u0000${instance}`;
}

/** A cell a typed read set aside (a missing-data code, a number's stored text), found again by its row's keys. */
interface KeyedCell {
  field: string;
  record: string;
  event: string | null;
  instrument: string | null;
  instance: number | null;
}

/** The row of given keys, or undefined; the index of every row's keys is made once, on first use. */
function rowFinder(
  keys: RowKeys,
): (record: string, event: string | null, instrument: string | null, instance: number | null) => number | undefined {
  let rowOfKey: Map<string, number> | undefined;
  return (record, event, instrument, instance) => {
    if (!rowOfKey) {
      rowOfKey = new Map();
      for (let r = 0; r < keys.record.length; r++)
        rowOfKey.set(rowKey(keys.record[r], keys.event[r], keys.instrument[r], keys.instance[r]), r);
    }
    return rowOfKey.get(rowKey(record, event ?? '', instrument ?? '', instance === null ? '' : String(instance)));
  };
}

/**
 * Texts by column, keyed by data row (missing-data codes, numbers as
 * stored). A text is found by the keys of its row (record, event,
 * instrument, instance), not by the row's number: the table may have been
 * filtered, sorted or rebuilt since.
 */
function textsByRow<T extends KeyedCell>(
  items: Iterable<T>,
  textOf: (item: T) => string | undefined,
  rowOf: ReturnType<typeof rowFinder>,
  rowIndex: Uint32Array | null,
): Map<string, Map<number, string>> {
  const maps = new Map<string, Map<number, string>>();
  for (const m of items) {
    const text = textOf(m);
    if (text === undefined) continue;
    const r = rowOf(m.record, m.event, m.instrument, m.instance);
    if (r === undefined) continue;
    let map = maps.get(m.field);
    if (!map) maps.set(m.field, (map = new Map()));
    map.set(rowIndex ? rowIndex[r] : r, text);
  }
  return maps;
}

function shownAsOf(source: WriteSource, target: ImportTarget): 'labels' | 'codes' | undefined {
  const frame = source.frame;
  if (!frame?.columns.some((c) => c.name === target.source && c.type === 'category')) return undefined;
  return target.rule?.type === 'complete' ? frame.options.completeAs : frame.options.choices;
}

/**
 * Converts a table (typed frame, Arquero table or Danfo DataFrame) into
 * import rows of REDCap text, checking every value against the project's
 * rules. Pure: no server is asked. Use `rows.toCsv()` for the import body
 * when `problems` is empty.
 */
export function tableToImportRows(
  input: ImportSource,
  schema: Schema,
  options: ConversionOptions = {},
): ConversionResult {
  const source = readSource(input);
  const rows = source.rows;
  const plan = planImportColumns(source.names, schema, options, source.frame?.columns, rows);
  const problems: ImportProblem[] = [...plan.problems];
  const targets = plan.targets;
  const byRole = (role: ImportTarget['role']) => targets.find((t) => t.role === role);
  const keyTargets = {
    record: byRole('record'),
    event: byRole('event'),
    instrument: byRole('repeat-instrument'),
    instance: byRole('repeat-instance'),
    dag: byRole('dag'),
  };
  // Without a record (or, when longitudinal, an event) column every row would fail: say it once.
  if (rows === 0 || !keyTargets.record || (schema.longitudinal && !keyTargets.event)) {
    return {
      rows: new ImportRows([], 0, { record: [], event: [], instrument: [], instance: [] }),
      problems,
      warnings: [],
      dropped: plan.dropped,
      leftOut: plan.leftOut,
    };
  }
  const keyColumns: KeyColumns = {};
  for (const [k, t] of Object.entries(keyTargets)) if (t) keyColumns[k as keyof KeyColumns] = source.column(t.source);
  const keys = readRowKeys(keyColumns, rows, source.rowIndex, schema, schema.recordIdField);

  const timeZone = options.timeZone ?? source.frame?.options.timeZone ?? 'UTC';
  const valueOptions: ValueTextOptions = {
    timeZone,
    choices: options.choices ?? 'auto',
    nanIsBlank: source.nanIsBlank,
    missingCodes: schema.missingCodeSet,
  };
  const context: ValueContext = { missingCodes: schema.missingCodeSet, now: options.now ?? new Date() };
  const rowOf = rowFinder(keys);
  // Codes on checkboxes live in their own `field___code` columns.
  const codeOf = (m: MissingValue) => (schema.field(m.field)?.type === 'checkbox' ? undefined : m.code);
  const restore = textsByRow(options.missing ?? source.frame?.missing.rows ?? [], codeOf, rowOf, source.rowIndex);
  const numberTexts = textsByRow(
    options.numberTexts ?? source.frame?.numberTexts?.rows ?? [],
    (n: NumberText) => n.text,
    rowOf,
    source.rowIndex,
  );

  const cellProblems: { target: ImportTarget; problem: CellProblem }[] = [];
  const cellWarnings: { target: ImportTarget; problem: CellProblem }[] = [];
  for (const p of keys.problems)
    cellProblems.push({ target: { source: p.field, role: 'record', columns: [] }, problem: p });

  const columns: ImportColumn[] = [];
  const keyColumn = (role: ImportColumnRole, target: ImportTarget | undefined, values: string[]) => {
    if (target) columns.push(new ImportColumn(target.columns[0], role, byteCellsOf(values)));
  };
  keyColumn('record', keyTargets.record, keys.record);
  keyColumn('event', keyTargets.event, keys.event);
  keyColumn('repeat-instrument', keyTargets.instrument, keys.instrument);
  keyColumn('repeat-instance', keyTargets.instance, keys.instance);
  keyColumn('dag', keyTargets.dag, keys.dag);

  for (const target of targets) {
    if (target.rule === undefined) continue;
    const rule = target.rule;
    const column = source.column(target.source);
    let outputs: Cells[];
    let found: CellProblem[];
    if (target.role === 'checkbox-list') {
      // A typed frame's list holds labels or codes as the frame was read.
      const listedAs =
        options.choices ??
        (source.frame?.columns.some((c) => c.name === target.source && c.role === 'checkbox-list')
          ? source.frame.options.choices
          : 'auto');
      const list = convertCheckboxList({
        rule,
        column,
        rows,
        rowIndex: source.rowIndex,
        options: valueOptions,
        context,
        prefer: listedAs,
      });
      outputs = list.columns;
      found = list.problems;
    } else {
      const converted = convertColumn({
        rule: target.role === 'checkbox-missing' ? { ...rule, kind: 'checkbox' } : rule,
        column,
        rows,
        rowIndex: source.rowIndex,
        restore: restore.get(target.source),
        shownAs: shownAsOf(source, target),
        options: valueOptions,
        context,
      });
      const stored = target.role === 'field' ? numberTexts.get(target.source) : undefined;
      outputs = [
        stored ? putBackNumberTexts(converted.cells, column, source.rowIndex, stored, rule, context) : converted.cells,
      ];
      found = converted.problems;
      for (const warning of converted.warnings) cellWarnings.push({ target, problem: warning });
    }
    for (const problem of found) cellProblems.push({ target, problem });
    checkDesignation(target, outputs, keys, cellProblems);
    target.columns.forEach((name, k) => {
      const code = target.role === 'checkbox-list' ? rule.checkboxColumns[k].code : target.code;
      const role = target.role === 'checkbox-list' ? 'checkbox' : (target.role as ImportColumnRole);
      columns.push(new ImportColumn(name, role, outputs[k], rule, target.form, code));
    });
  }

  const order = new Map(targets.map((t, k) => [t.source, k]));
  const byRow = (list: { target: ImportTarget; problem: CellProblem }[]): ImportProblem[] =>
    list
      .sort(
        (a, b) =>
          a.problem.row - b.problem.row || (order.get(a.target.source) ?? -1) - (order.get(b.target.source) ?? -1),
      )
      .map(({ target, problem }) => toProblem(target, problem, keys));
  for (const problem of byRow(cellProblems)) problems.push(problem);
  const importKeys = { record: keys.record, event: keys.event, instrument: keys.instrument, instance: keys.instance };
  return {
    rows: new ImportRows(columns, rows, importKeys),
    problems,
    warnings: byRow(cellWarnings),
    dropped: plan.dropped,
    leftOut: plan.leftOut,
  };
}

/** Values on rows where their form does not apply are refused by REDCap: find them first. */
function checkDesignation(
  target: ImportTarget,
  outputs: Cells[],
  keys: RowKeys,
  found: { target: ImportTarget; problem: CellProblem }[],
): void {
  const form = target.form!;
  const rows = keys.record.length;
  // Most projects have one context where every form applies: nothing to look at.
  if (keys.applies.every((why) => why(form, target.source) === null)) return;
  for (let r = 0; r < rows; r++) {
    const c = keys.context[r];
    if (c < 0) continue;
    let filled = false;
    for (const out of outputs) if (!out.isBlank(r)) filled = true;
    if (!filled) continue;
    const why = keys.applies[c](form, target.source);
    if (why === null) continue;
    const value =
      outputs.length === 1
        ? outputs[0].text(r)
        : target.columns.filter((_, k) => outputs[k].text(r) === '1').join(', ');
    found.push({ target, problem: { row: r, value, reason: `${why}; leave it blank on this row` } });
  }
}

function toProblem(target: ImportTarget, p: CellProblem & { field?: string }, keys: RowKeys): ImportProblem {
  const r = p.row;
  return {
    row: r,
    record: keys.record[r] || null,
    event: keys.event[r] || null,
    instrument: keys.instrument[r] || null,
    instance: keys.instance[r] || null,
    field: p.field ?? target.source,
    value: shownValue(p.value),
    reason: p.reason,
  };
}
