import type { Schema } from '../schema/schema.js';
import { columnBuilder, type ColumnBuilder, type Problem, type ReadContext, type SingleCharLane } from './builders.js';
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
  /** Numbers stored in another form than their write-back's, with the stored text. */
  texts: Problem[];
}

/** The builders of one read, sized for `capacity` rows (growable). */
export interface ReadState {
  context: ReadContext;
  builders: ColumnBuilder[];
  /** Each builder's `read` as a plain function: one indirect call per cell, no method lookup. */
  reads: ColumnBuilder['read'][];
  /** Each builder's one-character lane (null where it has none); renewed when columns grow. */
  lanes: (SingleCharLane | null)[];
  capacity: number;
  grow(capacity: number): void;
  /** Reads from other bytes from now on (the next batch), or points text columns at their final source. */
  useSource(source: Uint8Array): void;
  finish(rows: number): ColumnsRead;
}

/** Decodes UTF-8 bytes; `Buffer` views share the memory. */
function bufferOf(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function hasNonAscii(src: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (src.charCodeAt(i) > 127) return true;
  return false;
}

/**
 * Starts a read. `source` is what text columns point into: the export
 * bytes (the fast CSV reader hands out Latin-1 views of them) or a string.
 */
export function startRead(
  specs: ColumnSpec[],
  schema: Schema,
  capacity: number,
  source: Uint8Array | string = '',
): ReadState {
  let bytes = typeof source === 'string' ? null : bufferOf(source);
  const context: ReadContext = {
    invalid: [],
    missing: [],
    texts: [],
    missingCodes: schema.missingCodeSet,
    missingMatcher: new CodeMatcher(
      schema.missingCodes.map((c) => c.code),
      bytes !== null,
    ),
    source,
    base: 0,
    shift: 0,
    cell: bytes
      ? (src, start, end) =>
          hasNonAscii(src, start, end)
            ? bytes!.toString('utf8', context.base + start, context.base + end)
            : src.slice(start, end)
      : (src, start, end) => src.slice(start, end),
    matcher: (codes) => new CodeMatcher(codes, bytes !== null),
  };
  const builders = specs.map((spec) => columnBuilder(spec, context, capacity));
  const state: ReadState = {
    context,
    builders,
    reads: builders.map((b) => b.read.bind(b)),
    lanes: builders.map((b) => b.singleChar()),
    capacity,
    useSource(next: Uint8Array) {
      if (bytes === null) throw new Error('a read of text cannot move to bytes');
      context.source = next;
      bytes = bufferOf(next);
    },
    grow(next: number) {
      for (const b of builders) b.grow(next);
      state.lanes = builders.map((b) => b.singleChar());
      state.capacity = next;
    },
    finish(rows: number): ColumnsRead {
      const byRow = (a: Problem, b: Problem) => a.row - b.row;
      return {
        specs,
        columns: builders.map((b) => b.finish(rows)),
        rows,
        invalid: context.invalid.sort(byRow),
        missing: context.missing.sort(byRow),
        texts: context.texts.sort(byRow),
      };
    },
  };
  return state;
}
