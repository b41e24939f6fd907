import type { ProjectState } from '../store/project-state.js';
import { type PackLayout, packLayout } from './pack-layout.js';

/** Position of each event in export order (arm, then event order). */
export function eventOrder(state: ProjectState): Map<number, number> {
  const order = new Map<number, number>();
  let i = 0;
  for (const id of state.eventIds.values()) if (!order.has(id)) order.set(id, i++);
  return order;
}

/** The row a stored value belongs to: which form repeats decides it. */
function rowKeyOf(
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
  readonly layout: PackLayout;
  private readonly placements = new Map<number, Map<string, Placement>>();

  constructor(
    readonly state: ProjectState,
    order = eventOrder(state),
  ) {
    this.order = order;
    this.formOrder = new Map(state.schema.forms.map((f, i) => [f.name, i]));
    this.layout = packLayout(state);
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

const plans = new WeakMap<ProjectState, RowPlan>();

/** The row plan of a project state (states are cached per structure version, and so are plans). */
export function rowPlanOf(state: ProjectState): RowPlan {
  let plan = plans.get(state);
  if (!plan) plans.set(state, (plan = new RowPlan(state)));
  return plan;
}
