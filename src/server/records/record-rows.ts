import type { ProjectState } from '../store/project-state.js';
import type { StoredValue } from '../store/record-store.js';

/**
 * One row of a flat export: a record in an event, either its base row
 * (instance null) or one instance of a repeating instrument (`repeatForm`
 * set) or of a repeating event (`repeatForm` blank, instance set).
 */
export interface LogicalRow {
  record: string;
  eventId: number;
  /** Unique event name; '' in classic projects. */
  event: string;
  repeatForm: string;
  instance: number | null;
  /** Values of ordinary fields and `<form>_complete`. */
  values: Map<string, string>;
  /** Checked option codes of checkbox fields. */
  checked: Map<string, Set<string>>;
}

/** Position of each event in export order (arm, then event order). */
export function eventOrder(state: ProjectState): Map<number, number> {
  const order = new Map<number, number>();
  let i = 0;
  for (const id of state.eventIds.values()) if (!order.has(id)) order.set(id, i++);
  return order;
}

/** The row a stored value belongs to: which form repeats decides it. */
export function rowKeyOf(state: ProjectState, eventId: number, field: string, instance: number): { repeatForm: string; instance: number | null } {
  const schema = state.schema;
  const event = state.events.length ? state.eventNames.get(eventId) ?? '' : '';
  if (schema.isRepeatingEvent(event)) return { repeatForm: '', instance };
  // Survey timestamps (`<form>_timestamp`) belong to their form's row like its fields.
  const form = schema.field(field)?.form ?? (field.endsWith('_timestamp') ? schema.form(field.slice(0, -10))?.name : undefined);
  if (form && field !== schema.recordIdField && schema.isRepeatingForm(form, event)) return { repeatForm: form, instance };
  return { repeatForm: '', instance: null };
}

/** Groups a record's stored values into export rows, in REDCap's row order. */
export function buildRows(state: ProjectState, record: string, values: readonly StoredValue[], order: Map<number, number>): LogicalRow[] {
  const schema = state.schema;
  const formOrder = new Map(schema.forms.map((f, i) => [f.name, i]));
  const rows = new Map<string, LogicalRow>();
  const longitudinal = state.events.length > 0;
  for (const v of values) {
    const key = rowKeyOf(state, v.event_id, v.field_name, v.instance);
    const id = `${v.event_id}\u0000${key.repeatForm}\u0000${key.instance ?? ''}`;
    let row = rows.get(id);
    if (!row) {
      row = {
        record,
        eventId: v.event_id,
        event: longitudinal ? state.eventNames.get(v.event_id) ?? '' : '',
        repeatForm: key.repeatForm,
        instance: key.instance,
        values: new Map(),
        checked: new Map(),
      };
      rows.set(id, row);
    }
    const rule = schema.field(v.field_name);
    if (rule?.type === 'checkbox') {
      let set = row.checked.get(v.field_name);
      if (!set) row.checked.set(v.field_name, (set = new Set()));
      set.add(v.value);
    } else {
      row.values.set(v.field_name, v.value);
    }
  }
  return [...rows.values()].sort((a, b) =>
    (order.get(a.eventId) ?? 0) - (order.get(b.eventId) ?? 0)
    || (a.instance === null ? -1 : 0) - (b.instance === null ? -1 : 0)
    || (formOrder.get(a.repeatForm) ?? -1) - (formOrder.get(b.repeatForm) ?? -1)
    || (a.instance ?? 0) - (b.instance ?? 0));
}

/**
 * Whether a form's fields belong in a row: the form is designated for the
 * row's event, and the row is the right kind (a repeating form fills only
 * its own instance rows; other forms only the base row; a repeating event
 * fills all of its forms).
 */
export function formAppliesToRow(state: ProjectState, form: string, row: Pick<LogicalRow, 'event' | 'repeatForm' | 'instance'>): boolean {
  const schema = state.schema;
  if (!schema.isFormInEvent(form, row.event)) return false;
  if (row.instance === null) return !schema.isRepeatingForm(form, row.event);
  if (row.repeatForm === '') return true;
  return row.repeatForm === form;
}
