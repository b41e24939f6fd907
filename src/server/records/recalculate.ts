import { RecordWriter } from '../store/record-writer.js';
import {
  compileLogic,
  evaluateValue,
  logicResultText,
  type CompiledLogic,
  type LogicContext,
} from '../../logic/index.js';
import type { Db } from '../store/database.js';
import type { ProjectState } from '../store/project-state.js';
import { type PackedValue, readGroupedValues } from '../store/record-store.js';
import { decodeRows, RowPacker } from './packed-rows.js';
import type { PackedRow } from './packed-row.js';
import { formAppliesToRow } from './record-rows.js';
import { rowPlanOf } from './row-plan.js';

const compiled = new WeakMap<ProjectState, { field: string; form: string; logic: CompiledLogic }[]>();

/** The project's calc fields with their formulas compiled (formulas that do not parse are skipped). */
function calcFields(state: ProjectState) {
  let list = compiled.get(state);
  if (!list) {
    list = [];
    for (const row of state.dictionary) {
      if (row.field_type !== 'calc' || row.select_choices_or_calculations.trim() === '') continue;
      try {
        list.push({
          field: row.field_name,
          form: row.form_name,
          logic: compileLogic(row.select_choices_or_calculations),
        });
      } catch {
        // A formula the logic engine cannot read keeps its stored value, as REDCap leaves broken calcs blank.
      }
    }
    compiled.set(state, list);
  }
  return list;
}

function rowContext(state: ProjectState, row: PackedRow, rows: readonly PackedRow[]): LogicContext {
  const schema = state.schema;
  const find = (event: string, field: string, instance?: number): PackedRow | undefined => {
    const same = rows.filter((r) => r.event === event);
    if (instance !== undefined) return same.find((r) => r.instance === instance);
    if (event === row.event && row.holds(field)) return row;
    return same.find((r) => r.instance === null) ?? (event === row.event ? row : undefined);
  };
  return {
    value(field, lookup) {
      const target = find(lookup.event ?? row.event, field, lookup.instance);
      if (lookup.code !== undefined) return target?.hasChecked(field, lookup.code) ? '1' : '0';
      if (field === schema.recordIdField) return row.record;
      return target?.valueOf(field) ?? '';
    },
    isMissingCode: (v) => schema.missingCodeSet.has(v),
    record: row.record,
    event: row.event,
    instance: row.instance ?? 1,
  };
}

/** A calc value that changed: where it goes and its new text ('' erases). */
export interface CalcChange {
  eventId: number;
  instance: number;
  field: string;
  value: string;
  /** Whether a value was stored before. */
  stored: boolean;
}

/** True when the project has calc fields the engine can evaluate. */
export function hasCalcFields(state: ProjectState): boolean {
  return calcFields(state).length > 0;
}

/** Hands each stored value of a record, `[event_id, instance, field, value]`, to `visit`. */
export type ValueFeed = (visit: (eventId: number, instance: number, field: string, value: string) => void) => void;

/**
 * The calc values of one record that differ from what it stores, computed
 * from the record's stored values (as REDCap does after an import).
 */
export function recalculateValues(state: ProjectState, record: string, feed: ValueFeed): CalcChange[] {
  const calcs = calcFields(state);
  if (calcs.length === 0) return [];
  const plan = rowPlanOf(state);
  const packer = new RowPacker(plan);
  feed(packer.add);
  const rows = decodeRows(state, plan.layout, record, packer.finish());
  const changes: CalcChange[] = [];
  for (const row of rows) {
    for (const calc of calcs) {
      if (!formAppliesToRow(state, calc.form, row)) continue;
      const text = logicResultText(evaluateValue(calc.logic, rowContext(state, row, rows)));
      const stored = row.valueOf(calc.field);
      if ((stored ?? '') === text) continue;
      changes.push({
        eventId: row.eventId,
        instance: row.instance ?? 1,
        field: calc.field,
        value: text,
        stored: stored !== undefined,
      });
      // Later calcs may read this one.
      row.setValue(calc.field, text);
    }
  }
  return changes;
}

/** The feed of values read from the store. */
export const feedOf =
  (values: readonly PackedValue[]): ValueFeed =>
  (visit) => {
    for (const v of values) visit(v[0], v[1], v[2], v[3]);
  };

/**
 * Recomputes the calc fields of the given records, storing results that
 * changed. Runs inside the caller's transaction.
 */
export function recalculateRecords(db: Db, state: ProjectState, records: Iterable<string>): void {
  if (!hasCalcFields(state)) return;
  const names = [...records];
  const values = new Map(readGroupedValues(db, state.id, names));
  const writer = new RecordWriter(db, state.id);
  for (const record of names) {
    for (const c of recalculateValues(state, record, feedOf(values.get(record) ?? []))) {
      const cell = { record, eventId: c.eventId, instance: c.instance, field: c.field };
      if (c.stored) writer.deleteValue(cell);
      if (c.value !== '') writer.insertValue(cell, c.value);
    }
  }
  writer.flush();
}
