import { type Db, prepared } from './database.js';
import { timestamp } from './timestamp.js';

export type LogType =
  | 'export'
  | 'record'
  | 'record_add'
  | 'record_edit'
  | 'record_delete'
  | 'manage'
  | 'user'
  | 'page_view'
  | 'lock_record';

export interface LogEntry {
  projectId: number;
  username: string;
  action: string;
  logType: LogType;
  details?: string;
  record?: string | null;
  eventId?: number | null;
  groupId?: number | null;
}

/** Appends one entry to the project's log. */
export function writeLog(db: Db, e: LogEntry): void {
  prepared(
    db,
    `INSERT INTO log (project_id, ts, username, action, log_type, details, record, event_id, group_id)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    e.projectId,
    timestamp(),
    e.username,
    e.action,
    e.logType,
    e.details ?? '',
    e.record ?? null,
    e.eventId ?? null,
    e.groupId ?? null,
  );
}

/** Which log entries to read; every condition given must hold. */
export interface LogFilter {
  logTypes?: readonly string[];
  username?: string;
  record?: string;
  /** Entries of each group: made by a member, or touching one of its records. */
  groupIds: readonly number[];
  /** Stored timestamps, inclusive. */
  from?: string;
  to?: string;
}

export interface StoredLogEntry {
  ts: string;
  username: string;
  action: string;
  log_type: string;
  details: string;
  record: string | null;
}

/** The project's log entries that match, newest first. */
export function readLog(db: Db, projectId: number, f: LogFilter): StoredLogEntry[] {
  const where = ['l.project_id = ?'];
  const args: (string | number)[] = [projectId];
  const add = (clause: string, ...values: (string | number)[]) => {
    where.push(clause);
    args.push(...values);
  };
  if (f.logTypes) add(`l.log_type IN (${f.logTypes.map(() => '?').join(',')})`, ...f.logTypes);
  if (f.username !== undefined) add('l.username = ?', f.username);
  if (f.record !== undefined) add('l.record = ?', f.record);
  for (const g of f.groupIds) {
    add(
      '(l.group_id = ? OR (l.record IS NOT NULL AND EXISTS (SELECT 1 FROM records r WHERE r.project_id = l.project_id AND r.record = l.record AND r.group_id = ?)))',
      g,
      g,
    );
  }
  if (f.from !== undefined) add('l.ts >= ?', f.from);
  if (f.to !== undefined) add('l.ts <= ?', f.to);
  return db
    .prepare(`SELECT l.ts, l.username, l.action, l.log_type, l.details, l.record FROM log l WHERE ${where.join(' AND ')}
    ORDER BY l.ts DESC, l.log_id DESC`)
    .all(...args) as StoredLogEntry[];
}

/** When each record's data last changed, as logged. */
export function lastRecordChanges(db: Db, projectId: number): Map<string, string> {
  const rows = db
    .prepare(`SELECT record, MAX(ts) AS ts FROM log WHERE project_id = ? AND record IS NOT NULL
    AND log_type IN ('record', 'record_add', 'record_edit') GROUP BY record`)
    .all(projectId) as { record: string; ts: string }[];
  return new Map(rows.map((r) => [r.record, r.ts]));
}
