import type { ProjectState } from '../store/project-state.js';
import type { PackedValue, StoredValue } from '../store/record-store.js';

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
export function rowKeyOf(
  state: ProjectState,
  eventId: number,
  field: string,
  instance: number,
): { repeatForm: string; instance: number | null } {
  const schema = state.schema;
  const event = state.events.length ? (state.eventNames.get(eventId) ?? '') : '';
  if (schema.isRepeatingEvent(event)) return { repeatForm: '', instance };
  // Survey timestamps (`<form>_timestamp`) belong to their form's row like its fields.
  const form =
    schema.field(field)?.form ?? (field.endsWith('_timestamp') ? schema.form(field.slice(0, -10))?.name : undefined);
  if (form && field !== schema.recordIdField && schema.isRepeatingForm(form, event))
    return { repeatForm: form, instance };
  return { repeatForm: '', instance: null };
}

/** Where a field's values go in one event: a repeating form's instance rows, the event's instances, or its base row. */
interface Placement {
  repeatForm: string;
  /** False: the base row (instance null). */
  keepsInstance: boolean;
  checkbox: boolean;
}

/**
 * What decides the rows of an export, worked out once per export instead
 * of once per value: each field's placement per event, the event and
 * form order.
 */
export class RowPlan {
  readonly order: Map<number, number>;
  readonly formOrder: Map<string, number>;
  private readonly placements = new Map<number, Map<string, Placement>>();

  constructor(
    readonly state: ProjectState,
    order = eventOrder(state),
  ) {
    this.order = order;
    this.formOrder = new Map(state.schema.forms.map((f, i) => [f.name, i]));
  }

  placement(eventId: number, field: string): Placement {
    let byField = this.placements.get(eventId);
    if (!byField) this.placements.set(eventId, (byField = new Map()));
    let p = byField.get(field);
    if (!p) {
      const key = rowKeyOf(this.state, eventId, field, 1);
      p = {
        repeatForm: key.repeatForm,
        keepsInstance: key.instance !== null,
        checkbox: this.state.schema.field(field)?.type === 'checkbox',
      };
      byField.set(field, p);
    }
    return p;
  }
}

/** Groups a record's packed values (`[event_id, instance, field, value]`) into export rows, in REDCap's row order. */
export function groupRows(plan: RowPlan, record: string, values: readonly PackedValue[]): LogicalRow[] {
  const state = plan.state;
  const rows = new Map<string, LogicalRow>();
  const longitudinal = state.schema.longitudinal;
  // Values come grouped by event and instance: consecutive values mostly share a row.
  let last: LogicalRow | undefined;
  for (let i = 0; i < values.length; i++) {
    const [eventId, instance, field, value] = values[i];
    const place = plan.placement(eventId, field);
    const rowInstance = place.keepsInstance ? instance : null;
    let row = last;
    if (!row || row.eventId !== eventId || row.repeatForm !== place.repeatForm || row.instance !== rowInstance) {
      const id = `${eventId}\u0000${place.repeatForm}\u0000${rowInstance ?? ''}`;
      row = rows.get(id);
      if (!row) {
        row = {
          record,
          eventId,
          event: longitudinal ? (state.eventNames.get(eventId) ?? '') : '',
          repeatForm: place.repeatForm,
          instance: rowInstance,
          values: new Map(),
          checked: new Map(),
        };
        rows.set(id, row);
      }
      last = row;
    }
    if (place.checkbox) {
      let set = row.checked.get(field);
      if (!set) row.checked.set(field, (set = new Set()));
      set.add(value);
    } else {
      row.values.set(field, value);
    }
  }
  const list = [...rows.values()];
  if (list.length < 2) return list;
  const { order, formOrder } = plan;
  return list.sort(
    (a, b) =>
      (order.get(a.eventId) ?? 0) - (order.get(b.eventId) ?? 0) ||
      (a.instance === null ? -1 : 0) - (b.instance === null ? -1 : 0) ||
      (formOrder.get(a.repeatForm) ?? -1) - (formOrder.get(b.repeatForm) ?? -1) ||
      (a.instance ?? 0) - (b.instance ?? 0),
  );
}

/** Groups a record's stored values into export rows, in REDCap's row order. */
export function buildRows(
  state: ProjectState,
  record: string,
  values: readonly StoredValue[],
  order: Map<number, number>,
): LogicalRow[] {
  return groupRows(
    new RowPlan(state, order),
    record,
    values.map((v): PackedValue => [v.event_id, v.instance, v.field_name, v.value]),
  );
}

/**
 * Whether a form's fields belong in a row: the form is designated for the
 * row's event, and the row is the right kind (a repeating form fills only
 * its own instance rows; other forms only the base row; a repeating event
 * fills all of its forms).
 */
export function formAppliesToRow(
  state: ProjectState,
  form: string,
  row: Pick<LogicalRow, 'event' | 'repeatForm' | 'instance'>,
): boolean {
  const schema = state.schema;
  if (!schema.isFormInEvent(form, row.event)) return false;
  if (row.instance === null) return !schema.isRepeatingForm(form, row.event);
  if (row.repeatForm === '') return true;
  return row.repeatForm === form;
}
