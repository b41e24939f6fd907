/**
 * The project's logging.
 */
import type { ApiContext } from '../context.js';
import type { Format, FormatOption, Formatted, RecordId } from '../types/common.js';
import type { LogEntry, LogType } from '../types/logging.js';
import { exportRows } from './common.js';
import { redcapDateTime } from '../params.js';

export interface ExportLoggingOptions {
  logType?: LogType;
  /** One user's actions. */
  user?: string;
  record?: RecordId;
  /** Unique group name. */
  dag?: string;
  /** From this time (`YYYY-MM-DD HH:MM`, or a Date in local time). */
  beginTime?: string | Date;
  endTime?: string | Date;
}

function time(value: string | Date | undefined): string | undefined {
  return value instanceof Date ? redcapDateTime(value, false) : value;
}

export function exportLogging<F extends Format = 'json'>(
  ctx: ApiContext,
  options: ExportLoggingOptions & FormatOption<F> = {},
): Promise<Formatted<F, LogEntry[]>> {
  return exportRows<LogEntry, F>(ctx, { method: 'exportLogging', content: 'log', action: null }, options.format, {
    logtype: options.logType,
    user: options.user,
    record: options.record === undefined ? undefined : String(options.record),
    dag: options.dag,
    beginTime: time(options.beginTime),
    endTime: time(options.endTime),
  });
}
