/**
 * Vega-Lite specs for the charts a study team looks at, built from plain
 * data (numbers, timestamps, counts), so each can be checked without
 * rendering. Dates travel as epoch milliseconds on UTC scales, so a chart
 * does not depend on the machine's time zone.
 */
import type { VegaLiteSpec } from './chart.js';

export interface ChartSize {
  width?: number;
  height?: number;
}

/** A chart title, optionally with a subtitle (e.g. counts). */
export type ChartTitle = string | { text: string; subtitle?: string };

export interface CountRow {
  /** The level (category, event, site…). */
  level: string;
  count: number;
  /** Optional second grouping, stacked and coloured. */
  group?: string;
}

const size = (o: ChartSize, w = 460, h = 220) => ({ width: o.width ?? w, height: o.height ?? h });

/** Bars counting rows along `x`, coloured (and stacked when asked) by group when rows have one. */
function countBars(
  o: ChartSize & { title: ChartTitle; groups?: readonly string[]; groupTitle?: string },
  data: object[],
  x: object,
  stack: boolean,
): VegaLiteSpec {
  return {
    title: o.title,
    ...size(o),
    data: { values: data },
    mark: { type: 'bar', tooltip: true, ...(o.groups ? {} : { color: '#0969da' }) },
    encoding: {
      x,
      y: { aggregate: 'count', type: 'quantitative', title: 'count', ...(stack && o.groups ? { stack: true } : {}) },
      ...(o.groups ? { color: { field: 'group', type: 'nominal', title: o.groupTitle ?? null } } : {}),
    },
  };
}

/** Histogram of numbers. */
export function histogramSpec(
  values: readonly number[],
  o: ChartSize & {
    title: ChartTitle;
    xTitle?: string;
    maxBins?: number;
    groups?: readonly string[];
    groupTitle?: string;
  },
): VegaLiteSpec {
  const data = values.map((v, i) => (o.groups ? { value: v, group: o.groups[i] } : { value: v }));
  return countBars(
    o,
    data,
    { field: 'value', type: 'quantitative', bin: { maxbins: o.maxBins ?? 25 }, title: o.xTitle ?? 'value' },
    true,
  );
}

/** Counts per month of timestamps (epoch ms). */
export function monthlySpec(
  times: readonly number[],
  o: ChartSize & { title: ChartTitle; xTitle?: string; groups?: readonly string[]; groupTitle?: string },
): VegaLiteSpec {
  const data = times.map((t, i) => (o.groups ? { t, group: o.groups[i] } : { t }));
  return countBars(
    o,
    data,
    {
      field: 't',
      type: 'ordinal',
      timeUnit: 'utcyearmonth',
      title: o.xTitle ?? 'month',
      axis: { format: '%b %Y', labelAngle: -40 },
    },
    false,
  );
}

/** Bars of counts per level, in the order given (horizontal when labels are long or many). */
export function barSpec(
  rows: readonly CountRow[],
  o: ChartSize & {
    title: ChartTitle;
    levelTitle?: string | null;
    groupTitle?: string;
    horizontal?: boolean;
    levelOrder?: readonly string[];
    groupOrder?: readonly string[];
  },
): VegaLiteSpec {
  const levels = o.levelOrder ?? [...new Set(rows.map((r) => r.level))];
  const horizontal = o.horizontal ?? (levels.length > 8 || levels.some((l) => l.length > 12));
  const grouped = rows.some((r) => r.group !== undefined);
  const groups = o.groupOrder ?? [...new Set(rows.map((r) => r.group ?? ''))].sort((a, b) => a.localeCompare(b));
  const groupRank = (g: string | undefined) => {
    const k = groups.indexOf(g ?? '');
    return k < 0 ? groups.length : k;
  };
  const level = {
    field: 'level',
    type: 'nominal',
    sort: [...levels],
    title: o.levelTitle ?? null,
    axis: { labelLimit: 220 },
  };
  const count = { field: 'count', type: 'quantitative', title: 'count', ...(grouped ? { stack: 'zero' } : {}) };
  return {
    title: o.title,
    ...(horizontal
      ? { width: o.width ?? 360, height: { step: 18 } }
      : { ...size(o), width: o.width ?? { step: Math.max(18, Math.min(48, 460 / Math.max(1, levels.length))) } }),
    // The stack follows the group order (legend order), not the alphabet.
    data: { values: rows.map((r) => ({ ...r, ...(grouped ? { stack: groupRank(r.group) } : {}) })) },
    layer: [
      {
        mark: { type: 'bar', tooltip: true, ...(grouped ? {} : { color: '#0969da' }) },
        encoding: {
          ...(horizontal
            ? { y: level, x: count }
            : { x: { ...level, axis: { labelAngle: -35, labelLimit: 220 } }, y: count }),
          ...(grouped
            ? {
                color: {
                  field: 'group',
                  type: 'nominal',
                  title: o.groupTitle ?? null,
                  ...(o.groupOrder ? { sort: [...o.groupOrder] } : {}),
                },
                order: { field: 'stack', type: 'quantitative' },
              }
            : {}),
        },
      },
      ...(grouped
        ? []
        : [
            {
              mark: horizontal
                ? { type: 'text', align: 'left', dx: 3, fontSize: 10, color: '#57606a' }
                : { type: 'text', baseline: 'bottom', dy: -2, fontSize: 10, color: '#57606a' },
              encoding: {
                ...(horizontal
                  ? { y: level, x: count }
                  : { x: { ...level, axis: { labelAngle: -35, labelLimit: 220 } }, y: count }),
                text: { field: 'count', type: 'quantitative' },
              },
            },
          ]),
    ],
  };
}

/** A cumulative count over time, optionally per group, against a straight-line target. */
export function cumulativeSpec(
  points: readonly { t: number; count: number; series: string }[],
  o: ChartSize & {
    title: ChartTitle;
    yTitle?: string;
    target?: { start: number; end: number; count: number; label?: string };
  },
): VegaLiteSpec {
  const label = o.target?.label ?? 'Target';
  const target = o.target
    ? [
        { t: o.target.start, count: 0, series: label, target: true },
        { t: o.target.end, count: o.target.count, series: label, target: true },
      ]
    : [];
  const encoding = {
    x: { field: 't', type: 'temporal', scale: { type: 'utc' }, title: null, axis: { format: '%b %Y' } },
    y: { field: 'count', type: 'quantitative', title: o.yTitle ?? 'cumulative count' },
    color: { field: 'series', type: 'nominal', title: null },
  };
  return {
    title: o.title,
    ...size(o, 520, 260),
    data: { values: [...points.map((p) => ({ ...p, target: false })), ...target] },
    encoding,
    layer: [
      { transform: [{ filter: '!datum.target' }], mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 } },
      ...(o.target
        ? [{ transform: [{ filter: 'datum.target' }], mark: { type: 'line', strokeDash: [6, 4], strokeWidth: 1.5 } }]
        : []),
    ],
  };
}
