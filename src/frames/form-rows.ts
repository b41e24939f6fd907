import { valueAt, type FrameColumn } from './columns.js';
import type { FrameColumnInfo, TypedFrame } from './typed-frame.js';

/** The key columns of a frame (those it has), read row by row. */
export interface FrameKeys {
  record(row: number): string;
  event(row: number): string | null;
  instrument(row: number): string | null;
  instance(row: number): number | null;
  dag(row: number): string | null;
}

export function columnOf(frame: TypedFrame, name: string): FrameColumn {
  return frame.table.column(name) as unknown as FrameColumn;
}

/** Reads the keys of any row; values are the codes (unique names) whatever the columns show. */
export function frameKeys(frame: TypedFrame): FrameKeys {
  const reader = (role: FrameColumnInfo['role']) => {
    const info = frame.columns.find((c) => c.role === role);
    if (!info) return () => null;
    const column = columnOf(frame, info.name);
    const code =
      info.shows === 'labels' && info.codes && info.labels
        ? new Map(info.labels.map((l, k) => [l, info.codes![k]]))
        : undefined;
    return (row: number) => {
      const v = valueAt(column, row) as string | number | null;
      return typeof v === 'string' && code ? (code.get(v) ?? v) : v;
    };
  };
  const record = reader('record');
  const event = reader('event');
  const instrument = reader('repeat-instrument');
  const instance = reader('repeat-instance');
  const dag = reader('dag');
  return {
    record: (r) => String(record(r) ?? ''),
    event: (r) => event(r) as string | null,
    instrument: (r) => instrument(r) as string | null,
    instance: (r) => instance(r) as number | null,
    dag: (r) => dag(r) as string | null,
  };
}

/**
 * The rows a form's data sits in: its own repeat instances, and the
 * non-repeating rows of events it is designated for where it does not
 * repeat. A form that repeats in one event and not in another gets both.
 */
export function formRows(frame: TypedFrame, form: string, keys: FrameKeys = frameKeys(frame)): number[] {
  const { schema } = frame;
  const out: number[] = [];
  for (let r = 0, n = frame.table.numRows(); r < n; r++) {
    const repeatOf = keys.instrument(r);
    const ev = keys.event(r);
    if (repeatOf !== null) {
      if (repeatOf === form) out.push(r);
      continue;
    }
    if (schema.longitudinal && !schema.isFormInEvent(form, ev)) continue;
    // A repeating instrument's data sits in its own rows, not in the event's row.
    if (schema.isRepeatingForm(form, ev)) continue;
    out.push(r);
  }
  return out;
}
