import type { Db } from './database.js';
import { timestamp } from './timestamp.js';

export type LogType = 'export' | 'record' | 'record_add' | 'record_edit' | 'record_delete' | 'manage' | 'user' | 'page_view' | 'lock_record';

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
  db.prepare(`INSERT INTO log (project_id, ts, username, action, log_type, details, record, event_id, group_id)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
    e.projectId, timestamp(), e.username, e.action, e.logType, e.details ?? '', e.record ?? null, e.eventId ?? null, e.groupId ?? null,
  );
}
