/**
 * The keys of each row (record, event, repeat instrument and instance)
 * as import text, checked as REDCap checks them: a record on every row,
 * known events, repeat columns only where something repeats, and each
 * record/event/instrument/instance once. Also says, for each form,
 * whether its fields may hold a value on a row (designated for the
 * event; on the row's repeating instrument, or not repeating there).
 */
import type { Schema } from '../schema/schema.js';
import type { CellProblem } from './convert-column.js';
import type { ColumnData } from './source.js';

export interface KeyColumns {
  record?: ColumnData;
  event?: ColumnData;
  instrument?: ColumnData;
  instance?: ColumnData;
  dag?: ColumnData;
}

export interface RowKeys {
  record: string[];
  event: string[];
  instrument: string[];
  instance: string[];
  dag: string[];
  /** Rows whose keys are wrong: their values are not checked further. */
  bad: Uint8Array;
  /** The applicability context of each row (see `applies`). */
  context: Int32Array;
  /** Per context: why a form's values cannot go on such a row, or null when they can. */
  applies: ((form: string) => string | null)[];
  problems: (CellProblem & { field: string })[];
}

function keyText(value: unknown): string | { reason: string } {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return value !== value ? '' : { reason: `${value} is not a key` };
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  return { reason: `expected text, got ${value instanceof Date ? 'a Date' : typeof value}` };
}

/** Reads and checks the key columns of every row. */
export function readRowKeys(columns: KeyColumns, rows: number, rowIndex: Uint32Array | null, schema: Schema, idField: string): RowKeys {
  const problems: RowKeys['problems'] = [];
  const read = (column: ColumnData | undefined, field: string): string[] => {
    const out = new Array<string>(rows).fill('');
    if (!column) return out;
    for (let r = 0; r < rows; r++) {
      const v = column.at(rowIndex ? rowIndex[r] : r);
      const t = keyText(v);
      if (typeof t === 'string') out[r] = t;
      else problems.push({ row: r, field, value: v, reason: t.reason });
    }
    return out;
  };
  const record = read(columns.record, idField);
  const event = read(columns.event, 'redcap_event_name');
  const instrument = read(columns.instrument, 'redcap_repeat_instrument');
  const instance = read(columns.instance, 'redcap_repeat_instance');
  const dag = read(columns.dag, 'redcap_data_access_group');
  const bad = new Uint8Array(rows);
  for (const p of problems) bad[p.row] = 1;

  const contextIds = new Map<string, number>();
  const applies: RowKeys['applies'] = [];
  const context = new Int32Array(rows).fill(-1);
  const firstRow = new Map<string, number>();
  const problem = (r: number, field: string, value: string, reason: string): void => {
    problems.push({ row: r, field, value, reason });
    bad[r] = 1;
  };

  for (let r = 0; r < rows; r++) {
    if (bad[r]) continue;
    const id = record[r];
    if (id === '') {
      problem(r, idField, '', 'no record id: every row needs its record');
      continue;
    }
    if (id.trim() !== id) {
      problem(r, idField, id, 'the record id has spaces around it (REDCap would store it trimmed): trim it first');
      continue;
    }
    const ev = event[r].trim();
    if (schema.longitudinal) {
      if (ev === '') {
        problem(r, 'redcap_event_name', '', 'no event: rows of a longitudinal project need their unique event name');
        continue;
      }
      if (!schema.event(ev)) {
        problem(r, 'redcap_event_name', ev, `The event name '${ev}' is not a valid unique event name`);
        continue;
      }
    } else if (ev !== '') {
      problem(r, 'redcap_event_name', ev, 'the project is not longitudinal: it has no events (leave redcap_event_name blank or drop it)');
      continue;
    }
    event[r] = ev;
    const form = instrument[r].trim();
    instrument[r] = form;
    const inst = instance[r].trim();
    instance[r] = inst;
    if (form !== '') {
      if (!schema.isRepeatingForm(form, ev)) {
        problem(r, 'redcap_repeat_instrument', form, `${form} is not a repeating instrument${schema.longitudinal ? ` of event ${ev}` : ''}`);
        continue;
      }
    } else if (inst !== '' && !schema.isRepeatingEvent(ev)) {
      problem(r, 'redcap_repeat_instance', inst, 'an instance is only given for a repeating instrument (name it in redcap_repeat_instrument) or a repeating event');
      continue;
    }
    const repeating = form !== '' || schema.isRepeatingEvent(ev);
    if (repeating && inst !== 'new' && !/^[1-9]\d*$/.test(inst)) {
      problem(r, 'redcap_repeat_instance', inst, 'a repeating row needs its instance: a whole number from 1 (or "new")');
      continue;
    }
    if (inst !== 'new') {
      // Most rows have only a record: its id is the key (composite keys hold a NUL, ids do not).
      const key = ev === '' && form === '' && inst === '' ? id : `${id}\u0000${ev}\u0000${form}\u0000${inst}`;
      const first = firstRow.get(key);
      if (first !== undefined) {
        problem(r, idField, id, `the same record, event, instrument and instance as row ${first}: each may appear once`);
        continue;
      }
      firstRow.set(key, r);
    }
    const ctxKey = `${ev}\u0000${form}\u0000${repeating ? 1 : 0}`;
    let c = contextIds.get(ctxKey);
    if (c === undefined) {
      c = applies.length;
      contextIds.set(ctxKey, c);
      applies.push(applicability(schema, ev, form, repeating));
    }
    context[r] = c;
  }
  return { record, event, instrument, instance, dag, bad, context, applies, problems };
}

/** Why a form's fields cannot hold values on rows of this event and repeat setting (null: they can). */
function applicability(schema: Schema, event: string, repeatForm: string, repeating: boolean): (form: string) => string | null {
  const cache = new Map<string, string | null>();
  return (form) => {
    let why = cache.get(form);
    if (why === undefined) {
      if (!schema.isFormInEvent(form, event)) why = `the form ${form} is not designated for the event ${event}`;
      else if (repeatForm !== '' && form !== repeatForm) why = `the form ${form} is not on this row's repeating instrument ${repeatForm}`;
      else if (repeatForm === '' && !repeating && schema.isRepeatingForm(form, event)) {
        why = `the form ${form} repeats${schema.longitudinal ? ` in event ${event}` : ''}: give redcap_repeat_instrument and redcap_repeat_instance`;
      } else why = null;
      cache.set(form, why);
    }
    return why;
  };
}
