import type { Schema } from '../schema/schema.js';
import { columnBuilder, type ColumnBuilder, type Problem, type ProblemSink } from './builders.js';
import { CodeMatcher } from './code-matcher.js';
import type { ColumnSpec } from './column-plan.js';
import type { FrameColumn } from './columns.js';

/** What a reader produces: typed columns in export order and the cells set aside. */
export interface ColumnsRead {
  specs: ColumnSpec[];
  columns: FrameColumn[];
  rows: number;
  invalid: Problem[];
  missing: Problem[];
}

/** The builders of one read, sized for `capacity` rows (growable). */
export interface ReadState {
  builders: ColumnBuilder[];
  capacity: number;
  grow(capacity: number): void;
  finish(rows: number): ColumnsRead;
}

export function startRead(specs: ColumnSpec[], schema: Schema, capacity: number): ReadState {
  const sink: ProblemSink = {
    invalid: [],
    missing: [],
    missingCodes: schema.missingCodeSet,
    missingMatcher: new CodeMatcher(schema.missingCodes.map((c) => c.code)),
  };
  const builders = specs.map((spec) => columnBuilder(spec, sink, capacity));
  const state: ReadState = {
    builders,
    capacity,
    grow(next: number) {
      for (const b of builders) b.grow(next);
      state.capacity = next;
    },
    finish(rows: number): ColumnsRead {
      const byRow = (a: Problem, b: Problem) => a.row - b.row;
      return {
        specs,
        columns: builders.map((b) => b.finish(rows)),
        rows,
        invalid: sink.invalid.sort(byRow),
        missing: sink.missing.sort(byRow),
      };
    },
  };
  return state;
}
