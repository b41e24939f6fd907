import type { Db } from './database.js';

/** Which forms each event holds, as `event_id NUL form_name`. */
export function designatedPairs(db: Db, projectId: number): Set<string> {
  return new Set(
    (
      db.prepare('SELECT event_id, form_name FROM form_events WHERE project_id = ?').all(projectId) as {
        event_id: number;
        form_name: string;
      }[]
    ).map((r) => `${r.event_id}\u0000${r.form_name}`),
  );
}

/** Replaces every form-event designation of the project. */
export function replaceDesignations(
  db: Db,
  projectId: number,
  pairs: readonly { eventId: number; form: string }[],
): void {
  db.prepare('DELETE FROM form_events WHERE project_id = ?').run(projectId);
  const insert = db.prepare('INSERT OR IGNORE INTO form_events (project_id, event_id, form_name) VALUES (?, ?, ?)');
  for (const p of pairs) insert.run(projectId, p.eventId, p.form);
}

/** Replaces the project's repeating setup (form '' marks a repeating event). */
export function replaceRepeatingRows(
  db: Db,
  projectId: number,
  setups: readonly { eventId: number; form: string; label: string }[],
): void {
  db.prepare('DELETE FROM repeating WHERE project_id = ?').run(projectId);
  const insert = db.prepare(
    'INSERT INTO repeating (project_id, event_id, form_name, custom_label) VALUES (?, ?, ?, ?)',
  );
  for (const s of setups) insert.run(projectId, s.eventId, s.form, s.label);
}
