import { table as arqueroTable, type ColumnTable } from 'arquero';
import { BooleanColumn, CategoryColumn, NumberColumn, valueAt, type FrameColumn } from './columns.js';
import { takeRows } from './take-rows.js';
import type { FrameColumnInfo, TypedFrame } from './typed-frame.js';

/** The arm of each row, from its event (longitudinal projects). */
export const ARM_COLUMN = 'redcap_arm';

function columnOf(frame: TypedFrame, name: string): FrameColumn {
  return frame.table.column(name) as unknown as FrameColumn;
}

/** True when a form repeats somewhere: as a repeating instrument, or inside a repeating event. */
function formRepeats(frame: TypedFrame, form: string): boolean {
  const { schema } = frame;
  return schema.repeating.some((r) => r.form_name === form || (r.form_name === '' && schema.isFormInEvent(form, r.event_name)));
}

/** True when a row of the frame holds a value of this form's column. */
function holdsValue(info: FrameColumnInfo, column: FrameColumn, row: number): boolean {
  if (column instanceof BooleanColumn && info.role === 'checkbox') return column.at(row) === true;
  // Form status counts once the form is past Incomplete (a blank form exports 0).
  if (info.role === 'field' && info.name === `${info.form}_complete` && column instanceof CategoryColumn) return column.indices[row] > 0;
  const v = valueAt(column, row);
  if (Array.isArray(v)) return v.length > 0;
  return v !== null && v !== undefined;
}

/**
 * One table per instrument, in form order: the keys (record id, event and
 * its label, arm, repeat instance, DAG, whichever the export has and
 * apply) and the instrument's own columns. A row belongs to an instrument
 * when it is that instrument's repeat instance, or, for a non-repeating
 * row, when the instrument is designated for the row's event and does not
 * repeat there. Rows that hold no data for the instrument are left out
 * (blank fields, unchecked boxes and an Incomplete status are no data; a
 * missing-data code or an invalid value is).
 */
export function splitByInstrument(frame: TypedFrame): Map<string, ColumnTable> {
  const { schema } = frame;
  const rows = frame.table.numRows();
  const byRole = (role: FrameColumnInfo['role']) => frame.columns.find((c) => c.role === role);
  const record = byRole('record');
  const event = byRole('event');
  const eventLabel = byRole('event-label');
  const instrument = byRole('repeat-instrument');
  const instance = byRole('repeat-instance');
  const dag = byRole('dag');
  const eventColumn = event ? columnOf(frame, event.name) : undefined;
  const instrumentColumn = instrument ? columnOf(frame, instrument.name) : undefined;

  // Rows with a reported value (missing code or invalid) count as holding data for its form.
  const reported = new Map<string, Set<number>>();
  for (const r of [...frame.invalid.rows, ...frame.missing.rows]) {
    const form = schema.column(r.field)?.form ?? schema.field(r.field)?.form;
    if (!form) continue;
    if (!reported.has(form)) reported.set(form, new Set());
    reported.get(form)!.add(r.row);
  }

  const out = new Map<string, ColumnTable>();
  for (const form of schema.forms) {
    const own = frame.columns.filter((c) => c.form === form.name && c.role !== 'record');
    if (own.length === 0) continue;
    const ownColumns = own.map((c) => columnOf(frame, c.name));
    const keep: number[] = [];
    for (let r = 0; r < rows; r++) {
      const repeatOf = instrumentColumn ? (valueAt(instrumentColumn, r) as string | null) : null;
      const ev = eventColumn ? (valueAt(eventColumn, r) as string | null) : null;
      if (repeatOf !== null) {
        if (repeatOf !== form.name) continue;
      } else {
        if (schema.longitudinal && !schema.isFormInEvent(form.name, ev)) continue;
        // A repeating instrument's data sits in its own rows, not in the event's row.
        if (schema.isRepeatingForm(form.name, ev)) continue;
      }
      let data = reported.get(form.name)?.has(r) ?? false;
      for (let k = 0; !data && k < own.length; k++) data = holdsValue(own[k], ownColumns[k], r);
      if (data) keep.push(r);
    }
    const picked = Int32Array.from(keep);
    const columns: Record<string, FrameColumn> = {};
    if (record) columns[record.name] = takeRows(columnOf(frame, record.name), picked);
    if (event && eventColumn) {
      columns[event.name] = takeRows(eventColumn, picked);
      if (eventLabel) columns[eventLabel.name] = takeRows(columnOf(frame, eventLabel.name), picked);
      const arms = new Float64Array(picked.length);
      picked.forEach((r, i) => {
        const name = valueAt(eventColumn, r) as string | null;
        arms[i] = name === null ? NaN : schema.event(name)?.arm_num ?? NaN;
      });
      columns[ARM_COLUMN] = new NumberColumn(arms);
    }
    if (instance && formRepeats(frame, form.name)) columns[instance.name] = takeRows(columnOf(frame, instance.name), picked);
    if (dag) columns[dag.name] = takeRows(columnOf(frame, dag.name), picked);
    own.forEach((c, k) => {
      if (c.role !== 'repeat-instance' && c.role !== 'dag') columns[c.name] = takeRows(ownColumns[k], picked);
    });
    out.set(form.name, arqueroTable(columns as never));
  }
  return out;
}

