/**
 * The project's logging (`content=log`).
 */

/** REDCap's `logtype` filter values. */
export type LogType =
  | 'export'
  | 'manage'
  | 'user'
  | 'record'
  | 'record_add'
  | 'record_edit'
  | 'record_delete'
  | 'lock_record'
  | 'page_view';

export interface LogEntry {
  /** `YYYY-MM-DD HH:MM`. */
  timestamp: string;
  username: string;
  action: string;
  details: string;
  record: string;
}
