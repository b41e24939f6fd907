import { block, escapeHtml, formatValue, tdHtml } from './html.js';
import { columnViews, tableOf, type ColumnView, type TableSource } from './table-source.js';
import type { Schema } from '../schema/schema.js';

export interface FrameTableOptions {
  /** Rows shown at most (default 10). */
  limit?: number;
  /** Columns to show, in order (default all, up to `maxColumns`). */
  columns?: readonly string[];
  /** Columns shown at most when `columns` is not given (default 30). */
  maxColumns?: number;
  /** Caption above the table. */
  title?: string;
  /** Schema for field labels of a plain Arquero table (typed frames carry theirs). */
  schema?: Schema;
}

interface Layout {
  views: ColumnView[];
  hiddenColumns: number;
  totalColumns: number;
  rows: Record<string, unknown>[];
  totalRows: number;
  limit: number;
}

function layout(source: TableSource, options: FrameTableOptions): Layout {
  const table = tableOf(source);
  const all = columnViews(source, options.schema);
  let views = all;
  if (options.columns) {
    const byName = new Map(all.map((v) => [v.name, v]));
    views = options.columns.map((name) => {
      const v = byName.get(name);
      if (!v) throw new Error(`The table has no column "${name}".`);
      return v;
    });
  } else {
    views = all.slice(0, options.maxColumns ?? 30);
  }
  const limit = Math.max(0, options.limit ?? 10);
  const rows = table.objects({ limit, columns: views.map((v) => v.name) }) as Record<string, unknown>[];
  // Columns chosen by name are not "left out"; the ones cut by maxColumns are.
  return {
    views,
    hiddenColumns: options.columns ? 0 : all.length - views.length,
    totalColumns: all.length,
    rows,
    totalRows: table.numRows(),
    limit,
  };
}

function shape(l: Layout): string {
  const cols = l.totalColumns;
  return `${l.totalRows} row${l.totalRows === 1 ? '' : 's'} × ${cols} column${cols === 1 ? '' : 's'}`;
}

/**
 * A frame (or Arquero table) as an HTML table: each header names the
 * column, its type and the field label; nulls are marked; at most
 * `limit` rows, with the number of rows left out.
 */
export function frameToHtml(source: TableSource, options: FrameTableOptions = {}): string {
  const l = layout(source, options);
  const head = l.views
    .map(
      (v) =>
        `<th title="${escapeHtml(v.label ?? v.name)}"><span class="rf-name">${escapeHtml(v.name)}</span><span class="rf-type">${escapeHtml(v.kind)}</span>` +
        `${v.label ? `<span class="rf-label">${escapeHtml(v.label)}</span>` : ''}</th>`,
    )
    .join('');
  const body = l.rows.map((r) => `<tr>${l.views.map((v) => tdHtml(r[v.name])).join('')}</tr>`).join('');
  const notes: string[] = [];
  if (l.totalRows > l.rows.length)
    notes.push(`… ${l.totalRows - l.rows.length} more row${l.totalRows - l.rows.length === 1 ? '' : 's'}`);
  if (l.hiddenColumns > 0)
    notes.push(`… ${l.hiddenColumns} more column${l.hiddenColumns === 1 ? '' : 's'} (pass \`columns\` to choose)`);
  const caption = `<p class="rf-note">${escapeHtml(shape(l))}</p>`;
  const table = `<div class="rf-scroll"><table class="rf-table"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
  return block(
    caption + table + notes.map((n) => `<p class="rf-more">${escapeHtml(n)}</p>`).join(''),
    options.title,
    'data-rf="frame"',
  );
}

/** The same table as aligned text (for output outside a notebook). */
export function frameToText(source: TableSource, options: FrameTableOptions = {}): string {
  const l = layout(source, options);
  const header = l.views.map((v) => `${v.name} <${v.kind}>`);
  const cells = l.rows.map((r) => l.views.map((v) => formatValue(r[v.name]).replace(/\s+/g, ' ')));
  const widths = header.map((h, k) => Math.min(32, Math.max(h.length, ...cells.map((c) => c[k].length))));
  const line = (values: string[]) =>
    values
      .map((v, k) => (v.length > widths[k] ? `${v.slice(0, widths[k] - 1)}…` : v.padEnd(widths[k])))
      .join('  ')
      .trimEnd();
  const out = [...(options.title ? [options.title] : []), shape(l), line(header), ...cells.map(line)];
  if (l.totalRows > l.rows.length) out.push(`… ${l.totalRows - l.rows.length} more rows`);
  if (l.hiddenColumns > 0) out.push(`… ${l.hiddenColumns} more columns`);
  return out.join('\n');
}

/** A frame or table with display options, for a report section or `show`. */
export class FrameView {
  constructor(
    readonly source: TableSource,
    readonly options: FrameTableOptions = {},
  ) {}

  toHTML(): string {
    return frameToHtml(this.source, this.options);
  }

  toString(): string {
    return frameToText(this.source, this.options);
  }
}

/** Wraps a frame or table with its display options (a title, a row limit, columns) for a report. */
export function frameView(source: TableSource, options: FrameTableOptions = {}): FrameView {
  return new FrameView(source, options);
}
