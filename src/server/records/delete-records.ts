import type { ApiUser } from '../auth/api-user.js';
import { badRequest } from '../refusal.js';
import type { Db } from '../store/database.js';
import { writeLog } from '../store/log-store.js';
import type { ProjectState } from '../store/project-state.js';

export interface DeleteOptions {
  records: string[];
  arm?: number;
  instrument?: string;
  event?: string;
  instance?: number;
}

/** The records this user can see (its DAG only, when it has one), optionally in one arm. */
function visibleRecords(db: Db, state: ProjectState, user: ApiUser, arm?: number): Set<string> {
  const rows = db.prepare('SELECT record, arm_num, group_id FROM records WHERE project_id = ?').all(state.id) as { record: string; arm_num: number; group_id: number | null }[];
  return new Set(rows.filter((r) => (user.groupId === null || r.group_id === user.groupId) && (arm === undefined || r.arm_num === arm)).map((r) => r.record));
}

/**
 * Deletes whole records, or with `instrument`/`event`/`instance` only that
 * part of them, in one transaction. Records the user cannot see count as
 * missing, and one missing record refuses the whole call.
 */
export function deleteRecords(db: Db, state: ProjectState, user: ApiUser, opts: DeleteOptions): number {
  const longitudinal = state.schema.longitudinal;
  if (opts.arm !== undefined && !state.arms.some((a) => a.arm_num === opts.arm) && longitudinal) {
    throw badRequest(`The arm number '${opts.arm}' is not valid`);
  }
  let eventId: number | undefined;
  if (opts.event !== undefined) {
    if (!longitudinal) throw badRequest('The "event" parameter can only be used with longitudinal projects');
    eventId = state.eventIds.get(opts.event);
    if (eventId === undefined) throw badRequest(`The event '${opts.event}' is not a valid unique event name`);
  }
  let formFields: string[] | undefined;
  if (opts.instrument !== undefined) {
    const form = state.schema.form(opts.instrument);
    if (!form) throw badRequest(`The instrument '${opts.instrument}' is not valid`);
    formFields = [...form.fields.map((f) => f.name).filter((f) => f !== state.schema.recordIdField), form.complete.name];
    if (longitudinal && eventId === undefined) throw badRequest('The "event" parameter is required when deleting an instrument in a longitudinal project');
  }
  if (opts.instance !== undefined && opts.instrument === undefined && !(eventId !== undefined && state.schema.isRepeatingEvent(opts.event))) {
    throw badRequest('The "repeat_instance" parameter needs a repeating "instrument" (or a repeating "event")');
  }
  const visible = visibleRecords(db, state, user, opts.arm);
  const missing = opts.records.filter((r) => !visible.has(r));
  if (missing.length) {
    throw badRequest(`One or more of the records provided cannot be deleted because they do not exist in the project. The following records do not exist: ${missing.join(', ')}`);
  }
  const records = [...new Set(opts.records)];
  const run = db.transaction(() => {
    for (const record of records) {
      const where: string[] = ['project_id = ?', 'record = ?'];
      const args: (string | number)[] = [state.id, record];
      if (eventId !== undefined) {
        where.push('event_id = ?');
        args.push(eventId);
      } else if (opts.arm !== undefined && longitudinal) {
        where.push(`event_id IN (SELECT event_id FROM events WHERE project_id = ? AND arm_num = ?)`);
        args.push(state.id, opts.arm);
      }
      if (opts.instance !== undefined) {
        where.push('instance = ?');
        args.push(opts.instance);
      }
      let filesWhere = where.join(' AND ');
      if (formFields) {
        const inList = `field_name IN (${formFields.map(() => '?').join(',')})`;
        where.push(inList);
        filesWhere = where.join(' AND ');
        args.push(...formFields);
      }
      db.prepare(`DELETE FROM docs WHERE doc_id IN (SELECT doc_id FROM record_files WHERE ${filesWhere})`).run(...args);
      db.prepare(`DELETE FROM record_files WHERE ${filesWhere}`).run(...args);
      db.prepare(`DELETE FROM data WHERE ${where.join(' AND ')}`).run(...args);
      // Where an instrument's data was deleted, drop the record id it leaves alone in that
      // event (and instance). Other events keep theirs, even with nothing else in them:
      // PyCap's live-server test_delete_records_from_one_instrument_only imports record 3
      // with only its id in two events, deletes one event, and still exports the other row.
      if (formFields) {
        const scope = where.filter((w) => !w.startsWith('field_name IN')).slice(2).map((w) => `data.${w}`);
        const scopeArgs = args.slice(2, args.length - formFields.length);
        db.prepare(`DELETE FROM data WHERE project_id = ? AND record = ? AND field_name = ?${scope.map((w) => ` AND ${w}`).join('')} AND NOT EXISTS (
          SELECT 1 FROM data d2 WHERE d2.project_id = data.project_id AND d2.record = data.record AND d2.event_id = data.event_id
          AND d2.instance = data.instance AND d2.field_name <> data.field_name)`).run(state.id, record, state.schema.recordIdField, ...scopeArgs);
      }
      // The record itself goes once an arm holds nothing of it.
      const arms = db.prepare(`SELECT r.arm_num FROM records r WHERE r.project_id = ? AND r.record = ? AND NOT EXISTS (
        SELECT 1 FROM data d JOIN events e ON e.project_id = d.project_id AND e.event_id = d.event_id
        WHERE d.project_id = r.project_id AND d.record = r.record AND e.arm_num = r.arm_num)`).pluck().all(state.id, record) as number[];
      for (const arm of arms) db.prepare('DELETE FROM records WHERE project_id = ? AND record = ? AND arm_num = ?').run(state.id, record, arm);
      const part = [opts.instrument && `instrument ${opts.instrument}`, opts.event && `event ${opts.event}`, opts.instance && `instance ${opts.instance}`, opts.arm && `arm ${opts.arm}`].filter(Boolean).join(', ');
      writeLog(db, {
        projectId: state.id, username: user.username, groupId: user.groupId, record,
        action: part ? 'Delete record data (API)' : 'Delete record (API)', logType: 'record_delete',
        details: part || `record ${record}`,
      });
    }
  });
  run();
  return records.length;
}

/** Renames a record (in one arm, or all), keeping its data, files and DAG. */
export function renameRecord(db: Db, state: ProjectState, user: ApiUser, record: string, newName: string, arm?: number): void {
  const visible = visibleRecords(db, state, user, arm);
  if (!visible.has(record)) throw badRequest(`The record "${record}" does not exist`);
  if (record === newName) return;
  const clash = db.prepare('SELECT 1 FROM records WHERE project_id = ? AND record = ?' + (arm === undefined ? '' : ' AND arm_num = ?'))
    .get(...(arm === undefined ? [state.id, newName] : [state.id, newName, arm]));
  if (clash) throw badRequest(`The record "${newName}" already exists`);
  const run = db.transaction(() => {
    const eventClause = arm === undefined ? '' : ' AND event_id IN (SELECT event_id FROM events WHERE project_id = ? AND arm_num = ?)';
    const eventArgs = arm === undefined ? [] : [state.id, arm];
    db.prepare(`UPDATE data SET value = ? WHERE project_id = ? AND record = ? AND field_name = ?${eventClause}`).run(newName, state.id, record, state.schema.recordIdField, ...eventArgs);
    db.prepare(`UPDATE data SET record = ? WHERE project_id = ? AND record = ?${eventClause}`).run(newName, state.id, record, ...eventArgs);
    db.prepare(`UPDATE record_files SET record = ? WHERE project_id = ? AND record = ?${eventClause}`).run(newName, state.id, record, ...eventArgs);
    db.prepare(`UPDATE records SET record = ? WHERE project_id = ? AND record = ?${arm === undefined ? '' : ' AND arm_num = ?'}`)
      .run(...(arm === undefined ? [newName, state.id, record] : [newName, state.id, record, arm]));
    writeLog(db, { projectId: state.id, username: user.username, groupId: user.groupId, record: newName, action: 'Update record (API)', logType: 'record_edit', details: `Record renamed from "${record}" to "${newName}"` });
  });
  run();
}
