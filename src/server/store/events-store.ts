import type { EventDef } from '../../schema/types.js';
import type { Db } from './database.js';
import { eventArms } from './record-removal.js';
import { valueDocs } from './value-docs.js';

/**
 * Removes everything stored under some events: values, uploaded files
 * (with their documents), designations and repeating setup, then the
 * events themselves. Records left with no data in an arm leave that arm,
 * as REDCap derives a record's existence from its data.
 */
export function deleteEvents(db: Db, projectId: number, eventIds: readonly number[]): void {
  if (eventIds.length === 0) return;
  const marks = eventIds.map(() => '?').join(',');
  db.prepare(
    `DELETE FROM docs WHERE doc_id IN (SELECT doc_id FROM record_files WHERE project_id = ? AND event_id IN (${marks}))`,
  ).run(projectId, ...eventIds);
  const gone = new Set(eventIds);
  valueDocs(db).rewriteAll(projectId, (_record, values) =>
    values.some((v) => gone.has(v[0])) ? values.filter((v) => !gone.has(v[0])) : null,
  );
  for (const table of ['record_files', 'form_events', 'repeating', 'events']) {
    db.prepare(`DELETE FROM ${table} WHERE project_id = ? AND event_id IN (${marks})`).run(projectId, ...eventIds);
  }
  dropRecordsWithoutData(db, projectId);
}

/** Forgets records (per arm) that hold no value in any event of that arm. */
export function dropRecordsWithoutData(db: Db, projectId: number): void {
  const armOf = eventArms(db, projectId);
  const withData = new Set<string>();
  for (const [record, values] of valueDocs(db).each(projectId))
    for (const v of values) withData.add(`${armOf.get(v[0])}\u0000${record}`);
  const leave = db.prepare('DELETE FROM records WHERE project_id = ? AND record = ? AND arm_num = ?');
  for (const [record, arm] of db
    .prepare('SELECT record, arm_num FROM records WHERE project_id = ?')
    .raw(true)
    .all(projectId) as [string, number][]) {
    if (!withData.has(`${arm}\u0000${record}`)) leave.run(projectId, record, arm);
  }
}

/**
 * A new event id. Ids are unique across the database and never reused
 * (REDCap's are auto-increment keys), so a deleted event's id stays retired.
 */
export function nextEventId(db: Db): number {
  const max = (db.prepare('SELECT MAX(event_id) FROM events').pluck().get() as number | null) ?? 0;
  const last = Number(
    (db.prepare("SELECT value FROM meta WHERE key = 'last_event_id'").pluck().get() as string | undefined) ?? 0,
  );
  const id = Math.max(max, last) + 1;
  db.prepare(
    "INSERT INTO meta (key, value) VALUES ('last_event_id', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
  ).run(String(id));
  return id;
}

export interface StoredEvent extends EventDef {
  event_order: number;
}

/** Every event of a project in arm and display order. */
export function storedEvents(db: Db, projectId: number): StoredEvent[] {
  return db
    .prepare(`SELECT event_id, arm_num, event_order, event_name, unique_event_name, custom_event_label, days_offset, offset_min, offset_max
    FROM events WHERE project_id = ? ORDER BY arm_num, event_order, event_id`)
    .all(projectId) as StoredEvent[];
}

export function countEvents(db: Db, projectId: number): number {
  return db.prepare('SELECT COUNT(*) FROM events WHERE project_id = ?').pluck().get(projectId) as number;
}

export function eventIdsOfArm(db: Db, projectId: number, arm: number): number[] {
  return db
    .prepare('SELECT event_id FROM events WHERE project_id = ? AND arm_num = ?')
    .pluck()
    .all(projectId, arm) as number[];
}

export function eventIdByName(db: Db, projectId: number, uniqueName: string): number | undefined {
  return db
    .prepare('SELECT event_id FROM events WHERE project_id = ? AND unique_event_name = ?')
    .pluck()
    .get(projectId, uniqueName) as number | undefined;
}

/** The label and offsets of an event (its unique name and arm stay). */
export function updateEvent(
  db: Db,
  projectId: number,
  eventId: number,
  e: Omit<EventDef, 'arm_num' | 'unique_event_name' | 'event_id'>,
): void {
  db.prepare(`UPDATE events SET event_name = ?, custom_event_label = ?, days_offset = ?, offset_min = ?, offset_max = ?
    WHERE project_id = ? AND event_id = ?`).run(
    e.event_name,
    e.custom_event_label,
    e.days_offset,
    e.offset_min,
    e.offset_max,
    projectId,
    eventId,
  );
}

/** Adds an event after the arm's last one; returns its id. */
export function insertEvent(db: Db, projectId: number, e: Omit<EventDef, 'event_id'>): number {
  const order = db
    .prepare('SELECT COALESCE(MAX(event_order), 0) + 1 FROM events WHERE project_id = ? AND arm_num = ?')
    .pluck()
    .get(projectId, e.arm_num) as number;
  const id = nextEventId(db);
  db.prepare(`INSERT INTO events (project_id, event_id, arm_num, event_order, event_name, unique_event_name, custom_event_label, days_offset, offset_min, offset_max)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
    projectId,
    id,
    e.arm_num,
    order,
    e.event_name,
    e.unique_event_name,
    e.custom_event_label,
    e.days_offset,
    e.offset_min,
    e.offset_max,
  );
  return id;
}

/** The largest day offset of an arm's events (null: the arm has none). */
export function lastDaysOffset(db: Db, projectId: number, arm: number): number | null {
  return db
    .prepare('SELECT MAX(days_offset) FROM events WHERE project_id = ? AND arm_num = ?')
    .pluck()
    .get(projectId, arm) as number | null;
}

/** Numbers the events in the order given (1, 2, …). */
export function setEventOrder(db: Db, projectId: number, eventIds: readonly number[]): void {
  const set = db.prepare('UPDATE events SET event_order = ? WHERE project_id = ? AND event_id = ?');
  eventIds.forEach((id, i) => set.run(i + 1, projectId, id));
}
