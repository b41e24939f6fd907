/**
 * An import's result said for a reader (`show(preview)` in a notebook,
 * `String(result)` elsewhere): what was or would be done, the read-only
 * columns left out, the problems that stop it, the warnings about values
 * sent anyway, and the diff against the server.
 */
import type { ImportDiff } from './import-diff.js';
import { leftOutNotice, type LeftOutColumn } from './left-out.js';
import { WARNINGS_TITLE, describeProblems, problemsToHtml, type ImportProblem } from './problems.js';

/** What the report reads of an import's result. */
export interface ReportedImport {
  dryRun: boolean;
  cancelled: boolean;
  records: readonly string[];
  rows: number;
  batches: readonly unknown[];
  problems: readonly ImportProblem[];
  warnings: readonly ImportProblem[];
  dropped: readonly string[];
  leftOut: readonly LeftOutColumn[];
  diff?: ImportDiff;
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

function headline(r: ReportedImport): string {
  if (r.problems.length) return `${plural(r.problems.length, 'problem')}; nothing was sent.`;
  if (r.dryRun) return `Dry run: nothing was written. ${r.rows} rows of ${plural(r.records.length, 'record')} checked.`;
  if (r.cancelled) return 'Cancelled: nothing was written.';
  return `Imported ${plural(r.records.length, 'record')} (${r.rows} rows) in ${plural(r.batches.length, 'batch', 'batches')}.`;
}

/** Columns left out that are not read-only ones: unknown columns dropped on request. */
function unknownDropped(r: Pick<ReportedImport, 'dropped' | 'leftOut'>): string[] {
  const readOnly = new Set(r.leftOut.map((c) => c.column));
  return r.dropped.filter((c) => !readOnly.has(c));
}

/** The lines said before the problems and the diff: left-out columns, then the warnings' count. */
export function importNotices(r: Pick<ReportedImport, 'dropped' | 'leftOut' | 'warnings'>): string[] {
  const lines: string[] = [];
  const notice = leftOutNotice(r.leftOut);
  if (notice) lines.push(notice);
  const unknown = unknownDropped(r);
  if (unknown.length)
    lines.push(`Left out ${plural(unknown.length, 'column')} the project does not know: ${unknown.join(', ')}.`);
  if (r.warnings.length)
    lines.push(
      `${plural(r.warnings.length, 'warning')}: values outside their field's min/max, sent anyway (REDCap imports them):`,
    );
  return lines;
}

export function importReportText(r: ReportedImport, limit = 20): string {
  const lines = [headline(r), ...importNotices(r)];
  if (r.warnings.length) lines.push(describeProblems(r.warnings, limit).replace(/^/gm, '  '));
  if (r.problems.length) lines.push(describeProblems(r.problems, limit).replace(/^/gm, '  '));
  if (r.diff) lines.push(r.diff.toString(limit));
  return lines.join('\n');
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

export function importReportHtml(r: ReportedImport, limit = 50): string {
  const notices = importNotices(r).filter((l) => !l.endsWith(':'));
  return (
    `<div><p><strong>${escapeHtml(headline(r))}</strong></p>` +
    notices.map((l) => `<p>${escapeHtml(l)}</p>`).join('') +
    (r.problems.length ? problemsToHtml(r.problems, limit) : '') +
    (r.warnings.length ? problemsToHtml(r.warnings, limit, WARNINGS_TITLE) : '') +
    (r.diff ? r.diff.toHTML(limit) : '') +
    '</div>'
  );
}
