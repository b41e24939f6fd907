/**
 * The keys of each row (record, event, repeat instrument and instance)
 * as import text, checked by the row rules the server applies
 * (schema/row-rules.ts). Also says, for each form, whether its fields
 * may hold a value on a row (designated for the event; on the row's
 * repeating instrument, or not repeating there).
 */
import {
  checkRowKeys,
  isRowProblem,
  type Misplacement,
  misplacement,
  misplacementMessage,
  type RowKeys as RowKeysOfRow,
  SeenRowKeys,
} from '../schema/row-rules.js';
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
  applies: ((form: string, field: string) => string | null)[];
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
export function readRowKeys(
  columns: KeyColumns,
  rows: number,
  rowIndex: Uint32Array | null,
  schema: Schema,
  idField: string,
): RowKeys {
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
  const seen = new SeenRowKeys();
  const problem = (r: number, field: string, value: string, reason: string): void => {
    problems.push({ row: r, field, value, reason });
    bad[r] = 1;
  };

  for (let r = 0; r < rows; r++) {
    if (bad[r]) continue;
    const id = record[r];
    // The write-back is stricter than REDCap here: it would store a trimmed id, and ignore an event in a classic project.
    if (id !== '' && id.trim() !== id) {
      problem(r, idField, id, 'the record id has spaces around it (REDCap would store it trimmed): trim it first');
      continue;
    }
    if (!schema.longitudinal && event[r].trim() !== '') {
      problem(
        r,
        'redcap_event_name',
        event[r].trim(),
        'the project is not longitudinal: it has no events (leave redcap_event_name blank or drop it)',
      );
      continue;
    }
    const keys = checkRowKeys(
      schema,
      idField,
      { record: id, event: event[r], repeatForm: instrument[r], instance: instance[r] },
      true,
    );
    if (isRowProblem(keys)) {
      problem(r, keys.field, keys.value, keys.message);
      continue;
    }
    const repeated = seen.repeated(keys, r, idField);
    if (repeated) {
      const p = repeated.problem;
      problem(r, p.field, p.value, `${p.message} (rows ${repeated.row} and ${r})`);
      continue;
    }
    const k = keys;
    event[r] = k.event;
    instrument[r] = k.repeatForm;
    instance[r] = instance[r].trim();
    const ctxKey = `${k.event}\u0000${k.repeatForm}\u0000${k.repeating ? 1 : 0}`;
    let c = contextIds.get(ctxKey);
    if (c === undefined) {
      c = applies.length;
      contextIds.set(ctxKey, c);
      applies.push(applicability(schema, k));
    }
    context[r] = c;
  }
  return { record, event, instrument, instance, dag, bad, context, applies, problems };
}

/** Why a form's fields cannot hold values on rows of this event and repeat setting (null: they can), in REDCap's words. */
function applicability(schema: Schema, keys: RowKeysOfRow): (form: string, field: string) => string | null {
  const cache = new Map<string, Misplacement | null>();
  return (form, field) => {
    let why = cache.get(form);
    if (why === undefined) cache.set(form, (why = misplacement(schema, form, keys)));
    return why === null ? null : misplacementMessage(why, field, keys);
  };
}
