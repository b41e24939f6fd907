import { createHash } from 'node:crypto';
import { csvLine } from '../../formats/csv.js';
import type { Db } from '../store/database.js';
import type { ProjectState } from '../store/project-state.js';
import { countRecords } from '../store/record-store.js';
import {
  keptLinesLimit,
  type RecordLines,
  readLines,
  setPlanKeeps,
  useLinePlan,
  writeLines,
} from '../store/row-lines.js';
import type { ExportOptions } from './export-options.js';
import { type ExportedRecords, type FlatColumn, flatRecordRows, type RowFilter } from './flat-export.js';

/** Records read, rendered and kept per pass. */
const CHUNK = 500;

/**
 * What the lines are made of: the export's columns, the user's among them
 * (rights drop some) and how a row's cells become those, and which rows
 * are kept (filterLogic).
 */
export interface LineSource {
  columns: readonly FlatColumn[];
  shown: readonly FlatColumn[];
  cellsOf: (cells: string[]) => string[];
  filter?: RowFilter;
}

/**
 * The line plan of a flat CSV export: everything that shapes its lines
 * (structure version, the columns the user gets, value options), or
 * undefined when lines cannot be kept. filterLogic keeps rows by other
 * records' values and by DAG names, and a record's DAG changes without a
 * value being written; the header (raw or label) is not part of a line.
 */
export function lineSignature(state: ProjectState, opts: ExportOptions, source: LineSource): string | undefined {
  if (source.filter || source.shown.some((c) => c.special === 'redcap_data_access_group')) return undefined;
  const shape = [
    state.version,
    source.shown.map((c) => c.name),
    opts.events ?? null,
    opts.rawOrLabel,
    opts.exportCheckboxLabel,
    opts.exportBlankForGrayFormStatus,
    opts.decimalCharacter ?? '',
    opts.delimiter,
  ];
  return createHash('sha256').update(JSON.stringify(shape)).digest('base64');
}

/**
 * Each record's CSV lines, in the records' order. With a line plan, lines
 * kept under its plan are read, not rendered, and the lines rendered are
 * kept, unless the plan's lines would take more than `keptLinesLimit`
 * (judged from the first chunk against the project's record count, once
 * per plan). Each chunk is read, rendered and kept in one synchronous pass.
 */
export function* csvRecordLines(
  db: Db,
  state: ProjectState,
  opts: ExportOptions,
  source: LineSource,
  records: ExportedRecords,
): Generator<RecordLines> {
  const render = (names: string[]): RecordLines[] => {
    const out: RecordLines[] = [];
    for (const [record, rows] of flatRecordRows(
      db,
      state,
      opts,
      source.columns,
      { names, dagOf: records.dagOf },
      source.filter,
    ))
      out.push([record, rows.length, rows.map((r) => csvLine(source.cellsOf(r), opts.delimiter)).join('')]);
    return out;
  };
  const { names } = records;
  const signature = lineSignature(state, opts, source);
  const plan = signature ? useLinePlan(db, state.id, signature) : undefined;
  let keeps = plan?.keeps ?? null;
  for (let i = 0; i < names.length; i += CHUNK) {
    const chunk = names.slice(i, i + CHUNK);
    // A plan made by this request has no lines yet.
    const found =
      plan && keeps && plan.uses > 1 ? readLines(db, state.id, plan.plan, chunk) : new Map<string, RecordLines>();
    const fresh = found.size < chunk.length ? render(found.size ? chunk.filter((r) => !found.has(r)) : chunk) : [];
    if (plan && keeps === null && fresh.length > 0) {
      keeps = estimatedChars(fresh, countRecords(db, state.id)) <= keptLinesLimit(db);
      setPlanKeeps(db, state.id, plan.plan, keeps);
    }
    if (plan && keeps && fresh.length > 0) writeLines(db, state.id, plan.plan, fresh);
    if (found.size === 0) {
      for (const l of fresh) yield l;
    } else {
      const made = new Map(fresh.map((l) => [l[0], l]));
      for (const r of chunk) {
        const l = found.get(r) ?? made.get(r);
        if (l) yield l;
      }
    }
  }
}

/** The characters a plan's lines would take, from those of a first chunk. */
function estimatedChars(sample: readonly RecordLines[], records: number): number {
  let chars = 0;
  for (const l of sample) chars += l[2].length;
  return (chars / sample.length) * records;
}
