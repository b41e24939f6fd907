import { inspect } from 'node:util';
import { block, escapeHtml, formatNumber, formatValue, rowsToText } from './html.js';
import { columnViews, isTypedFrame, tableOf, type ColumnKind, type TableSource } from './table-source.js';
import type { Schema } from '../schema/schema.js';

/** What one column holds, in numbers. */
export interface ColumnSummary {
  column: string;
  kind: ColumnKind;
  label?: string;
  /** Non-null values. */
  count: number;
  /** Null values (blank, missing-data code or invalid). */
  missing: number;
  /** Of the nulls: missing-data codes and invalid values (typed frames only). */
  missingCodes?: number;
  invalid?: number;
  distinct: number;
  /** Numbers and dates. */
  min?: number | Date;
  max?: number | Date;
  /** Numbers. */
  mean?: number;
  median?: number;
  sd?: number;
  /** Most frequent values (categories, text, booleans, list items), most frequent first. */
  top?: { value: string; count: number }[];
}

function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos),
    hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function topCounts(counts: Map<string, number>, n: number): { value: string; count: number }[] {
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([value, count]) => ({ value, count }));
}

/** Summarises one column's values. */
export function summarizeValues(column: string, kind: ColumnKind, values: ArrayLike<unknown>, topN = 3): ColumnSummary {
  const s: ColumnSummary = { column, kind, count: 0, missing: 0, distinct: 0 };
  const numbers: number[] = [];
  const distinct = new Set<string>();
  // How often each value occurs; for lists, each item of a list.
  const counts = new Map<string, number>();
  const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) {
      s.missing++;
      continue;
    }
    s.count++;
    if (typeof v === 'number') numbers.push(v);
    else if (v instanceof Date) numbers.push(v.getTime());
    if (Array.isArray(v)) {
      distinct.add(JSON.stringify(v));
      for (const item of v) add(String(item));
    } else {
      const key = v instanceof Date ? String(v.getTime()) : String(v);
      distinct.add(key);
      add(key);
    }
  }
  s.distinct = distinct.size;
  if (kind === 'number' || kind === 'date') {
    if (numbers.length) {
      const sorted = numbers.sort((a, b) => a - b);
      const asValue = (x: number) => (kind === 'date' ? new Date(x) : x);
      s.min = asValue(sorted[0]);
      s.max = asValue(sorted[sorted.length - 1]);
      if (kind === 'number') {
        const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
        s.mean = mean;
        s.median = quantile(sorted, 0.5);
        if (sorted.length > 1) s.sd = Math.sqrt(sorted.reduce((a, b) => a + (b - mean) ** 2, 0) / (sorted.length - 1));
      }
    }
  } else {
    s.top = topCounts(counts, topN);
  }
  return s;
}

/**
 * Per-column summaries of a frame or table: counts, missing, and min /
 * max / mean (numbers, dates) or the top levels (everything else). Typed
 * frames also count, per column, the missing-data codes and invalid
 * values their read set aside.
 */
export class FrameSummary {
  constructor(
    readonly rows: readonly ColumnSummary[],
    readonly totalRows: number,
  ) {}

  toHTML(): string {
    const cells = this.rows
      .map((s) => {
        const pct = this.totalRows ? (s.missing / this.totalRows) * 100 : 0;
        const missing =
          `<span class="rf-bar-track"><span class="rf-bar" style="width:${pct.toFixed(1)}%"></span></span>${s.missing}` +
          (s.missingCodes || s.invalid
            ? ` <span class="rf-note">(${[s.missingCodes ? `${s.missingCodes} coded` : '', s.invalid ? `${s.invalid} invalid` : ''].filter(Boolean).join(', ')})</span>`
            : '');
        const stats =
          s.kind === 'number'
            ? `min ${formatValue(s.min)} · max ${formatValue(s.max)} · mean ${s.mean === undefined ? '–' : formatNumber(s.mean, 2)}${s.sd === undefined ? '' : ` · sd ${formatNumber(s.sd, 2)}`}`
            : s.kind === 'date'
              ? `${formatValue(s.min)} … ${formatValue(s.max)}`
              : (s.top ?? []).map((t) => `${t.value} (${t.count})`).join(' · ');
        return (
          `<tr><td><b>${escapeHtml(s.column)}</b>${s.label ? `<span class="rf-label" style="display:block;color:#57606a;font-style:italic;font-size:11px">${escapeHtml(s.label)}</span>` : ''}</td>` +
          `<td>${escapeHtml(s.kind)}</td><td class="rf-num">${s.count}</td><td class="rf-num">${missing}</td><td class="rf-num">${s.distinct}</td><td>${escapeHtml(stats)}</td></tr>`
        );
      })
      .join('');
    const head =
      '<tr><th>column</th><th>type</th><th>values</th><th>missing</th><th>distinct</th><th>range / mean / top values</th></tr>';
    return block(
      `<p class="rf-note">${this.totalRows} rows, ${this.rows.length} columns</p><div class="rf-scroll"><table class="rf-table"><thead>${head}</thead><tbody>${cells}</tbody></table></div>`,
      'Column summary',
      'data-rf="summary"',
    );
  }

  toString(): string {
    return rowsToText(
      this.rows.map((s) => ({
        column: s.column,
        type: s.kind,
        values: s.count,
        missing: s.missing,
        distinct: s.distinct,
        summary:
          s.kind === 'number'
            ? `${formatValue(s.min)}…${formatValue(s.max)} mean ${s.mean === undefined ? '-' : formatNumber(s.mean, 2)}`
            : s.kind === 'date'
              ? `${formatValue(s.min)}…${formatValue(s.max)}`
              : (s.top ?? []).map((t) => `${t.value} (${t.count})`).join(', '),
      })),
      { title: `Column summary: ${this.totalRows} rows`, limit: Infinity },
    );
  }

  toJSON(): ColumnSummary[] {
    return [...this.rows];
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** Summarises every column (or the ones named) of a frame or table. */
export function summarize(
  source: TableSource,
  options: { columns?: readonly string[]; schema?: Schema; top?: number } = {},
): FrameSummary {
  const table = tableOf(source);
  const wanted = options.columns ? new Set(options.columns) : undefined;
  const views = columnViews(source, options.schema).filter((v) => !wanted || wanted.has(v.name));
  const codes = isTypedFrame(source) ? source.missing.countsByField() : undefined;
  const invalid = isTypedFrame(source) ? source.invalid.countsByField() : undefined;
  const rows = views.map((v) => {
    const s = summarizeValues(v.name, v.kind, table.array(v.name) as ArrayLike<unknown>, options.top ?? 3);
    if (v.label) s.label = v.label;
    if (codes?.get(v.name)) s.missingCodes = codes.get(v.name);
    if (invalid?.get(v.name)) s.invalid = invalid.get(v.name);
    return s;
  });
  return new FrameSummary(rows, table.numRows());
}
