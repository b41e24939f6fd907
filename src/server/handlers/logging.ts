import { type LogFilter, readLog, type StoredLogEntry } from '../store/log-store.js';
import { badRequest } from '../refusal.js';
import { CONTENT_TYPES, renderRows } from '../http/formats.js';
import { requireRights, type ProjectHandler } from './handler.js';

/** REDCap's `logtype` values and the stored entry types each selects. */
const LOG_TYPES: Record<string, readonly string[]> = {
  export: ['export'],
  manage: ['manage'],
  user: ['user'],
  record: ['record', 'record_add', 'record_edit', 'record_delete'],
  record_add: ['record_add'],
  record_edit: ['record_edit'],
  record_delete: ['record_delete'],
  lock_record: ['lock_record'],
  page_view: ['page_view'],
};

type StoredEntry = StoredLogEntry;

/**
 * An entry as REDCap's log export shows it: `action` is the kind of event
 * followed by a space and the record ('Manage/Design ', 'Update record 5'),
 * `details` what was done. Evidence: REDCapR's recorded log export
 * (inst/test-data/specific-redcapr/log-read/2024-10-11.R: action
 * "Manage/Design", details "Export instruments (API)"; action
 * "Update record (import) 5", details "mugshot = '26'"; newest first) and
 * PyCap's doctest of export_logging ('action': 'Manage/Design ',
 * 'details': 'Create project ...').
 */
function shownAction(e: StoredEntry): { action: string; details: string } {
  const record = e.record ?? '';
  const described = e.details === '' ? e.action : `${e.action}: ${e.details}`;
  switch (e.log_type) {
    case 'record_add':
      return { action: `Create record ${record}`, details: e.details };
    case 'record_edit':
      return { action: `Update record ${record}`, details: e.details };
    case 'record_delete':
      return { action: `Delete record ${record}`, details: e.details };
    case 'export':
      return { action: `Data export ${record}`, details: described };
    default:
      return { action: `Manage/Design ${record}`, details: described };
  }
}

/** `YYYY-MM-DD HH:MM` (seconds, or a date alone, accepted too) → a stored timestamp bound. */
function timeBound(value: string, key: string, end: boolean): string {
  const m = /^(\d{4}-\d{2}-\d{2})(?: (\d{2}:\d{2})(:\d{2})?)?$/.exec(value);
  if (!m)
    throw badRequest(`The value of the parameter "${key}" is not valid. It must be in the format YYYY-MM-DD HH:MM`);
  if (m[3]) return `${m[1]} ${m[2]}${m[3]}`;
  if (m[2]) return `${m[1]} ${m[2]}${end ? ':59' : ':00'}`;
  return `${m[1]} ${end ? '23:59:59' : '00:00:00'}`;
}

/**
 * `content=log`: the project's log, newest first, as
 * `{timestamp "YYYY-MM-DD HH:MM", username, action, details, record}`.
 * An entry belongs to a DAG when it was made by a member of the group or
 * touches a record of the group; a user in a DAG sees only its group's
 * entries (REDCap's Logging page filters DAG users the same way), and
 * `dag` narrows to one group likewise.
 */
export const exportLogging: ProjectHandler = (call) => {
  requireRights(call, 'api_export', 'logging');
  const p = call.params;
  const filter: LogFilter = { groupIds: [] };
  const logtype = p.text('logtype');
  if (logtype !== '') {
    const types = LOG_TYPES[logtype];
    if (!types)
      throw badRequest(
        `The value of the parameter "logtype" is not valid. It must be one of: ${Object.keys(LOG_TYPES).join(', ')}`,
      );
    filter.logTypes = types;
  }
  const user = p.text('user');
  if (user !== '') filter.username = user;
  const record = p.text('record');
  if (record !== '') filter.record = record;
  const groupIds: number[] = [];
  const dag = p.text('dag');
  if (dag !== '') {
    const group = call.project.dags.find((d) => d.unique_name === dag);
    if (!group) throw badRequest(`The data access group "${dag}" does not exist in this project`);
    groupIds.push(group.group_id);
  }
  if (call.user.groupId !== null) groupIds.push(call.user.groupId);
  filter.groupIds = groupIds;
  const begin = p.text('beginTime');
  if (begin !== '') filter.from = timeBound(begin, 'beginTime', false);
  const end = p.text('endTime');
  if (end !== '') filter.to = timeBound(end, 'endTime', true);
  const rows = readLog(call.db, call.project.id, filter).map((r) => ({
    timestamp: r.ts.slice(0, 16),
    username: r.username,
    ...shownAction(r),
    record: r.record ?? '',
  }));
  return {
    contentType: CONTENT_TYPES[call.format],
    body: renderRows(rows, call.format, ['timestamp', 'username', 'action', 'details', 'record']),
  };
};
