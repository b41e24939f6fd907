/**
 * What stops a frame from being written: each problem names the row,
 * the record and its keys, the column, the value and the reason. A
 * problem with `row: null` concerns a whole column (an unknown column,
 * a missing key…). Warnings (values outside their field's min/max, which
 * REDCap imports) have the same shape and are sent.
 */
import { RedcapError, isRedcapError } from '../api/errors.js';
import { escapeHtml } from '../formats/html.js';

export interface ImportProblem {
  /** Row of the table as shown (0-based, after any filter or ordering); null for a whole column. */
  row: number | null;
  record: string | null;
  event: string | null;
  instrument: string | null;
  instance: string | null;
  /** The frame's column (for checkbox lists the field name). */
  field: string;
  /** The value as given, as text (Dates in ISO form, lists as JSON). */
  value: string;
  reason: string;
}

export const PROBLEM_COLUMNS = [
  'row',
  'record',
  'event',
  'instrument',
  'instance',
  'field',
  'value',
  'reason',
] as const;

/** A value shown as text in a problem or a diff. */
export function shownValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (Array.isArray(value) || ArrayBuffer.isView(value)) return JSON.stringify(Array.from(value as ArrayLike<unknown>));
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}

function line(p: ImportProblem): string {
  const where =
    p.row === null
      ? `column ${p.field}`
      : `row ${p.row}${p.record ? ` (record ${p.record}${p.event ? `, ${p.event}` : ''}${p.instrument ? `, ${p.instrument}` : ''}${p.instance ? ` #${p.instance}` : ''})` : ''}, ${p.field}`;
  return `${where}${p.value !== '' ? ` = ${JSON.stringify(p.value)}` : ''}: ${p.reason}`;
}

/** Problems as readable lines (the first `limit`, then a count of the rest). */
export function describeProblems(problems: readonly ImportProblem[], limit = 20): string {
  const lines = problems.slice(0, limit).map(line);
  if (problems.length > limit) lines.push(`… ${problems.length - limit} more`);
  return lines.join('\n');
}

/** Number of problems per column, in order of first appearance. */
export function problemCounts(problems: readonly ImportProblem[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of problems) counts.set(p.field, (counts.get(p.field) ?? 0) + 1);
  return counts;
}

/** An HTML table of the first `limit` problems, or warnings with their title (notebooks display it as is). */
export function problemsToHtml(problems: readonly ImportProblem[], limit = 50, title = 'Import problems'): string {
  const head = PROBLEM_COLUMNS.map((c) => `<th>${c}</th>`).join('');
  const body = problems
    .slice(0, limit)
    .map((p) => `<tr>${PROBLEM_COLUMNS.map((c) => `<td>${escapeHtml(p[c])}</td>`).join('')}</tr>`)
    .join('');
  const more = problems.length > limit ? `<p>… ${problems.length - limit} more</p>` : '';
  return (
    `<div><p><strong>${escapeHtml(title)}</strong>: ${problems.length}</p>` +
    (problems.length ? `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${more}` : '') +
    '</div>'
  );
}

/** The title of the warnings' list: they are not refusals. */
export const WARNINGS_TITLE = 'Warnings (sent anyway: REDCap imports values outside min/max)';

/**
 * Thrown by an import whose frame has problems: nothing was sent. Every
 * problem is in `problems`; the message lists the first ones. `warnings`
 * are the values that would have been sent with a warning.
 */
/** A frame failed validation before anything was sent: a `RedcapError` of kind `validation`. */
export class ImportValidationError extends RedcapError {
  override readonly kind = 'validation';
  readonly problems: ImportProblem[];
  readonly warnings: ImportProblem[];

  constructor(problems: ImportProblem[], warnings: ImportProblem[] = []) {
    const columns = problemCounts(problems);
    super(
      `The frame cannot be imported: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${columns.size} column${columns.size === 1 ? '' : 's'}; nothing was sent.\n` +
        describeProblems(problems, 10),
      { method: 'importTable' },
    );
    this.problems = problems;
    this.warnings = warnings;
  }

  toHTML(limit = 50): string {
    return (
      problemsToHtml(this.problems, limit) +
      (this.warnings.length ? problemsToHtml(this.warnings, limit, WARNINGS_TITLE) : '')
    );
  }
}

export function isImportValidationError(value: unknown): value is ImportValidationError {
  return isRedcapError(value) && value.kind === 'validation';
}
