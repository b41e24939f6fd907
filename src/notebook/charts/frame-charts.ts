/**
 * Charts of a frame's columns: the distribution of a field by its type,
 * counts per level (event, DAG, arm…), and cumulative counts over time
 * against a target.
 */
import { chartFromSpec, type Chart } from './chart.js';
import { barSpec, cumulativeSpec, histogramSpec, monthlySpec, type ChartSize, type CountRow } from './specs.js';
import { formatValue } from '../html.js';
import { columnViews, tableOf, type ColumnView, type TableSource } from '../table-source.js';
import type { Schema } from '../../schema/schema.js';

export interface ChartOptions extends ChartSize {
  title?: string;
  /** A second column whose values split (stack / colour) the counts. */
  by?: string;
  /** Schema for field labels of a plain Arquero table. */
  schema?: Schema;
}

export const MISSING_LEVEL = '(missing)';

function view(source: TableSource, column: string, schema?: Schema): ColumnView {
  const v = columnViews(source, schema).find((c) => c.name === column);
  if (!v) throw new Error(`The table has no column "${column}".`);
  return v;
}

function values(source: TableSource, column: string): unknown[] {
  return Array.from(tableOf(source).array(column) as ArrayLike<unknown>);
}

function levelOf(v: unknown): string {
  if (v === null || v === undefined) return MISSING_LEVEL;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return formatValue(v);
}

function subtitle(n: number, missing: number): string {
  return `n = ${n}${missing ? `, ${missing} missing` : ''}`;
}

/** Counts of rows per level of a column (nulls as "(missing)"), optionally split by a second column. */
export function countRows(
  source: TableSource,
  column: string,
  options: { by?: string; schema?: Schema } = {},
): CountRow[] {
  const v = view(source, column, options.schema);
  const xs = values(source, column);
  const groups = options.by ? values(source, options.by).map(levelOf) : undefined;
  const counts = new Map<string, CountRow>();
  const add = (level: string, group: string | undefined) => {
    const key = `${level}\u0000${group ?? ''}`;
    const row = counts.get(key) ?? { level, count: 0, ...(group !== undefined ? { group } : {}) };
    row.count++;
    counts.set(key, row);
  };
  xs.forEach((x, i) => {
    if (v.kind === 'list' && Array.isArray(x)) {
      for (const item of x) add(String(item), groups?.[i]);
      if (x.length === 0) add('(none)', groups?.[i]);
    } else {
      add(levelOf(x), groups?.[i]);
    }
  });
  return [...counts.values()];
}

/**
 * The order of levels: the column's own (choices, events) when known, else
 * by count, or alphabetical for colours (so a group keeps its colour from
 * chart to chart).
 */
function levelOrder(v: ColumnView, rows: readonly CountRow[], by: 'count' | 'name' = 'count'): string[] {
  const present = new Set(rows.map((r) => r.level));
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.level, (totals.get(r.level) ?? 0) + r.count);
  const ranked =
    by === 'name'
      ? [...totals.keys()].sort((a, b) => a.localeCompare(b))
      : [...totals].sort((a, b) => b[1] - a[1]).map(([l]) => l);
  const known = v.kind === 'boolean' ? ['yes', 'no'] : v.levels ? [...v.levels] : ranked;
  const order = known.filter((l) => present.has(l));
  for (const l of present) if (!order.includes(l) && l !== MISSING_LEVEL) order.push(l);
  if (present.has(MISSING_LEVEL)) order.push(MISSING_LEVEL);
  return order;
}

/** A bar chart of row counts per level of a column (events, DAGs, arms, choices…). */
export async function countsChart(
  source: TableSource,
  column: string,
  options: ChartOptions & { horizontal?: boolean; maxLevels?: number } = {},
): Promise<Chart> {
  const v = view(source, column, options.schema);
  let rows = countRows(source, column, options);
  let order = levelOrder(v, rows);
  const max = options.maxLevels ?? 25;
  if (order.length > max) {
    // Keep the most frequent levels; the rest become one bar.
    const keep = new Set(order.slice(0, max));
    const other = `other (${order.length - max} levels)`;
    const merged = new Map<string, CountRow>();
    for (const r of rows) {
      const level = keep.has(r.level) ? r.level : other;
      const key = `${level}\u0000${r.group ?? ''}`;
      const m = merged.get(key) ?? { ...r, level, count: 0 };
      m.count += r.count;
      merged.set(key, m);
    }
    rows = [...merged.values()];
    order = [...order.slice(0, max), other];
  }
  const groupView = options.by ? view(source, options.by, options.schema) : undefined;
  const groupOrder = groupView
    ? levelOrder(
        groupView,
        rows.map((r) => ({ level: r.group ?? '', count: r.count })),
        'name',
      )
    : undefined;
  return chartFromSpec(
    barSpec(rows, {
      title: { text: options.title ?? v.label ?? column, subtitle: `${tableOf(source).numRows()} rows` },
      levelTitle: null,
      groupTitle: groupView?.label ?? options.by,
      horizontal: options.horizontal,
      levelOrder: order,
      groupOrder,
      width: options.width,
      height: options.height,
    }),
  );
}

/**
 * The distribution of a column, drawn by its type: a histogram for
 * numbers, counts per month for dates, bars per level for choices, text,
 * yes/no and checkbox lists.
 */
export async function distributionChart(
  source: TableSource,
  column: string,
  options: ChartOptions & { maxBins?: number } = {},
): Promise<Chart> {
  const v = view(source, column, options.schema);
  if (v.kind !== 'number' && v.kind !== 'date') return countsChart(source, column, options);
  const xs = values(source, column);
  const groups = options.by ? values(source, options.by).map(levelOf) : undefined;
  const kept: number[] = [];
  const keptGroups: string[] = [];
  xs.forEach((x, i) => {
    const n = x instanceof Date ? x.getTime() : typeof x === 'number' ? x : NaN;
    if (Number.isNaN(n)) return;
    kept.push(n);
    if (groups) keptGroups.push(groups[i]);
  });
  const title = { text: options.title ?? v.label ?? column, subtitle: subtitle(kept.length, xs.length - kept.length) };
  const common = {
    title,
    xTitle: v.label ? column : undefined,
    groups: groups ? keptGroups : undefined,
    groupTitle: options.by,
    width: options.width,
    height: options.height,
  };
  return chartFromSpec(
    v.kind === 'number' ? histogramSpec(kept, { ...common, maxBins: options.maxBins }) : monthlySpec(kept, common),
  );
}

function toTime(x: unknown): number {
  if (x instanceof Date) return x.getTime();
  if (typeof x === 'string' && x) return Date.parse(x.length === 10 ? `${x}T00:00:00Z` : x);
  if (typeof x === 'number') return x;
  return NaN;
}

/** Steps of a cumulative count: one point per distinct time. */
export function cumulativePoints(
  times: readonly number[],
  series: string,
): { t: number; count: number; series: string }[] {
  const sorted = times.filter((t) => !Number.isNaN(t)).sort((a, b) => a - b);
  const out: { t: number; count: number; series: string }[] = [];
  sorted.forEach((t, i) => {
    if (out.length && out[out.length - 1].t === t) out[out.length - 1].count = i + 1;
    else out.push({ t, count: i + 1, series });
  });
  return out;
}

export interface CumulativeOptions extends ChartOptions {
  /** A target: `count` reached by `end`, counted from `start` (default: the first date). */
  target?: { count: number; end: Date | string; start?: Date | string; label?: string };
  yTitle?: string;
  /** Series name of the total line (default "All"). */
  totalLabel?: string;
}

/**
 * Cumulative count of rows over a date column (e.g. enrolment), one line
 * in all and one per group of `by`, with an optional straight-line target.
 */
export async function cumulativeChart(
  source: TableSource,
  dateColumn: string,
  options: CumulativeOptions = {},
): Promise<Chart> {
  const v = view(source, dateColumn, options.schema);
  const times = values(source, dateColumn).map(toTime);
  const total = options.totalLabel ?? 'All';
  const points = cumulativePoints(times, total);
  if (options.by) {
    const groups = values(source, options.by).map(levelOf);
    const byGroup = new Map<string, number[]>();
    times.forEach((t, i) => {
      const list = byGroup.get(groups[i]);
      if (list) list.push(t);
      else byGroup.set(groups[i], [t]);
    });
    for (const [g, ts] of [...byGroup].sort(([a], [b]) => a.localeCompare(b))) points.push(...cumulativePoints(ts, g));
  }
  const first = points.length ? points[0].t : Date.now();
  const target = options.target
    ? {
        count: options.target.count,
        end: toTime(options.target.end),
        start: options.target.start !== undefined ? toTime(options.target.start) : first,
        label: options.target.label,
      }
    : undefined;
  if (target && (Number.isNaN(target.end) || Number.isNaN(target.start)))
    throw new Error('The target needs valid start and end dates.');
  const n = times.filter((t) => !Number.isNaN(t)).length;
  return chartFromSpec(
    cumulativeSpec(points, {
      title: {
        text: options.title ?? `Cumulative ${v.label ?? dateColumn}`,
        subtitle: `${n} so far${target ? `, target ${target.count}` : ''}`,
      },
      yTitle: options.yTitle,
      target,
      width: options.width,
      height: options.height,
    }),
  );
}
