import { DICTIONARY_COLUMNS, type DictionaryRow } from '../../schema/types.js';
import { parseChoices } from '../../values/choices.js';
import { FIELD_TYPES, isFieldType } from '../../values/field-rule.js';
import { validationSpec } from '../../values/validation-types.js';
import { badRequest } from '../refusal.js';

/** Dictionary CSV headers as REDCap's Online Designer download names them, mapped to API names. */
const HUMAN_HEADERS: Record<string, keyof DictionaryRow> = {
  'variable / field name': 'field_name',
  'form name': 'form_name',
  'section header': 'section_header',
  'field type': 'field_type',
  'field label': 'field_label',
  'choices, calculations, or slider labels': 'select_choices_or_calculations',
  'field note': 'field_note',
  'text validation type or show slider number': 'text_validation_type_or_show_slider_number',
  'text validation min': 'text_validation_min',
  'text validation max': 'text_validation_max',
  'identifier?': 'identifier',
  'branching logic (show field only if...)': 'branching_logic',
  'required field?': 'required_field',
  'custom alignment': 'custom_alignment',
  'question number (surveys only)': 'question_number',
  'matrix group name': 'matrix_group_name',
  'matrix ranking?': 'matrix_ranking',
  'field annotation': 'field_annotation',
};

/** Rows of an uploaded dictionary with every column present, API names as keys. */
export function normalizeDictionary(rows: readonly Record<string, string>[]): DictionaryRow[] {
  return rows.map((raw) => {
    const row = {} as DictionaryRow;
    for (const key of DICTIONARY_COLUMNS) row[key] = '';
    for (const [k, v] of Object.entries(raw)) {
      const key = (DICTIONARY_COLUMNS as readonly string[]).includes(k)
        ? (k as keyof DictionaryRow)
        : HUMAN_HEADERS[k.trim().toLowerCase()];
      if (key) row[key] = String(v ?? '');
    }
    row.field_name = row.field_name.trim();
    row.form_name = row.form_name.trim();
    row.field_type = row.field_type.trim().toLowerCase();
    row.text_validation_type_or_show_slider_number = row.text_validation_type_or_show_slider_number.trim();
    return row;
  });
}

/**
 * Checks a dictionary the way REDCap's metadata import does, reporting
 * every problem at once (400). The record id field is the first row.
 */
export function validateDictionary(rows: readonly DictionaryRow[]): void {
  const problems: string[] = [];
  if (rows.length === 0) throw badRequest('The data dictionary is empty');
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.field_name, (counts.get(r.field_name) ?? 0) + 1);
  const dupes = [...counts].filter(([, n]) => n > 1).map(([f]) => f);
  if (dupes.length) problems.push(`The following variable/field names were duplicated: ${dupes.join(', ')}`);
  const missingForm = rows.filter((r) => r.form_name === '').map((r) => r.field_name);
  if (missingForm.length)
    problems.push(`Each row MUST have a form name. These fields do not: ${missingForm.join(', ')}`);
  const closed = new Set<string>();
  let current = '';
  for (const r of rows) {
    if (r.form_name === current || r.form_name === '') continue;
    if (closed.has(r.form_name)) {
      problems.push(
        `Form names must be sequential: the fields of form "${r.form_name}" are not all next to each other (see field "${r.field_name}")`,
      );
      break;
    }
    if (current) closed.add(current);
    current = r.form_name;
  }
  for (const r of rows) {
    const where = `field "${r.field_name}"`;
    if (!/^[a-z][a-z0-9_]*$/.test(r.field_name)) {
      problems.push(
        `The variable name "${r.field_name}" is not valid: use only lower-case letters, numbers and underscores, starting with a letter`,
      );
    }
    if (r.form_name && !/^[a-z][a-z0-9_]*$/.test(r.form_name))
      problems.push(`The form name "${r.form_name}" is not valid (${where})`);
    if (!isFieldType(r.field_type)) {
      problems.push(`The only valid field types are ${FIELD_TYPES.join(', ')}. "${r.field_type}" is not (${where})`);
      continue;
    }
    if (
      (r.field_type === 'radio' || r.field_type === 'dropdown' || r.field_type === 'checkbox') &&
      parseChoices(r.select_choices_or_calculations).length === 0
    ) {
      problems.push(`The ${r.field_type} ${where} must have choices`);
    }
    if (r.field_type === 'calc' && r.select_choices_or_calculations.trim() === '')
      problems.push(`The calc ${where} must have a calculation`);
    const v = r.text_validation_type_or_show_slider_number;
    if (r.field_type === 'text' && v !== '' && !validationSpec(v))
      problems.push(`"${v}" is not a valid validation type (${where})`);
  }
  if (rows[0] && rows[0].field_type !== 'text')
    problems.push(`The first field ("${rows[0].field_name}") is the record ID field and must be a text field`);
  if (problems.length) throw badRequest(problems.join('\n'));
}
