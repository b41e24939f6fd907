import type { RepeatingFormEvent } from '../../schema/types.js';
import { badRequest } from '../refusal.js';
import type { Db } from '../store/database.js';
import { bumpStructure, type ProjectState } from '../store/project-state.js';
import { designatedPairs, replaceRepeatingRows } from '../store/designations-store.js';
import { storedEvents } from '../store/events-store.js';

/** One repeating setup, resolved to the stored event. */
export interface RepeatingSetup {
  eventId: number;
  event: string;
  /** Blank for a whole repeating event. */
  form: string;
  label: string;
}

/**
 * Repeating instruments and events from import rows. Classic projects
 * name only `form_name` (and `custom_form_label`): the forms repeat in the
 * hidden event, and a whole event cannot repeat. Longitudinal projects
 * need `event_name`; a blank `form_name` makes the whole event repeat,
 * and a form must be designated for the event. An event is either a
 * repeating event or holds repeating instruments, never both.
 */
export function parseRepeatingRows(
  db: Db,
  state: ProjectState,
  rows: readonly Record<string, string>[],
): RepeatingSetup[] {
  const longitudinal = state.schema.longitudinal;
  const events = new Map(storedEvents(db, state.id).map((e) => [e.unique_event_name, e.event_id]));
  const designated = designatedPairs(db, state.id);
  const out: RepeatingSetup[] = [];
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const n = i + 1;
    const form = (row.form_name ?? '').trim();
    const label = (row.custom_form_label ?? '').trim();
    let event = (row.event_name ?? '').trim();
    let eventId: number | undefined;
    if (longitudinal) {
      if (event === '')
        throw badRequest(`The event_name on row ${n} is missing; longitudinal projects need the unique event name`);
      eventId = events.get(event);
      if (eventId === undefined)
        throw badRequest(`The event_name '${event}' (row ${n}) is not a valid unique event name`);
    } else {
      if (form === '')
        throw badRequest(`The form_name on row ${n} is missing; classic projects cannot have repeating events`);
      eventId = state.defaultEventId;
      event = state.eventNames.get(eventId) ?? 'event_1_arm_1';
    }
    if (form !== '') {
      if (!state.schema.form(form))
        throw badRequest(`The form_name '${form}' (row ${n}) is not a valid unique instrument name`);
      if (longitudinal && !designated.has(`${eventId}\u0000${form}`)) {
        throw badRequest(`The instrument '${form}' (row ${n}) is not designated for the event '${event}'`);
      }
    }
    const key = `${eventId}\u0000${form}`;
    if (seen.has(key))
      throw badRequest(
        `The repeating ${form ? `instrument '${form}'` : 'event'} of event '${event}' appears more than once in the data`,
      );
    seen.add(key);
    out.push({ eventId, event, form, label: form === '' ? '' : label });
  });
  for (const s of out) {
    if (s.form === '' && out.some((o) => o.eventId === s.eventId && o.form !== '')) {
      throw badRequest(`The event '${s.event}' cannot be a repeating event and also hold repeating instruments`);
    }
  }
  return out;
}

/**
 * Replaces the whole repeating setup. Values saved in instances of a form
 * that no longer repeats stay stored, as REDCap keeps them.
 */
export function replaceRepeating(db: Db, state: ProjectState, setups: readonly RepeatingSetup[]): number {
  db.transaction(() => {
    replaceRepeatingRows(db, state.id, setups);
    bumpStructure(db, state.id);
  })();
  return setups.length;
}

/** The setup as the API exports it; classic projects leave out the (hidden) event. */
export function repeatingRows(state: ProjectState): Partial<RepeatingFormEvent>[] {
  const longitudinal = state.schema.longitudinal;
  return state.repeating.map((r: RepeatingFormEvent) =>
    longitudinal
      ? { event_name: r.event_name, form_name: r.form_name, custom_form_label: r.custom_form_label }
      : { form_name: r.form_name, custom_form_label: r.custom_form_label },
  );
}
