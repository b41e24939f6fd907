import { table as arqueroTable, type ColumnTable } from 'arquero';
import { Schema } from '../schema/schema.js';
import { castFor, type Casts } from './casts.js';
import type { TypedFrame } from './typed-frame.js';
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
  /** The user cast that types the field (`field age`, `validation date_dmy`, `type radio`); only in a frame's codebook. */
  cast?: string;
}

/** The codebook rows of a schema: every dictionary field, and each form's status after its fields. */
export function codebookEntries(schema: Schema, casts?: Casts): CodebookEntry[] {
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
        columns:
          rule.kind === 'none'
            ? ''
            : rule.type === 'checkbox'
              ? rule.checkboxColumns.map((c) => c.column).join(', ')
              : rule.name,
        ...(casts ? { cast: rule.kind === 'none' ? '' : (castFor(rule, casts)?.by ?? '') } : {}),
      });
    }
  }
  return entries;
}

/**
 * The codebook as an Arquero table (field, form, type, validation, choices,
 * label, note…). Given a typed frame, a last column `cast` lists the user
 * casts that typed its fields in place of the defaults.
 */
export function codebook(source: Schema | TypedFrame): ColumnTable {
  const schema = source instanceof Schema ? source : source.schema;
  const casts = source instanceof Schema ? undefined : source.options.casts;
  const entries = codebookEntries(schema, casts);
  const keys: (keyof CodebookEntry)[] = [
    'field',
    'form',
    'type',
    'validation',
    'frame_type',
    'choices',
    'calculation',
    'label',
    'note',
    'min',
    'max',
    'columns',
  ];
  if (casts) keys.push('cast');
  const columns: Record<string, string[]> = {};
  for (const k of keys) columns[k] = entries.map((e) => e[k] ?? '');
  return arqueroTable(columns);
}
