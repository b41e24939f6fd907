import { table as arqueroTable, type ColumnTable } from 'arquero';
import { BooleanColumn, CategoryColumn, NumberColumn, valueAt, type FrameColumn } from './columns.js';
import { columnOf, formRows, frameKeys } from './form-rows.js';
import { missingSummary } from './missing-summary.js';
import { tableHtml } from './missing-summary-html.js';
import { takeRows } from './take-rows.js';
import type { FrameColumnInfo, TypedFrame } from './typed-frame.js';

/** The arm of each row, from its event (longitudinal projects). */
export const ARM_COLUMN = 'redcap_arm';

/** True when a form repeats somewhere: as a repeating instrument, or inside a repeating event. */
function formRepeats(frame: TypedFrame, form: string): boolean {
  const { schema } = frame;
  return schema.repeating.some(
    (r) => r.form_name === form || (r.form_name === '' && schema.isFormInEvent(form, r.event_name)),
  );
}

/** True when a row of the frame holds a value of this form's column. */
function holdsValue(info: FrameColumnInfo, column: FrameColumn, row: number): boolean {
  if (column instanceof BooleanColumn && info.role === 'checkbox') return column.at(row) === true;
  // Form status counts once the form is past Incomplete (a blank form exports 0).
  if (info.role === 'field' && info.name === `${info.form}_complete` && column instanceof CategoryColumn)
    return column.indices[row] > 0;
  const v = valueAt(column, row);
  if (Array.isArray(v)) return v.length > 0;
  return v !== null && v !== undefined;
}

/** How an instrument's rows repeat across the events it is designated for. */
export type InstrumentStructure = 'non-repeating' | 'repeating' | 'mixed';

/** One line of the overview of {@link splitByInstrument}. */
export interface InstrumentOverview {
  instrument: string;
  label: string;
  structure: InstrumentStructure;
  rows: number;
  columns: number;
  /** Blank or missing-code share of the instrument's fields where they were shown (branching logic respected). */
  share_missing: number | null;
}

/** The tables of {@link splitByInstrument}, by instrument, with an overview (what `show()` displays). */
export class InstrumentTables extends Map<string, ColumnTable> {
  readonly overview: readonly InstrumentOverview[];
  readonly #columns: ReadonlyMap<string, readonly FrameColumnInfo[]>;

  /** @internal */
  constructor(
    tables: Iterable<[string, ColumnTable]>,
    overview: InstrumentOverview[],
    columns: Map<string, FrameColumnInfo[]>,
  ) {
    super(tables);
    this.overview = overview;
    this.#columns = columns;
  }

  /** What each column of an instrument's table holds (types, labels, codes), even when it has no rows. */
  columnsOf(instrument: string): readonly FrameColumnInfo[] {
    return this.#columns.get(instrument) ?? [];
  }

  /** The overview as an Arquero table. */
  overviewTable(): ColumnTable {
    const keys = ['instrument', 'label', 'structure', 'rows', 'columns', 'share_missing'] as const;
    return arqueroTable(Object.fromEntries(keys.map((k) => [k, this.overview.map((o) => o[k])])));
  }

  toHTML(): string {
    return tableHtml(`${this.size} instruments`, this.overview, [
      'instrument',
      'label',
      'structure',
      'rows',
      'columns',
      'share_missing',
    ]);
  }

  override toString(): string {
    return this.overview
      .map((o) => `${o.instrument} (${o.structure}): ${o.rows} rows × ${o.columns} columns`)
      .join('\n');
  }
}

function structureOf(frame: TypedFrame, form: string): InstrumentStructure {
  const { schema } = frame;
  const events = schema.longitudinal
    ? schema.events.map((e) => e.unique_event_name).filter((e) => schema.isFormInEvent(form, e))
    : [null];
  const repeats = events.map((e) => schema.isRepeatingForm(form, e) || schema.isRepeatingEvent(e));
  if (repeats.every(Boolean) && repeats.length > 0) return 'repeating';
  return repeats.some(Boolean) ? 'mixed' : 'non-repeating';
}

/**
 * One table per instrument, in form order: the keys (record id, event and
 * its label, arm, repeat instance, DAG, whichever the export has and
 * apply) and the instrument's own columns. A row belongs to an instrument
 * when it is that instrument's repeat instance, or, for a non-repeating
 * row, when the instrument is designated for the row's event and does not
 * repeat there (a form that repeats in one event and not another keeps
 * both kinds of rows). Rows that hold no data for the instrument are left
 * out (blank fields, unchecked boxes and an Incomplete status are no data;
 * a missing-data code or an invalid value is). An instrument without rows
 * gets an empty table with its typed columns. The result is a Map with an
 * `overview`: each instrument's structure, rows, columns and share missing.
 */
export function splitByInstrument(frame: TypedFrame): InstrumentTables {
  const { schema } = frame;
  const byRole = (role: FrameColumnInfo['role']) => frame.columns.find((c) => c.role === role);
  const record = byRole('record');
  const event = byRole('event');
  const eventLabel = byRole('event-label');
  const instance = byRole('repeat-instance');
  const dag = byRole('dag');
  const eventColumn = event ? columnOf(frame, event.name) : undefined;
  const keys = frameKeys(frame);

  // Rows with a reported value (missing code or invalid) count as holding data for its form.
  const reported = new Map<string, Set<number>>();
  for (const r of [...frame.invalid.rows, ...frame.missing.rows]) {
    const form = schema.column(r.field)?.form ?? schema.field(r.field)?.form;
    if (!form) continue;
    if (!reported.has(form)) reported.set(form, new Set());
    reported.get(form)!.add(r.row);
  }

  const out: [string, ColumnTable][] = [];
  const kept = new Map<string, number[]>();
  const infos = new Map<string, FrameColumnInfo[]>();
  for (const form of schema.forms) {
    const own = frame.columns.filter((c) => c.form === form.name && c.role !== 'record');
    if (own.length === 0) continue;
    const ownColumns = own.map((c) => columnOf(frame, c.name));
    const keep = formRows(frame, form.name, keys).filter((r) => {
      let data = reported.get(form.name)?.has(r) ?? false;
      for (let k = 0; !data && k < own.length; k++) data = holdsValue(own[k], ownColumns[k], r);
      return data;
    });
    kept.set(form.name, keep);
    const picked = Int32Array.from(keep);
    const columns: Record<string, FrameColumn> = {};
    const described: FrameColumnInfo[] = [];
    const add = (info: FrameColumnInfo, column: FrameColumn) => {
      columns[info.name] = column;
      described.push(info);
    };
    if (record) add(record, takeRows(columnOf(frame, record.name), picked));
    if (event && eventColumn) {
      add(event, takeRows(eventColumn, picked));
      if (eventLabel) add(eventLabel, takeRows(columnOf(frame, eventLabel.name), picked));
      const arms = new Float64Array(picked.length);
      picked.forEach((r, i) => {
        const name = keys.event(r);
        arms[i] = name === null ? NaN : (schema.event(name)?.arm_num ?? NaN);
      });
      add({ name: ARM_COLUMN, type: 'number', role: 'arm', label: 'Arm' }, new NumberColumn(arms));
    }
    if (instance && formRepeats(frame, form.name)) add(instance, takeRows(columnOf(frame, instance.name), picked));
    if (dag) add(dag, takeRows(columnOf(frame, dag.name), picked));
    own.forEach((c, k) => {
      if (c.role !== 'repeat-instance' && c.role !== 'dag') add(c, takeRows(ownColumns[k], picked));
    });
    out.push([form.name, arqueroTable(columns as never)]);
    infos.set(form.name, described);
  }
  const missing = missingSummary(frame, { rows: (form) => kept.get(form) ?? [] });
  const overview = out.map(
    ([name, table]): InstrumentOverview => ({
      instrument: name,
      label: schema.form(name)?.label ?? name,
      structure: structureOf(frame, name),
      rows: table.numRows(),
      columns: table.numCols(),
      share_missing: missing.form(name)?.share_missing ?? null,
    }),
  );
  return new InstrumentTables(out, overview, infos);
}
