import { uniqueEventName } from '../../schema/unique-event-name.js';
import { badRequest } from '../refusal.js';
import type { Db } from '../store/database.js';
import { bumpStructure, type ProjectState } from '../store/project-state.js';
import { storedArms } from '../store/arms-store.js';
import {
  deleteEvents,
  insertEvent,
  lastDaysOffset,
  setEventOrder,
  storedEvents,
  updateEvent,
} from '../store/events-store.js';
import { requireSomeEvent } from './stored-structure.js';
import { positiveInteger } from './structure-io.js';

/** One event of an import: label and arm required, the rest optional. */
export interface EventInput {
  event_name: string;
  arm_num: number;
  /** Names an existing event to update; absent creates a new one. */
  unique_event_name?: string;
  custom_event_label?: string;
  days_offset?: number;
  offset_min?: number;
  offset_max?: number;
}

function offset(
  row: Record<string, string>,
  column: 'days_offset' | 'offset_min' | 'offset_max',
  rowNumber: number,
): number | undefined {
  const v = (row[column] ?? '').trim();
  if (v === '') return undefined;
  if (!/^-?\d+(\.\d+)?$/.test(v))
    throw badRequest(`The value '${v}' of "${column}" on row ${rowNumber} is not a number`);
  return Number(v);
}

/** Events from import rows, checked for shape (names and arms are checked against the project on import). */
export function parseEventRows(rows: readonly Record<string, string>[]): EventInput[] {
  if (rows.length === 0) throw badRequest('No events were provided in the "data" parameter');
  return rows.map((row, i) => {
    const n = i + 1;
    const eventName = (row.event_name ?? '').trim();
    if (eventName === '') throw badRequest(`The event_name on row ${n} is missing`);
    const input: EventInput = { event_name: eventName, arm_num: positiveInteger(row.arm_num, 'arm_num', n) };
    const unique = (row.unique_event_name ?? '').trim();
    if (unique !== '') input.unique_event_name = unique;
    if (row.custom_event_label !== undefined) input.custom_event_label = row.custom_event_label.trim();
    for (const c of ['days_offset', 'offset_min', 'offset_max'] as const) {
      const v = offset(row, c, n);
      if (v !== undefined) input[c] = v;
    }
    return input;
  });
}

export interface EventChanges {
  created: string[];
  updated: string[];
  deleted: string[];
}

/**
 * Creates events (unique name made from the label as REDCap does) and
 * updates those named by `unique_event_name`. An updated event keeps its
 * unique name even when its label changes, so data and logic that name it
 * keep working. With `override`, every event not named in the data is
 * deleted with its data first. Events sit in each arm in day-offset order
 * (ties keep their previous order), as REDCap lists them.
 */
export function importEvents(
  db: Db,
  state: ProjectState,
  events: readonly EventInput[],
  override: boolean,
): EventChanges {
  const changes: EventChanges = { created: [], updated: [], deleted: [] };
  db.transaction(() => {
    const arms = new Set(storedArms(db, state.id).map((a) => a.arm_num));
    let current = storedEvents(db, state.id);
    const byName = new Map(current.map((e) => [e.unique_event_name, e]));
    const named = new Set<string>();
    events.forEach((e, i) => {
      if (!arms.has(e.arm_num))
        throw badRequest(`Arm ${e.arm_num} (row ${i + 1}) does not exist in the project; import the arm first`);
      if (e.unique_event_name === undefined) return;
      const old = byName.get(e.unique_event_name);
      if (!old)
        throw badRequest(`The unique event name '${e.unique_event_name}' (row ${i + 1}) does not exist in the project`);
      if (old.arm_num !== e.arm_num)
        throw badRequest(
          `The event '${e.unique_event_name}' (row ${i + 1}) belongs to arm ${old.arm_num} and cannot be moved to arm ${e.arm_num}`,
        );
      if (named.has(e.unique_event_name))
        throw badRequest(`The event '${e.unique_event_name}' appears more than once in the data`);
      named.add(e.unique_event_name);
    });
    if (override) {
      const gone = current.filter((e) => !named.has(e.unique_event_name));
      deleteEvents(
        db,
        state.id,
        gone.map((e) => e.event_id),
      );
      changes.deleted.push(...gone.map((e) => e.unique_event_name));
      current = storedEvents(db, state.id);
    }
    const taken = new Set(current.map((e) => e.unique_event_name));
    const touchedArms = new Set<number>();
    for (const e of events) {
      touchedArms.add(e.arm_num);
      if (e.unique_event_name !== undefined) {
        const old = current.find((x) => x.unique_event_name === e.unique_event_name)!;
        updateEvent(db, state.id, old.event_id, {
          event_name: e.event_name,
          custom_event_label: e.custom_event_label ?? old.custom_event_label,
          days_offset: e.days_offset ?? old.days_offset,
          offset_min: e.offset_min ?? old.offset_min,
          offset_max: e.offset_max ?? old.offset_max,
        });
        changes.updated.push(old.unique_event_name);
        continue;
      }
      const unique = uniqueEventName(e.event_name, e.arm_num, taken);
      taken.add(unique);
      // A new event without days_offset goes after the arm's last one, as REDCap's
      // event page suggests: PyCap's doctests import "Event 2" with no offset and
      // then export it after Event 1 (redcap/methods/events.py).
      const lastOffset = lastDaysOffset(db, state.id, e.arm_num);
      insertEvent(db, state.id, {
        arm_num: e.arm_num,
        event_name: e.event_name,
        unique_event_name: unique,
        custom_event_label: e.custom_event_label ?? '',
        days_offset: e.days_offset ?? (lastOffset === null ? 1 : Math.floor(lastOffset) + 1),
        offset_min: e.offset_min ?? 0,
        offset_max: e.offset_max ?? 0,
      });
      changes.created.push(unique);
    }
    for (const arm of touchedArms) reorderArm(db, state.id, arm);
    requireSomeEvent(db, state.id);
    bumpStructure(db, state.id);
  })();
  return changes;
}

/** Puts an arm's events in day-offset order, ties in their previous order. */
function reorderArm(db: Db, projectId: number, arm: number): void {
  const events = storedEvents(db, projectId).filter((e) => e.arm_num === arm);
  const sorted = [...events].sort(
    (a, b) => a.days_offset - b.days_offset || a.event_order - b.event_order || a.event_id - b.event_id,
  );
  setEventOrder(
    db,
    projectId,
    sorted.map((e) => e.event_id),
  );
}

/** Deletes events (by unique name) with their data; every name must be an event of the project. */
export function deleteEventsByName(db: Db, state: ProjectState, names: readonly string[]): number {
  const all = new Map(storedEvents(db, state.id).map((e) => [e.unique_event_name, e.event_id]));
  const bad = names.filter((n) => !all.has(n));
  if (bad.length)
    throw badRequest(
      `The following values in the parameter "events" are not valid: ${bad.map((v) => `'${v}'`).join(', ')}`,
    );
  const unique = [...new Set(names)];
  db.transaction(() => {
    deleteEvents(
      db,
      state.id,
      unique.map((n) => all.get(n)!),
    );
    requireSomeEvent(db, state.id);
    bumpStructure(db, state.id);
  })();
  return unique.length;
}
