/**
 * Reports defined in the project.
 */
import type { ApiContext } from '../context.js';
import type { CsvDelimiter, Format, FormatOption, Formatted, RawOrLabel } from '../types/common.js';
import type { RecordRow } from '../types/records.js';
import { exportRows } from './common.js';

export interface ExportReportOptions {
  rawOrLabel?: RawOrLabel;
  rawOrLabelHeaders?: RawOrLabel;
  exportCheckboxLabel?: boolean;
  csvDelimiter?: CsvDelimiter;
  decimalCharacter?: ',' | '.';
}

export function exportReport<F extends Format = 'json'>(
  ctx: ApiContext,
  reportId: number | string,
  options: ExportReportOptions & FormatOption<F> = {},
): Promise<Formatted<F, RecordRow[]>> {
  return exportRows<RecordRow, F>(ctx, { method: 'exportReport', content: 'report', action: null }, options.format, {
    report_id: String(reportId),
    rawOrLabel: options.rawOrLabel,
    rawOrLabelHeaders: options.rawOrLabelHeaders,
    exportCheckboxLabel: options.exportCheckboxLabel,
    csvDelimiter: options.csvDelimiter,
    decimalCharacter: options.decimalCharacter,
  });
}
