import type { ApiUser } from '../auth/api-user.js';
import { forbidden } from '../refusal.js';
import type { FlatColumn, FlatExport } from '../records/flat-export.js';
import type { IncomingRows } from '../records/import-data.js';
import type { ProjectState } from '../store/project-state.js';

/**
 * Per-form rights as REDCap applies them to the API. Export rights
 * (`forms_export`): 0 no access, 1 full, 2 de-identified (identifiers,
 * free text, notes and dates/times removed), 3 identifiers removed. Data
 * entry rights (`forms`): 0 no access and 2 read only cannot import.
 * A form the user's rights do not name counts as full access, as REDCap
 * gives existing users rights to instruments created later.
 */
const SPECIAL = new Set([
  'redcap_event_name',
  'redcap_repeat_instrument',
  'redcap_repeat_instance',
  'redcap_data_access_group',
  'redcap_survey_identifier',
]);

function exportLevel(user: ApiUser, form: string): number {
  return user.rights.forms_export[form] ?? 1;
}

function entryLevel(user: ApiUser, form: string): number {
  return user.rights.forms[form] ?? 1;
}

/** Whether a field (or `<form>_timestamp`) of a form may be exported at the user's level. */
function exportable(state: ProjectState, user: ApiUser, field: string, form: string): boolean {
  if (field === state.schema.recordIdField) return true;
  const level = exportLevel(user, form);
  if (level === 0) return false;
  if (level === 1) return true;
  const row = state.dictionary.find((r) => r.field_name === field);
  if (!row) {
    // `<form>_complete` stays; a survey timestamp is a date-time, which de-identified exports drop.
    return !(level === 2 && field.endsWith('_timestamp'));
  }
  if (row.identifier === 'y') return false;
  if (level === 3) return true;
  const validation = row.text_validation_type_or_show_slider_number;
  if (row.field_type === 'notes') return false;
  if (row.field_type === 'text' && (validation === '' || /^(date|datetime|time)/.test(validation))) return false;
  return true;
}

/** True when the user's export rights change anything (the common case, full rights, costs nothing). */
export function hasExportLimits(state: ProjectState, user: ApiUser): boolean {
  return state.instruments.some((i) => exportLevel(user, i.instrument_name) !== 1);
}

/** Drops the columns the user may not export from a flat export. */
export function limitExport(exp: FlatExport, state: ProjectState, user: ApiUser): FlatExport {
  const keep = exportColumnMask(exp.columns, state, user);
  if (!keep) return exp;
  return { columns: exp.columns.filter((_, i) => keep[i]), rows: exp.rows.map((r) => r.filter((_, i) => keep[i])) };
}

/** Which columns of an export the user may see, or undefined when all. */
export function exportColumnMask(
  columns: readonly FlatColumn[],
  state: ProjectState,
  user: ApiUser,
): boolean[] | undefined {
  if (!hasExportLimits(state, user)) return undefined;
  return columns.map(
    (c) => !c.field || c.special !== undefined || exportable(state, user, c.field.rule.name, c.field.form),
  );
}

/** The fields the user may export, or undefined when it may export all. */
export function exportableFields(state: ProjectState, user: ApiUser): Set<string> | undefined {
  if (!hasExportLimits(state, user)) return undefined;
  const out = new Set<string>();
  for (const row of state.dictionary)
    if (exportable(state, user, row.field_name, row.form_name)) out.add(row.field_name);
  for (const form of state.schema.forms) if (exportLevel(user, form.name) !== 0) out.add(form.complete.name);
  return out;
}

/**
 * Refuses an import that writes into a form the user cannot edit: any
 * non-blank value, or with `overwrite` any value at all, of such a form.
 */
export function requireEditableForms(
  state: ProjectState,
  user: ApiUser,
  input: IncomingRows,
  overwrite: boolean,
): void {
  const blocked = new Map<string, string[]>();
  input.columns.forEach((name, j) => {
    if (SPECIAL.has(name) || name === state.schema.recordIdField) return;
    const col = state.schema.column(name);
    if (!col || col.surveyTimestamp) return;
    const level = entryLevel(user, col.form);
    if (level !== 0 && level !== 2) return;
    if (!overwrite && input.rows.every((r) => (r[j] ?? '') === '')) return;
    blocked.set(col.form, [...(blocked.get(col.form) ?? []), name]);
  });
  if (blocked.size) {
    throw forbidden(
      `You do not have rights to edit data on these instruments: ${[...blocked].map(([form, fields]) => `${form} (${fields.join(', ')})`).join('; ')}`,
    );
  }
}
