import type { ApiUser } from '../auth/api-user.js';
import { badRequest } from '../refusal.js';
import type { Db } from '../store/database.js';
import { writeLog } from '../store/log-store.js';
import type { ProjectState } from '../store/project-state.js';
import { deleteRecordPart, recordExists, renameRecordRows } from '../store/record-removal.js';
import { listRecords } from '../store/record-store.js';

export interface DeleteOptions {
  records: string[];
  arm?: number;
  instrument?: string;
  event?: string;
  instance?: number;
}

/** The records this user can see (its DAG only, when it has one), optionally in one arm. */
function visibleRecords(db: Db, state: ProjectState, user: ApiUser, arm?: number): Set<string> {
  return new Set(
    listRecords(db, state.id)
      .filter((r) => (user.groupId === null || r.group_id === user.groupId) && (arm === undefined || r.arm_num === arm))
      .map((r) => r.record),
  );
}

/** The part of each record a delete covers, checked against the project: undefined fields mean all of them. */
interface DeletePart {
  eventId?: number;
  formFields?: string[];
}

function deletePart(state: ProjectState, opts: DeleteOptions): DeletePart {
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
    formFields = [
      ...form.fields.map((f) => f.name).filter((f) => f !== state.schema.recordIdField),
      form.complete.name,
    ];
    if (longitudinal && eventId === undefined)
      throw badRequest('The "event" parameter is required when deleting an instrument in a longitudinal project');
  }
  if (
    opts.instance !== undefined &&
    opts.instrument === undefined &&
    !(eventId !== undefined && state.schema.isRepeatingEvent(opts.event))
  ) {
    throw badRequest('The "repeat_instance" parameter needs a repeating "instrument" (or a repeating "event")');
  }
  return { eventId, formFields };
}

/** The log's words for the part deleted ('' for whole records). */
function partWords(opts: DeleteOptions): string {
  return [
    opts.instrument && `instrument ${opts.instrument}`,
    opts.event && `event ${opts.event}`,
    opts.instance && `instance ${opts.instance}`,
    opts.arm && `arm ${opts.arm}`,
  ]
    .filter(Boolean)
    .join(', ');
}

/**
 * Deletes whole records, or with `instrument`/`event`/`instance` only that
 * part of them, in one transaction. Records the user cannot see count as
 * missing, and one missing record refuses the whole call.
 */
export function deleteRecords(db: Db, state: ProjectState, user: ApiUser, opts: DeleteOptions): number {
  const { eventId, formFields } = deletePart(state, opts);
  const visible = visibleRecords(db, state, user, opts.arm);
  const missing = opts.records.filter((r) => !visible.has(r));
  if (missing.length) {
    throw badRequest(
      `One or more of the records provided cannot be deleted because they do not exist in the project. The following records do not exist: ${missing.join(', ')}`,
    );
  }
  const records = [...new Set(opts.records)];
  const part = partWords(opts);
  const arm = state.schema.longitudinal ? opts.arm : undefined;
  db.transaction(() => {
    for (const record of records) {
      // Where an instrument's data is deleted, the record id it leaves alone in that event
      // (and instance) goes too. Other events keep theirs, even with nothing else in them:
      // PyCap's live-server test_delete_records_from_one_instrument_only imports record 3
      // with only its id in two events, deletes one event, and still exports the other row.
      const where = { eventId, arm, instance: opts.instance, fields: formFields };
      deleteRecordPart(db, state.id, record, where, state.schema.recordIdField);
      writeLog(db, {
        projectId: state.id,
        username: user.username,
        groupId: user.groupId,
        record,
        action: part ? 'Delete record data (API)' : 'Delete record (API)',
        logType: 'record_delete',
        details: part || `record ${record}`,
      });
    }
  })();
  return records.length;
}

/** Renames a record (in one arm, or all), keeping its data, files and DAG. */
export function renameRecord(
  db: Db,
  state: ProjectState,
  user: ApiUser,
  record: string,
  newName: string,
  arm?: number,
): void {
  const visible = visibleRecords(db, state, user, arm);
  if (!visible.has(record)) throw badRequest(`The record "${record}" does not exist`);
  if (record === newName) return;
  if (recordExists(db, state.id, newName, arm)) throw badRequest(`The record "${newName}" already exists`);
  const run = db.transaction(() => {
    renameRecordRows(db, state.id, record, newName, state.schema.recordIdField, arm);
    writeLog(db, {
      projectId: state.id,
      username: user.username,
      groupId: user.groupId,
      record: newName,
      action: 'Update record (API)',
      logType: 'record_edit',
      details: `Record renamed from "${record}" to "${newName}"`,
    });
  });
  run();
}
