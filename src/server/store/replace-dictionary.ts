import type { DictionaryRow } from '../../schema/types.js';
import type { Db } from './database.js';
import { bumpStructure, type ProjectState } from './project-state.js';

function titleCase(form: string): string {
  return form
    .split('_')
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ');
}

/**
 * Replaces a project's data dictionary in one transaction. Forms keep
 * their labels; new forms are labelled from their names; forms that are
 * gone lose their event designations and repeating setup. Stored data
 * stays, as REDCap keeps the values of deleted fields.
 */
export function replaceDictionary(db: Db, state: ProjectState, rows: readonly DictionaryRow[]): void {
  const run = db.transaction(() => {
    const labels = new Map(state.instruments.map((i) => [i.instrument_name, i.instrument_label]));
    const forms: string[] = [];
    for (const r of rows) if (!forms.includes(r.form_name)) forms.push(r.form_name);
    db.prepare('DELETE FROM fields WHERE project_id = ?').run(state.id);
    const insertField = db.prepare(
      'INSERT INTO fields (project_id, field_order, field_name, form_name, row_json) VALUES (?, ?, ?, ?, ?)',
    );
    rows.forEach((r, i) => insertField.run(state.id, i, r.field_name, r.form_name, JSON.stringify(r)));
    db.prepare('DELETE FROM forms WHERE project_id = ?').run(state.id);
    const insertForm = db.prepare('INSERT INTO forms (project_id, form_order, form_name, label) VALUES (?, ?, ?, ?)');
    forms.forEach((f, i) => insertForm.run(state.id, i, f, labels.get(f) ?? titleCase(f)));
    const keep = forms.map(() => '?').join(',');
    db.prepare(`DELETE FROM form_events WHERE project_id = ? AND form_name NOT IN (${keep})`).run(state.id, ...forms);
    db.prepare(`DELETE FROM repeating WHERE project_id = ? AND form_name <> '' AND form_name NOT IN (${keep})`).run(
      state.id,
      ...forms,
    );
    db.prepare(`DELETE FROM surveys WHERE project_id = ? AND form_name NOT IN (${keep})`).run(state.id, ...forms);
    if (!state.schema.longitudinal) {
      // Classic projects: every form belongs to the hidden event.
      const add = db.prepare('INSERT OR IGNORE INTO form_events (project_id, event_id, form_name) VALUES (?, ?, ?)');
      for (const f of forms) add.run(state.id, state.defaultEventId, f);
    }
    bumpStructure(db, state.id);
  });
  run();
}
