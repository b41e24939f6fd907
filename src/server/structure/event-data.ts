import type { Db } from '../store/database.js';

/**
 * Removes everything stored under some events: values, uploaded files
 * (with their documents), designations and repeating setup, then the
 * events themselves. Records left with no data in an arm leave that arm,
 * as REDCap derives a record's existence from its data.
 */
export function deleteEvents(db: Db, projectId: number, eventIds: readonly number[]): void {
  if (eventIds.length === 0) return;
  const marks = eventIds.map(() => '?').join(',');
  db.prepare(`DELETE FROM docs WHERE doc_id IN (SELECT doc_id FROM record_files WHERE project_id = ? AND event_id IN (${marks}))`).run(projectId, ...eventIds);
  for (const table of ['record_files', 'data', 'form_events', 'repeating', 'events']) {
    db.prepare(`DELETE FROM ${table} WHERE project_id = ? AND event_id IN (${marks})`).run(projectId, ...eventIds);
  }
  dropRecordsWithoutData(db, projectId);
}

/** Forgets records (per arm) that hold no value in any event of that arm. */
export function dropRecordsWithoutData(db: Db, projectId: number): void {
  db.prepare(`DELETE FROM records WHERE project_id = ? AND NOT EXISTS (
    SELECT 1 FROM data d JOIN events e ON e.project_id = d.project_id AND e.event_id = d.event_id
    WHERE d.project_id = records.project_id AND d.record = records.record AND e.arm_num = records.arm_num)`).run(projectId);
}

/**
 * A new event id. Ids are unique across the database and never reused
 * (REDCap's are auto-increment keys), so a deleted event's id stays retired.
 */
export function nextEventId(db: Db): number {
  const max = (db.prepare('SELECT MAX(event_id) FROM events').pluck().get() as number | null) ?? 0;
  const last = Number((db.prepare("SELECT value FROM meta WHERE key = 'last_event_id'").pluck().get() as string | undefined) ?? 0);
  const id = Math.max(max, last) + 1;
  db.prepare("INSERT INTO meta (key, value) VALUES ('last_event_id', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(String(id));
  return id;
}
