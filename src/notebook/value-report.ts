import { block, escapeHtml, rowsToHtml } from './html.js';

/** A report of values set aside by a typed read (the frames' invalid-value and missing-code reports). */
export interface ValueReportLike {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly object[];
  countsByField(): Map<string, number>;
}

export function isValueReport(x: unknown): x is ValueReportLike {
  const r = x as ValueReportLike | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.title === 'string' &&
    Array.isArray(r.columns) &&
    Array.isArray(r.rows) &&
    typeof r.countsByField === 'function'
  );
}

/**
 * An invalid-value (or missing-code) report as HTML: how many per field,
 * then the rows with their record, event, instance, value and reason.
 */
export function valueReportToHtml(report: ValueReportLike, options: { limit?: number } = {}): string {
  const n = report.rows.length;
  const heading = `<p class="rf-note">${n} value${n === 1 ? '' : 's'}${n ? ' — by field: ' : ''}${[
    ...report.countsByField(),
  ]
    .map(([f, c]) => `<b>${escapeHtml(f)}</b> ${c}`)
    .join(' · ')}</p>`;
  if (n === 0) return block(heading, report.title, 'data-rf="value-report"');
  // Only the key columns that say something (events and instances in longitudinal or repeating projects).
  const columns = report.columns.filter((c) =>
    report.rows.some(
      (r) => (r as Record<string, unknown>)[c] !== null && (r as Record<string, unknown>)[c] !== undefined,
    ),
  );
  const table = rowsToHtml(report.rows, { columns, limit: options.limit ?? 25 });
  return block(heading + table, report.title, 'data-rf="value-report"');
}
