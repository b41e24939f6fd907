import { table as arqueroTable } from 'arquero';
import { CategoryColumn, type FrameColumn } from './columns.js';
import type { FrameColumnInfo, TypedFrame } from './typed-frame.js';

const KEY_ROLES: ReadonlySet<string> = new Set(['event', 'repeat-instrument', 'dag']);

function translate(info: FrameColumnInfo, to: 'codes' | 'labels'): (value: string) => string {
  const from = to === 'labels' ? info.codes! : info.labels!;
  const into = to === 'labels' ? info.labels! : info.codes!;
  const map = new Map(from.map((v, k) => [v, into[k]]));
  return (value) => map.get(value) ?? value;
}

function switchColumns(frame: TypedFrame, to: 'codes' | 'labels', names?: readonly string[]): TypedFrame {
  const known = new Set(frame.columns.map((c) => c.name));
  const unknown = (names ?? []).filter((n) => !known.has(n));
  if (unknown.length) throw new Error(`The frame has no column ${unknown.map((n) => `"${n}"`).join(', ')}.`);
  // Key columns switch only when named: write-back and joins need their unique names.
  const chosen = new Set(names ?? frame.columns.filter((c) => !KEY_ROLES.has(c.role)).map((c) => c.name));
  const data: Record<string, FrameColumn> = {};
  const columns = frame.columns.map((info) => {
    const column = frame.table.column(info.name) as unknown as FrameColumn;
    data[info.name] = column;
    if (!chosen.has(info.name) || !info.codes || !info.labels || info.shows === to) return info;
    const shown = translate(info, to);
    if (column instanceof CategoryColumn) {
      const levels = column.levels.map(shown);
      data[info.name] = new CategoryColumn(column.indices, levels);
      return { ...info, levels, shows: to };
    }
    if (info.role === 'checkbox-list') {
      data[info.name] = (column as (readonly string[] | null)[]).map((list) =>
        list === null ? null : list.map(shown),
      );
      return { ...info, levels: info.levels?.map(shown), shows: to };
    }
    return info;
  });
  return { ...frame, table: arqueroTable(data as never), columns };
}

/**
 * The frame with its category columns showing labels: every choice, form
 * status and checkbox-list column, or the columns named (name
 * `redcap_event_name`, `redcap_repeat_instrument` or
 * `redcap_data_access_group` to show event names, instrument labels or DAG
 * names). The rows stay; only what the categories show changes.
 */
export function toLabels(frame: TypedFrame, columns?: readonly string[]): TypedFrame {
  return switchColumns(frame, 'labels', columns);
}

/** The frame with its category columns showing REDCap's codes (the columns named, or every field's). */
export function toCodes(frame: TypedFrame, columns?: readonly string[]): TypedFrame {
  return switchColumns(frame, 'codes', columns);
}
