import { table as arqueroTable, type ColumnTable } from 'arquero';
import type { Schema } from '../schema/schema.js';
import { formatChoices } from '../values/choices.js';
import { frameTypeOf } from './frame-type.js';

/** One row of a codebook. */
export interface CodebookEntry {
  field: string;
  form: string;
  type: string;
  validation: string;
  /** What the frame column holds: text, number, date, boolean, category ('none' for descriptive). */
  frame_type: string;
  /** Options as `code, label | …` (checkbox, radio, dropdown, yes/no, form status…). */
  choices: string;
  /** calc formula or sql query. */
  calculation: string;
  label: string;
  note: string;
  min: string;
  max: string;
  /** Export columns of the field (`field___code` for each checkbox option). */
  columns: string;
}

/** The codebook rows of a schema: every dictionary field, and each form's status after its fields. */
export function codebookEntries(schema: Schema): CodebookEntry[] {
  const notes = new Map(schema.dictionary.map((d) => [d.field_name, d]));
  const entries: CodebookEntry[] = [];
  for (const form of schema.forms) {
    for (const rule of [...form.fields, form.complete]) {
      const dict = notes.get(rule.name);
      const spec = dict?.select_choices_or_calculations ?? '';
      entries.push({
        field: rule.name,
        form: form.name,
        type: rule.type,
        validation: rule.validation?.name ?? '',
        frame_type: frameTypeOf(rule),
        choices: rule.choices.length ? formatChoices(rule.choices) : '',
        calculation: rule.type === 'calc' || rule.type === 'sql' ? spec : '',
        label: rule.label,
        note: dict?.field_note ?? '',
        min: rule.min,
        max: rule.max,
        columns: rule.kind === 'none' ? '' : rule.type === 'checkbox' ? rule.checkboxColumns.map((c) => c.column).join(', ') : rule.name,
      });
    }
  }
  return entries;
}

/** The codebook as an Arquero table (field, form, type, validation, choices, label, note…). */
export function codebook(schema: Schema): ColumnTable {
  const entries = codebookEntries(schema);
  const keys: (keyof CodebookEntry)[] = ['field', 'form', 'type', 'validation', 'frame_type', 'choices', 'calculation', 'label', 'note', 'min', 'max', 'columns'];
  const columns: Record<string, string[]> = {};
  for (const k of keys) columns[k] = entries.map((e) => e[k]);
  return arqueroTable(columns);
}
