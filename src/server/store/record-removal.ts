import type { Db } from './database.js';

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
  const scope = where.slice(2);
  const scopeArgs = args.slice(2);
  if (part.fields) {
    where.push(`field_name IN (${part.fields.map(() => '?').join(',')})`);
    args.push(...part.fields);
  }
  const clause = where.join(' AND ');
  db.prepare(`DELETE FROM docs WHERE doc_id IN (SELECT doc_id FROM record_files WHERE ${clause})`).run(...args);
  db.prepare(`DELETE FROM record_files WHERE ${clause}`).run(...args);
  db.prepare(`DELETE FROM data WHERE ${clause}`).run(...args);
  if (part.fields) {
    db.prepare(`DELETE FROM data WHERE project_id = ? AND record = ? AND field_name = ?${scope.map((w) => ` AND data.${w}`).join('')} AND NOT EXISTS (
      SELECT 1 FROM data d2 WHERE d2.project_id = data.project_id AND d2.record = data.record AND d2.event_id = data.event_id
      AND d2.instance = data.instance AND d2.field_name <> data.field_name)`).run(
      projectId,
      record,
      idField,
      ...scopeArgs,
    );
  }
  const emptyArms = db
    .prepare(`SELECT r.arm_num FROM records r WHERE r.project_id = ? AND r.record = ? AND NOT EXISTS (
    SELECT 1 FROM data d JOIN events e ON e.project_id = d.project_id AND e.event_id = d.event_id
    WHERE d.project_id = r.project_id AND d.record = r.record AND e.arm_num = r.arm_num)`)
    .pluck()
    .all(projectId, record) as number[];
  const leave = db.prepare('DELETE FROM records WHERE project_id = ? AND record = ? AND arm_num = ?');
  for (const arm of emptyArms) leave.run(projectId, record, arm);
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
  db.prepare(`UPDATE data SET value = ? WHERE project_id = ? AND record = ? AND field_name = ?${eventClause}`).run(
    newName,
    projectId,
    record,
    idField,
    ...eventArgs,
  );
  db.prepare(`UPDATE data SET record = ? WHERE project_id = ? AND record = ?${eventClause}`).run(
    newName,
    projectId,
    record,
    ...eventArgs,
  );
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
