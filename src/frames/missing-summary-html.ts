import { escapeHtml } from '../formats/html.js';
import type { MissingSummary } from './missing-summary.js';

function cell(value: unknown): string {
  if (typeof value === 'number')
    return `<td style="text-align:right">${Number.isInteger(value) ? value : `${(value * 100).toFixed(1)} %`}</td>`;
  return `<td>${value === null ? '∅' : escapeHtml(value)}</td>`;
}

export function tableHtml(title: string, rows: readonly object[], columns: readonly string[]): string {
  const head = columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${columns.map((c) => cell((r as Record<string, unknown>)[c])).join('')}</tr>`)
    .join('');
  return (
    `<p><strong>${escapeHtml(title)}</strong></p>` +
    (rows.length ? `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>` : '<p>(none)</p>')
  );
}

const COUNTS = ['rows', 'present', 'blank', 'hidden', 'missing_code', 'invalid', 'logic_unknown', 'share_missing'];

/** The summary as HTML: forms, then fields, then the logic that could not be evaluated. */
export function missingSummaryHtml(summary: MissingSummary): string {
  return (
    '<div>' +
    tableHtml('Missing data by form (hidden: blank because branching logic hid the field)', summary.forms, [
      'form',
      'label',
      'fields',
      ...COUNTS,
    ]) +
    tableHtml('By field', summary.fields, ['form', 'field', 'branching_logic', ...COUNTS]) +
    tableHtml('Branching logic not evaluated', summary.notEvaluable, ['form', 'field', 'branching_logic', 'reason']) +
    '</div>'
  );
}
