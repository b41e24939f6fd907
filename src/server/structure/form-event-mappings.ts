import type { FormEventMapping } from '../../schema/types.js';
import { badRequest } from '../refusal.js';
import type { Db } from '../store/database.js';
import { bumpStructure, type ProjectState } from '../store/project-state.js';
import { replaceDesignations } from '../store/designations-store.js';
import { eventIdByName, storedEvents } from '../store/events-store.js';

/**
 * Form–event designations from import rows (`arm_num`, `unique_event_name`,
 * `form`), checked against the project: the event must exist (in that arm
 * when `arm_num` is given) and the form must be an instrument.
 */
export function parseMappingRows(
  db: Db,
  state: ProjectState,
  rows: readonly Record<string, string>[],
): FormEventMapping[] {
  if (rows.length === 0) throw badRequest('No instrument-event mappings were provided in the "data" parameter');
  const events = new Map(storedEvents(db, state.id).map((e) => [e.unique_event_name, e]));
  const seen = new Set<string>();
  const out: FormEventMapping[] = [];
  rows.forEach((row, i) => {
    const n = i + 1;
    const name = (row.unique_event_name ?? '').trim();
    const form = (row.form ?? '').trim();
    const armText = (row.arm_num ?? '').trim();
    const event = events.get(name);
    if (!event) throw badRequest(`The unique event name '${name}' (row ${n}) is not valid`);
    if (!state.schema.form(form))
      throw badRequest(`The instrument '${form}' (row ${n}) is not a valid unique instrument name`);
    if (armText !== '' && armText !== String(event.arm_num)) {
      throw badRequest(`The event '${name}' (row ${n}) belongs to arm ${event.arm_num}, not to arm ${armText}`);
    }
    const key = `${name}\u0000${form}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ arm_num: event.arm_num, unique_event_name: name, form });
  });
  return out;
}

/**
 * Replaces all designations, in every arm, with the ones sent. Evidence:
 * PyCap's live-server test_fem_import (tests/integration/test_long_project.py)
 * imports one mapping of arm 1 into a two-arm project and then exports
 * exactly that one mapping; re-importing the 44 it saved answers 44.
 * Values already saved in a form that loses its event stay stored
 * (hidden), as REDCap keeps them. Answers the number of designations written.
 */
export function replaceMappings(db: Db, state: ProjectState, mappings: readonly FormEventMapping[]): number {
  db.transaction(() => {
    replaceDesignations(
      db,
      state.id,
      mappings.map((m) => ({ eventId: eventIdByName(db, state.id, m.unique_event_name)!, form: m.form })),
    );
    bumpStructure(db, state.id);
  })();
  return mappings.length;
}
