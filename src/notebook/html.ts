/**
 * Small HTML building blocks for notebook output and reports. Everything
 * that comes from a project (labels, values, names) is escaped: field
 * labels in REDCap may hold HTML, and a notebook must show it as text.
 */

import { escapeHtml } from '../formats/html.js';

export { escapeHtml };

/** The marker for a null cell, styled so a blank stands out from an empty string. */
export const NULL_HTML = '<span class="rf-null" title="null">∅</span>';

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** A date as `YYYY-MM-DD`, with the time (UTC) when it is not midnight. */
export function formatDate(d: Date): string {
  if (Number.isNaN(d.getTime())) return 'Invalid Date';
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const h = d.getUTCHours(),
    m = d.getUTCMinutes(),
    s = d.getUTCSeconds();
  if (h === 0 && m === 0 && s === 0) return day;
  return `${day} ${pad(h)}:${pad(m)}${s ? `:${pad(s)}` : ''}`;
}

/** A number with at most `digits` decimals, without trailing zeros. */
export function formatNumber(n: number, digits = 4): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toFixed(digits)));
}

/** A cell value as plain text (null as `null`). */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return formatDate(value);
  if (typeof value === 'number') return formatNumber(value);
  if (Array.isArray(value)) return value.map(formatValue).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A cell value as HTML: nulls marked, text escaped, lists joined. */
export function cellHtml(value: unknown): string {
  if (value === null || value === undefined) return NULL_HTML;
  if (typeof value === 'string' && value === '') return '<span class="rf-empty" title="empty text">""</span>';
  if (typeof value === 'number' || typeof value === 'bigint')
    return `<span class="rf-num">${escapeHtml(formatValue(value))}</span>`;
  return escapeHtml(formatValue(value));
}

/** A table cell for a value: numbers right-aligned. */
export function tdHtml(value: unknown): string {
  return typeof value === 'number' || typeof value === 'bigint'
    ? `<td class="rf-num">${cellHtml(value)}</td>`
    : `<td>${cellHtml(value)}</td>`;
}

/**
 * The style of every table and report this module renders. Scoped by
 * class names (`rf-…`) so it does not restyle the rest of a notebook.
 */
export const STYLE = `
.rf-block { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 13px; color: #1f2328; margin: 0.5em 0; }
.rf-block .rf-title { font-weight: 600; margin: 0 0 0.3em; }
.rf-scroll { overflow-x: auto; max-width: 100%; }
div.rf-block table.rf-table { border-collapse: collapse; margin: 0.2em 0; table-layout: auto; width: auto; }
div.rf-block .rf-table th, div.rf-block .rf-table td { border: 1px solid #d0d7de; padding: 3px 7px; text-align: left; vertical-align: top; max-width: 28em; white-space: pre-wrap; overflow-wrap: break-word; }
.rf-table th .rf-name { white-space: nowrap; }
.rf-table thead th { background: #f6f8fa; }
.rf-table tbody tr:nth-child(even) td { background: #fbfcfd; }
.rf-table th .rf-type { display: block; font-weight: normal; color: #57606a; font-size: 11px; }
.rf-table th .rf-label { display: block; font-weight: normal; font-style: italic; color: #57606a; font-size: 11px; }
.rf-table td .rf-num, .rf-table td.rf-num { font-variant-numeric: tabular-nums; }
div.rf-block .rf-table td.rf-num { white-space: nowrap; text-align: right; }
div.rf-block .rf-foreign table { border-collapse: collapse; margin: 0.2em 0; }
div.rf-block .rf-foreign th, div.rf-block .rf-foreign td { border: 1px solid #d0d7de; padding: 3px 7px; text-align: left; vertical-align: top; }
.rf-foreign thead th { background: #f6f8fa; }
.rf-null { color: #a40e26; background: #ffebe9; border-radius: 3px; padding: 0 3px; font-size: 11px; }
.rf-empty { color: #57606a; }
.rf-more, .rf-note { color: #57606a; font-style: italic; margin: 0.2em 0; }
.rf-bar { display: inline-block; height: 0.8em; background: #0969da; vertical-align: middle; }
.rf-bar-track { display: inline-block; width: 8em; height: 0.8em; background: #eaeef2; vertical-align: middle; margin-right: 0.4em; }
`.trim();

/** A `<style>` element with {@link STYLE}. */
export function styleElement(): string {
  return `<style>${STYLE}</style>`;
}

/** Wraps content in a styled block with an optional title. */
export function block(content: string, title?: string, attrs = ''): string {
  const heading = title ? `<div class="rf-title">${escapeHtml(title)}</div>` : '';
  return `<div class="rf-block"${attrs ? ` ${attrs}` : ''}>${styleElement()}${heading}${content}</div>`;
}

export interface RowsTableOptions {
  /** Columns to show, in order (default: the keys of the first row). */
  columns?: readonly string[];
  /** Header texts by column (default: the column names). */
  headers?: Readonly<Record<string, string>>;
  /** Rows shown at most (default 50); the rest is counted below the table. */
  limit?: number;
  /** Table caption, above it. */
  title?: string;
  /** Columns rendered as raw HTML (trusted, built by this module), not escaped. */
  htmlColumns?: readonly string[];
}

/** Plain objects as an HTML table (nulls marked, text escaped, row limit). */
export function rowsToHtml(rows: readonly object[], options: RowsTableOptions = {}): string {
  const limit = options.limit ?? 50;
  const columns = options.columns ?? Object.keys(rows[0] ?? {});
  const raw = new Set(options.htmlColumns ?? []);
  const head = columns.map((c) => `<th>${escapeHtml(options.headers?.[c] ?? c)}</th>`).join('');
  const body = rows
    .slice(0, limit)
    .map((row) => {
      const r = row as Record<string, unknown>;
      return `<tr>${columns.map((c) => (raw.has(c) ? `<td>${String(r[c] ?? '')}</td>` : tdHtml(r[c]))).join('')}</tr>`;
    })
    .join('');
  const more =
    rows.length > limit
      ? `<p class="rf-more">… ${rows.length - limit} more row${rows.length - limit === 1 ? '' : 's'}</p>`
      : '';
  const table =
    rows.length === 0
      ? '<p class="rf-note">(no rows)</p>'
      : `<div class="rf-scroll"><table class="rf-table"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>${more}`;
  return block(table, options.title);
}

/** Plain objects as an aligned text table (for output outside a notebook). */
export function rowsToText(
  rows: readonly object[],
  options: Pick<RowsTableOptions, 'columns' | 'limit' | 'title' | 'headers'> = {},
): string {
  const limit = options.limit ?? 50;
  const columns = options.columns ?? Object.keys(rows[0] ?? {});
  const cells = rows
    .slice(0, limit)
    .map((row) => columns.map((c) => formatValue((row as Record<string, unknown>)[c]).replace(/\s+/g, ' ')));
  const header = columns.map((c) => options.headers?.[c] ?? c);
  const widths = header.map((h, k) => Math.min(40, Math.max(h.length, ...cells.map((r) => r[k].length))));
  const line = (values: string[]) =>
    values
      .map((v, k) => (v.length > widths[k] ? `${v.slice(0, widths[k] - 1)}…` : v.padEnd(widths[k])))
      .join('  ')
      .trimEnd();
  const out: string[] = [];
  if (options.title) out.push(options.title);
  out.push(line(header), widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells) out.push(line(r));
  if (rows.length > limit) out.push(`… ${rows.length - limit} more rows`);
  return out.join('\n');
}
