import type { Db } from './database.js';
import { type PackedValue, valueDocs } from './value-docs.js';

/** What part of a record to delete: all of it, or only an event, an arm's events, an instance, some fields. */
export interface RecordPart {
  eventId?: number;
  /** Only the events of this arm (when no event is given). */
  arm?: number;
  instance?: number;
  fields?: readonly string[];
}

/**
 * Deletes a record's values and files in that part. Where only some
 * fields went, the record id left alone in an event (and instance) goes
 * too; the record leaves every arm that holds nothing of it any more.
 */
export function deleteRecordPart(db: Db, projectId: number, record: string, part: RecordPart, idField: string): void {
  const armEvents =
    part.eventId === undefined && part.arm !== undefined ? new Set(eventsOfArm(db, projectId, part.arm)) : null;
  const inScope = (eventId: number, instance: number): boolean =>
    (part.eventId === undefined || eventId === part.eventId) &&
    (!armEvents || armEvents.has(eventId)) &&
    (part.instance === undefined || instance === part.instance);
  const fields = part.fields ? new Set(part.fields) : null;
  const docs = valueDocs(db);
  let kept = docs.read(projectId, record).filter((v) => !(inScope(v[0], v[1]) && (!fields || fields.has(v[2]))));
  if (fields) {
    // The record id left alone in an event (and instance) of the part goes too.
    const others = new Set(kept.filter((v) => v[2] !== idField).map((v) => `${v[0]}\u001f${v[1]}`));
    kept = kept.filter((v) => v[2] !== idField || !inScope(v[0], v[1]) || others.has(`${v[0]}\u001f${v[1]}`));
  }
  docs.write(projectId, record, kept);
  const where: string[] = ['project_id = ?', 'record = ?'];
  const args: (string | number)[] = [projectId, record];
  if (part.eventId !== undefined) {
    where.push('event_id = ?');
    args.push(part.eventId);
  } else if (part.arm !== undefined) {
    where.push('event_id IN (SELECT event_id FROM events WHERE project_id = ? AND arm_num = ?)');
    args.push(projectId, part.arm);
  }
  if (part.instance !== undefined) {
    where.push('instance = ?');
    args.push(part.instance);
  }
  if (part.fields) {
    where.push(`field_name IN (${part.fields.map(() => '?').join(',')})`);
    args.push(...part.fields);
  }
  const clause = where.join(' AND ');
  db.prepare(`DELETE FROM docs WHERE doc_id IN (SELECT doc_id FROM record_files WHERE ${clause})`).run(...args);
  db.prepare(`DELETE FROM record_files WHERE ${clause}`).run(...args);
  // The record leaves every arm none of whose events holds a value of it any more.
  const armOf = eventArms(db, projectId);
  const armsWithData = new Set(kept.map((v) => armOf.get(v[0])));
  const leave = db.prepare('DELETE FROM records WHERE project_id = ? AND record = ? AND arm_num = ?');
  for (const arm of db
    .prepare('SELECT arm_num FROM records WHERE project_id = ? AND record = ?')
    .pluck()
    .all(projectId, record) as number[]) {
    if (!armsWithData.has(arm)) leave.run(projectId, record, arm);
  }
}

/** The ids of an arm's events. */
function eventsOfArm(db: Db, projectId: number, arm: number): number[] {
  return db
    .prepare('SELECT event_id FROM events WHERE project_id = ? AND arm_num = ?')
    .pluck()
    .all(projectId, arm) as number[];
}

/** Each event's arm. */
export function eventArms(db: Db, projectId: number): Map<number, number> {
  return new Map(
    db.prepare('SELECT event_id, arm_num FROM events WHERE project_id = ?').raw(true).all(projectId) as [
      number,
      number,
    ][],
  );
}

/** Whether a record of that name exists (in one arm, when given). */
export function recordExists(db: Db, projectId: number, record: string, arm?: number): boolean {
  return (
    db
      .prepare(
        `SELECT 1 FROM records WHERE project_id = ? AND record = ?${arm === undefined ? '' : ' AND arm_num = ?'}`,
      )
      .get(...(arm === undefined ? [projectId, record] : [projectId, record, arm])) !== undefined
  );
}

/** Renames a record (in one arm's events, or everywhere): its values, its id field, its files and its records row. */
export function renameRecordRows(
  db: Db,
  projectId: number,
  record: string,
  newName: string,
  idField: string,
  arm?: number,
): void {
  const eventClause =
    arm === undefined ? '' : ' AND event_id IN (SELECT event_id FROM events WHERE project_id = ? AND arm_num = ?)';
  const eventArgs = arm === undefined ? [] : [projectId, arm];
  const armEvents = arm === undefined ? null : new Set(eventsOfArm(db, projectId, arm));
  const docs = valueDocs(db);
  const moving: PackedValue[] = [];
  const staying: PackedValue[] = [];
  for (const v of docs.read(projectId, record)) {
    if (armEvents && !armEvents.has(v[0])) staying.push(v);
    else moving.push(v[2] === idField ? [v[0], v[1], v[2], newName] : v);
  }
  docs.write(projectId, record, staying);
  docs.write(projectId, newName, [...docs.read(projectId, newName), ...moving]);
  db.prepare(`UPDATE record_files SET record = ? WHERE project_id = ? AND record = ?${eventClause}`).run(
    newName,
    projectId,
    record,
    ...eventArgs,
  );
  db.prepare(
    `UPDATE records SET record = ? WHERE project_id = ? AND record = ?${arm === undefined ? '' : ' AND arm_num = ?'}`,
  ).run(...(arm === undefined ? [newName, projectId, record] : [newName, projectId, record, arm]));
}
