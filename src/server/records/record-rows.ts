import type { ProjectState } from '../store/project-state.js';

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
